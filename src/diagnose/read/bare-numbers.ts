// Numbers standing alone: "510559 403", "403/510559", "| 401 | 44110 |", "480 with 10037",
// "SIP 410 appears with 531000, 531004 and 531005" (one SIP code for several Microsoft codes),
// "560403", and in a question any 3-digit SIP code. What is never a code is masked first: phone
// numbers, SIP URIs, GUIDs, hex, keyed numbers (CSeq, ports, durations), log noise (AudioCodes
// sequence numbers, Ribbon's record prefix and date field, byte counts, syslog priorities), counts
// ("180 calls"), ranges ("in the range of 400 to 699") and code prefixes named in prose ("codes
// that start with 560"). A device's status written with its 0x prefix at the start of a line
// ("0x484 Wrong number", a phone manual's status-code list) is the SIP code it names.
import { phraseEnd } from './sip-status';
import { asksAboutOneCode, classRangeEnd, cut, blank, DIAMETER_RESULT, isDigitCode, isSip, namedAbove, namesDiameter, PROCESS_LOG_LEVELS } from './text';
import type { LineAt, LineReaderKind, Positioned, ReadOptions } from './types';

/**
 * Keys whose numbers are never codes (a SIP Warning header's warn-code, "Warning: 399 No Dialog match";
 * a port also in Dutch, Portuguese, Italian, Spanish, French; an image's width in HTML, `width="642"`;
 * a setting's "value of 300").
 * Bounded: a key cannot run on (x-ms-x-ms-x-ms- ...).
 */
