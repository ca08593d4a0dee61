// Properties of diagnose(): it never throws, always returns a well-formed Diagnosis, never invents a
// code, and stays fast on adversarial input (guards against super-linear regex backtracking).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, MAX_FINDINGS, type Diagnosis } from '../src/diagnose/index';
import { defaultKb } from '../src/kb/load';

const kb = defaultKb();
const SIDES = new Set(['sbc', 'microsoft', 'client', 'none', 'unknown']);
const BASES = new Set(['documented', 'entry', 'inferred', 'trace', 'prose']);
const PARTIES = new Set(['sbc', 'tenant', 'carrier', 'client', 'microsoft', 'none', 'unknown']);
const FIXON_BASES = new Set(['rule', 'exception', 'inferred', 'trace']);
const MATCHES = new Set(['pair', 'ms-code', 'sip-code', 'none']);
const FORMATS = new Set(['pair', 'single', 'key-value', 'json', 'diag-code', 'csv', 'sip', 'cdr']);
const CONTEXTS = new Set(['teams', 'acs', 'unknown']);

const isCode = (n: unknown) => n === null || (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0);

/** Throws (through expect) when the diagnosis is not well formed. */
function wellFormed(d: Diagnosis, text: string): void {
  expect(d.input.chars).toBe(text.length);
  expect(Number.isInteger(d.input.lines) && d.input.lines >= 0).toBe(true);
  expect(d.input.linesRead).toBeGreaterThanOrEqual(0);
  expect(d.input.linesRead).toBeLessThanOrEqual(d.input.lines);
  expect(typeof d.input.truncated).toBe('boolean');
  expect(CONTEXTS.has(d.input.context)).toBe(true);
  expect(Array.isArray(d.findings)).toBe(true);
  expect(d.findings.length).toBeLessThanOrEqual(MAX_FINDINGS);
  expect(Array.isArray(d.search)).toBe(true);
  if (d.findings.length > 0) expect(d.search).toEqual([]);
  for (const h of d.search) {
    expect(kb.byEntryId(h.entry.id)).toBe(h.entry);
    expect(Number.isFinite(h.score)).toBe(true);
  }
  let seenNone = false;
  for (const f of d.findings) {
    expect(isCode(f.msCode)).toBe(true);
    expect(isCode(f.sipCode)).toBe(true);
    if (f.sipCode !== null) expect(f.sipCode === 0 || (f.sipCode >= 100 && f.sipCode <= 699)).toBe(true);
    if (f.q850Cause !== null) expect(Number.isInteger(f.q850Cause) && f.q850Cause >= 1 && f.q850Cause <= 127).toBe(true);
    expect(f.msCode !== null || f.sipCode !== null || f.q850Cause !== null).toBe(true);
    expect(MATCHES.has(f.match)).toBe(true);
    expect(f.known).toBe(f.match !== 'none');
    expect(f.known).toBe(f.entries.length > 0);
    for (const e of f.entries) expect(kb.byEntryId(e.id)).toBe(e);
    // Implied: the last three digits, or the one SIP code Microsoft documents the code with (540200: 487).
    if (f.sipCodeImplied) {
      expect(f.msCode).not.toBeNull();
      const documented = kb.withMsCode(f.msCode!).map((e) => e.sipCode);
      expect([f.msCode! % 1000, ...documented]).toContain(f.sipCode);
    }
    expect(SIDES.has(f.origin.side)).toBe(true);
    if (f.origin.fixOn !== undefined) expect(SIDES.has(f.origin.fixOn)).toBe(true);
    expect(BASES.has(f.origin.basis)).toBe(true);
    expect(PARTIES.has(f.fixOn.party)).toBe(true);
    expect(FIXON_BASES.has(f.fixOn.basis)).toBe(true);
    expect(f.fixOn.reason.length).toBeGreaterThan(0);
    expect(typeof f.origin.reason).toBe('string');
    expect(f.origin.reason.length).toBeGreaterThan(0);
    expect(f.notes.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    expect(Number.isInteger(f.count) && f.count >= 1).toBe(true);
    expect(f.firstLine).toBeGreaterThanOrEqual(1);
    expect(f.firstLine).toBeLessThanOrEqual(Math.max(1, d.input.lines));
    expect(f.formats.length).toBeGreaterThan(0);
    expect(f.formats.every((x) => FORMATS.has(x))).toBe(true);
    if (f.sip) expect(f.sip.code).toBe(f.sipCode);
    if (f.q850) expect(f.q850.cause).toBe(f.q850Cause);
    // An equivalent is a documented shape (a 560 code of the SBC's answer, or a KB entry's pair), never a pasted code.
    if (f.equivalent) {
      expect(['rule', 'reason-text']).toContain(f.equivalent.basis);
      if (f.equivalent.basis === 'rule') expect(f.equivalent.msCode).toBe(560_000 + f.equivalent.sipCode);
      else expect(kb.withPair(f.equivalent.msCode, f.equivalent.sipCode).length).toBeGreaterThan(0);
    }
    if (f.origin.basis === 'trace') expect(f.formats.some((x) => x === 'sip' || x === 'cdr')).toBe(true);
    for (const r of f.flow ?? []) {
      expect(typeof r.from === 'string' && typeof r.to === 'string' && typeof r.what === 'string').toBe(true);
      expect(r.line).toBeGreaterThanOrEqual(1);
    }
    // Text cut for display never ends in half of a surrogate pair.
    for (const t of [f.excerpt, f.phrase]) if (t) expect(/[\uD800-\uDBFF]$/.test(t), t).toBe(false);
    // Failures first, normal clearings after.
    if (f.origin.side === 'none') seenNone = true;
    else expect(seenNone).toBe(false);
  }
  if (d.summary) {
    const s = d.summary;
    expect(s.distinct).toBe(s.byPair.length);
    expect(s.distinct).toBeGreaterThanOrEqual(d.findings.length);
    expect(s.byPair.reduce((n, p) => n + p.count, 0)).toBe(s.mentions);
    expect(s.bySide.reduce((n, p) => n + p.count, 0)).toBe(s.mentions);
    for (let i = 1; i < s.byPair.length; i++) expect(s.byPair[i - 1]!.count).toBeGreaterThanOrEqual(s.byPair[i]!.count);
  }
  // Plain data: the CLI prints it as JSON.
  expect(() => JSON.stringify(d)).not.toThrow();
}

/** Every number written in the text as a run of ASCII digits (AudioCodes syslog writes each line break as #012). */
function digitRuns(text: string): Set<number> {
  const out = new Set<number>();
  // Zero-width characters are removed before reading: "5\u200b10559" is 510559.
  const read = text.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '');
  for (const t of [read, read.replace(/#012/g, '\n')]) for (const m of t.matchAll(/\d+/g)) out.add(Number(m[0]));
  return out;
}

/** Never invents: each code is in the text (a SIP code may be implied by a 560xxx / 540xxx code). */
function inventsNothing(d: Diagnosis, text: string): void {
  const runs = digitRuns(text);
  for (const f of d.findings) {
    if (f.msCode !== null) expect(runs.has(f.msCode), `msCode ${f.msCode}`).toBe(true);
    if (f.sipCode !== null) {
      if (f.sipCodeImplied) expect([540, 560]).toContain(Math.floor(f.msCode! / 1000));
      else expect(runs.has(f.sipCode), `sipCode ${f.sipCode}`).toBe(true);
    }
    if (f.q850Cause !== null) expect(runs.has(f.q850Cause), `q850 ${f.q850Cause}`).toBe(true);
  }
}

function holds(text: string): void {
  let d: Diagnosis | undefined;
  expect(() => {
    d = diagnose(text);
  }).not.toThrow();
  wellFormed(d!, text);
  inventsNothing(d!, text);
}

/** Pieces that look like codes and the syntax around them. */
const PIECES = [
  '510559', '403', '560403', '569002', '504', '0', '408', '540998', '503', '10003', '487', '497', '560487', '1000', '2024',
  'SIP/2.0 ', 'SIP/2.0 486 Busy Here', 'INVITE sip:+14255550100@sbc1.contoso.com SIP/2.0', 'BYE sip:a@b SIP/2.0', 'ACK ',
  'Reason: Q.850;cause=', 'Reason: SIP;cause=', ';text="User busy"', 'cause=16', 'Q.850 cause ',
  'subCode:', 'subCode: undefined', '_subCode:', '_code:', 'code:', '"code":', '"subCode":', '"finalSipCode":', '"callEndSubReason":',
  'CallEndReason=', 'CallEndSubReason=', 'ParticipantEndReason: ', 'ParticipantEndSubCode: ', 'DiagCode: ', '#', '.@',
  'Final SIP code,Final Microsoft subcode,Final SIP Phrase', '"message":"', 'HRESULT=', '0x80090328', '+1425555',
  ' 3f2c9a7e-5b1d-4c8e-9a61-0d2e7f41b9c3 ', ' 2024-11-05T14:05:42.871Z ', ' 52.114.14.70:5061 ', 'port ', 'null', 'undefined',
  '{', '}', '[', ']', '"', "'", ':', '=', ',', ';', '/', '|', '\t', ' ', '  ', '\n', '\r\n', '-', '.', 'e', 'with subcode ',
];
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.nat({ max: 999_999_999 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 699 }).map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const codeLike = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));

describe('diagnose: properties', () => {
  it('never throws and is well formed on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), holds), { numRuns: 300 });
  });

  it('never throws and is well formed on arbitrary unicode (graphemes)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), holds), { numRuns: 200 });
  });

  it('never throws and is well formed on arbitrary binary strings (lone surrogates, control characters)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), holds), { numRuns: 200 });
  });

  it('never throws and is well formed on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), holds), { numRuns: 300 });
  });

  it('never throws and is well formed on JSON objects with code-like keys', () => {
    const key = fc.constantFrom('code', 'subCode', '_code', '_subCode', 'Code', 'SubCode', 'finalSipCode', 'callEndSubReason', 'participantEndReason', 'participantEndSubCode', 'message', 'resultInfo', 'resultInformation', 'SipDetails', 'Q850Details', 'id', 'duration');
    const value = fc.oneof(fc.integer({ min: -10, max: 1_000_000 }), fc.nat({ max: 999_999 }).map(String), fc.constantFrom(null, 'undefined', '', 'n/a', 1.5, true));
    const obj = fc.letrec((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small', maxDepth: 4 }, value, tie('node'), fc.array(tie('node'), { maxLength: 3 })), { maxKeys: 6 }),
    })).node;
    fc.assert(fc.property(obj, fc.constantFrom(0, 2), (o, indent) => holds(JSON.stringify(o, null, indent))), { numRuns: 200 });
  });

  it('never throws, is well formed and invents nothing on mixtures of code-like fragments', () => {
    fc.assert(fc.property(codeLike, holds), { numRuns: 1000 });
  });

  it('never invents on long logs of code-like fragments (not a question)', () => {
    const log = fc.array(codeLike, { minLength: 8, maxLength: 40 }).map((lines) => lines.join('\n'));
    fc.assert(fc.property(log, holds), { numRuns: 150 });
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(codeLike, (t) => {
        expect(JSON.stringify(diagnose(t))).toBe(JSON.stringify(diagnose(t)));
      }),
      { numRuns: 100 },
    );
  });

  it('finds a pasted documented pair in either order and with any separator', () => {
    const pairs = kb.entries.filter((e) => e.catalog === 'teams-direct-routing' && e.msCode !== null && e.msCode >= 1000 && e.sipCode !== null);
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.constantFrom(' ', '/', ', ', ' | ', '\t'), fc.boolean(), (e, sep, msFirst) => {
        const text = msFirst ? `${e.msCode}${sep}${e.sipCode}` : `${e.sipCode}${sep}${e.msCode}`;
        const d = diagnose(text);
        expect(d.findings.map((f) => `${f.msCode}/${f.sipCode}/${f.match}`)).toEqual([`${e.msCode}/${e.sipCode}/pair`]);
        expect(d.findings[0]!.entries.map((x) => x.id)).toContain(e.id);
      }),
      { numRuns: 200 },
    );
  });
});

