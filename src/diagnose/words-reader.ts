// The words around each lone SIP code of a short paste, read once per line and code (words.ts has the rules).
import type { Kb } from '../kb/load';
import { numberAt } from './pairs';
import type { Diagnosis, Mention } from './types';
import { httpAnswerOrigin, microsoftHttpAnswers, serviceApiAnswerOrigin, serviceApiAnswers, wordsOrigin, type WordsOrigin } from './words';

/** The words around a code are read in a paste up to this size (a question, a post, a console excerpt), not in a log. */
export const WORDS_MAX_CHARS = 32 * 1024;
/** A paragraph is read up to this many lines either side of the code's line. */
const PARAGRAPH_LINES = 8;

/**
 * What the words around each lone SIP code say about who answered it (words.ts), for a paste short
 * enough to be words rather than a log: a Microsoft endpoint or service API seen answering it, else
 * the words of its paragraph. The paragraph read is the one the code's line is in, or,
 * when that paragraph does not name the code, the first that does. `input` is the paste as
 * diagnose() made it plain (normalize.ts).
 */
export function wordsReader(input: string, context: Diagnosis['input']['context'], kb: Kb, sdk: boolean): (m: Mention) => WordsOrigin | undefined {
  if (input.length > WORDS_MAX_CHARS) return () => undefined;
  let lines: string[] | undefined;
  let http: Map<number, string> | undefined;
  let api: Map<number, string> | undefined;
  // Each line and code read once, however many mentions they have.
  const answers = new Map<string, WordsOrigin | undefined>();
  const firstLineWith = new Map<string, number>();
  return (m) => {
    if (m.msCode !== null || m.sipCode === null || m.trace || m.said) return undefined;
    lines ??= input.split('\n');
    http ??= microsoftHttpAnswers(lines);
    const seen = http.get(m.sipCode);
    if (seen !== undefined) return httpAnswerOrigin(m.sipCode, seen);
    // A Microsoft service API's HTTP status, quoted without its URL (not in a Calling SDK client paste: its codes are the SDK's).
    api ??= sdk ? new Map() : serviceApiAnswers(input, lines);
    const answered = api.get(m.sipCode);
    if (answered !== undefined) return serviceApiAnswerOrigin(m.sipCode, answered);
    const key = `${m.line}/${m.sipCode}`;
    if (!answers.has(key)) {
      const paragraph = paragraphWith(lines, m.line - 1, String(m.sipCode), firstLineWith);
      answers.set(key, paragraph === undefined ? undefined : wordsOrigin({ sipCode: m.sipCode, paragraph, context, kb }));
    }
    return answers.get(key);
  };
}

/** The lines around `index` up to a blank line (at most PARAGRAPH_LINES either side). */
function paragraphAt(lines: readonly string[], index: number): string {
  let from = index;
  let to = index;
  while (from > 0 && index - from < PARAGRAPH_LINES && lines[from - 1]!.trim()) from--;
  while (to < lines.length - 1 && to - index < PARAGRAPH_LINES && lines[to + 1]!.trim()) to++;
  return lines.slice(from, to + 1).join('\n');
}

/** The paragraph of the code's line if it names the code, else the first paragraph that does (found once per code). */
function paragraphWith(lines: readonly string[], index: number, code: string, firstLineWith: Map<string, number>): string | undefined {
  // The code as a number of its own, not inside another (403 in 560403).
  const names = (text: string) => numberAt(text, code, 0) >= 0;
  if (index >= 0 && index < lines.length) {
    const own = paragraphAt(lines, index);
    if (names(own)) return own;
  }
  if (!firstLineWith.has(code)) firstLineWith.set(code, lines.findIndex((l) => names(l)));
  const at = firstLineWith.get(code)!;
  return at >= 0 ? paragraphAt(lines, at) : undefined;
}
