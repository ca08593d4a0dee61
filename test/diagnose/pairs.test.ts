// Pairs as people write them in prose and tables, log noise that is never a code, and the text
// that must not break the readers (zero-width characters, emoji at the cut, huge logs).
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index';
import { extractMentions } from '../../src/diagnose/extract';
import { defaultKb } from '../../src/kb/load';

const kb = defaultKb();
const pairs = (text: string) => diagnose(text).findings.map((f) => `${f.msCode}/${f.sipCode}`);

describe('pairs in prose and tables', () => {
  it.each([
    ['| 401 | 44110 | Failed to get AccessToken |', ['44110/401']],
    ['| 44110 | 401 | Failed to get AccessToken |', ['44110/401']],
    // PowerShell's table output: columns aligned with spaces.
    ['SipCode MicrosoftCode Phrase\n------- ------------- ------\n    403        510559 Get Outbound routing - No viable path', ['510559/403']],
    ['why do users get 480 with 10037?', ['10037/480']],
    ['10037 with 480', ['10037/480']],
    ['code `410` and subCode `3101`', ['3101/410']],
    ['Final SIP Code “487”, Final Microsoft subcode “540200”', ['540200/487']],
    ["Final SIP Code '487', Final Microsoft subcode '540200'", ['540200/487']],
    ['`403` / `510559`', ['510559/403']],
    ['"403","510559"', ['510559/403']],
    ['403 mit 510559', ['510559/403']],
    ['403 avec le code 510559', ['510559/403']],
  ])('%j', (text, want) => {
    expect(pairs(text)).toEqual(want);
  });

  it('one SIP code named for several Microsoft codes pairs with each', () => {
    expect(pairs('SIP 410 appears with 531000, 531004 and 531005')).toEqual(['531000/410', '531004/410', '531005/410']);
    expect(pairs('we see 410 with 531000 / 531004 or 531005 on most calls')).toEqual(['531000/410', '531004/410', '531005/410']);
    const d = diagnose('SIP 410 appears with 531000, 531004 and 531005');
    expect(d.findings.map((f) => f.entries[0]!.id)).toEqual(['dr-531000-410-sdpparsingfailure', 'dr-531004-410-iceconnectivitychecksfailed', 'dr-531005-410-mediaconnectivityfailure']);
  });

  it('"and" alone does not pair (two codes named side by side are two findings)', () => {
    expect(pairs('403 and 510559')).toEqual(['null/403', '510559/null']);
  });
});

describe('log noise is never a code', () => {
  const codes = (text: string) => new Set(diagnose(text).findings.flatMap((f) => [f.msCode, f.sipCode, f.q850Cause]));
  it.each([
    ['AudioCodes sequence numbers', '<133>[S=1718478] [SID=b9027c:24:198173]  (N  6891753) AcSIPDialog(#949): Handling DIALOG_INIT_REQ in state DialogIdle', [1718478, 6891753, 198173]],
    ['Ribbon record length and date field', '339 09202018 165651.570846:1.01.00.38344.Info .SIPCM: SipFeSocketRecvMsg - msg = v=0', [339, 9202018, 165651, 38344]],
    ['byte counts', 'recv 376 bytes from tls/[52.114.148.0]:5061 at 14:36:22.564475:', [376]],
    ['Asterisk byte counts', '<--- Received SIP response (554 bytes) from UDP:10.9.33.2:5060 --->', [554]],
    ['CSeq', 'CSeq: 18492 INVITE', [18492]],
    ['pjsua cseq', '.RX 588 bytes Request msg OPTIONS/cseq=35545102 (rdata0x7f8b90045f28) from TLS 10.10.10.131:49769:', [588, 35545102]],
    ['durations', 'retry in 120000 ms, 30 seconds', [120000]],
  ])('%s', (_label, text, noise) => {
    const found = codes(text as string);
    for (const n of noise as number[]) expect(found.has(n), `${n}`).toBe(false);
  });
});

describe('text that must not break the readers', () => {
  it('zero-width characters inside a code are removed before reading ("5\\u200b10559 4\\u200d03")', () => {
    expect(pairs('5\u200b10559 4\u200d03')).toEqual(['510559/403']);
    expect(pairs('\ufeff510559\u2060 403')).toEqual(['510559/403']);
  });

  it('an excerpt cut inside an emoji does not end in half of it', () => {
    // The excerpt is cut at 300 UTF-16 units: put an emoji across the cut.
    for (let pad = 290; pad <= 302; pad++) {
      const line = `${'x'.repeat(pad)}\u{1F600}\u{1F600} CallEndReason=403 CallEndSubReason=510559 ${'y'.repeat(400)}`;
      const { mentions } = extractMentions(`first line\n${line}\n`, { isKnownMsCode: (c) => kb.hasMsCode(c), isKnownPair: (m, s) => kb.withPair(m, s).length > 0 });
      const excerpt = mentions[0]!.excerpt!;
      const last = excerpt.charCodeAt(excerpt.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff, `pad ${pad}`).toBe(false);
    }
  });

  it('142,000 mentions: no stack overflow (diagnose("code=0\\n".repeat(142000)))', () => {
    const d = diagnose('code=0\n'.repeat(142_000));
    expect(d.summary?.mentions).toBe(142_000);
  });

  it('a log where every line is a failure of its own (250,000 lines, beyond MAX_LINES): answered, counted', () => {
    const d = diagnose('CallEndReason=403 CallEndSubReason=510559\n'.repeat(250_000));
    expect(d.input).toMatchObject({ lines: 250_000, linesRead: 200_000, truncated: true });
    expect(d.summary?.mentions).toBe(200_000);
  });
});

describe('one SIP code for several Microsoft codes, with a count of them in between', () => {
  const pairsOf = (text: string) => diagnose(text).findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode ?? '-'}`);
  it('"SIP 410 appears with three Microsoft subcodes — 531000, 531004, and 531005" pairs each', () => {
    expect(pairsOf('In the Direct Routing catalog, SIP 410 appears with three Microsoft subcodes — 531000, 531004, and 531005 — and each points to a different repair path.')).toEqual(['531000/410', '531004/410', '531005/410']);
  });

  it('a count alone does not join: the words between must still link the codes', () => {
    const kb = defaultKb();
    const read = (text: string) =>
      extractMentions(text, { isKnownMsCode: (c) => kb.hasMsCode(c), isKnownPair: () => false })
        .mentions.filter((m) => m.msCode !== null && m.sipCode !== null)
        .map((m) => `${m.msCode}/${m.sipCode}`);
    const log = (line: string) => ['Monday:', line, 'Tuesday: nothing', 'Wednesday: nothing', 'Thursday: nothing', 'Friday: nothing', 'Saturday: nothing'].join('\n');
    expect(read(log('SIP 410 appears with three Microsoft subcodes: 531000, 531004'))).toEqual(['531000/410', '531004/410']);
    expect(read(log('SIP 410 on three calls, then 531000 on five others'))).toEqual([]);
  });
});
