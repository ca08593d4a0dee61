// key=value and console forms: CallEndReason=403 CallEndSubReason=510559, subCode: 510559,
// "code": 403, `Final SIP Code “487”, Final Microsoft subcode “540200”`, code `410` and subCode `3101`,
// `code === 410 && subCode === 3112`, `switch (callEndReason.subCode) { case 10037: ...`, vertical
// markdown tables (`| subcode | 40235 |`), the keys of Microsoft's translated pages ("Code de
// réponse Microsoft : 549002", "Código de resposta SIP: 408", "Microsoft-Antwortcode",
// "Microsoft 応答コードが 560403"), and SIP codes named in words
// (sip-status.ts: "403 Forbidden", "SIP error 488"). Keys close together (one object, one log
// line, one list of a page) form one mention.
import { codeFromJsonValue } from './json';
import { blankPacketLengths, codeOverPhrase, listed, listHeading, SIP_STATUS_HINT, sipStatuses, type SipStatus } from './sip-status';
import { asksAboutOneCode, blank, isQ850, isSip, LOG_LINE_START, namedAbove, namesDiameter, quotedResult } from './text';
import type { LineAt, LineReaderKind, Positioned, ReadOptions } from './types';
import type { MentionFormat } from '../types';

type Slot = 'ms' | 'sip' | 'q850' | 'phrase';

/** Quotes people put around keys and values: straight, curly, backticks, guillemets, corner brackets (「487」). */
const Q = `"'\`\u201c\u201d\u2018\u2019\u00ab\u00bb\u300c\u300d`;
/** Blanks inside a key's gap, with the no-break spaces of French typography. */
const SP = String.raw`[ \t\u00a0\u202f]`;

/** Words of Microsoft's translated pages: "response" (fr, es, pt, it) and its connectors. */
const RESPONSE_OF = String.raw`(?:code|c[oó]digo|codice)[ ]d[eia][ ](?:r[ée]ponse|respuesta|resposta|risposta)[ ]`;

// Order matters: the more specific names come first in the alternation.
const KEY_SOURCE = [
  // Microsoft codes
  String.raw`(?<ms>call[ _]?end[ _]?(?:sub[ _]?reason|reason[ _]?sub[ _]?code)|call[ _]?controller[ _]?sub[ _]?code|participant[ _]?end[ _]?sub[ _]?(?:code|reason)|final[ _]?microsoft[ _]?sub[ _]?code|microsoft[ _-]?(?:(?:response|antwort|antwoord|respons)[ _-]?)?(?:sub[ _-]?)?code|ms[ _]?(?:response[ _]?)?code|result[ _]?sub[ _]?code|${RESPONSE_OF}(?:d[eai][ ])?microsoft|(?:sous[ -]?code|subc[oó]digo|sottocodice|untercode)(?:[ ](?:final|finale|de|da|di|du|microsoft)){0,3}|microsoft[ ]?(?:の[ ]?)?(?:応答コード|サブコード)|サブコード|(?:microsoft[ ]?)?子代[碼码]|_?sub[ _-]?code|sub[ _]?reason)`,
  // Q.850 (MRCP's Completion-Cause is a speech recognizer's, not the network's)
  String.raw`(?<q850>q\.?[ ]?850[ _]?(?:cause|code)?|(?<!completion-)cause|ursache)`,
  // SIP codes
  String.raw`(?<sip>call[ _]?end[ _]?reason(?:[ _]?code)?|call[ _]?controller[ _]?code|participant[ _]?end[ _]?reason|final[ _]?sip[ _]?code|${RESPONSE_OF}sip|(?:code|c[oó]digo|codice)[ ]sip(?:[ ](?:final|finale))?|sip[ ]?応答コード|sip[ ]?(?:回應|响应)?[ ]?代[碼码]|(?:回應|回应|响应|響應)[ ]?碼|(?:回應|回应|响应|響應)[ ]?码|sip[ _]?term[ _]?status|(?:last[ _]bridge[ _])?proto[ _]specific[ _]hangup[ _]cause[ \t]{0,4}[:=][ \t]{0,4}sip|sip[ _-]?(?:(?:response|status|antwort|antwoord|respons)[ _-]?)?(?:code)?|status[ _]?code|response[ _]?code|result[ _]?code|_?code)`,
].join('|');
/** What stands between a key and its value: a colon (also full-width), `=`, `==`, `===`, `=>`, an arrow (`Code:->400`), a table cell's bar, "is", a Japanese particle. */
const SEPARATOR = String.raw`(?:(?::?-{1,2}>|={1,3}>?|[:：|]|\bis\b|\bof\b|\bwas\b|が|は)${SP}{0,8})?`;
/**
 * A value is digits or "no value", never a SIP URI's user part ("sip:1111@host",
 * "sip:185060_prod@host"), a date
 * ("SIP: [1970-01-01/00:06:02]" of an ESP-IDF log), a process number before its id (Kamailio's
 * "cause: 85(1916510) ERROR:", the words before a log line) nor digits with a
 * leading zero (a dialled number: "sip:00493...@"). A key may be
 * quoted with escaped quotes, as JSON written inside a program's string (`"\\"code\\": 400,"`,
 * or .NET's `\u0022code\u0022:400`).
 */
