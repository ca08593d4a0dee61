// The bot over real HTTP: recorded Teams activities posted to the real restify server and
// CloudAdapter, replies read from the response (deliveryMode: expectReplies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActions, cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from '../helpers/server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const send = async (activity: any) => {
  const res = await srv.post(expectingReplies(activity));
  expect(res.status).toBe(200);
  return res.body;
};

const submit = (value: unknown) => ({ ...fixture('card-submit'), value });

describe('messages', () => {
  it('answers a code pair in a personal chat with one code card', async () => {
    const body = await send(fixture('personal-message'));
    expect(body.activities).toHaveLength(1);
    const cards = repliedCards(body);
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('510559 / 403');
    expect(text).toContain('Get Outbound routing - No viable path (Forbidden)');
    expect(text).toContain('Microsoft');
    expect(text).toContain('Suggested actions');
    const actions = cardActions(cards[0]);
    expect(actions).toContainEqual(
      expect.objectContaining({
        type: 'Action.OpenUrl',
        url: 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes-403#510559-403-get-outbound-routing---no-viable-path-forbidden',
      }),
    );
    expect(actions).toContainEqual(expect.objectContaining({ type: 'Action.Submit', data: { verb: 'sip-codes', sip: 403 } }));
    expect(body.activities[0].summary).toContain('510559');
  });

  it('answers an @mention in a channel, reading the text without the bot mention', async () => {
    const body = await send(fixture('channel-mention'));
    const cards = repliedCards(body);
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('560403 / 403');
    expect(text).toContain('Customer SBC');
    expect(text).toContain('SIP 403 is read from the last three digits of 560403.');
  });

  it('reads a pasted multi-line log from the text/html attachment: one carousel, one card per failure', async () => {
    const body = await send(fixture('pasted-log-html'));
    expect(body.activities).toHaveLength(1);
    expect(body.activities[0].attachmentLayout).toBe('carousel');
    const texts = repliedCards(body).map(cardText);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts[0]).toContain('510559 / 403');
    expect(texts.some((t) => t.includes('569008 / 504') && t.includes('Remote certificate expired'))).toBe(true);
    expect(texts.some((t) => t.includes('560403 / 403'))).toBe(true);
    // Line numbers come from the HTML copy, which keeps the lines Teams collapses in `text`.
    expect(texts.some((t) => t.includes('Found on line 4 of your paste.'))).toBe(true);
  });

  it('shows user text literally: ${...} and markdown in a paste are not expanded or rendered', async () => {
    const line = 'CallEndReason=403 CallEndSubReason=510559 ${user.secret} **bold** [x](https://example.com) <b>';
    const body = await send({ ...fixture('personal-message'), text: `first line\n${line}` });
    const card = repliedCards(body)[0];
    const runs: any[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && v.type === 'TextRun') runs.push(v);
      return v;
    });
    expect(runs.map((r) => r.text)).toContain(line);
    // The pasted text never reaches a markdown TextBlock.
    expect(cardText({ body: card.body.filter((b: any) => b.type === 'TextBlock') })).not.toContain('${user.secret}');
  });

  it('answers text with no code with a search card and example buttons', async () => {
    const body = await send({ ...fixture('personal-message'), text: 'calls fail with no viable path' });
    const card = repliedCards(body)[0];
    expect(cardText(card)).toContain('Get Outbound routing - No viable path (Forbidden)');
    expect(cardActions(card).filter((a) => a.type === 'Action.Submit' && a.data?.verb === 'ask')).toHaveLength(3);
  });

  it('answers "help" with the welcome card', async () => {
    const body = await send({ ...fixture('personal-message'), text: 'help' });
    expect(cardText(repliedCards(body)[0])).toContain('Paste what a failed call left behind');
  });

  it('answers a file it does not read (a capture) with a sentence, not a crash', async () => {
    const body = await send({
      ...fixture('personal-message'),
      text: undefined,
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'trace.pcap', content: { downloadUrl: 'https://example.invalid/x' } }],
    });
    expect(body.activities[0].text).toContain('trace.pcap is a .pcap file');
  });
});

