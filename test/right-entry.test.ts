// Who must act and the right entry, for what people really paste: each case answered by the
// `sipdoc` command (in-process, as test/cli.test.ts does) and by the bot over real HTTP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { codesWithSipCode } from '../src/diagnose/sip-family';
import { defaultKb } from '../src/kb/load';
import { cardActions, cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from './helpers/server';

const kb = defaultKb();
const REPORT = fs.readFileSync(path.join(__dirname, 'fixtures', 'pastes', 'dr-usage-report-generic-phrases.csv'), 'utf8');
const CODES_WITH_403 = codesWithSipCode(kb, 403).length;

async function cli(args: string[], stdin = '') {
  let out = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: () => {}, readStdin: async () => stdin, stdinIsTty: false });
  expect(code).toBe(0);
  return out;
}
const cliJson = async (text: string) => JSON.parse(await cli(['--json'], text));
const cliText = (text: string) => cli([], text);

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function botCards(text: string): Promise<any[]> {
  const res = await srv.post(expectingReplies({ ...fixture('personal-message'), text }));
  expect(res.status).toBe(200);
  return repliedCards(res.body);
}
const botText = async (text: string) => (await botCards(text)).map(cardText);

describe('a Teams usage report whose phrase column holds generic SIP reason phrases', () => {
  it('CLI: the Teams entries, whatever the phrase; the distinctive 569002 phrase picks its variant', async () => {
    const j = await cliJson(REPORT);
    expect(j.input.context).toBe('teams');
    expect(j.findings.map((f: any) => [f.msCode, f.sipCode, f.entries[0]?.id, f.fixOn])).toEqual([
      [511404, 404, 'dr-511404-404-getting-user-info-by', 'sbc'],
      [510544, 500, 'dr-510544-500-get-outbound-direct-routing', 'tenant'],
      [560408, 408, 'dr-560408-408-sbc-indicated-that-the', 'carrier'],
      [510532, 403, 'dr-510532-403-get-inbound-direct-routing', 'tenant'],
      [569002, 504, 'dr-569002-504-unable-to-deliver-invite-4', 'sbc'],
      [540000, 0, 'pstn-540000-0-normal-pstn-call-end', 'none'],
    ]);
  });

  it('HTTP: 511404 is the Teams entry (no Azure subscription advice), 510544 is not the "Duplicate CreateCallAsync" one', async () => {
    const [summary, ...texts] = await botText(REPORT);
    // A report's answer leads with its summary; the code cards follow.
    expect(summary).toContain('calls failed');
    const card511404 = texts.find((t) => t.includes('511404 / 404'))!;
    expect(card511404).toContain('Getting user info by number from RuntimeAPI failed');
    expect(card511404).not.toMatch(/Azure subscription/i);
    const card510544 = texts.find((t) => t.includes('510544 / 500'))!;
    expect(card510544).toContain('Get Outbound Direct routing - no trunk config found');
    expect(card510544).toContain('Fix on: your Teams configuration');
    const card569002 = texts.find((t) => t.includes('569002 / 504'))!;
    expect(card569002.split('\n').find((l) => l.startsWith('Unable to deliver'))).toContain('Wrong target principal name configured');
  });
});

describe('only distinctive words choose among variants', () => {
  it('CLI: "511404 404 Not Found" is the Teams entry; "510544 500 Internal Server Error" is not the mis-headed one', async () => {
    expect((await cliJson('511404 404 Not Found')).findings[0].entries[0].id).toBe('dr-511404-404-getting-user-info-by');
    const f = (await cliJson('510544 500 Internal Server Error')).findings[0];
    expect(f.entries[0].id).toBe('dr-510544-500-get-outbound-direct-routing');
    expect(f.entries.map((e: any) => e.id)).toContain('dr-540500-500-internal-server-error-duplicate');
    // Its own distinctive words still choose it.
    const dup = (await cliJson('510544 500 Internal Server Error - Duplicate CreateCallAsync request')).findings[0];
    expect(dup.entries[0].id).toBe('dr-540500-500-internal-server-error-duplicate');
  });

  it('CLI: 569002 504 with "Wrong target principal name configured" ranks that variant first, not HRESULT=0x80096004', async () => {
    const f = (await cliJson('569002 504 Unable to deliver INVITE: outgoing TLS negotiation failed; Wrong target principal name configured')).findings[0];
    expect(f.entries[0].id).toBe('dr-569002-504-unable-to-deliver-invite-4');
    expect(f.entries[1].id).toBe('dr-569002-504-unable-to-deliver-ack');
    const text = await cliText('569002 504 Unable to deliver INVITE: outgoing TLS negotiation failed; Wrong target principal name configured');
    expect(text.split('\n')[0]).toContain('Wrong target principal name configured');
  });

  it('HTTP: the same two answers', async () => {
    const [generic] = await botText('510544 500 Internal Server Error');
    expect(generic!.split('\n')).toContain('Get Outbound Direct routing - no trunk config found');
    const [variant] = await botText('569002 504 Unable to deliver INVITE: outgoing TLS negotiation failed; Wrong target principal name configured');
    expect(variant).toContain('Fix on: your SBC — Microsoft generated this response. Microsoft refused the SBC\'s TLS certificate');
    expect(variant!.split('\n').find((l) => l.startsWith('Unable to deliver'))).toContain('Wrong target principal name configured');
  });
});

