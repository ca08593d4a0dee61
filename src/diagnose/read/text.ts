// Small helpers the readers share.
import type { LineAt } from './types';

export const isSip = (n: number) => n >= 100 && n <= 699;
export const isQ850 = (n: number) => n >= 1 && n <= 127;

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair (an emoji). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const c = text.charCodeAt(max - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/**
 * A log line's start: a log level, or an ISO, US, logcat or syslog timestamp, or a time, maybe in brackets,
 * maybe after a viewer's line number. Such lines make a short paste a log excerpt, not a question:
 * its sample rates, ports and counts are no codes; and each such line is a record of its own.
 */
export const LOG_LINE_START = /^[ \t]{0,4}(?:(?:INFO|DEBUG|WARN(?:ING)?|ERROR|NOTICE|TRACE|VERBOSE|CRIT(?:ICAL)?)[ \t]{0,4}[|:\]]|[IWEDV][ \t]\(\d{1,10}\)[ \t]|\d{1,4}\(\d{1,9}\)[ \t]{1,3}[A-Z]{3,8}:|(?:\d{1,9}[ \t]{1,4})?\[?(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?[ T]\d{2}:\d{2}|\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]{1,2}\d{1,2}[ \t]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}[.,]\d))/;

/**
 * Microsoft's service domains, as a pattern's alternatives: an HTTP answer from one of them is a
 * Microsoft endpoint's (words.ts), and an HTTP status line counts only where one is named (extract.ts).
 */
export const MICROSOFT_DOMAINS = String.raw`microsoft\.com|skype\.com|microsoftonline\.com|azure\.com|azure\.net|office\.com|office\.net|office365\.com|live\.com|trouter\.io`;

export const EXCERPT_CHARS = 300;
export const excerptOf = (line: string) => cut(line.trim(), EXCERPT_CHARS);

/** A character code of an ASCII digit. */
export const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** Replaces a match with spaces of the same length, so that columns stay where they were. */
export const blank = (s: string) => ' '.repeat(s.length);

/** After an x00, what makes it the start of a range of SIP classes ("400-499", "500 – 599", "400 to 699", "400 bis 499"). */
export const CLASS_RANGE_REST = /[ \t]{0,2}(?:-|\u2013|\u2014|~|\.\.|[ \t](?:to|a|à|al|au|bis|até|ate|hasta|tot|do|till|through|thru)[ \t])[ \t]{0,2}[1-6]99(?!\d)/iy;
/**
 * Where a range of SIP classes that starts with the 3-digit number at start..end ends, or -1:
 * such a range ("Client error (400-499)") names no code of its own.
 */
export function classRangeEnd(line: string, start: number, end: number): number {
  if (end - start !== 3 || line.charCodeAt(end - 1) !== 48 || line.charCodeAt(end - 2) !== 48) return -1;
  CLASS_RANGE_REST.lastIndex = end;
  return CLASS_RANGE_REST.test(line) ? CLASS_RANGE_REST.lastIndex : -1;
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const DIGIT_RUN = /\d+/g;
const WORD_RUN = /[^\s\d]+/g;

/**
 * A line that asks about one code: in a question, its one line with a number, with one number and
 * at most five words ("what does SIP 183 mean?", "200 OK"). A success or provisional response is
 * answered only then: named in a longer text it is no failure.
 */
export function asksAboutOneCode(line: string, at: Pick<LineAt, 'query' | 'numberedLines'>): boolean {
  if (!at.query || at.numberedLines !== 1 || line.length > 120) return false;
  return (line.match(DIGIT_RUN)?.length ?? 0) === 1 && (line.match(WORD_RUN)?.length ?? 0) <= 5;
}

/** A result quoted inside a message's text: Graph's "addParticipantsfailed ... code=580 subcode=5201". */
const QUOTED_RESULT = /(?<![\w])code[ \t]{0,2}[=:][ \t]{0,2}(\d{3})[ \t]{0,2}[,;]?[ \t]{1,3}sub[ _-]?code[ \t]{0,2}[=:][ \t]{0,2}(\d{1,7})(?!\d)/i;

/** The SIP code and subcode a message quotes, and where the code starts in it. */
export function quotedResult(text: string): { sipCode: number; msCode: number; at: number } | undefined {
  const m = QUOTED_RESULT.exec(text);
  if (!m) return undefined;
  const sipCode = Number(m[1]);
  return isSip(sipCode) ? { sipCode, msCode: Number(m[2]), at: m.index + m[0].indexOf(m[1]!) } : undefined;
}

/** The levels a log names after its process when it has no time stamp (OpenSIPS's "[22867] DBG:", Kamailio's "85(1916510) ERROR:"). */
export const PROCESS_LOG_LEVELS = 'DBG|DEBUG|INFO|NOTICE|WARNING|WARN|ERROR|ERR|CRITICAL|CRIT|ALERT|BUG';

/** Whether one of the `lines` lines right above this one matches `pattern` (a heading, a record's key). */
export function namedAbove(at: Pick<LineAt, 'lineBefore'>, pattern: RegExp, lines: number): boolean {
  for (let back = 1; back <= lines; back++) {
    const above = at.lineBefore(back);
    if (above === undefined) return false;
    if (pattern.test(above)) return true;
  }
  return false;
}

/** Words of Diameter (an IMS core's HSS and its result codes: "DIAMETER_ERROR_USER_UNKNOWN"). */
const DIAMETER = /\bDIAMETER_[A-Z_]{3,40}|\bdiameter\b/i;
/** A Diameter result code's shape: four digits, 1xxx to 5xxx ("Result-Code 5001"). */
export const DIAMETER_RESULT = /(?<![\d.])[1-5]\d{3}(?![\d.])/g;
/**
 * Whether the line, or the line before it, names Diameter: its four-digit numbers are then
 * Diameter result codes (5001 is DIAMETER_ERROR_USER_UNKNOWN), never Microsoft's.
 */
export const namesDiameter = (line: string, at: Pick<LineAt, 'lineBefore'>): boolean => DIAMETER.test(line) || DIAMETER.test(at.lineBefore(1) ?? '');