export const NOT_CODES =
  /(?<![A-Za-z0-9])(?:(?:hresult|cseq|content-length|max-forwards|expires|session-expires|min-se|ttl|pid|tid|seq|id|warning|x-ms-[\w-]{1,64})["']?[ \t]{0,8}[:=]|(?:r?port|poort|porta|puerto|porte|duration(?:[ _]?(?:seconds|ms))?|seconds|length|size|width|height|bytes|line|count|value[ \t]{1,3}of)["']?[ \t]{0,8}[:=]?)[ \t]{0,8}["']?-?\d+/gi;
/**
 * URLs ("github.com/.../files/1426455/log.txt"), process and user ids ("uid/pid 10140/5707"), phone
 * numbers, SIP URIs, GUIDs, hex, codecs with their clock rate (PCMU/8000, opus/48000/2), the parties
 * of a dialog drawn with a two-way arrow ("625 <---> PBX"), a product's name ("Microsoft 365", "M365"),
 * a user name or extension given as a number ("username is 11001", "ext. 1001"), a ticket's number
 * ("ticket #2412030040001234"), a WebSocket handshake's HTTP status (Node ws's "Unexpected server
 * response: 401", a browser's "Unexpected response code: 403"), the quoted numbers a program
 * passes first to a call, two or more (`new SIPCallDescriptor("314444", "438800000", ...)`, an
 * account and a password): digits that are never codes.
 */
export const NOISE =
  /\bhttps?:\/\/[^\s)\]>"'`]{1,2000}|\b(?:uid|pid|tid|gid)(?:\/(?:uid|pid|tid|gid))?[ \t]{1,3}\d{1,9}(?:\/\d{1,9})?|\d{1,9}[ \t]{0,2}<-{1,4}>|<-{1,4}>[ \t]{0,2}\d{1,9}|\b(?:PCM[UA]|G\.?7\d\d(?:-\d\d)?|opus|SILK|iLBC|AMR(?:-WB)?|GSM|speex|telephone-event|L16|EVS|CN)\/\d{3,6}(?:\/\d)?|\+\d{7,15}(?!\d)|\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,3}(?![\d])|\btel:[^\s;>",]+|\bsips?:[^\s;>",]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b0x[0-9a-f]+|\(\d{3}\)[ ]?\d{3}-\d{4}|\b(?:Microsoft|Office|Windows|Dynamics|M|O)[ \t]?365\b|\b(?:user[ _-]?(?:name|id)?|login|extension)[ \t]{0,2}(?:is|was|=|:)[ \t]{0,3}["'`]?\d{2,9}\b|\b(?:ext\.?|extension|ticket|incident|SR|TrackingID)[ \t]{0,2}#?[ \t]{0,2}\d{2,12}\b|\bUnexpected[ \t]{1,2}(?:server[ \t]{1,2})?response(?:[ \t]{1,2}code)?[ \t]{0,2}:[ \t]{0,2}\d{3}\b|\b[A-Za-z_]\w{0,60}\([ \t]{0,3}(["'])\d{1,12}\1(?:[ \t]{0,3},[ \t]{0,3}(["'])\d{1,12}\2){1,8}/gi;
/** Units after a number that make it a size, a duration or a count (also in the languages people write). */
const UNITS = String.raw`ms|msec|secs?|seconds|kbps|packets|pkts|calls|users|times|attempts|minutes|hours|days|seats|licen[cs]es|devices|participants|customers|clients|subscribers|employees|members|people|accounts|sessions|channels|agents|sites|tenants|trunks|concurrent|samples|bits|k?[hH]z|frames|segundos|segundi|secondi|secondes|sekunden|seconden|minutos|minuti|minuten|horas|heures|stunden|uren`;
/**
 * Log noise: AudioCodes syslog prefixes ([S=1718478], (N  6891753), [SID=...], [Time:...]), syslog
 * priorities (<133>, also after a parser's words), syslog tags' process ids ("opensips[10076]:",
 * "kamailio[1234]:", "VERBOSE[12345][C-00000001]", "restcomm-olympus[766:252259]"), Ribbon/Sonus
 * DBG record prefixes ("339 09202018 165651.570846:1.01.00.38344.Info"), a viewer's line numbers
 * before a log line's timestamp ("35915\t[2024-09-10 11:17:06] DTMF..."), ESP-IDF's ticks after the
 * level ("I (365063) SIP: ..."), Kamailio's process number and id before the level
 * ("85(1916510) ERROR:"), byte counts ("564 bytes of 564"), durations, media sizes ("160
 * samples", "64000 bits") and counts of things ("180 calls", "160 users").
 */
export const LOG_NOISE = new RegExp(
  String.raw`^[ \t]{0,8}\d{1,9}[ \t]{1,4}(?=\[\d{4}-\d\d-\d\d[ T]\d\d:\d\d)|^[ \t]{0,4}[IWEDV][ \t]\(\d{1,10}\)(?=[ \t])|(?<![\w(])\d{1,4}\(\d{1,9}\)(?=[ \t]{1,3}(?:${PROCESS_LOG_LEVELS}):)|\(N[ \t]{1,4}\d{1,12}\)|\[(?:S|SID|BID)=[^\]\s]{1,60}\]|\[Time:[^\]\n]{1,40}\]|<\d{1,3}>(?=[^\s\d])|^[ \t]{0,8}<\d{1,3}>|^[ \t]{0,8}\d{1,6}[ \t]{1,4}\d{8}[ \t]{1,4}\d{6}\.\d{1,6}:[\d.]{1,40}|\[?\b\d{1,9}\]?[ \t]{1,2}(?:new[ \t])?bytes?(?:[ \t]{1,2}of[ \t]{1,2}\d{1,9})?\b|(?<=[A-Za-z_])\[\d{1,9}(?::\d{1,9})?\](?=[:\s[]|$)|\b\d{1,9}[ \t]{1,2}(?:${UNITS})\b`,
  'gi',
);
/**
 * Can the line hold log noise? One pass, cheaper than the full pattern on every log line. A unit
 * glued to its number ("12ms") needs no mask: a number glued to a word is never read.
 */
const NOISE_HINT = new RegExp(String.raw`^[ \t]{0,8}\d{1,9}[ \t]{1,4}\[\d{4}-|^[ \t]{0,4}[IWEDV][ \t]\(\d|\d\(\d{1,9}\) [A-Z]|\(N |[A-Za-z_]\[\d|\[(?:S|SID|BID)=|\[Time:| (?:\[?\d{1,9}\]? )?(?:new )?bytes?\b|\d[ \t]{1,2}(?:${UNITS})\b|<\d{1,3}>|^[ \t]{0,8}\d{1,6}[ \t]{1,4}\d{8}[ \t]`);
/**
 * Numbers that name no code of their own: a range of classes ("in the range of 400 to 699",
 * "between 400 and 699") and a code's prefix ("codes that start with 560", "commence par 560",
 * "560 で始まる").
 */
export const NOT_A_CODE =
  /\b(?:range(?:[ \t]of)?|between|from)[ \t]{1,3}[1-6]\d\d[ \t]{1,3}(?:to|and|through|thru|-|\u2013)[ \t]{1,3}[1-6]\d\d\b|\b(?:(?:start|begin)(?:s|ing|ning)?[ \t]{1,3}with|prefix(?:ed)?(?:[ \t]{1,3}(?:with|of|by))?|commen[cç](?:e|ent|ant)[ \t]{1,3}par|beginn(?:t|en)[ \t]{1,3}mit|(?:empieza|empiezan|comienza|comienzan)[ \t]{1,3}(?:por|con)|come[cç](?:a|am|ando)[ \t]{1,3}(?:com|por)|inizia(?:no)?[ \t]{1,3}(?:con|per)|begin(?:t|nen)[ \t]{1,3}met)[ \t]{1,3}[*`'"\u201c]{0,2}\d{3}\b|\d{3}[*`'"\u201d]{0,2}[ \t]{0,2}(?:で始ま|から始ま)/gi;
const NOT_A_CODE_HINT = /range|between|from|start|begin|prefix|commen|beginn|mieza|mienza|come[cç]|inizia|始ま/i;
/** The words of a range ("to", "à", "bis", "até" ...), and the short ones that say so only between longer numbers ("a", "do"). */
const RANGE_WORD = String.raw`to|till|until|through|thru|à|au|bis|até|hasta|tot|fino[ \t]a|jusqu'à|до`;
const RANGE_WORD_SHORT = String.raw`a|al|ao|ate|do|až`;
/**
 * A range of numbers, in the words of any language: "49152 to 53247", "no intervalo 49152 a 53247",
 * "de 49152 à 53247", "49152 bis 53247", "del 49152 al 53247", "49152 – 53247", "49152～53247",
 * "between 50000 and 50019", "entre 49152 e 53247". A range names no code of its own (ports, code
 * ranges). Read on the gap between two numbers of 4 to 9 digits, the second the larger: SIP codes
 * side by side ("486 - 487") stay codes, and a range of SIP classes is NOT_A_CODE's ("range of 400 to 699").
 */
const RANGE_GAP = new RegExp(String.raw`^(?:[ \t]{0,3}(?:-|\u2013|\u2014|~|\uff5e|\u301c|\.\.)[ \t]{0,3}|[ \t]{1,3}(?:${RANGE_WORD}|${RANGE_WORD_SHORT})[ \t]{1,3})$`, 'i');
/** A range's gap in words only ("500 to 1500", "de 500 à 1500"). */
const RANGE_WORDS = new RegExp(String.raw`^[ \t]{1,3}(?:${RANGE_WORD})[ \t]{1,3}$`, 'i');
/** A PowerShell parameter's value ("-PickupRangeStart 500", "-FailoverResponseCodes 408"): a setting, not a response. */
const PARAMETER_BEFORE = /(?:^|[ \t])-[A-Z][A-Za-z]{2,60}[ \t]{1,3}["']?$/;
/** "between ... and ...": the word before the first number, and the gap. */
const RANGE_AND = /^[ \t]{1,3}(?:and|e|y|und|et|en|a|и)[ \t]{1,3}$/i;
const RANGE_BEFORE = /(?:^|[^\p{L}])(?:between|entre|zwischen|tra|fra|tussen|mezi|между)[ \t]{1,3}$/iu;
function isRange(line: string, a: NumberToken, b: NumberToken): boolean {
  // A range of SIP classes: "(400-499)", "500 to 599".
  if (a.digits === 3 && b.digits === 3 && b.value > a.value) return classRangeEnd(line, a.start, a.end) === b.end;
  if (b.value <= a.value || b.start - a.end > 16) return false;
  const gap = line.slice(a.end, b.start);
  // "de 500 à 1500" (from 500 to 1500): a SIP-sized number beside a longer one is a range only in
  // words, since "403 - 510559" is a pair.
  if (a.digits === 3 && b.digits >= 4) return RANGE_WORDS.test(gap);
  if (a.digits < 4 || b.digits < 4) return false;
  return RANGE_GAP.test(gap) || (RANGE_AND.test(gap) && RANGE_BEFORE.test(line.slice(Math.max(0, a.start - 16), a.start)));
}
/** A device's status with its 0x prefix at the start of a line (a status-code list): "0x484 Wrong number". */
const DEVICE_STATUS = /^[ \t|*-]{0,8}0x([3-6]\d\d)(?![0-9A-Za-z_])/;

/**
 * A quick test for log lines: can the line hold a Microsoft code standing alone (4 to 9 digits
 * between separators, or before a label's colon: "401/71005: ...")? Lines without one cannot give
 * a bare-number mention outside a question.
 */
const MS_CANDIDATE = /(?:^|[\s,;|/[\]{}()"'`\u201c\u201d\u2018\u2019])\d{4,9}(?=$|[\s,;|/[\]{}()"'`\u201c\u201d\u2018\u2019.?!]|:(?=[ \t]))/;
const MS_CANDIDATES = new RegExp(MS_CANDIDATE.source, 'g');

/**
 * Outside a question a bare number is a Microsoft code only when it can be trusted as one (known
 * to the knowledge base, a 56x/54x family, six digits: see isTrusted), alone or in a pair. A line
 * with no such number gives no mention, and its masking and pairing are skipped (a log's ids and
 * counts, "[call 12340]").
 */
function hasTrustedCandidate(line: string, options: ReadOptions): boolean {
  MS_CANDIDATES.lastIndex = 0;
  for (let m = MS_CANDIDATES.exec(line); m; m = MS_CANDIDATES.exec(line)) {
    const digits = m[0].length - (isDigitCode(m[0].charCodeAt(0)) ? 0 : 1);
    if (isTrustedCode(Number(m[0].slice(m[0].length - digits)), digits, options)) return true;
  }
  return false;
}

/** A table row whose first cells are 0 and a code ("| 0 | 0 |", "| 0 | 487 |"): ACS's subcode 0. */
const ZERO_ROW = /(?:^|[|\t])[ \t]{0,8}0[ \t]{0,8}[|\t][ \t]{0,8}\d{1,3}[ \t]{0,8}(?:[|\t]|$)/;

interface NumberToken {
  value: number;
  digits: number;
  start: number;
  end: number;
}

const code = (s: string, i: number) => (i >= 0 && i < s.length ? s.charCodeAt(i) : -1);
const isWordCode = (c: number) => isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** Characters that glue a number to what precedes it: +1, #3, =5, @, $, %, \, &. */
const GLUE_BEFORE = new Set([...'+#=@$%\\&'].map((c) => c.charCodeAt(0)));
/** Characters that join numbers into one thing (a decimal, a time, a date) when a digit or word follows. */
const JOINERS = new Set([...'.:-'].map((c) => c.charCodeAt(0)));
const PERCENT = 37;
const HASH = 35;

/** Digit runs that stand alone: not part of a word, a decimal, a time, a date, a version or a phone number (nor written with a leading zero). */
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
    // A leading zero makes digits a dialled number or a prefix ("Anruf auf 01579", "0049"): no code is written so.
    if (end - start > 1 && line.charCodeAt(start) === 48) continue;
    out.push({ value: Number(line.slice(start, end)), digits: end - start, start, end });
  }
  return out;
}

/** Gaps longer than this never join two numbers (and keep the gap tests linear). */
const MAX_GAP = 48;
/** A worded gap has at most this many words ("appears with three Microsoft subcodes"). */
const MAX_GAP_WORDS = 5;
/** Words that join a SIP code and a Microsoft code: "480 with 10037", "410 appears with 531000". */
const LINK_WORDS = new Set([
  'with', 'w', 'mit', 'avec', 'con', 'com', 'subcode', 'sub', 'code', 'microsoft', 'ms', 'response', 'appears', 'appear', 'comes', 'come', 'together', 'and', 'plus', 'reason', 'error', 'sous', 'subcódigo', 'und', 'et', 'y', 'e', 'the', 'a', 'an',
  // A count of the codes that follow: "410 appears with three Microsoft subcodes — 531000, ...".
  'subcodes', 'codes', 'two', 'three', 'four', 'five', 'several', 'these', 'following',
]);
/** Words that must be there for a worded gap to join: "403 and 510559" alone is not a pair; "Error 400 code 8523" is. */
const LINKERS = new Set(['with', 'w', 'mit', 'avec', 'con', 'com', 'subcode', 'sub', 'subcódigo', 'plus', 'code']);
/** Words of a list of Microsoft codes: "531000, 531004 and 531005". */
const LIST_WORDS = new Set(['and', 'or', 'und', 'oder', 'et', 'ou', 'y', 'o', 'e']);
const QUOTES_AND_BRACKETS = /[\s"'`*\u201c\u201d\u2018\u2019()[\]]/g;
const KEY_MARKS = /[:=]/g;
const WORD = /[a-zà-ÿ]{1,20}/g;

/** How two numbers with this text between them are joined: tightly ("403/510559"), by words, or not at all. */
function gapKind(gap: string): 'tight' | 'worded' | undefined {
  if (gap.length > MAX_GAP) return undefined;
  if (gap === ' ' || gap === '/' || gap === '\t') return 'tight';
  const g = gap.toLowerCase();
  const words = g.match(WORD) ?? [];
  const seps = g.replace(WORD, '').replace(QUOTES_AND_BRACKETS, '');
  if (words.length === 0) return seps.length <= 1 && /^[/,;|\t]?$/.test(seps) ? 'tight' : undefined;
  if (seps.replace(KEY_MARKS, '').replace(/[,/+\u2013\u2014-]/g, '') !== '' || words.length > MAX_GAP_WORDS) return undefined;
  return words.every((w) => LINK_WORDS.has(w)) && words.some((w) => LINKERS.has(w)) ? 'worded' : undefined;
}

/** Between two Microsoft codes of one list: ", ", " and ", " / ", " or ". */
function isListGap(gap: string): boolean {
  if (gap.length > MAX_GAP) return false;
  const g = gap.toLowerCase();
  const words = g.match(WORD) ?? [];
  const seps = g.replace(WORD, '').replace(QUOTES_AND_BRACKETS, '');
  return words.length <= 1 && words.every((w) => LIST_WORDS.has(w)) && /^[,/&;]?$/.test(seps);
}

/** The text after a pair: a reason phrase when one follows ("510559 403 No viable path"). */
function phraseAfter(line: string, end: number): string | undefined {
  let rest = line.slice(end, end + 400);
  const delimiter = rest[0] === ',' || rest[0] === '\t' || rest[0] === ';' || rest[0] === '|' ? rest[0] : undefined;
  rest = rest.replace(/^[\s,;|\t:-]{1,40}/, '');
  if (delimiter) {
    const c = rest.indexOf(delimiter);
    if (c >= 0) rest = rest.slice(0, c);
  }
  rest = rest.replace(/^"|"$/g, '').trim();
  return /[A-Za-z]{3}/.test(rest) ? cut(rest, 300) : undefined;
}

/** 560xxx, 540xxx, 569xxx, 549xxx: shapes that only Microsoft codes have. */
const hasTellingPrefix = (n: number) => n >= 100000 && n <= 999999 && [560, 540, 569, 549].includes(Math.floor(n / 1000));
const looksLikeYear = (n: number, digits: number) => digits === 4 && n >= 1990 && n <= 2099;

const isSipToken = (n: NumberToken | undefined) => !!n && n.digits === 3 && isSip(n.value);
const isMsToken = (n: NumberToken, options: ReadOptions) => n.digits >= 4 && !(looksLikeYear(n.value, n.digits) && !options.isKnownMsCode(n.value));
/** Outside a question, a number trusted as a Microsoft code: known, of a 56x/54x family, or six digits. */
const isTrustedCode = (value: number, digits: number, options: ReadOptions) => options.isKnownMsCode(value) || hasTellingPrefix(value) || digits === 6;
const isTrusted = (n: NumberToken, query: boolean, options: ReadOptions) => query || isTrustedCode(n.value, n.digits, options);
/** Outside a question, a number that is a Microsoft code standing alone: known with five digits or more, or of a 56x/54x family. */
const countsAloneAsCode = (n: NumberToken, options: ReadOptions) => (n.digits >= 5 && options.isKnownMsCode(n.value)) || hasTellingPrefix(n.value);
/** The Microsoft side of a pair: a code, or the real code 0 where the pair is documented (0 / 408); never a log's successful 0 / 200. */
const pairsWith = (ms: NumberToken, sip: NumberToken, query: boolean, options: ReadOptions) =>
  (isMsToken(ms, options) || (ms.value === 0 && options.isKnownPair(0, sip.value))) && isTrusted(ms, query, options) && !(sip.value < 300 && ms.value === 0 && !query);
const gapText = (line: string, a: NumberToken, b: NumberToken) => line.slice(a.end, Math.min(b.start, a.end + MAX_GAP + 1));
/** The gap after a SIP code written with its reason phrase ("401 (Unauthorized) | 44110"): what follows the phrase. */
function gapAfterPhrase(line: string, a: NumberToken, b: NumberToken): string | undefined {
  if (!isSipToken(a)) return undefined;
  const end = phraseEnd(line, a.end, a.value);
  return end >= 0 && end <= b.start ? line.slice(end, Math.min(b.start, end + MAX_GAP + 1)) : undefined;
}
/** A slash alone between two numbers: "540000/0", "0 / 540000". */
const SLASH_ONLY = /^[ \t]{0,2}\/[ \t]{0,2}$/;
const isZeroCodeRow = (line: string, a: NumberToken, b: NumberToken, options: ReadOptions) => {
  if (b.value !== 0 || b.digits !== 1 || !(a.value === 0 ? a.digits === 1 : isMsToken(a, options))) return false;
  const gap = line.slice(a.end, b.start);
  return (gap.includes('|') || gap.includes('\t') || (a.value !== 0 && SLASH_ONLY.test(gap))) && options.isKnownPair(a.value, 0) && !isWideRow(line);
};
/** The real code 0, a slash, then its documented subcode ("0/540000": the call ended normally). */
const isZeroThenSubcode = (line: string, a: NumberToken, b: NumberToken, options: ReadOptions) =>
  a.value === 0 && a.digits === 1 && isMsToken(b, options) && SLASH_ONLY.test(line.slice(a.end, b.start)) && options.isKnownPair(b.value, 0);
/** A database dump's row (`select * from dialog;`: a score of columns) is no table of codes. */
const WIDE_ROW_BARS = 12;
const isWideRow = (line: string) => {
  let bars = 0;
  for (let i = line.indexOf('|'); i >= 0 && bars <= WIDE_ROW_BARS; i = line.indexOf('|', i + 1)) bars++;
  return bars > WIDE_ROW_BARS;
};
/** A provisional or successful response is no failure: in a question it counts only when asked about alone ("what is 183?", the paste's one line with a number). */
const countsAlone = (n: NumberToken, line: string, at: LineAt) => n.value >= 300 || asksAboutOneCode(line, at);

/**
 * The numbers of a list that holds a code that counts alone (a known code of five digits or more, a
 * 56x/54x code: "Microsoft lists 1106, 500001, 560408, and 0"): its other members the knowledge
 * base knows are codes too, even the short ones.
 */
function inTrustedList(line: string, nums: NumberToken[], options: ReadOptions): boolean[] {
  const out = nums.map(() => false);
  for (let k = 0; k < nums.length; ) {
    let end = k + 1;
    while (end < nums.length && isListGap(gapText(line, nums[end - 1]!, nums[end]!))) end++;
    if (end - k > 2 && nums.slice(k, end).some((n) => isMsToken(n, options) && countsAloneAsCode(n, options))) for (let i = k; i < end; i++) out[i] = true;
    k = end;
  }
  return out;
}

/** A file's name as a markdown link's text (a GitHub attachment: "[sip server 500 tst call issue.zip](https://...)"). */
const ATTACHMENT_LINK = /\[[^\]\n]{1,200}\.[A-Za-z0-9]{2,5}\]\(/g;

/** The numbers of the line, without those in an attachment's file name. */
function numbersOf(line: string): NumberToken[] {
  const nums = bareNumbers(line);
  if (!line.includes('](')) return nums;
  const spans = Array.from(line.matchAll(ATTACHMENT_LINK), (m) => [m.index, m.index + m[0].length] as const);
  if (!spans.length) return nums;
  // Both in line order: one pass.
  let k = 0;
  return nums.filter((n) => {
    while (k < spans.length && spans[k]![1] <= n.start) k++;
    const span = spans[k];
    return !(span && n.start >= span[0] && n.end <= span[1]);
  });
}

function readNumbers(line: string, at: LineAt, options: ReadOptions, out: Positioned[]): void {
  const nums = numbersOf(line);
  const query = at.query;
  const listed = query ? undefined : inTrustedList(line, nums, options);
  for (let k = 0; k < nums.length; k++) {
    const a = nums[k]!;
    const b = nums[k + 1];
    if (b && isRange(line, a, b)) {
      k++;
      continue;
    }
    // A blank or a quote before the number, then a PowerShell parameter's name: a setting's value.
    if (a.start > 3 && line.charCodeAt(a.start - 1) <= 39 && PARAMETER_BEFORE.test(line.slice(Math.max(0, a.start - 64), a.start))) continue;
    const afterPhrase = b ? gapAfterPhrase(line, a, b) : undefined;
    if (b && (gapKind(gapText(line, a, b)) || (afterPhrase !== undefined && gapKind(afterPhrase)))) {
      if (isSipToken(a) && !isSipToken(b) && pairsWith(b, a, query, options)) {
        // A SIP code, then one or more Microsoft codes: "410 appears with 531000, 531004 and 531005".
        let j = k + 2;
        while (j < nums.length && !isSipToken(nums[j]) && isListGap(gapText(line, nums[j - 1]!, nums[j]!)) && pairsWith(nums[j]!, a, query, options)) j++;
        const phrase = phraseAfter(line, nums[j - 1]!.end);
        for (let i = k + 1; i < j; i++) out.push({ msCode: nums[i]!.value, sipCode: a.value, q850Cause: null, phrase, format: 'pair', line: at.line, col: a.start });
        k = j - 1;
        continue;
      }
      if (!isSipToken(a) && isSipToken(b) && pairsWith(a, b, query, options)) {
        out.push({ msCode: a.value, sipCode: b.value, q850Cause: null, phrase: phraseAfter(line, b.end), format: 'pair', line: at.line, col: a.start });
        k++;
        continue;
      }
      // An ACS table row whose code is 0 ("| 5000 | 0 | Call ended ... | Success |", "| 0 | 0 |"):
      // the subcode, then the real code 0, as table cells, where the pair is documented.
      if (isZeroCodeRow(line, a, b, options)) {
        out.push({ msCode: a.value, sipCode: 0, q850Cause: null, phrase: phraseAfter(line, b.end), format: 'pair', line: at.line, col: a.start });
        k++;
        continue;
      }
      if (isZeroThenSubcode(line, a, b, options)) {
        out.push({ msCode: b.value, sipCode: 0, q850Cause: null, phrase: phraseAfter(line, b.end), format: 'pair', line: at.line, col: a.start });
        k++;
        continue;
      }
    }
    if (isSipToken(a)) {
      if (query && countsAlone(a, line, at)) out.push({ msCode: null, sipCode: a.value, q850Cause: null, phrase: phraseAfter(line, a.end), format: 'single', line: at.line, col: a.start });
      continue;
    }
    if (!isMsToken(a, options)) continue;
    // A lone number is a code when the KB knows it, when its shape says so (560xxx), or when
    // a question holds a 5- to 7-digit number that is not a round count ("when the counter
    // reaches 10000"); a lone 4-digit number (a port, a count) is not, unless a list with a code
    // standing alone holds it or its own documented phrase follows it.
    const known = options.isKnownMsCode(a.value);
    const ownPhrase = () => !!options.namesOwnPhrase?.(a.value, line.slice(a.end, a.end + 200));
    if (countsAloneAsCode(a, options) || (known && (query || listed![k] || ownPhrase())) || (query && a.digits >= 5 && a.digits <= 7 && a.value % 1000 !== 0)) {
      out.push({ msCode: a.value, sipCode: null, q850Cause: null, phrase: phraseAfter(line, a.end), format: 'single', line: at.line, col: a.start });
    }
  }
}

/** A CPaaS named on the line: its own error numbers have five digits (Twilio's 32113, Telnyx's 90018). */
const CPAAS = /\b(?:Twilio|Telnyx|Vonage|Nexmo|Plivo|SignalWire)\b/i;
const FIVE_DIGITS = /(?<![\d.])\d{5}(?![\d.])/g;
/**
 * An identifier's number, named by a word ending in "ID" or "Id" ("cbID 25851", "callID 12925",
 * "Session Id 4711"): an id is never a code. Case matters: "paid 403" is no id.
 */
const ID_NUMBER = /(?<![A-Za-z0-9])[A-Za-z]{0,16}(?:ID|Id)[ \t]{1,2}#?\d{2,12}(?!\d)/g;
const ID_NUMBER_HINT = /(?:ID|Id)[ \t]{1,2}#?\d/;
/** A table of WebSocket close codes ("| Closure codes | Can reconnect |"): 1000 to 1015 and 4000 to 4999 are no Microsoft codes. */
const CLOSE_HEADING = /\b(?:close|closure)[ \t_-]?codes?\b|CloseEvent/i;
const CLOSE_CODE = /(?<![\d.])(?:10(?:0\d|1[0-5])|4\d{3})(?![\d.])/g;
/** How far above a table row its heading may be. */
const CLOSE_HEADING_LINES = 8;

/** A number alone on its line or in a table cell of its own: "| 10003 |". */
const CELL_NUMBER = /^[ \t|*]{0,8}(\d{4,7})[ \t|*]{0,8}$/;
/** Fewer numbers than this in a column say nothing about whose codes they are. */
const FOREIGN_COLUMN_MIN = 5;

export const bareNumber: LineReaderKind = {
  name: 'bare-numbers',
  create: (sink, options) => {
    // The numbers alone on their lines that Microsoft's tables list and do not list, and the mentions read from them.
    let cellsKnown = 0;
    let cellsUnknown = 0;
    const fromCells: Positioned[] = [];
    return {
      test: () => true,
      read(line, at) {
        const device = line.includes('0x') ? DEVICE_STATUS.exec(line) : null;
        if (device) {
          sink.mentions.push({ msCode: null, sipCode: Number(device[1]), q850Cause: null, phrase: phraseAfter(line, device[0].length), format: 'single', line: at.line, col: device.index, excerpt: at.excerpt });
          line = blank(device[0]) + line.slice(device[0].length);
        }
        const cell = line.length <= 40 ? CELL_NUMBER.exec(line) : null;
        if (cell) {
          if (options.isKnownMsCode(Number(cell[1]))) cellsKnown++;
          else cellsUnknown++;
        }
        if (!at.query && !hasTrustedCandidate(line, options) && !((line.includes('|') || line.includes('\t')) && ZERO_ROW.test(line))) return line;
        let masked = line.replace(NOISE, blank).replace(NOT_CODES, blank);
        if (NOISE_HINT.test(masked)) masked = masked.replace(LOG_NOISE, blank);
        if (NOT_A_CODE_HINT.test(masked)) masked = masked.replace(NOT_A_CODE, blank);
        if (namesDiameter(line, at)) masked = masked.replace(DIAMETER_RESULT, blank);
        if (CPAAS.test(line)) masked = masked.replace(FIVE_DIGITS, (n) => (options.isKnownMsCode(Number(n)) ? n : blank(n)));
        if (ID_NUMBER_HINT.test(masked)) masked = masked.replace(ID_NUMBER, blank);
        if (masked.includes('|') && namedAbove(at, CLOSE_HEADING, CLOSE_HEADING_LINES)) masked = masked.replace(CLOSE_CODE, blank);
        const n = sink.mentions.length;
        readNumbers(masked, at, options, sink.mentions);
        for (let i = n; i < sink.mentions.length; i++) {
          sink.mentions[i]!.excerpt = at.excerpt;
          if (cell) fromCells.push(sink.mentions[i]!);
        }
        return '';
      },
      // A column of numbers that Microsoft's tables mostly do not list is another product's codes
      // (a PBX's API errors: 10002 to 10024): the few that Microsoft lists too are coincidences.
      finish() {
        if (!fromCells.length || cellsUnknown < FOREIGN_COLUMN_MIN || cellsUnknown < 2 * cellsKnown) return;
        const coincidences = new Set(fromCells);
        const kept = sink.mentions.filter((m) => !coincidences.has(m));
        sink.mentions.length = 0;
        for (const m of kept) sink.mentions.push(m);
      },
    };
  },
};

/** The patterns above, for the static ReDoS check. */
export const NUMBER_PATTERNS: readonly RegExp[] = [CPAAS, FIVE_DIGITS, ID_NUMBER, ID_NUMBER_HINT, CLOSE_HEADING, CLOSE_CODE, NOT_CODES, NOISE, LOG_NOISE, NOISE_HINT, NOT_A_CODE, NOT_A_CODE_HINT, RANGE_GAP, RANGE_WORDS, PARAMETER_BEFORE, RANGE_AND, RANGE_BEFORE, DEVICE_STATUS, MS_CANDIDATE, MS_CANDIDATES, ZERO_ROW, CELL_NUMBER, SLASH_ONLY, QUOTES_AND_BRACKETS, KEY_MARKS, WORD, ATTACHMENT_LINK];
