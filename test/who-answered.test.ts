// Who generated the response for what the tables do not settle, over the `sipdoc` command (in
// process, as test/cli.test.ts does) and over real HTTP (the bot): Graph and ACS codes by their
// service's scheme, a completed action, a lone SIP code read by the words around it, and one
// finding for a pair whose halves the paste repeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from './helpers/server';

async function cliJson(text: string) {
  let out = '';
  const code = await runCli(['--json'], { stdout: (s) => (out += s), stderr: () => {}, readStdin: async () => text, stdinIsTty: false });
  expect(code).toBe(0);
  return JSON.parse(out);
}

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function botTexts(text: string): Promise<string[]> {
  const res = await srv.post(expectingReplies({ ...fixture('personal-message'), text }));
  expect(res.status).toBe(200);
  return repliedCards(res.body).map(cardText);
}

const GRAPH_FAILED = '{ "resultInfo": { "@odata.type": "#microsoft.graph.resultInfo", "code": 500, "subCode": 7700, "message": "Transfer failed." } }';
const GRAPH_COMPLETED = '{ "resultInfo": { "@odata.type": "#microsoft.graph.resultInfo", "code": 200, "subcode": 8515, "message": "Action completed, max record duration reached." } }';
const BOT_DIAGCODE = 'Call status updated to Terminated - Server Internal Error. DiagCode: 500#3002.@';
const SBC_REPLIED = 'Assume our SBC replied to the inbound INVITE with the code 488 Not Acceptable Here.';
const TRANSLATED = '549002 504 Impossible de remettre INVITE : TlsTransport non connecté\n- Code de réponse Microsoft : 549002\n- Code de réponse SIP : 504';

describe('Graph call end reasons no table lists', () => {
  it('CLI: code 500 with subcode 7700 is Microsoft\'s calling platform, inferred; 200 / 8515 is no failure', async () => {
    const failed = (await cliJson(GRAPH_FAILED)).findings[0];
    expect(failed).toMatchObject({ msCode: 7700, sipCode: 500, known: false, origin: 'microsoft', originBasis: 'inferred' });
    const done = (await cliJson(GRAPH_COMPLETED)).findings[0];
    expect(done).toMatchObject({ msCode: 8515, sipCode: 200, origin: 'none', fixOn: 'none' });
  });

  it('HTTP: the DiagCode card says Microsoft generated it; the completed recording says nothing to fix, not Microsoft', async () => {
    const [diag] = await botTexts(BOT_DIAGCODE);
    expect(diag).toContain('Microsoft (inferred)');
    const [done] = await botTexts(GRAPH_COMPLETED);
    expect(done).toContain('Not a failure');
    expect(done).not.toContain('Call Automation codes are returned by the ACS service');
  });
});

describe('a lone SIP code, by the words around it', () => {
  it('CLI: "our SBC replied ... with the code 488" is the SBC, from the description', async () => {
    const f = (await cliJson(SBC_REPLIED)).findings[0];
    expect(f).toMatchObject({ msCode: null, sipCode: 488, origin: 'sbc', originBasis: 'prose', fixOn: 'sbc' });
  });

  it('HTTP: the card shows who answered, by your description, with the words', async () => {
    const [text] = await botTexts(SBC_REPLIED);
    expect(text).toContain('Who answered, by your description: Customer SBC');
    expect(text).toContain('our SBC replied to the inbound INVITE');
  });
});

describe('a pair whose halves a translated page repeats', () => {
  it('CLI: one finding', async () => {
    const j = await cliJson(TRANSLATED);
    expect(j.findings.map((f: any) => `${f.msCode}/${f.sipCode}`)).toEqual(['549002/504']);
  });

  it('HTTP: one card', async () => {
    const texts = await botTexts(TRANSLATED);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('549002');
  });
});
