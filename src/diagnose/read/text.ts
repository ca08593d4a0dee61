// Small helpers the readers share.

export const isSip = (n: number) => n >= 100 && n <= 699;
export const isQ850 = (n: number) => n >= 1 && n <= 127;

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair (an emoji). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const c = text.charCodeAt(max - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

export const EXCERPT_CHARS = 300;
export const excerptOf = (line: string) => cut(line.trim(), EXCERPT_CHARS);

/** Replaces a match with spaces of the same length, so that columns stay where they were. */
export const blank = (s: string) => ' '.repeat(s.length);

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
 * A line that asks about one code: one number and at most five words ("what does SIP 183 mean?",
 * "200 OK"). A success or provisional response is answered only then: named in a longer text it
 * is no failure.
 */
export function asksAboutOneCode(line: string): boolean {
  if (line.length > 120) return false;
  return (line.match(DIGIT_RUN)?.length ?? 0) === 1 && (line.match(WORD_RUN)?.length ?? 0) <= 5;
}
