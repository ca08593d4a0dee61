// A SIP failure code that a short paste about SIP names on line after line, with words no reader
// knows around it ("(486 vyriešené)", "odmietnutia 486", "prvý pokus 486" in a Slovak mail to a
// trunk provider), is a code: a number does not recur so by chance in a paste about SIP.
import { COUNT_AFTER } from './read/sip-status';
import { excerptOf, isSip } from './read/text';
import { MAX_LINE_CHARS } from './list-siblings';
import { lineOf, type Lines, type Positioned } from './read/types';
/** A SIP failure code standing alone in prose: not part of a word, a longer number, a decimal, a time, a path or a setting. */
const LONE_CODE = /(?<![\w.,:/#+@$%=[-])([4-6]\d\d)(?![\w%\]]|[.:,/-]\d)/g;
/** Words that make a paste speak of SIP. */
const SPEAKS_SIP = /\bSIP\b|\bINVITE\b|\bREGISTER\b|\btrunk\b|P-Asserted-Identity|\bDiversion\b/i;
/** On this many lines: twice may be chance (a setting and its default, an example), three times is not. */
const REPEAT_MIN_LINES = 3;
/** Prose is short; a longer paste is a log or a document, whose recurring numbers are its own fields. */
const REPEAT_MAX_LINES = 300;

/** The SIP failure codes a short paste about SIP names on REPEAT_MIN_LINES lines or more and no reader read. */
export function repeatedCodes(found: readonly Positioned[], lines: Lines): Positioned[] {
  if (lines.count > REPEAT_MAX_LINES || !SPEAKS_SIP.test(lines.text)) return [];
  const known = new Set(found.map((m) => m.sipCode));
  const seen = new Map<number, Positioned[]>();
  for (let i = 0; i < lines.count; i++) {
    const line = lineOf(lines, i);
    if (line.length > MAX_LINE_CHARS) continue;
    const onLine = new Set<number>();
    for (const m of line.matchAll(LONE_CODE)) {
      const code = Number(m[1]);
      const end = m.index + 3;
      if (known.has(code) || onLine.has(code) || !isSip(code) || COUNT_AFTER.test(line.slice(end, end + 24))) continue;
      onLine.add(code);
      const at = seen.get(code) ?? [];
      at.push({ msCode: null, sipCode: code, q850Cause: null, format: 'key-value', line: i + 1, col: m.index, excerpt: excerptOf(line) });
      seen.set(code, at);
    }
  }
  return [...seen.values()].filter((at) => at.length >= REPEAT_MIN_LINES).map((at) => at[0]!);
}

/** The patterns above, for the static ReDoS check. */
export const REPEATED_CODE_PATTERNS: readonly RegExp[] = [LONE_CODE, SPEAKS_SIP];