const KEY_QUOTE = String.raw`(?:\\u0022|\\?[${Q}])?`;
export const KEY_VALUE = new RegExp(
  String.raw`(?<![A-Za-z0-9])${KEY_QUOTE}(?:${KEY_SOURCE})${KEY_QUOTE}${SP}{0,64}${SEPARATOR}(?:\\u0022|\\?[${Q}*([]){0,2}${SP}{0,2}(?<value>(?:0|[1-9]\d{0,8})(?!\d)|undefined|null|none)(?![.:]\d|-\d\d-\d\d|\(\d|@|[_A-Za-z][\w.-]{0,64}@|[xX]{2}|[xX][0-9a-fA-F]|${SP}{0,2}(?:で始ま|から始ま))`,
  'gi',
);
export const PHRASE_VALUE = /(?<![A-Za-z0-9])["']?(?:final[ _]?sip[ _]?(?:code[ _]?)?phrase|reason[ _]?phrase|_?message|phrase)["']?[ \t]{0,8}[:=][ \t]{0,8}(["'])([^"'\n]{1,300})\1/gi;
/** A word every key holds (and the phrase keys' words): where a key can be. Measured cheaper ignoring case than as case-sensitive alternatives. */
const HAS_KEY_HINT = /code|reason|cause|850|phrase|message|status|sip|digo|odice|ursache|コード|代碼|代码|應碼|应码|應码|应碼/i;
const KEY_ANCHOR = new RegExp(HAS_KEY_HINT.source, 'gi');
/**
 * How far before its first hint word a key can start ("last_bridge_proto_specific_hangup_cause",
 * with a quote): the key scan starts there, not at the start of the line.
 */
const MAX_KEY_LEAD = 48;

/**
 * The line with `onKey` applied to every KEY_VALUE match, as String.replace would, scanning only
 * from where a key can start: a log line's timestamp and ids before its first hint word are skipped.
 */
export function replaceKeyValues(text: string, onKey: (m: RegExpExecArray, text: string) => string): string {
  let out = '';
  let from = 0;
  KEY_ANCHOR.lastIndex = 0;
  for (let anchor = KEY_ANCHOR.exec(text); anchor; anchor = KEY_ANCHOR.exec(text)) {
    KEY_VALUE.lastIndex = Math.max(from, anchor.index - MAX_KEY_LEAD);
    const m = KEY_VALUE.exec(text);
    if (!m) break;
    out += text.slice(from, m.index) + onKey(m, text);
    from = m.index + m[0].length;
    KEY_ANCHOR.lastIndex = from;
  }
  return from === 0 ? text : out + text.slice(from);
}
/** A PJSIP / pjlib error constant in brackets: "(PJSIP_EUNSUPTRANSPORT)", "(PJ_ETIMEDOUT)". */
const PJ_ERROR = /\(PJ(?:SIP|MEDIA|NATH|LIB)?_E[A-Z_]{2,40}\)/;
/** How many lines around a status PJSIP's error constant may be (its Error object: Title, Code, Description). */
const PJ_ERROR_LINES = 2;

/** Whether the line, or one of the lines around it, names a PJSIP error constant. */
function namesPjError(line: string, at: LineAt): boolean {
  if (PJ_ERROR.test(line)) return true;
  for (let n = 1; n <= PJ_ERROR_LINES; n++) {
    const before = at.lineBefore(n);
    const after = at.lineAfter(n);
    if ((before !== undefined && PJ_ERROR.test(before)) || (after !== undefined && PJ_ERROR.test(after))) return true;
  }
  return false;
}

/** A whole number of a program error's size. */
const NUMBER = /(?<!\d)\d{4,9}(?!\d)/g;
/** An NSError's domain right before its code: "Error Domain=TwilioServicesErrorDomain ". */
const ERROR_DOMAIN_BEFORE = /Error Domain=[\w.-]{1,80}[ \t]{1,3}$/;
/**
 * pjlib's status after its error text, "Connection refused [code=120061]": pjlib numbers its own
 * statuses from 70000, the system's errors from 120000 and PJSIP's from 170000.
 */
const PJ_STATUS_BRACKET = /^\[code=\d{5,6}\]/;
const PJ_STATUS_FIRST = 70_000;
const PJ_STATUS_END = 180_000;
/** An error enum's name in brackets right after a value: "code=1007(SocketRead)". */
const ERROR_NAME_AFTER = /^\([A-Z][A-Za-z]{2,40}\)/;

/**
 * A keyed number of four digits or more that is a program's own error number, no code of
 * Microsoft's or SIP's: one the line also calls "Unknown error N" (pjlib's strerror of
 * "[code=494258]"), or, where no table lists it, one named by its enum right after it ("err
 * code=1007(SocketRead)"), a PJSIP status beside the error constant its lines name ("Code:
 * 171060" beside "(PJSIP_EUNSUPTRANSPORT)"), or the code of a JSON:API error object, whose
 * "title" follows it (a CPaaS REST API's `{"code": "90018", "title": "Call has already ended"}`),
 * a Diameter result code ("Result-Code: 5001" beside DIAMETER_ERROR_USER_UNKNOWN), a Microsoft
 * sign-in page's error ("Error Code: 50196" over its "Request Id:", an AADSTS number), or the code of
 * an Apple SDK's error, which its domain numbers (`Error Domain=com.twilio.voice.error
 * Code=20151 "Twilio Error 20151"`).
 */
function isProgramError(value: number, key: string, line: string, start: number, end: number, at: LineAt, checks: LineChecks, options: ReadOptions): boolean {
  if (checks.unknownErrors().has(value)) return true;
  if (value < 6000 && checks.namesDiameter()) return true;
  if (checks.signInError()) return true;
  if (options.isKnownMsCode(value)) return false;
  if (key === 'code' && (ERROR_NAME_AFTER.test(line.slice(end, end + 48)) || JSON_API_TITLE.test(line.slice(end, end + 40)) || checks.titleNext())) return true;
  if (key === 'code' && ERROR_DOMAIN_BEFORE.test(line.slice(Math.max(0, start - 120), start))) return true;
  if (key === 'code' && value >= PJ_STATUS_FIRST && value < PJ_STATUS_END && PJ_STATUS_BRACKET.test(line.slice(Math.max(0, start - 1), end + 1))) return true;
  return checks.namesPjError();
}
/** The numbers a line calls "Unknown error N". */
const UNKNOWN_ERROR = /nknown error (\d{1,12})/g;
/** What a line says of every value on it, found once per line (a line may hold thousands of values). */
interface LineChecks {
  unknownErrors: () => ReadonlySet<number>;
  namesPjError: () => boolean;
  /** Whether the line or the one before names Diameter (its result codes are no Microsoft codes). */
  namesDiameter: () => boolean;
  /** Whether the line is a Microsoft sign-in page's error (AADSTS, or its Request Id on the next line). */
  signInError: () => boolean;
  /** Whether the next line starts with a JSON:API error object's title (the value ended this one). */
  titleNext: () => boolean;
}
function lineChecks(line: string, at: LineAt): LineChecks {
  let unknown: Set<number> | undefined;
  let pj: boolean | undefined;
  let title: boolean | undefined;
  let diameter: boolean | undefined;
  let signIn: boolean | undefined;
  return {
    unknownErrors: () => (unknown ??= new Set(Array.from(line.matchAll(UNKNOWN_ERROR), (m) => Number(m[1])))),
    namesPjError: () => (pj ??= namesPjError(line, at)),
    namesDiameter: () => (diameter ??= namesDiameter(line, at)),
    signInError: () => (signIn ??= line.includes('AADSTS') || SIGN_IN_ID.test(at.lineAfter(1)?.slice(0, 40) ?? '')),
    titleNext: () => (title ??= JSON_API_TITLE.test(at.lineAfter(1)?.slice(0, 40) ?? '')),
  };
}
/** The line after a sign-in page's "Error Code: 50196": its "Request Id:" or "Correlation Id:". */
const SIGN_IN_ID = /^[ \t]{0,8}(?:Request|Correlation)[ ]?Id[ \t]{0,4}:/i;
/** A JSON:API error object's title key. */
const JSON_API_TITLE = /^[",\s]{0,8}"title"[ \t]{0,4}:/;
/** A separator that makes "code" a record's key: "code: 403", "code=403", "| code | 403 |". */
const RECORD_SEPARATOR = /[:=|：]/;
/** A line that starts with a number (hard-wrapped prose may have cut it from its words). */
const STARTS_WITH_NUMBER = /^[ \t]{0,4}[("'`\u201c]{0,2}\d/;
/** A subcode key on the line. */
const SUBCODE_KEY = /sub[ _-]?code/i;
/** A subcode key and its value right after a value ("code 0   subCode 5003"). */
const SUBCODE_NEXT = /^[ \t,;]{1,12}sub[ _-]?code[ \t:=]{1,4}\d/i;
/** A code and its subcode written "code/subcode" after a subcode key ("subcode 0/5003"): the value read is the code. */
const SUBCODE_AFTER_SLASH = /^[ \t]{0,2}\/[ \t]{0,2}(\d{4,9})(?!\d)/;
/** "HTTP" just before a status key ("HTTP status code of 403", "HTTP response code: 404"). */
const HTTP_BEFORE = /(?:^|[^A-Za-z])HTTPS?[ \t]{1,2}$/i;
/** "Unexpected" before a response key: a WebSocket handshake's HTTP status ("Unexpected response code: 403"). */
const HANDSHAKE_BEFORE = /(?:^|[^A-Za-z])Unexpected[ \t]{1,2}(?:server[ \t]{1,2})?$/i;
/** A key of the Microsoft code: "subcode", "Microsoft response code", "Microsoft code". */
const MS_KEY = /sub[ _-]?code|microsoft[ \t]{1,2}(?:response[ \t]{1,2})?(?:sub)?code/i;
/**
 * A SIP code right before the Microsoft code's key, with at most a dash, comma, slash, plus or
 * bracket, or "with", between: "401 - Subcode 8565", "503 + Microsoft response code 540998".
 */
const CODE_BEFORE_MS_KEY = new RegExp(String.raw`(?<![\w.])([3-6]\d\d)[ \t]{0,3}(?:(?:[-\u2013\u2014,(/+]|with)[ \t]{0,3})?(?=${MS_KEY.source})`, 'gi');
/** The subcode 0 after a keyed SIP code and a slash ("CallEndReason: 487/0", the Calling SDK's code / subCode). */
const ZERO_SUBCODE_AFTER = /^[ \t]{0,2}\/[ \t]{0,2}0(?![\d.,:])/;
/**
 * A SIP word on the line: a "cause" beyond Q.850's range is the SIP cause ("chan_pjsip_hangup:
 * Cause: 488", a Fritz!Box's "Internettelefonie ... nicht erfolgreich. Ursache: (408)", "Anmeldung der
 * Internetrufnummer ... Gegenstelle meldet Ursache 500": the number's registration, the far end).
 */
const SIP_WORD = /sip|voip|internettelefonie|internetrufnummer|gegenstelle/i;
/**
 * A bare "status" is a SIP code only on a SIP line, as a record's value or after "with":
 * "SIP registration failed, status=403 (Device not whitelisted)", "response to reINVITE with
 * status 477", a SIP server's JSON log field (`"status": 486, "reason": "flood"`). Elsewhere it is
 * an HTTP status or a state, and so is it on a line that names the SIP status apart ("sip status
 * 491: 491, status=500": the API's HTTP status).
 */
const STATUS_VALUE = /(?<![A-Za-z0-9_])(?:with[ \t]{1,3}(?:a[ \t]{1,3})?status[ \t]{1,3}|["']?status["']?[ \t]{0,3}[:=：][ \t]{0,3}["']?)(?<value>[3-6]\d\d)(?![\d.:])/gi;
const SIP_LINE = /sip|invite|register|subscribe|notify|prack|\bbye\b|\brefer\b/i;
const SIP_STATUS_NAMED = /\bsip[ _-]?status\b/i;
/**
 * Source code that branches on a code: `switch (endedCall?.callEndReason?.subCode) {` then
 * `case 10037:`. The last name the switch tests is the key of the case values below it.
 */
const SWITCH_ON = /\bswitch[ \t]{0,3}\(([^()\n]{1,160})\)/;
const KEY_NAME = new RegExp(`^(?:${KEY_SOURCE})$`, 'i');
/** A case line, also as a diff shows it ("+    case 10037:"). */
const CASE_VALUE = /^[+ \t]{0,40}case[ \t]{1,3}(\d{1,9})[ \t]{0,3}:/;
/** How many lines a switch's cases may run on. */
const MAX_SWITCH_LINES = 80;

const isNameChar = (c: string) => /\w/.test(c);

/** The last name of an expression: "endedCall?.callEndReason?.subCode" -> "subCode", "e['code']" -> "code". */
function lastName(expression: string): string {
  let end = expression.length;
  while (end > 0 && "?!)]'\" \t".includes(expression[end - 1]!)) end--;
  let start = end;
  while (start > 0 && end - start < 64 && isNameChar(expression[start - 1]!)) start--;
  return expression.slice(start, end);
}

/** Call Automation's result of an event, whose subcode 0 is a completed action ("resultInformation": {"code": 200, "subCode": 0}). */
const RESULT_INFORMATION = /resultInformation/i;
/** How many lines above a subcode its "resultInformation" key may be (pretty-printed: the key, the code, the subcode). */
const RESULT_KEY_LINES = 3;

const inResultInformation = (line: string, at: LineAt): boolean => RESULT_INFORMATION.test(line) || namedAbove(at, RESULT_INFORMATION, RESULT_KEY_LINES);

/** The slot a key of KEY_SOURCE names, by the group it matched. */
const slotOf = (groups: Record<string, string | undefined>): Slot => (groups.ms !== undefined ? 'ms' : groups.q850 !== undefined ? 'q850' : 'sip');

/** The slot a `switch` on this line branches on, or undefined. */
function switchSlot(line: string): Slot | undefined {
  const m = line.includes('switch') ? SWITCH_ON.exec(line) : null;
  const key = m ? KEY_NAME.exec(lastName(m[1]!)) : null;
  return key?.groups ? slotOf(key.groups) : undefined;
}

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
  query: boolean;
  /** A question about this one code ("what is SIP 183?"): even a success is answered. */
  alone: boolean;
  /** Call Automation's ResultSubcode: the outcome of an action. */
  action?: boolean;
  /** A SIP code named in words (sip-status.ts), not under a key. */
  words?: boolean;
  /** An HTTP response's status line. */
  http?: true;
  /** On a line that starts a log record (a timestamp, a level): keys of the lines before are another record's. */
  record?: true;
  /** How many lines right above this one are one object's fields, as this line is (see fieldsAbove). */
  fieldsAbove?: number;
}

/** A value under a SIP key that cannot be a SIP code is a Microsoft code ("code 510559"). */
function reslot(slot: Slot, value: number | string | null): Slot {
  if (typeof value !== 'number') return slot;
  if (slot === 'sip' && value >= 1000) return 'ms';
  return slot;
}

/** How many lines apart two keys of one record may be (a blank line between a page's list items). */
const MAX_LINES_APART = 3;
/**
 * A line of an object's fields, one per line: a console's object dump (`statusCode:403`), a
 * PowerShell list (`Code : 403`), YAML. A name, a colon or `=`, a value.
 */
const FIELD_LINE = /^[ \t]{0,12}["']?[A-Za-z_][\w.-]{0,40}["']?[ \t]{0,3}[:=][ \t]{0,3}\S/;
/** How far up a run of field lines is followed (a record's fields between its code and its status). */
const MAX_FIELDS = 8;

/**
 * How many lines right above this field line are fields too: keys further apart than
 * MAX_LINES_APART are still one record when only its other fields stand between them (Graph's
 * error dumped as `code:"7505"`, `date:…`, `message:…`, `requestId:…`, `statusCode:403`).
 */
function fieldsAbove(line: string, at: LineAt): number {
  if (!FIELD_LINE.test(line)) return 0;
  let n = 0;
  for (let back = 1; back <= MAX_FIELDS; back++) {
    const above = at.lineBefore(back);
    if (above === undefined || !FIELD_LINE.test(above)) break;
    n = back;
  }
  return n;
}

/**
 * Groups key tokens into mentions: tokens close together (one object, one log line) form one
 * mention until a slot repeats. `subCode: undefined` fills the slot with "none".
 */
function groupTokens(tokens: Token[], out: Positioned[]): void {
  let group: Partial<Record<Slot, Token>> = {};
  let first: Token | undefined;
  const flush = () => {
    if (!first) return;
    const num = (t?: Token) => (t && typeof t.value === 'number' ? t.value : null);
    const ms = num(group.ms);
    let sipCode = num(group.sip);
    const q850 = num(group.q850);
    if (sipCode !== null && sipCode !== 0 && !isSip(sipCode)) sipCode = null;
    // A provisional or successful response (1xx, 2xx) is no failure: not a finding unless a subcode
    // says more, or a question asks about that one code. Call Automation's ResultSubcode 0 with its
    // ResultCode 200 is a completed action ("Action completed successfully"), listed as such.
    const completed = ms === 0 && group.ms?.action === true;
    const success = !(first.query && first.alone) && sipCode !== null && sipCode >= 100 && sipCode < 300 && !ms && !completed;
    if (!success && (ms !== null || sipCode !== null || (q850 !== null && isQ850(q850)))) {
      const m: Positioned = {
        msCode: ms,
        sipCode,
        q850Cause: q850 !== null && isQ850(q850) ? q850 : null,
        phrase: typeof group.phrase?.value === 'string' ? group.phrase.value : undefined,
        format: first.format,
        line: first.line,
        col: first.col,
        excerpt: first.excerpt,
      };
      if (group.sip?.words && ms === null && sipCode !== null) m.inWords = true;
      if (group.sip?.http && ms === null) m.http = true;
      out.push(m);
    }
    group = {};
    first = undefined;
  };
  // Tokens arrive in text order (lines in order, left to right on a line). A key more than a few
  // lines after the last one starts over: a page's title ("SIP response code 408") is not one
  // record with the list below its next heading. So does a key on a new stamped log line: pjsua's
  // "[code=494258]" of a TLS error is not the subcode of "status=503" three log lines on.
  let last: Token | undefined;
  for (const t of tokens) {
    const apart = last ? t.line - last.line : 0;
    if (first && (group[t.slot] || t.at - first.at > 400 || t.line - first.line > 8 || (apart > MAX_LINES_APART && apart > (t.fieldsAbove ?? 0)) || (t.record && t.line !== last!.line))) flush();
    first ??= t;
    group[t.slot] = t;
    last = t;
  }
  flush();
}

/** The text with each of the ranges (in order, not overlapping) blanked, in one pass. */
function blankRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    pieces.push(text.slice(from, start), blank(text.slice(start, end)));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

/** A token for a SIP code read in words, and for the Q.850 cause written with it ("403 / 63 response"). */
function statusTokens(text: string, base: number, at: LineAt, into: Token[], previous = '', wraps = false): string {
  let after: string | undefined;
  const statuses = sipStatuses(text, previous, wraps ? () => (after ??= linesAfter(at)) : undefined);
  if (!statuses.length) return text;
  for (const st of statuses) {
    const col = base + st.start;
    into.push({ slot: 'sip', value: st.code, line: at.line, col, at: at.offset + col, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false, words: true, ...(st.http ? { http: true as const } : {}) });
    if (st.q850 !== undefined) into.push({ slot: 'q850', value: st.q850, line: at.line, col: col + 1, at: at.offset + col + 1, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
  }
  // One pass to blank what was read: a line may hold thousands.
  return blankRanges(text, statuses.map((st) => [st.start, st.end] as const));
}

/** How far into the lines after a reason phrase cut by the line's end may go on. */
const WRAP_LINES = 2;
const WRAP_CHARS = 80;
/** The start of the lines after, as one text (a phrase wrapped on a manual's page: "481 Call" / "Leg/Transaction" / "Does Not Exist"). */
function linesAfter(at: LineAt): string {
  const parts: string[] = [];
  for (let ahead = 1; ahead <= WRAP_LINES; ahead++) {
    const l = at.lineAfter(ahead);
    if (l === undefined) break;
    parts.push(l.slice(0, WRAP_CHARS).trim());
  }
  return parts.join(' ');
}

/** Whether the key at `offset` opens with a quote, or is the end of a longer quoted name (`"dial_sip_status"`). */
function quotedBefore(text: string, offset: number): boolean {
  let i = offset;
  if (Q.includes(text[i]!)) return true;
  for (let n = 0; n < 64 && i > 0 && /[\w.-]/.test(text[i - 1]!); n++) i--;
  return i > 0 && Q.includes(text[i - 1]!);
}

export const keyValue: LineReaderKind = {
  name: 'key-value',
  create: (sink, options) => {
    const tokens: Token[] = [];
    /** The line test() last found a hint word in: read() need not look again. */
    let keyedLine: string | undefined;
    /** The nearest `switch` above the case lines so far (its slot if it branches on a code), and how far back has been read. */
    let nearestSwitch: { line: number; slot: Slot | undefined } | undefined;
    let lookedTo = 0;
    /** The slot of the `switch` above a case line. Each line is looked at once, however many cases follow. */
    const switchAbove = (at: LineAt): Slot | undefined => {
      const from = Math.max(lookedTo, at.line - 1 - MAX_SWITCH_LINES);
      for (let back = 1; at.line - back > from; back++) {
        const above = at.lineBefore(back)!;
        if (above.includes('switch')) {
          nearestSwitch = { line: at.line - back, slot: switchSlot(above) };
          break;
        }
      }
      lookedTo = at.line;
      return nearestSwitch && at.line - nearestSwitch.line <= MAX_SWITCH_LINES ? nearestSwitch.slot : undefined;
    };
    return {
      test: (line) => {
        keyedLine = HAS_KEY_HINT.test(line) ? line : undefined;
        return keyedLine !== undefined || SIP_STATUS_HINT.test(line) || (line.includes('case') && CASE_VALUE.test(line));
      },
      read(line, at) {
        const lineTokens: Token[] = [];
        const alone = asksAboutOneCode(line, at);
        const branch = line.includes('case') ? CASE_VALUE.exec(line) : null;
        const branchSlot = branch ? switchAbove(at) : undefined;
        if (branch && branchSlot) {
          const value = Number(branch[1]);
          const col = branch[0].lastIndexOf(branch[1]!);
          tokens.push({ slot: reslot(branchSlot, value), value, line: at.line, col, at: at.offset + col, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
          return blank(branch[0]) + line.slice(branch[0].length);
        }
        const phrases: Array<{ text: string; col: number }> = [];
        /** Where a subcode written after its code and a slash stands ("subcode 0/5003"): blanked once the keys are read. */
        const slashedSubcodes: Array<[number, number]> = [];
        /** Program errors' numbers: the same number elsewhere on the line is that error too ("Code=20151 \"Twilio Error 20151\""). */
        const programErrors = new Set<number>();
        const listEnds: number[] = [];
        let checks: LineChecks | undefined;
        // Keys only where the line names one; SIP codes in words only where the line can hold one.
        const keyed = line === keyedLine || HAS_KEY_HINT.test(line);
        let out = !keyed ? line : line.replace(PHRASE_VALUE, (s, _q: string, phrase: string, offset: number) => {
          lineTokens.push({ slot: 'phrase', value: phrase, line: at.line, col: offset, at: at.offset + offset, format: 'key-value', excerpt: at.excerpt, query: at.query, alone });
          phrases.push({ text: phrase, col: offset + s.indexOf(phrase) });
          return blank(s);
        });
        // A packet row's length before its "Status: 403" is no code once the status is read.
        if (keyed) out = blankPacketLengths(out);
        if (keyed) out = replaceKeyValues(out, (match, text) => {
          const s = match[0];
          const offset = match.index;
          const end = offset + s.length;
          const groups = match.groups as Record<string, string | undefined>;
          let slot = slotOf(groups);
          const rawKey = (groups.ms ?? groups.q850 ?? groups.sip)!;
          const key = rawKey.toLowerCase().replace(/[_\s-]/g, '');
          const afterKey = s.slice(s.indexOf(rawKey) + rawKey.length);
          const value = codeFromJsonValue(groups.value) ?? null;
          // "code" alone in prose needs a separator ("code: 403") outside a question; the real code 0
          // is a record's value ("code: 0"), never "error code `0`" in words.
          // A subcode key on the same line makes "code 487" a record's too ("code 487 and subcode 10003").
          // So does a subcode key right after it, the record laid out in columns ("code 0   subCode 5003").
          if (key === 'code' && !RECORD_SEPARATOR.test(afterKey) && (!at.query || (value === 0 && !alone)) && !(value !== 0 && SUBCODE_KEY.test(line)) && !(value === 0 && SUBCODE_NEXT.test(text.slice(end, end + 24)))) return s;
          // 0 is a real code only as a call's end reason ("code: 0", "CallEndReason=0"); a status of
          // 0 ("Status Code: 0" of an SDK's exception) is no response at all.
          if (value === 0 && (key.includes('status') || key.includes('response'))) return blank(s);
          // Nor is a 0 under the tail of another name (OpenSIPS's "T_code=0, new_code=408": the transaction's code so far).
          if (value === 0 && key === 'code' && /[A-Za-z0-9]_$/.test(text.slice(Math.max(0, offset - 2), offset))) return blank(s);
          if (typeof value === 'number' && value >= 1000 && isProgramError(value, key, text, offset, end, at, (checks ??= lineChecks(line, at)), options)) {
            programErrors.add(value);
            return blank(s);
          }
          // "SIP 410" with no separator is a SIP code named in words: sip-status.ts reads it, and
          // leaves it to the pair reader when Microsoft codes follow ("SIP 410 appears with 531000").
          if (key === 'sip' && !RECORD_SEPARATOR.test(afterKey)) return s;
          // A cause beyond Q.850's range, on a SIP line, is the SIP cause ("Cause: 488").
          if (slot === 'q850' && typeof value === 'number' && value >= 300 && isSip(value) && SIP_WORD.test(line)) slot = 'sip';
          // A quoted key is a record's field (`"dial_sip_status": 183,` of a JSON body): a provisional
          // or successful response there is the record's state, never a question about that code.
          const field = Q.includes(afterKey[0] ?? '') && quotedBefore(text, offset);
          const token: Token = { slot: reslot(slot, value), value, line: at.line, col: offset, at: at.offset + offset, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: alone && !field };
          // "subcode 0/5003": the code, then its subcode after the slash.
          const slashed = token.slot === 'ms' && typeof value === 'number' && (value === 0 || isSip(value)) ? SUBCODE_AFTER_SLASH.exec(text.slice(end, end + 16)) : null;
          if (slashed) {
            const col = text.indexOf(slashed[1]!, end);
            lineTokens.push({ ...token, slot: 'sip' }, { ...token, value: Number(slashed[1]), col, at: at.offset + col });
            slashedSubcodes.push([end, end + slashed[0].length]);
            return blank(s);
          }
          if (key === 'resultsubcode' || (key === 'subcode' && value === 0 && inResultInformation(line, at))) token.action = true;
          // "HTTP status code of 403": an HTTP answer, a code only where a Microsoft endpoint gave it (extract.ts).
          if (token.slot === 'sip' && (HTTP_BEFORE.test(text.slice(Math.max(0, offset - 8), offset)) || HANDSHAKE_BEFORE.test(text.slice(Math.max(0, offset - 20), offset)))) token.http = true;
          lineTokens.push(token);
          // Its subcode 0 after a slash, where the pair is documented (ACS's 487 / 0): a lone 0 is no code to the other readers.
          if (token.slot === 'sip' && typeof value === 'number' && ZERO_SUBCODE_AFTER.test(text.slice(end, end + 8)) && options.isKnownPair(0, value)) {
            const col = text.indexOf('0', end);
            lineTokens.push({ ...token, slot: 'ms', value: 0, col, at: at.offset + col });
          }
          if (token.slot === 'sip' && typeof value === 'number' && value >= 300) listEnds.push(end);
          return blank(s);
        });
        if (programErrors.size) out = out.replace(NUMBER, (n) => (programErrors.has(Number(n)) ? blank(n) : n));
        if (slashedSubcodes.length) out = blankRanges(out, slashedSubcodes);
        // A record wrapped onto the next line (a manual's page) keeps the SIP words of the line before.
        if (keyed && (SIP_LINE.test(line) || SIP_LINE.test(at.previousTail)) && !SIP_STATUS_NAMED.test(line)) out = out.replace(STATUS_VALUE, (s, ...args) => {
          const offset = args[args.length - 3] as number;
          const groups = args[args.length - 1] as Record<string, string | undefined>;
          lineTokens.push({ slot: 'sip', value: Number(groups.value), line: at.line, col: offset, at: at.offset + offset, format: 'key-value', excerpt: at.excerpt, query: at.query, alone });
          return blank(s);
        });
        // The SIP code written just before the Microsoft code's key: "401 - Subcode 8565", "503 + Microsoft response code 540998".
        if (keyed && MS_KEY.test(line)) {
          for (const m of line.matchAll(CODE_BEFORE_MS_KEY)) {
            const col = m.index;
            if (out.slice(col, col + 3) !== m[1]) continue;
            lineTokens.push({ slot: 'sip', value: Number(m[1]), line: at.line, col, at: at.offset + col, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
            out = out.slice(0, col) + blank(m[1]!) + out.slice(col + 3);
          }
        }
        // More codes of a list after a keyed one: "a response code of 503 and 504", "SIP code: 480, 487".
        for (const end of listEnds) {
          const more: SipStatus[] = [];
          listed(out, end, more);
          for (const st of more) lineTokens.push({ slot: 'sip', value: st.code, line: at.line, col: st.start, at: at.offset + st.start, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
          out = blankRanges(out, more.map((st) => [st.start, st.end] as const));
        }
        const n = lineTokens.length;
        // A code that the lines around make one, read whole: the line is its code and nothing else to the other readers.
        const wholeLine = (value: number) => {
          const col = out.search(/\d/);
          lineTokens.push({ slot: 'sip', value, line: at.line, col, at: at.offset + col, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false, words: true });
          out = blank(out);
        };
        const overPhrase = codeOverPhrase(out, (ahead) => at.lineAfter(ahead));
        if (overPhrase !== undefined) wholeLine(overPhrase);
        // Hard-wrapped prose: the words before a number at the start of the line end the line before.
        if (SIP_STATUS_HINT.test(out)) out = statusTokens(out, 0, at, lineTokens, STARTS_WITH_NUMBER.test(out) ? at.previousTail : '', true);
        // A heading of a list of codes whose names another language wrote ("486 Ocupado Aquí" near "500 Internal Server Error").
        if (lineTokens.length === n && STARTS_WITH_NUMBER.test(out)) {
          const heading = listHeading(out, (d) => (d < 0 ? at.lineBefore(-d) : at.lineAfter(d)));
          if (heading !== undefined) wholeLine(heading);
        }
        // A result the message quotes ("..., code=580 subcode=5201"), as the JSON reader reads it.
        for (const p of phrases) {
          const inner = quotedResult(p.text);
          if (!inner) continue;
          const col = p.col + inner.at;
          lineTokens.push({ slot: 'sip', value: inner.sipCode, line: at.line, col, at: at.offset + col, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
          lineTokens.push({ slot: 'ms', value: inner.msCode, line: at.line, col: col + 1, at: at.offset + col + 1, format: 'key-value', excerpt: at.excerpt, query: at.query, alone: false });
        }
        // A SIP code named in a message's text counts when nothing else on the line gave one
        // ("message": "Sip non-success response: 491").
        if (!lineTokens.slice(0, n).some((t) => t.slot === 'sip') && lineTokens.length === n) {
          for (const p of phrases) if (SIP_STATUS_HINT.test(p.text)) statusTokens(p.text, p.col, at, lineTokens);
        }
        lineTokens.sort((a, b) => a.at - b.at);
        if (lineTokens.length && LOG_LINE_START.test(line)) for (const t of lineTokens) t.record = true;
        const fields = lineTokens.length ? fieldsAbove(line, at) : 0;
        if (fields > MAX_LINES_APART) for (const t of lineTokens) t.fieldsAbove = fields;
        for (const t of lineTokens) tokens.push(t);
        return out;
      },
      finish: () => groupTokens(tokens, sink.mentions),
    };
  },
};

/** The patterns above, for the static ReDoS check. */
export const KEY_PATTERNS: readonly RegExp[] = [PJ_ERROR, PJ_STATUS_BRACKET, SIGN_IN_ID, FIELD_LINE, ERROR_DOMAIN_BEFORE, NUMBER, ERROR_NAME_AFTER, JSON_API_TITLE, UNKNOWN_ERROR, SWITCH_ON, KEY_NAME, CASE_VALUE, PHRASE_VALUE, HAS_KEY_HINT, KEY_ANCHOR, RECORD_SEPARATOR, STARTS_WITH_NUMBER, SUBCODE_KEY, SUBCODE_NEXT, SUBCODE_AFTER_SLASH, SIP_STATUS_NAMED, HTTP_BEFORE, HANDSHAKE_BEFORE, MS_KEY, CODE_BEFORE_MS_KEY, ZERO_SUBCODE_AFTER, SIP_WORD, STATUS_VALUE, SIP_LINE, RESULT_INFORMATION];