describe('card buttons (Action.Submit)', () => {
  it('"Other codes with SIP 403" lists the documented codes with SIP 403', async () => {
    const body = await send(fixture('card-submit'));
    const text = cardText(repliedCards(body)[0]);
    expect(text).toMatch(/Microsoft documents \d+ codes with SIP 403/);
    expect(text).toContain('510559 / 403');
  });

  it('"All variants of 569002/504" answers with every variant in one carousel', async () => {
    const body = await send(submit({ verb: 'variants', ms: 569002, sip: 504 }));
    expect(body.activities).toHaveLength(1);
    const texts = repliedCards(body).map(cardText);
    expect(texts).toHaveLength(7);
    expect(texts.every((t) => t.includes('569002 / 504'))).toBe(true);
    expect(texts.some((t) => t.includes('No connection could be made because the target machine actively refused it'))).toBe(true);
  });

  it('explain, entry and ask buttons answer with the right card', async () => {
    const explain = cardText(repliedCards(await send(submit({ verb: 'explain', ms: 560503, sip: 503 })))[0]);
    expect(explain).toContain('560503 / 503');
    const entry = cardText(repliedCards(await send(submit({ verb: 'entry', id: 'dr-569008-504-unable-to-deliver-invite' })))[0]);
    expect(entry).toContain('Remote certificate expired');
    const ask = cardText(repliedCards(await send(submit({ verb: 'ask', text: '560403' })))[0]);
    expect(ask).toContain('560403 / 403');
  });

  it('a button with data that is not ours gets a sentence back', async () => {
    const body = await send(submit({ verb: 'explain', ms: 'DROP TABLE', sip: {} }));
    expect(body.activities[0].text).toContain('does not understand');
  });
});

describe('message extension', () => {
  it('query lists matching codes with a preview and the full card', async () => {
    const res = await srv.post(fixture('me-query'));
    expect(res.status).toBe(200);
    const result = res.body.composeExtension;
    expect(result.type).toBe('result');
    expect(result.attachmentLayout).toBe('list');
    expect(result.attachments.length).toBeGreaterThan(0);
    const first = result.attachments[0];
    expect(first.preview.content.title).toContain('569008');
    expect(first.preview.content.subtitle).toContain('Microsoft');
    // No tap: picking the result inserts this attachment, the full card.
    expect(first.preview.content.tap).toBeUndefined();
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(first.content)).toContain('Remote certificate expired');
    for (const a of result.attachments) expect(JSON.stringify(a.content).length).toBeLessThan(28 * 1024);
  });

  it('initialRun (no query) shows the featured codes, 510559/403 first', async () => {
    const activity = fixture('me-query');
    activity.value = { commandId: 'searchCodes', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } };
    const res = await srv.post(activity);
    const titles = res.body.composeExtension.attachments.map((a: any) => a.preview.content.title);
    expect(titles[0]).toContain('510559 / 403');
    expect(titles.length).toBeGreaterThanOrEqual(10);
  });

  it('words search: "no viable path" finds 510559', async () => {
    const activity = fixture('me-query');
    activity.value.parameters = [{ name: 'query', value: 'no viable path' }];
    const res = await srv.post(activity);
    expect(res.body.composeExtension.attachments[0].preview.content.title).toContain('510559');
  });

  it('selectItem returns the chosen entry as the card to insert', async () => {
    const res = await srv.post(fixture('me-select-item'));
    expect(res.status).toBe(200);
    const result = res.body.composeExtension;
    expect(result.attachments).toHaveLength(1);
    expect(cardText(result.attachments[0].content)).toContain('569008 / 504');
  });
});