// Regressions found by the "never invents" properties: digit runs longer than a code, and causes
// outside their ranges, give no finding (and never a shortened code).
describe('diagnose: SIP lines with longer digit runs', () => {
  it.each([
    ['SIP/2.0 300000000', 'SIP 300'],
    ['SIP/2.0 4861 Busy', 'SIP 486'],
    ['Reason: Q.850;cause=1234', 'Q.850 cause 123'],
    ['Reason: SIP;cause=4861', 'SIP 486'],
    ['BYE sip:a@b SIP/2.0\nReason: Q.850;cause=170', 'Q.850 cause 170, outside 1..127'],
    ['SIP/2.0 486 Busy Here\nReason: Q.850;cause=200', 'Q.850 cause 200, outside 1..127'],
    ['SIP/2.0 700 Whatever', 'SIP 700, outside 100..699'],
    ['Reason: Q.850;cause=0', 'Q.850 cause 0'],
    // A lone Reason header whose cause is no SIP code gives a finding with no code at all.
    ['Reason: SIP;cause=16', 'a finding with no code'],
  ])('%j does not give %s', (text) => {
    const d = diagnose(text);
    inventsNothing(d, text);
    for (const f of d.findings) {
      expect(f.msCode !== null || f.sipCode !== null || f.q850Cause !== null).toBe(true);
      if (f.q850Cause !== null) expect(f.q850Cause >= 1 && f.q850Cause <= 127).toBe(true);
      if (f.sipCode !== null) expect(f.sipCode).toBeLessThanOrEqual(699);
    }
  });

  // SipDetails and Q850Details codes are range-checked like the others.
  it.each([
    ['{"resultInformation":{"subCode":8522,"sipDetails":{"code":700}}}'],
    ['{"resultInformation":{"message":"x","q850Details":{"code":0}}}'],
  ])('%s gives no out-of-range or empty finding', (text) => {
    const d = diagnose(text);
    for (const f of d.findings) {
      expect(f.msCode !== null || f.sipCode !== null || f.q850Cause !== null).toBe(true);
      expect(f.sipCode === null || (f.sipCode >= 100 && f.sipCode <= 699)).toBe(true);
    }
  });
});