describe('the ACS web UI\'s wording chooses the ACS catalog', () => {
  const PASTE = 'Call end reason: code: 500, subcode: 511404';

  it('CLI: context acs, the ACS PSTN entry, your Azure configuration', async () => {
    const j = await cliJson(PASTE);
    expect(j.input.context).toBe('acs');
    expect(j.findings[0]).toMatchObject({ msCode: 511404, sipCode: 500, match: 'ms-code', fixOn: 'tenant' });
    expect(j.findings[0].entries[0].id).toBe('pstn-511404-404-phone-number-not-found');
    expect(j.findings[0].fixOnWhere).toContain('Azure portal');
  });

  it('HTTP: the ACS card', async () => {
    const [text] = await botText(PASTE);
    expect(text).toContain('Phone number not found');
    expect(text).toContain('Fix on: your Azure configuration');
  });
});

describe('code 0 and the normal clearings: not a failure', () => {
  it('CLI: CallEndReason=0 is a normal call, not "SIP 0 / Unknown code"', async () => {
    const f = (await cliJson('CallEndReason=0')).findings[0];
    expect(f).toMatchObject({ sipCode: 0, origin: 'none', fixOn: 'none', fixOnBasis: 'inferred' });
    expect(f.sip.reason).toBe('Call ended normally');
    const text = await cliText('CallEndReason=0');
    expect(text).toContain('SIP 0  Call ended normally');
    expect(text).toContain('Fix on: nothing to fix');
    expect(text).not.toContain('Unknown code');
  });

  it('CLI: a BYE with Q.850 cause 16 alone is a normal clearing', async () => {
    const f = (await cliJson('Reason: Q.850;cause=16;text="Normal call clearing"')).findings[0];
    expect(f).toMatchObject({ q850Cause: 16, origin: 'none', fixOn: 'none' });
  });

  it('HTTP: the card says so', async () => {
    const [text] = await botText('CallEndReason=0');
    expect(text).toContain('Call ended normally');
    expect(text).toContain('Fix on: nothing to fix');
    expect(text).not.toContain('Unknown code');
  });
});

describe('an unknown code is never called documented; a near miss is offered', () => {
  it('CLI: 999999 is inferred, with no suggestion', async () => {
    const f = (await cliJson('999999')).findings[0];
    expect(f).toMatchObject({ msCode: 999999, known: false, originBasis: 'inferred', fixOn: 'unknown', didYouMean: [] });
    expect(await cliText('999999')).not.toContain('documented rule');
  });

  it('CLI: 510569 403 offers 510559 / 403 (one digit off); 569080 504 offers 569008 (two digits swapped)', async () => {
    const f = (await cliJson('510569 403')).findings[0];
    expect(f.known).toBe(false);
    expect(f.didYouMean).toContainEqual({ msCode: 510559, sipCode: 403, phrase: 'Get Outbound routing - No viable path (Forbidden)', id: 'dr-510559-403-get-outbound-routing-no', how: 'digit' });
    expect(await cliText('510569 403')).toContain('Did you mean 510559 / 403  Get Outbound routing - No viable path (Forbidden)?');
    const swap = (await cliJson('569080 504')).findings[0];
    expect(swap.didYouMean[0]).toMatchObject({ msCode: 569008, sipCode: 504, how: 'swap' });
  });

  it('HTTP: the inferred card shows the suggestion with a button to its entry, and no "documented rule" for 999999', async () => {
    const [card] = await botCards('510569 403');
    expect(cardText(card)).toContain('Did you mean one of these documented codes?');
    expect(cardText(card)).toContain('510559 / 403: Get Outbound routing - No viable path (Forbidden)');
    expect(cardActions(card)).toContainEqual(expect.objectContaining({ type: 'Action.Submit', data: { verb: 'entry', id: 'dr-510559-403-get-outbound-routing-no' } }));
    const [unknown] = await botText('999999');
    expect(unknown).not.toContain('documented rule');
    expect(unknown).toContain('Origin\nMicrosoft (inferred)');
  });
});

