// Property: random activity-like objects posted to /api/messages never get a 5xx and never hang.
// Replies that are not asked for in the response (no expectReplies) go to a local mock connector.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startTestServer, type TestServer } from '../helpers/server';
import { postJson, startMockConnector, type MockConnector } from './support';

let srv: TestServer;
let connector: MockConnector;

beforeAll(async () => {
  [srv, connector] = await Promise.all([startTestServer(), startMockConnector()]);
});
afterAll(async () => {
  await Promise.all([srv?.close(), connector?.close()]);
});

const BOT_ID = '28:3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9';

const codeLike = fc.constantFrom(
  '510559 403',
  'SIP/2.0 486 Busy Here',
  '560403',
  '${x}',
  "${toUpper('a')}",
  '**bold**',
  '<script>alert(1)</script>',
  'CallEndReason=403 CallEndSubReason=510559',
  'Reason: Q.850;cause=17',
  'help',
  '{"callEndReason":{"code":403,"subCode":510559}}',
  'a,b\n510559,403',
  '\u0000\ud800\uFFFF',
  '<at>SIP Doc</at>',
  '569008 504 Unable to deliver INVITE',
);
const text = fc.oneof(
  codeLike,
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .tuple(fc.array(fc.oneof(codeLike, fc.string({ maxLength: 20 })), { maxLength: 8 }), fc.constantFrom(' ', '\n', '\t', '<br>'))
    .map(([parts, separator]) => parts.join(separator)),
);