// --- adversarial input -------------------------------------------------------------------------

const MB = 1 << 20;
/**
 * A generous bound: these tests catch quadratic or worse blowups (which took minutes to hours on
 * 1 MB), they are not benchmarks. The scaling itself is checked as a ratio in
 * test/diagnose/linear.test.ts, and `npm run bench` measures the speed.
 */
const BOUND_MS = 15_000;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** The time of a diagnosis; a slow run is run again (a loaded machine slows runs down, never speeds them up). */
function timed(text: string): { ms: number; d: Diagnosis } {
  let best = Infinity;
  let d: Diagnosis | undefined;
  for (let i = 0; i < 2 && best >= BOUND_MS; i++) {
    const t0 = performance.now();
    d = diagnose(text);
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, d: d! };
}

const ADVERSARIAL: Array<[string, () => string]> = [
  ['a 1 MB run of digits', () => fill('1234567890')],
  ['"1 " repeated (1 MB)', () => fill('1 ')],
  ['"403 510559 " repeated on one line (1 MB)', () => fill('403 510559 ')],
  ['"subCode:" repeated (1 MB)', () => fill('subCode:')],
  ['"subCode: 1" repeated (1 MB)', () => fill('subCode: 1 ')],
  ['"SIP/2.0 " repeated (1 MB)', () => fill('SIP/2.0 ')],
  ['"SIP/2.0 486 " repeated (1 MB)', () => fill('SIP/2.0 486 ')],
  ['"\\"code\\":" repeated (1 MB)', () => fill('"code":')],
  ['"\\"code\\": 4" repeated (1 MB)', () => fill('"code": 4,')],
  ['"480#" repeated (1 MB)', () => fill('480#')],
  ['"+1 " repeated (1 MB)', () => fill('+1 ')],
  ['"message":" repeated (1 MB)', () => fill('"message":"')],
  ['1 MB of {', () => fill('{')],
  ['1 MB of [', () => fill('[')],
  ['1 MB of { then a digit', () => fill('{') + '1'],
  ['JSON nested 10,000 deep', () => '['.repeat(10_000) + '{"code":403,"subCode":510559}' + ']'.repeat(10_000)],
  ['objects nested 10,000 deep', () => '{"a":'.repeat(10_000) + '{"code":403,"subCode":510559}' + '}'.repeat(10_000)],
  ['unclosed JSON nested 10,000 deep', () => '{"a":['.repeat(10_000) + '1'],
  ['a 1 MB single line of words and codes, no newline', () => fill('calls fail 403 510559 at sbc1.contoso.com:5061 with HRESULT=590615 ')],
  ['200,000 short lines', () => '403 510559\n'.repeat(200_000)],
  ['200,000 one-digit lines', () => '1\n'.repeat(200_000)],
  ['250,000 lines (beyond MAX_LINES)', () => 'x 1\n'.repeat(250_000)],
  ['a CSV header and 1 MB of one quoted field', () => 'Final SIP code,Final Microsoft subcode,Final SIP Phrase\n403,510559,"' + fill('a')],
  ['a CSV header and 1 MB of rows', () => 'Final SIP code,Final Microsoft subcode,Final SIP Phrase\n' + fill('403,510559,No viable path\n')],
  ['1 MB of tabs between two numbers', () => '1' + fill('\t') + 'a 2'],
  ['1 MB of GUID-like hex', () => fill('0123456789abcdef-')],
  ['1 MB of + and digits', () => fill('+1')],
  ['"Reason: " and 1 MB of spaces', () => 'Reason:' + fill(' ') + 'Q.850;cause=1'],
  ['"SIP/2.0 486 " and a 1 MB phrase', () => 'SIP/2.0 486 ' + fill('a') + ' 1'],
];

