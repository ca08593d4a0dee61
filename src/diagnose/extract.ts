// Reads code mentions out of pasted text: JSON documents and JSON lines, key=value and console
// forms, DiagCode, PSTN usage report CSV, SIP status lines with Reason headers, and bare numbers.
// Each scanner masks what it consumed so that a later scanner does not read it again.
//
// All regexes here are linear: no nested quantifiers over overlapping classes (fast-check tests
// feed them adversarial input up to 1 MB).
import { readCsvReport } from './csv';
import { codeFromJsonValue, mentionsFromJson } from './json';
import type { Mention, MentionFormat } from './types';

/** Lines read from one paste; the rest is counted but not read. */
export const MAX_LINES = 200_000;

/** A paste this short is a question ("510559 403", "what is 403?"): bare numbers count as codes. */
const QUERY_MAX_CHARS = 600;
const QUERY_MAX_LINES = 6;

export interface Extraction {
  mentions: Mention[];
  lines: number;
  linesRead: number;
  truncated: boolean;
  csvRows?: number;
}

export interface ExtractOptions {
  /** Whether a Microsoft code is in the knowledge base (lets a lone known code count in a log). */
  isKnownMsCode: (code: number) => boolean;
  /** Whether the pair is documented (lets `0 408` count: 0 is a real Microsoft code). */
  isKnownPair: (msCode: number, sipCode: number) => boolean;
}

interface Positioned extends Mention {
  col: number;
}

const isSip = (n: number) => n >= 100 && n <= 699;
/** 560xxx, 540xxx, 569xxx, 549xxx: shapes that only Microsoft codes have. */
const hasTellingPrefix = (n: number) => n >= 100000 && n <= 999999 && [560, 540, 569, 549].includes(Math.floor(n / 1000));
const looksLikeYear = (n: number, digits: number) => digits === 4 && n >= 1990 && n <= 2099;

/** Control characters other than tab and newline become spaces; CRLF becomes LF. */
export function normalizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return lf.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, ' ');
}


const EXCERPT_CHARS = 300;
const excerptOf = (line: string) => {
  const t = line.trim();
  return t.length > EXCERPT_CHARS ? t.slice(0, EXCERPT_CHARS) : t;
};

// --- SIP traces --------------------------------------------------------------------------------

// The status line's phrase is captured in a lookahead so that a collapsed trace (several
// messages on one line, as Teams delivers a paste) still yields every status line.
const SIP_STATUS = /SIP\/2\.0[ \t]{1,8}(\d{3})(?!\d)(?=[ \t]{0,8}([^\n]{0,200}))/g;
const SIP_REQUEST = /\b(?:INVITE|BYE|CANCEL|ACK|OPTIONS|UPDATE|REFER|NOTIFY|PRACK|INFO|MESSAGE|SUBSCRIBE|REGISTER)[ \t]{1,8}sips?:/g;
const REASON_HEADER = /\bReason[ \t]{0,8}:/gi;
/** One value of a Reason header, read where the previous one ended (sticky). */
const REASON_VALUE = /[\s,]{0,16}(Q\.850|SIP)[ \t]{0,8};[ \t]{0,8}cause[ \t]{0,8}=[ \t]{0,8}(\d{1,4})(?!\d)(?:[ \t]{0,8};[ \t]{0,8}text[ \t]{0,8}=[ \t]{0,8}"([^"\n]{0,200})")?/iy;
/** Where a header name starts inside a collapsed (single-line) SIP message. */
const NEXT_HEADER = /\s[A-Z][A-Za-z-]{1,30}[ \t]{0,8}:\s|SIP\/2\.0/;

const isQ850 = (n: number) => n >= 1 && n <= 127;

interface SipMessage {
  kind: 'response' | 'request';
  excerpt: string;
  code?: number;
  phrase?: string;
  line: number;
  col: number;
  q850?: number;
  sipCause?: number;
  reasonText?: string;
}