const account = fc.oneof(
  { arbitrary: fc.record({ id: fc.string({ minLength: 1 }), name: fc.option(fc.string(), { nil: undefined }), aadObjectId: fc.option(fc.uuid(), { nil: undefined }) }), weight: 4 },
  { arbitrary: fc.constant({ id: BOT_ID, name: 'SIP Doc' }), weight: 2 },
  { arbitrary: fc.record({ id: fc.jsonValue(), name: fc.jsonValue() }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: fc.jsonValue(), weight: 1 },
);

const mention = fc.record(
  {
    type: fc.constantFrom('mention', 'Mention', 'clientInfo', ''),
    text: fc.oneof(fc.constant('<at>SIP Doc</at>'), fc.string(), fc.constant('(')),
    mentioned: fc.oneof(fc.constant({ id: BOT_ID, name: 'SIP Doc' }), fc.record({ id: fc.string(), name: fc.string() }, { requiredKeys: [] }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

// Mostly the objects Teams sends, sometimes anything (which the server refuses with 400).
const attachment = fc.oneof(
  { arbitrary: fc.record({ contentType: fc.constant('text/html'), content: fc.oneof(text, fc.string(), fc.jsonValue()) }), weight: 5 },
  { arbitrary: fc.record({ contentType: fc.oneof(fc.constant('application/vnd.microsoft.card.adaptive'), fc.string()), content: fc.jsonValue(), contentUrl: fc.option(fc.webUrl(), { nil: undefined }) }, { requiredKeys: [] }), weight: 5 },
  { arbitrary: fc.jsonValue(), weight: 1 },
);

const invokeName = fc.oneof(fc.constantFrom('composeExtension/query', 'composeExtension/selectItem', 'adaptiveCard/action', 'task/fetch'), fc.string());

const meValue = fc.oneof(
  fc.record(
    {
      commandId: fc.oneof(fc.constant('searchCodes'), fc.string()),
      parameters: fc.oneof(
        fc.array(fc.record({ name: fc.oneof(fc.constant('query'), fc.constant('initialRun'), fc.string()), value: fc.oneof(text, fc.jsonValue()) }, { requiredKeys: [] }), { maxLength: 3 }),
        fc.constant(undefined),
      ),
      queryOptions: fc.oneof(fc.record({ skip: fc.jsonValue(), count: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.record({ id: fc.oneof(fc.string(), fc.constant('dr-569008-504-unable-to-deliver-invite'), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({ verb: fc.constantFrom('explain', 'variants', 'sip-codes', 'entry', 'ask', 'x'), ms: fc.jsonValue(), sip: fc.jsonValue(), id: fc.jsonValue(), text: fc.oneof(text, fc.jsonValue()) }, { requiredKeys: ['verb'] }),
  fc.jsonValue(),
);

/** Activity-like objects: some well-formed, many not. */
const activity = fc
  .record(
    {
      type: fc.oneof(
        { arbitrary: fc.constant('message'), weight: 5 },
        { arbitrary: fc.constant('invoke'), weight: 4 },
        { arbitrary: fc.constantFrom('conversationUpdate', 'messageReaction', 'installationUpdate', 'event', 'typing'), weight: 3 },
        { arbitrary: fc.string({ minLength: 1 }), weight: 1 },
      ),
      name: invokeName,
      text,
      textFormat: fc.constantFrom('plain', 'markdown', 'xml'),
      value: meValue,
      attachments: fc.oneof({ arbitrary: fc.array(attachment, { maxLength: 3 }), weight: 6 }, { arbitrary: fc.jsonValue(), weight: 1 }),
      entities: fc.oneof(
        { arbitrary: fc.array(fc.oneof({ arbitrary: mention, weight: 6 }, { arbitrary: fc.jsonValue(), weight: 1 }), { maxLength: 4 }), weight: 6 },
        { arbitrary: fc.jsonValue(), weight: 1 },
      ),
      from: account,
      recipient: account,
      conversation: fc.oneof(
        { arbitrary: fc.record({ id: fc.string({ minLength: 1 }), conversationType: fc.constantFrom('personal', 'channel', 'groupChat'), tenantId: fc.uuid() }, { requiredKeys: ['id'] }), weight: 5 },
        { arbitrary: fc.jsonValue(), weight: 1 },
      ),
      membersAdded: fc.oneof(fc.array(account, { maxLength: 3 }), fc.jsonValue()),
      channelData: fc.jsonValue(),
      id: fc.oneof(fc.string(), fc.integer()),
      replyToId: fc.string(),
      locale: fc.oneof(fc.constant('en-GB'), fc.string()),
    },
    { requiredKeys: ['type', 'from', 'recipient', 'conversation'] },
  )
  .chain((a) =>
    fc.record({
      channelId: fc.oneof(fc.constant('msteams'), fc.constant('msteams'), fc.constant('emulator'), fc.constant('webchat'), fc.string()),
      // Mostly replies in the response; sometimes the normal way, to the mock connector.
      deliveryMode: fc.oneof(fc.constant('expectReplies'), fc.constant('expectReplies'), fc.constant('expectReplies'), fc.constant(undefined), fc.constant('normal')),
      conversation: a.conversation === undefined ? fc.constant(undefined) : fc.constant(a.conversation),
    }).map((extra) => ({ ...a, ...extra })),
  )
  .map((a) => {
    const out: Record<string, unknown> = { ...a, serviceUrl: connector.url };
    // Keep JSON-only shapes (drop undefined keys) so the counterexample prints as what was posted.
    return JSON.parse(JSON.stringify(out));
  });

async function post(a: unknown) {
  return postJson(`${srv.url}/api/messages`, a, { timeoutMs: 10_000 });
}


describe('fuzz: random activities', () => {
  it('never get a 5xx and never hang (250 runs)', async () => {
    const statuses = new Map<number | string, number>();
    const reasons = new Map<string, number>();
    let cards = 0;
    let turnErrors = 0;
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        const res = await post(a);
        if (res.body?.activities?.some((r: any) => r.attachments?.length) || res.body?.composeExtension?.attachments?.length) cards++;
        if (res.body?.activities?.some((r: any) => /could not answer/.test(r.text ?? ''))) turnErrors++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 400) reasons.set(String(res.body?.error), (reasons.get(String(res.body?.error)) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`status ${res.status}: ${res.text.slice(0, 200)}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 250), seed: Number(process.env.FUZZ_SEED ?? 20261120), endOnFailure: false },
    );
    console.info('fuzz statuses:', Object.fromEntries(statuses), 'answers with cards:', cards, 'turn errors (apology sent):', turnErrors, 'connector POSTs:', connector.requests.length, '400 reasons:', Object.fromEntries(reasons));
    // The property exercised the bot (cards came back), not only the 400 guard.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(40);
    expect(cards).toBeGreaterThan(5);
    const health = await fetch(`${srv.url}/healthz`);
    expect(health.status).toBe(200);
  }, 60_000);
});

/**
 * Well-formed Teams messages (the shapes Teams sends: strings where Teams sends strings, arrays of
 * objects, fields sometimes missing) with random text, HTML copies and mentions: the turn must
 * never fail, i.e. never "Sorry, SIP Doc could not answer this message" (that is onTurnError).
 */
const teamsMention = fc.record(
  {
    type: fc.constant('mention'),
    text: fc.oneof(fc.constant('<at>SIP Doc</at>'), fc.string({ maxLength: 30 }), fc.constant('<at>(</at>'), fc.constant('<at>$&</at>')),
    mentioned: fc.record(
      { id: fc.oneof(fc.constant(BOT_ID), fc.string({ maxLength: 10 })), name: fc.oneof(fc.constant('SIP Doc'), fc.string({ maxLength: 20 }), fc.constant('a.*b('), fc.constant('$1')) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['type'] },
);
const clientInfo = fc.constant({ locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London', type: 'clientInfo' });
const teamsMessage = fc
  .record(
    {
      text: text,
      html: fc.oneof(
        fc.constant(undefined),
        text.map((t) => `<p>${t.split('\n').join('<br>')}</p>`),
        fc.string({ maxLength: 200 }),
        fc.array(fc.constantFrom('<p>', '</p>', '<br>', '<at>SIP Doc</at>', '&nbsp;', '&amp;', '&#x0;', '<', '>', '510559 403', '<span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">SIP Doc</span>', '<td>', '</tr>'), { maxLength: 20 }).map((p) => p.join('')),
      ),
      entities: fc.array(fc.oneof(teamsMention, clientInfo), { maxLength: 3 }),
      otherAttachment: fc.boolean(),
      conversationType: fc.constantFrom('personal', 'channel', 'groupChat'),
    },
    { requiredKeys: ['entities', 'otherAttachment', 'conversationType'] },
  )
  .map((m) => {
    const a = fixture('personal-message');
    if (m.text === undefined) delete a.text;
    else a.text = m.text;
    a.entities = m.entities;
    a.attachments = [
      ...(m.html !== undefined ? [{ contentType: 'text/html', content: m.html }] : []),
      ...(m.otherAttachment ? [{ contentType: 'image/*', contentUrl: 'https://example.invalid/x.png' }] : []),
    ];
    a.conversation.conversationType = m.conversationType;
    a.deliveryMode = 'expectReplies';
    a.serviceUrl = connector.url;
    return a;
  });

describe('fuzz: well-formed Teams messages with random content', () => {
  it('always get 200 and an answer, never the turn-error apology (150 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(teamsMessage, async (a) => {
        const res = await post(a);
        if (res.status !== 200) throw new Error(`status ${res.status}: ${res.text.slice(0, 200)}`);
        const replies: any[] = res.body?.activities ?? [];
        if (replies.length !== 1) throw new Error(`${replies.length} replies`);
        if (/could not answer/.test(replies[0].text ?? '')) throw new Error('the turn failed (onTurnError)');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: Number(process.env.FUZZ_SEED ?? 20261120), endOnFailure: false },
    );
  }, 60_000);
});

describe('fuzz regressions', () => {
  // Shrunk by hand from the counterexample fast-check found (seed 20261120, run 59):
  // {"type":"invoke","name":"Fs~","value":"H","from":false,"channelId":"msteams","deliveryMode":"normal",...} -> 501
  const base = () => ({
    type: 'invoke',
    name: 'composeExtension/query',
    channelId: 'msteams',
    serviceUrl: connector.url,
    id: 'f:1',
    conversation: { id: 'a:1' },
    from: { id: '29:1' },
    recipient: { id: '28:bot' },
    value: { commandId: 'searchCodes', parameters: [{ name: 'query', value: '510559' }] },
  });

  it('control: the same invoke with from, recipient and conversation gets 200 with results', async () => {
    const res = await post(base());
    expect(res.status).toBe(200);
    expect(res.body.composeExtension.attachments.length).toBeGreaterThan(0);
  });

  it('a message with no from gets 400 with the reason', async () => {
    const res = await post({ ...base(), type: 'message', name: undefined, value: undefined, text: '510559 403', from: undefined, deliveryMode: 'expectReplies' });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('from.id');
  });

  it.each([
    ['from missing', { from: undefined }],
    ['from: false', { from: false }],
    ['from without id', { from: { name: 'x' } }],
    ['conversation missing', { conversation: undefined }],
    ['recipient missing', { recipient: undefined }],
    ['channelId missing', { channelId: undefined }],
    ['an unknown invoke name and from: false (the original counterexample)', { name: 'Fs~', value: 'H', from: false }],
  ])('an invoke with %s gets 400, not 5xx', async (_label, over) => {
    const res = await post({ ...base(), ...over });
    expect(res.status).toBe(400);
  });
});