describe('diagnose: adversarial input stays fast', () => {
  it.each(ADVERSARIAL)('%s', (_label, make) => {
    const text = make();
    const { ms, d } = timed(text);
    wellFormed(d, text);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  // Regressions: each of these was quadratic (a 1 MB paste took minutes to hours).
  it.each([
    ['"Reason: Q.850;cause=17 "', 'Reason: Q.850;cause=17 '],
    ['"Reason: Q.850;" (no cause)', 'Reason: Q.850;'],
    ['"BYE sip:a@b SIP/2.0 "', 'BYE sip:a@b SIP/2.0 '],
  ])('%s repeated on one 1 MB line', (_label, unit) => {
    const { ms } = timed(fill(unit) + '1');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it.each([
    ['code', 'code'],
    ['subCode', 'subCode'],
    ['Q.850', 'q 850'],
    ['cause', 'cause'],
  ])('a %s key followed by 1 MB of spaces and no value', (_label, key) => {
    const { ms } = timed(key + fill(' ') + 'x1');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('"DiagCode" followed by 1 MB of spaces, on a line with a #', () => {
    const { ms } = timed('DiagCode' + fill(' ') + 'x1 #');
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

// --- SIP traces and SBC logs ----------------------------------------------------------------------

const TRACES = path.join(__dirname, 'fixtures', 'traces');
const traceFiles = fs.readdirSync(TRACES).filter((f) => !f.endsWith('.source.md'));
const traceText = (f: string) => fs.readFileSync(path.join(TRACES, f), 'utf8');

/** Pieces of the trace and SBC log formats: framing lines, start lines, headers, Reason values, CDR fields. */
const TRACE_PIECES = [
  '---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS ---- ', '---- Outgoing SIP Message to 52.114.75.24:5061 from SIPInterface #2 (Teams) TLS ---- ',
  '#012', '(N  6891753) ', '[S=1718478] ', '[SID=b9027c:24:198173] ', '<133>', '[Time:19-12@12:44:56.587]',
  '<--- Received SIP response (554 bytes) from UDP:10.9.33.2:5060 --->', '<--- Transmitting SIP request (1122 bytes) to TLS:52.114.76.76:5061 --->',
  'recv 376 bytes from tls/[52.114.148.0]:5061 at 14:36:22.564475:', 'send 372 bytes to tls/[52.114.148.0]:5061 at 14:36:22.539678:',
  '//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:', 'Sent:', 'Received:', 'On [1:0]203.0.113.45:5061 received from 52.114.14.70:5061', 'On [1:0]203.0.113.45:5061 sent to 52.114.14.70:5061',
  'sent msg for CallId:8123 to IP/port:52.114.75.24/5061, Local IP/port:203.0.113.45/5061, SMM:N, RAW PDU:', 'INFO: <script>: Sent out tm request: ',
  '2024/11/05 14:05:11.204118 203.0.113.45:5061 -> 52.114.132.46:5061', 'Internet Protocol Version 4, Src: 52.114.14.70, Dst: 203.0.113.45', 'Status-Line: ', 'Request-Line: ', 'Message Header',
  'INVITE sip:+12065550123@sbc1.contoso.com:5061;user=phone;transport=tls SIP/2.0', 'OPTIONS sip:sip.pstnhub.microsoft.com SIP/2.0', 'ACK sip:a@b SIP/2.0',
  'SIP/2.0 503 Service Unavailable', 'SIP/2.0 404 Not Found', 'SIP/2.0 200 OK', 'SIP/2.0 100 Trying',
  'Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bK1', 'Via: SIP/2.0/TLS sbc1.contoso.com:5061;branch=z9hG4bK2', 'Call-ID: 5d1f4a8e-3b7c-4e2a', 'CALL-ID: x@y', 'CSeq: 1 INVITE', 'CSEQ: 2 OPTIONS',
  'From: <sip:+14255550100@sip.pstnhub.microsoft.com>;tag=1', 'To: <sip:+12065550123@sbc1.contoso.com>', 'Server: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3', 'Server: SBC/v.7.20A.260.012', 'User-Agent: Asterisk PBX 21.4.1',
  'Reason: Q.850;cause=1;text="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d;Getting user info by number from RuntimeAPI failed."', 'REASON: Q.850;cause=31;text="5e19725b-7fad-4e89-bae3-dfc5df88bb96;No callee endpoints were found."',
  'Reason header: Q.850 ;cause=63 ;text="9810e5a9-667c-4513-8d3a-5d83503e1c71;Current call site state prevents fork to this entity."', 'Reason: SIP;cause=503', 'Content-Length: 0', 'v=0', 'm=audio 52398 RTP/SAVP 104 9 103',
  '[S=41] |CALL_END |SBC |a@b |1871197419 |LCL |203.0.113.45 |5061 |52.114.76.76 |5061 |TLS ', '|RMT ', '|404 |404 Not Found ', '|no |CANCEL', '[S=1] |SBCReportType |EPTyp| SIPCallId| SessionId |Orig ',
  'the SBC returns ', 'Teams sends back ', 'we get 403 from Microsoft', '\n', '\n\n', ' ', '  ', '\t', ';', ':', '"', '|',
];
const tracePiece = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TRACE_PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 699 }).map(String) });
const traceLike = fc.array(tracePiece, { maxLength: 80 }).map((p) => p.join(''));

describe('SIP traces and SBC logs: properties', () => {
  it('never throws, is well formed and invents nothing on mixtures of trace and SBC log fragments', () => {
    fc.assert(fc.property(traceLike, holds), { numRuns: 1000 });
  });

  it('never throws on the fixtures with lines dropped, repeated or cut', () => {
    const files = fc.constantFrom(...traceFiles);
    const edit = fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'repeat', 'cut', 'collapse')), { maxLength: 8 });
    fc.assert(
      fc.property(files, edit, (file, edits) => {
        let lines = traceText(file).split('\n');
        for (const [n, op] of edits) {
          const i = lines.length ? n % lines.length : 0;
          if (op === 'drop') lines.splice(i, 1);
          else if (op === 'repeat') lines.splice(i, 0, lines[i] ?? '');
          else if (op === 'cut') lines[i] = (lines[i] ?? '').slice(0, n % 40);
          else lines = [lines.join(' ')];
        }
        holds(lines.join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  // Each trace and SBC log format at 1 MB: the fixture repeated, as lines and collapsed onto one line.
  it.each(traceFiles)('%s repeated to 1 MB, multi-line and collapsed, stays fast and well formed', (file) => {
    const text = traceText(file);
    for (const big of [fill(`${text}\n`), fill(`${text.replace(/\n/g, ' ')} `)]) {
      const { ms, d } = timed(big);
      wellFormed(d, big);
      inventsNothing(d, big);
      expect(ms).toBeLessThan(BOUND_MS);
    }
  });
});