interface Reason {
  proto: 'Q.850' | 'SIP';
  cause: number;
  text?: string;
}

interface SipEvent {
  at: number;
  end: number;
  msg?: SipMessage;
  reason?: Reason[];
}

/** The values of the Reason header whose name ends at `from`; only valid causes are kept. */
function readReasons(line: string, from: number): { reasons: Reason[]; end: number } {
  const reasons: Reason[] = [];
  let end = from;
  for (;;) {
    REASON_VALUE.lastIndex = end;
    const v = REASON_VALUE.exec(line);
    if (!v) break;
    end = REASON_VALUE.lastIndex;
    const proto = v[1]!.toUpperCase() === 'SIP' ? 'SIP' : 'Q.850';
    const cause = Number(v[2]);
    if (proto === 'SIP' ? isSip(cause) : isQ850(cause)) reasons.push({ proto, cause, text: v[3] });
  }
  return { reasons, end };
}

class SipTraceReader {
  private current?: SipMessage;
  readonly out: Positioned[] = [];

  /** Reads one line; returns it with what it consumed blanked. Linear in the line's length. */
  read(line: string, lineNo: number): string {
    const excerpt = excerptOf(line);
    const events: SipEvent[] = [];
    for (const m of line.matchAll(SIP_STATUS)) {
      const code = Number(m[1]);
      if (!isSip(code)) continue;
      let phrase = m[2] ?? '';
      const cut = NEXT_HEADER.exec(phrase);
      if (cut) phrase = phrase.slice(0, cut.index);
      events.push({
        at: m.index!,
        end: m.index! + m[0].length,
        msg: { kind: 'response', excerpt, code, phrase: phrase.trim(), line: lineNo, col: m.index! },
      });
    }
    for (const m of line.matchAll(SIP_REQUEST)) {
      events.push({ at: m.index!, end: m.index! + m[0].length, msg: { kind: 'request', excerpt, line: lineNo, col: m.index! } });
    }
    for (const m of line.matchAll(REASON_HEADER)) {
      const { reasons, end } = readReasons(line, m.index! + m[0].length);
      if (reasons.length) events.push({ at: m.index!, end, reason: reasons });
    }
    if (events.length === 0) return line;
    events.sort((a, b) => a.at - b.at);
    const parts: string[] = [];
    let last = 0;
    for (const e of events) {
      if (e.at >= last) {
        parts.push(line.slice(last, e.at), ' '.repeat(e.end - e.at));
        last = e.end;
      }
      if (e.msg) {
        this.flush();
        this.current = e.msg;
      } else if (e.reason && this.current) {
        for (const r of e.reason) {
          if (r.proto === 'Q.850') this.current.q850 ??= r.cause;
          else this.current.sipCause ??= r.cause;
          this.current.reasonText ??= r.text;
        }
      } else if (e.reason) {
        // A Reason header with no start line before it (a pasted header alone).
        for (const r of e.reason) {
          this.out.push({
            msCode: null,
            sipCode: r.proto === 'SIP' ? r.cause : null,
            q850Cause: r.proto === 'Q.850' ? r.cause : null,
            phrase: r.text,
            format: 'sip',
            line: lineNo,
            col: e.at,
            excerpt,
          });
        }
      }
    }
    parts.push(line.slice(last));
    return parts.join('');
  }

  flush() {
    const m = this.current;
    this.current = undefined;
    if (!m) return;
    if (m.kind === 'response' && m.code !== undefined && m.code >= 300) {
      this.out.push({ msCode: null, sipCode: m.code, q850Cause: m.q850 ?? null, phrase: [m.phrase, m.reasonText].filter(Boolean).join('; ') || undefined, format: 'sip', line: m.line, col: m.col, excerpt: m.excerpt });
    } else if (m.kind === 'request' && ((m.q850 !== undefined && m.q850 !== 16) || (m.sipCause !== undefined && m.sipCause >= 300))) {
      // A BYE or CANCEL that says why (normal clearing, cause 16, is not worth a finding).
      this.out.push({
        msCode: null,
        sipCode: m.sipCause !== undefined && m.sipCause >= 300 ? m.sipCause : null,
        q850Cause: m.q850 !== undefined && m.q850 !== 16 ? m.q850 : null,
        phrase: m.reasonText,
        format: 'sip',
        line: m.line,
        col: m.col,
        excerpt: m.excerpt,
      });
    }
  }
}