describe('one count of the codes with a SIP code', () => {
  const title = `Microsoft documents ${CODES_WITH_403} codes with SIP 403`;

  it('is counted once per code (510403 is in three ACS tables, 510532 has two variants)', () => {
    const codes = codesWithSipCode(kb, 403).map((c) => c.msCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain(510403);
    expect(codes).toContain(510532);
    expect(codes).not.toContain(null);
    expect(CODES_WITH_403).toBe(new Set(kb.withSipCode(403).filter((e) => e.msCode !== null).map((e) => e.msCode)).size);
  });

  it('CLI: the same count for a lone 403', async () => {
    expect(await cliText('403')).toContain(`${title}; the Microsoft code tells which one.`);
  });

  it('HTTP: the same count on the SIP card, on the inferred card, behind the button, and in the message extension', async () => {
    const [sipCard] = await botText('403');
    expect(sipCard).toContain(`${title}. The Microsoft code`);
    const [inferred] = await botText('999999 403');
    expect(inferred).toContain(`${title}, for example:`);
    const submit = await srv.post(expectingReplies({ ...fixture('card-submit'), value: { verb: 'sip-codes', sip: 403 } }));
    expect(cardText(repliedCards(submit.body)[0])).toContain(title);
    const query = fixture('me-query');
    query.value.parameters = [{ name: 'query', value: '403' }];
    const me = await srv.post(query);
    // The message extension lists the same codes, as many as fit Teams' size limit (cards/budget.ts).
    const shown: string[] = me.body.composeExtension.attachments.map((a: any) => a.preview.content.title.split(' ')[0]);
    const documented = new Set(codesWithSipCode(kb, 403).map((c) => String(c.msCode)));
    expect(shown.length).toBeGreaterThanOrEqual(Math.min(CODES_WITH_403, 8));
    expect(new Set(shown).size).toBe(shown.length);
    for (const code of shown) expect(documented.has(code)).toBe(true);
  });
});

describe('who must act leads the answer', () => {
  it('CLI: 569008 / 504 leads with your SBC; 510559 / 403 with your Teams configuration and where to change it', async () => {
    const sbc = (await cliText('569008 504')).split('\n');
    expect(sbc[1]).toBe(
      "  Fix on: your SBC — Microsoft generated this response. Microsoft refused the SBC's TLS certificate (expired, not from a trusted public CA, or issued for another name or use): renew or replace it on the SBC, then re-establish its TLS connections.",
    );
    const j = (await cliJson('510559 403')).findings[0];
    expect(j).toMatchObject({ origin: 'microsoft', fixOn: 'tenant', fixOnBasis: 'rule', fixOnRule: 'tenant-voice-routing' });
    expect(j.fixOnWhere).toContain('Teams admin center > Voice > Voice routing policies');
    expect(j.entries[0].fixOn).toBe('tenant');
    const text = await cliText('510559 403');
    expect(text).toContain('  Fix on: your Teams configuration — Microsoft generated this response.');
    expect(text).toContain('    Where: Teams admin center > Voice > Voice routing policies');
  });

  it('HTTP: the card leads with who must act, then the phrase, then the origin', async () => {
    const [card] = await botCards('569008 504');
    const lines = cardText(card).split('\n');
    const lead = lines.findIndex((l) => l.startsWith('Fix on: your SBC — Microsoft generated this response.'));
    const phrase = lines.findIndex((l) => l.startsWith('Unable to deliver INVITE: Outgoing TLS negotiation failed. Remote certificate expired'));
    const origin = lines.indexOf('Origin');
    expect(lead).toBeGreaterThan(0);
    expect(phrase).toBeGreaterThan(lead);
    expect(origin).toBeGreaterThan(phrase);
    expect(lines[1]).toBe('Your SBC');
    expect(lines).toContain('Your SBC (reviewed rule sbc-certificate)');
    const [licence] = await botText('510562 403');
    expect(licence).toContain('Fix on: your Teams configuration — Microsoft generated this response. The user is not licensed');
    expect(licence).toContain('Where: Microsoft 365 admin center > Users > Active users');
  });
});