describe('install', () => {
  it('welcomes once when installed in a personal chat, with three example buttons', async () => {
    const body = await send(fixture('install-personal'));
    const cards = repliedCards(body);
    expect(cards).toHaveLength(1);
    const examples = cardActions(cards[0]).filter((a) => a.type === 'Action.Submit' && a.data?.verb);
    expect(examples.map((a) => a.data)).toEqual([
      { verb: 'ask', text: '510559 403' },
      { verb: 'ask', text: '560403' },
      { verb: 'ask', text: 'no viable path' },
    ]);
  });

  it('welcomes when added to a team, and stays quiet when a person joins', async () => {
    expect(repliedCards(await send(fixture('install-team')))).toHaveLength(1);
    const joined = await send(fixture('member-joined-team'));
    expect(joined.activities).toEqual([]);
  });
});

describe('SBC traces and who answered, over HTTP', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const trace = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', 'teams-invite-404-runtimeapi.txt'), 'utf8');
  const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const pasted = (text: string, html?: string) => ({ ...fixture('personal-message'), text, ...(html ? { attachments: [{ contentType: 'text/html', content: html }] } : {}) });

  it.each([
    ['as Teams delivers a paste (newlines collapsed in the text, the lines in the HTML copy)', () => pasted(trace.replace(/\n/g, ' '), `<div>${trace.split('\n').map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`)],
    ['collapsed onto one line, no HTML copy', () => pasted(trace.replace(/\n/g, ' '))],
  ])('a trace with Microsoft\'s 404 and the 511404 text, %s: the 511404 card, who answered, the call flow', async (_label, make) => {
    const cards = repliedCards(await send(make()));
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain('Getting user info by number from RuntimeAPI failed');
    expect(text).toContain('Who answered, read from your trace: Microsoft');
    expect(text).toContain('Server: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3');
    expect(text).toContain('Teams would log this call as 511404 / 404');
    expect(text).toContain('Call flow');
    expect(text).toContain('Microsoft → SBC  ');
    expect(text).toContain('◀ final response');
    // The Q.850 cause in Microsoft's Reason header is no card of its own.
    expect(cards.map(cardText).some((t) => /^Q\.850 cause 1\b/m.test(t))).toBe(false);
  });

  it('pasted text stays literal in the flow and the evidence (${...} and markdown are not expanded)', async () => {
    const odd = trace.replace('SIP/2.0 404 Not Found', 'SIP/2.0 404 Not Found ${user.name} **bold**').replace('i.EUNO.3', 'i.EUNO.3 ${secret}');
    const text = cardText(repliedCards(await send(pasted(odd)))[0]);
    expect(text).toContain('404 Not Found ${user.name} **bold**');
    expect(text).toContain('i.EUNO.3 ${secret}');
  });

  it.each([
    ['why do users get 480 with 10037?', '10037 / 480', 'No callee endpoints were found'],
    ['code `410` and subCode `3101`', '3101 / 410', 'Call dropped due to unexpected network problem'],
    ['Final SIP Code “487”, Final Microsoft subcode “540200”', '540200 / 487', '540200'],
    ['| 401 | 44110 | Failed to get AccessToken |', '44110 / 401', '44110'],
  ])('%s', async (question, codes, words) => {
    const cards = repliedCards(await send(pasted(question)));
    const text = cardText(cards[0]);
    expect(text).toContain(codes);
    expect(text).toContain(words);
  });

  it('SIP 410 with 531000, 531004 and 531005: one card for each pair', async () => {
    const texts = repliedCards(await send(pasted('SIP 410 appears with 531000, 531004 and 531005'))).map(cardText);
    for (const codes of ['531000 / 410', '531004 / 410', '531005 / 410']) expect(texts.some((t) => t.includes(codes)), codes).toBe(true);
  });

  it('"the SBC returns 504": who answered, by the words of the paste', async () => {
    const text = cardText(repliedCards(await send(pasted('the SBC returns 504 on every outbound call')))[0]);
    expect(text).toContain('Who answered, by your description: Customer SBC');
  });
});
