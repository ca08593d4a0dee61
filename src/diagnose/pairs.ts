// Halves of one pair written apart ("403 with subcode 510559", a translated page's two lines),
// read as that pair before resolution.
import type { Mention } from './types';

/** Lines apart within which a lone Microsoft code and a lone SIP code of a documented pair are read as that pair. */
const PAIR_LINES = 2;

/** Words that join two things named side by side: "403 and 510559" names two codes, not a pair. */
const CONJUNCTIONS = new Set(['and', 'or', 'und', 'oder', 'et', 'ou', 'y', 'o', 'e', 'ed']);

/** Whether, on their line, nothing but a conjunction (or punctuation) stands between the two codes. */
function joinedByConjunction(line: string | undefined, a: Mention, b: Mention): boolean {
  if (!line) return true;
  const first = String(a.msCode ?? a.sipCode);
  const second = String(b.msCode ?? b.sipCode);
  const at = numberAt(line, first, 0);
  const next = at < 0 ? -1 : numberAt(line, second, at + first.length);
  if (next < 0) return true;
  const words = line
    .slice(at + first.length, next)
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.every((w) => CONJUNCTIONS.has(w));
}

/** Where `code` stands as a number of its own in `line`, from `from`; -1 if it does not. */
export function numberAt(line: string, code: string, from: number): number {
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = line.indexOf(code, from); i >= 0; i = line.indexOf(code, i + 1)) {
    if (!isDigit(line[i - 1]) && !isDigit(line[i + code.length])) return i;
  }
  return -1;
}

/** The pair read from halves, with the phrase and excerpt it has. */
function pairOf(msCode: number, sipCode: number, line: number, phrase: string | undefined, excerpt: string | undefined): Mention {
  const m: Mention = { msCode, sipCode, q850Cause: null, format: 'key-value', line };
  if (phrase) m.phrase = phrase;
  if (excerpt) m.excerpt = excerpt;
  return m;
}

/**
 * Halves of one pair, read as that pair:
 * - "403 with subcode 510559": a bare code and a keyed code on one line;
 * - a lone Microsoft code and a lone SIP code next to each other (the same line or within
 *   PAIR_LINES), when Microsoft documents that pair: "500001 ... (Gateway 408)", or a translated
 *   page's "Microsoft response code: 500001" and "SIP response code: 408" on lines of their own.
 *   On one line, words must stand between them: "403 and 510559" names two codes.
 * - a SIP code named once before a list of lone Microsoft codes on one line, each documented with
 *   it: a pair with each.
 * Never a half that carries its own evidence (a trace, words saying who answered).
 */
export function mergeSplitPairs(mentions: Mention[], isKnownPair: (ms: number, sip: number) => boolean): Mention[] {
  const out: Mention[] = [];
  const lone = (m: Mention) => m.q850Cause === null && (m.msCode === null) !== (m.sipCode === null) && !m.trace && !m.said && ['single', 'key-value'].includes(m.format);
  for (let i = 0; i < mentions.length; i++) {
    const a = mentions[i]!;
    const b = mentions[i + 1];
    const halves = b !== undefined && lone(a) && lone(b) && (a.msCode === null) !== (b.msCode === null);
    const keyed = halves && a.line === b!.line && (a.format === 'key-value' || b!.format === 'key-value');
    const ms = halves ? (a.msCode ?? b!.msCode)! : 0;
    const sip = halves ? (a.sipCode ?? b!.sipCode)! : 0;
    const documented =
      halves && !keyed && Math.abs(b!.line - a.line) <= PAIR_LINES && isKnownPair(ms, sip) && !(a.line === b!.line && joinedByConjunction(a.excerpt, a, b!));
    if (keyed || documented) {
      const msHalf = a.msCode !== null ? a : b!;
      const other = msHalf === a ? b! : a;
      out.push(pairOf(ms, sip, a.line, keyed ? (b!.phrase ?? a.phrase) : (msHalf.phrase ?? other.phrase), a.excerpt));
      i++;
      // The SIP code named once before a list of Microsoft codes documented with it pairs with
      // each ("the documented 408 cases ... Microsoft lists 1106, 500001, 560408, and 0").
      if (msHalf === b && !keyed) {
        for (let c = mentions[i + 1]; c && lone(c) && c.msCode !== null && c.line === b.line && isKnownPair(c.msCode, sip); c = mentions[i + 1]) {
          out.push(pairOf(c.msCode, sip, c.line, c.phrase, c.excerpt));
          i++;
        }
      }
    } else out.push(a);
  }
  return out;
}