// --- key=value, console objects, natural language ----------------------------------------------

type Slot = 'ms' | 'sip' | 'q850' | 'phrase';

// Order matters: the more specific names come first in the alternation.
const KEY_SOURCE = [
  // Microsoft codes
  String.raw`(?<ms>call[ _]?end[ _]?sub[ _]?reason|participant[ _]?end[ _]?sub[ _]?(?:code|reason)|final[ _]?microsoft[ _]?sub[ _]?code|microsoft[ _]?(?:response[ _]?)?(?:sub[ _]?)?code|ms[ _]?(?:response[ _]?)?code|result[ _]?sub[ _]?code|_?sub[ _-]?code|sub[ _]?reason)`,
  // Q.850
  String.raw`(?<q850>q\.?[ ]?850[ _]?(?:cause|code)?|cause)`,
  // SIP codes
  String.raw`(?<sip>call[ _]?end[ _]?reason|participant[ _]?end[ _]?reason|final[ _]?sip[ _]?code|sip[ _]?(?:response[ _]?|status[ _]?)?(?:code)?|status[ _]?code|response[ _]?code|_?code)`,
].join('|');
const KEY_VALUE = new RegExp(
  String.raw`(?<![A-Za-z0-9])["']?(?:${KEY_SOURCE})["']?[ \t]{0,8}(?:(?:[:=]>?|\bis\b|\bof\b|\bwas\b)[ \t]{0,8})?["'*]{0,2}(?<value>\d{1,9}(?!\d)|undefined|null|none)(?![.:]\d)`,
  'gi',
);
const PHRASE_VALUE = /(?<![A-Za-z0-9])["']?(?:final[ _]?sip[ _]?(?:code[ _]?)?phrase|reason[ _]?phrase|_?message|phrase)["']?[ \t]{0,8}[:=][ \t]{0,8}(["'])([^"'\n]{1,300})\1/gi;
const HAS_KEY_HINT = /code|reason|cause|850|phrase|message/i;
const REASON_QUICK = /reason[ \t]*:/i;

const DIAG_CODE = /(?:diag[ _]?code[ \t]{0,8}[:=]?[ \t]{0,8})?(?<![\w.#])([1-6]\d\d)#(\d{1,7})(?:\.@)?(?![\w#])/gi;

interface Token {
  slot: Slot;
  /** null: the key was present but said "no value" (`subCode: undefined`). */
  value: number | string | null;
  line: number;
  col: number;
  /** Offset in the whole text, for grouping tokens that belong to one object. */
  at: number;
  format: MentionFormat;
  excerpt: string;
}

/** Keys whose numbers are never codes (masked before bare numbers are read). */
const NOT_CODES =
  /(?<![A-Za-z0-9])(?:(?:hresult|cseq|content-length|max-forwards|expires|session-expires|min-se|ttl|pid|tid|seq|id|x-ms-[\w-]+)["']?[ \t]{0,8}[:=]|(?:r?port|duration(?:[ _]?(?:seconds|ms))?|seconds|length|size|bytes|line|count)["']?[ \t]{0,8}[:=]?)[ \t]{0,8}["']?-?\d+/gi;
/** Phone numbers, SIP URIs, GUIDs, hex: digits that are never codes. */
const NOISE = /\+\d{7,15}(?!\d)|\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,3}(?![\d])|\btel:[^\s;>",]+|\bsips?:[^\s;>",]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b0x[0-9a-f]+|\(\d{3}\)[ ]?\d{3}-\d{4}/gi;

// --- bare numbers ------------------------------------------------------------------------------

interface NumberToken {
  value: number;
  digits: number;
  start: number;
  end: number;
}

const code = (s: string, i: number) => (i >= 0 && i < s.length ? s.charCodeAt(i) : -1);
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isWordCode = (c: number) => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** Characters that glue a number to what precedes it: +1, #3, =5, @, $, %, \, &. */
const GLUE_BEFORE = new Set([...'+#=@$%\\&'].map((c) => c.charCodeAt(0)));
/** Characters that join numbers into one thing (a decimal, a time, a date) when a digit or word follows. */
const JOINERS = new Set([...'.:-'].map((c) => c.charCodeAt(0)));
const PERCENT = 37;
const HASH = 35;

/** Digit runs that stand alone: not part of a word, a decimal, a time, a date, a version or a phone number. */
function bareNumbers(line: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (let i = 0; i < line.length; i++) {
    if (!isDigitCode(line.charCodeAt(i))) continue;
    const start = i;
    while (i < line.length && isDigitCode(line.charCodeAt(i))) i++;
    const end = i;
    if (end - start > 9) continue;
    const b1 = code(line, start - 1);
    const b2 = code(line, start - 2);
    const a1 = code(line, end);
    const a2 = code(line, end + 1);
    if (isWordCode(b1) || isWordCode(a1) || GLUE_BEFORE.has(b1)) continue;
    if (JOINERS.has(b1) && isWordCode(b2)) continue;
    if (JOINERS.has(a1) && isDigitCode(a2)) continue;
    if (a1 === PERCENT || a1 === HASH) continue;
    out.push({ value: Number(line.slice(start, end)), digits: end - start, start, end });
  }
  return out;
}

/**
 * A quick test for log lines: can the line hold a Microsoft code standing alone (4 to 9 digits
 * between separators)? Lines without one cannot give a bare-number mention outside a question.
 */
const MS_CANDIDATE = /(?:^|[\s,;|/[\]{}()"'])\d{4,9}(?=$|[\s,;|/[\]{}()"'.])/;

/** What separates two numbers of one pair: "510559 403", "403/510559", "403, 510559", "403 | 510559". */
const PAIR_GAP = /^[ \t]*(?:[/,;|\t][ \t]*)?$/;
/** Natural language between the two: "403 with subcode 510559" is handled by keys; "403 and 510559" is not a pair. */

/** The text after a pair: a reason phrase when one follows ("510559 403 No viable path"). */
function phraseAfter(line: string, end: number): string | undefined {
  let rest = line.slice(end, end + 400);
  const delimiter = rest[0] === ',' || rest[0] === '\t' || rest[0] === ';' || rest[0] === '|' ? rest[0] : undefined;
  rest = rest.replace(/^[\s,;|\t:-]+/, '');
  if (delimiter) {
    const cut = rest.indexOf(delimiter);
    if (cut >= 0) rest = rest.slice(0, cut);
  }
  rest = rest.replace(/^"|"$/g, '').trim();
  return /[A-Za-z]{3}/.test(rest) ? rest.slice(0, 300) : undefined;
}

// --- the whole text ----------------------------------------------------------------------------

function lineStarts(text: string, limit: number): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && starts.length <= limit; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function extractMentions(raw: string, options: ExtractOptions): Extraction {
  const text = normalizeText(raw);
  const trimmed = text.trim();
  const starts = lineStarts(text, MAX_LINES);
  const totalLines = text === '' ? 0 : countLines(text, starts);
  const linesRead = Math.min(totalLines, MAX_LINES);
  const truncated = totalLines > MAX_LINES;
  const base = { lines: totalLines, linesRead, truncated };

  // A whole JSON document (a Graph record, an SDK error object, an array of rows).
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length < 50_000_000) {
    const json = tryParseJson(trimmed);
    if (json.ok) return { ...base, linesRead: totalLines, truncated: false, mentions: mentionsFromJson(json.value, 1) };
  }

  const csv = readCsvReport(text, starts, linesRead);
  if (csv) return { ...base, mentions: csv.mentions, csvRows: csv.rows };

  const query = text.length <= QUERY_MAX_CHARS && totalLines <= QUERY_MAX_LINES;
  const sip = new SipTraceReader();
  const found: Positioned[] = [];
  const tokens: Token[] = [];

  for (let i = 0; i < linesRead; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : text.length;
    let line = text.slice(start, end);
    const lineNo = i + 1;
    if (!/\d/.test(line)) continue;
    const excerpt = excerptOf(line);

    // A JSON line (NDJSON logs, one record per line).
    const t = line.trim();
    if (t.length > 1 && t[0] === '{' && t[t.length - 1] === '}') {
      const json = tryParseJson(t);
      if (json.ok) {
        for (const m of mentionsFromJson(json.value, lineNo)) found.push(Object.assign(m, { col: 0, excerpt }));
        continue;
      }
    }

    if (line.includes('SIP/2.0') || REASON_QUICK.test(line)) line = sip.read(line, lineNo);

    if (line.includes('#')) {
      line = line.replace(DIAG_CODE, (s, sipCode: string, ms: string, offset: number) => {
        found.push({ msCode: Number(ms), sipCode: Number(sipCode), q850Cause: null, format: 'diag-code', line: lineNo, col: offset, excerpt });
        return ' '.repeat(s.length);
      });
    }

    if (HAS_KEY_HINT.test(line)) {
      line = line.replace(PHRASE_VALUE, (s, _q: string, phrase: string, offset: number) => {
        tokens.push({ slot: 'phrase', value: phrase, line: lineNo, col: offset, at: start + offset, format: 'key-value', excerpt });
        return ' '.repeat(s.length);
      });
      line = line.replace(KEY_VALUE, (...args) => {
        const s = args[0] as string;
        const offset = args[args.length - 3] as number;
        const groups = args[args.length - 1] as Record<string, string | undefined>;
        const slot: Slot = groups.ms !== undefined ? 'ms' : groups.q850 !== undefined ? 'q850' : 'sip';
        const key = (groups.ms ?? groups.q850 ?? groups.sip)!.toLowerCase();
        // "code" alone in prose needs a separator ("code: 403") outside a question.
        if (key.replace(/[_\s]/g, '') === 'code' && !/[:=]/.test(s) && !query) return s;
        const value = codeFromJsonValue(groups.value) ?? null;
        tokens.push({ slot: reslot(slot, value), value, line: lineNo, col: offset, at: start + offset, format: 'key-value', excerpt });
        return ' '.repeat(s.length);
      });
    }
    if (query || MS_CANDIDATE.test(line)) {
      line = line.replace(NOISE, (s) => ' '.repeat(s.length)).replace(NOT_CODES, (s) => ' '.repeat(s.length));
      for (const m of readBareNumbers(line, lineNo, query, options)) {
        m.excerpt = excerpt;
        found.push(m);
      }
    }
  }
  sip.flush();
  found.push(...sip.out, ...groupTokens(tokens, query));
  found.sort((a, b) => a.line - b.line || a.col - b.col);
  // Positioned mentions are mentions (the column only served the sort).
  return { ...base, mentions: found };
}

function countLines(text: string, starts: number[]): number {
  if (starts.length <= MAX_LINES) return text.endsWith('\n') ? starts.length - 1 : starts.length;
  let n = starts.length;
  for (let i = text.indexOf('\n', starts[starts.length - 1]!); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A value under a SIP key that cannot be a SIP code is a Microsoft code ("code 510559"), and back. */
function reslot(slot: Slot, value: number | string | null): Slot {
  if (typeof value !== 'number') return slot;
  if (slot === 'sip' && value >= 1000) return 'ms';
  return slot;
}

/**
 * Groups key tokens into mentions: tokens close together (one object, one log line) form one
 * mention until a slot repeats. `subCode: undefined` fills the slot with "none".
 */
function groupTokens(tokens: Token[], query: boolean): Positioned[] {
  const out: Positioned[] = [];
  let group: Partial<Record<Slot, Token>> = {};
  let first: Token | undefined;
  const flush = () => {
    if (!first) return;
    const num = (t?: Token) => (t && typeof t.value === 'number' ? t.value : null);
    const ms = num(group.ms);
    let sipCode = num(group.sip);
    const q850 = num(group.q850);
    if (sipCode !== null && sipCode !== 0 && !isSip(sipCode)) sipCode = null;
    // In a log, a successful call (2xx, no Microsoft failure code) is not a finding.
    const success = !query && sipCode !== null && sipCode >= 100 && sipCode < 300 && !ms;
    if (!success && (ms !== null || sipCode !== null || (q850 !== null && isQ850(q850)))) {
      out.push({
        msCode: ms,
        sipCode,
        q850Cause: q850 !== null && isQ850(q850) ? q850 : null,
        phrase: typeof group.phrase?.value === 'string' ? group.phrase.value : undefined,
        format: first.format,
        line: first.line,
        col: first.col,
        excerpt: first.excerpt,
      });
    }
    group = {};
    first = undefined;
  };
  for (const t of tokens.sort((a, b) => a.at - b.at)) {
    if (first && (group[t.slot] || t.at - first.at > 400 || t.line - first.line > 8)) flush();
    first ??= t;
    group[t.slot] = t;
  }
  flush();
  return out;
}

function readBareNumbers(line: string, lineNo: number, query: boolean, options: ExtractOptions): Positioned[] {
  const nums = bareNumbers(line);
  const out: Positioned[] = [];
  const isMs = (n: NumberToken) => n.digits >= 4 && !(looksLikeYear(n.value, n.digits) && !options.isKnownMsCode(n.value));
  for (let k = 0; k < nums.length; k++) {
    const a = nums[k]!;
    const b = nums[k + 1];
    if (b && PAIR_GAP.test(line.slice(a.end, b.start))) {
      const sipFirst = isSip(a.value) && a.digits === 3;
      const sipSecond = isSip(b.value) && b.digits === 3;
      const ms = sipFirst && !sipSecond ? b : !sipFirst && sipSecond ? a : undefined;
      const sipTok = ms === a ? b : a;
      if (ms && (isMs(ms) || (ms.value === 0 && options.isKnownPair(0, sipTok.value)))) {
        const trusted = query || options.isKnownMsCode(ms.value) || hasTellingPrefix(ms.value) || ms.digits === 6;
        const success = sipTok.value < 300 && ms.value === 0;
        if (trusted && !(success && !query)) {
          out.push({ msCode: ms.value, sipCode: sipTok.value, q850Cause: null, phrase: phraseAfter(line, b.end), format: 'pair', line: lineNo, col: a.start });
          k++;
          continue;
        }
      }
    }
    if (isSip(a.value) && a.digits === 3) {
      if (query) out.push({ msCode: null, sipCode: a.value, q850Cause: null, phrase: phraseAfter(line, a.end), format: 'single', line: lineNo, col: a.start });
      continue;
    }
    if (!isMs(a)) continue;
    const known = options.isKnownMsCode(a.value);
    // A lone number is a code when the KB knows it, when its shape says so (560xxx), or when
    // a question holds a 5- to 7-digit number; a lone 4-digit number (a port, a count) is not.
    if ((known && (query || a.digits >= 5)) || hasTellingPrefix(a.value) || (query && a.digits >= 5 && a.digits <= 7)) {
      out.push({ msCode: a.value, sipCode: null, q850Cause: null, phrase: phraseAfter(line, a.end), format: 'single', line: lineNo, col: a.start });
    }
  }
  return out;
}
