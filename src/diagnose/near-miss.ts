// "Did you mean": documented Microsoft codes one typo away from a code the tables do not list
// (one digit changed, or two neighbouring digits swapped), offered instead of a silent miss.
import { isFeatured } from '../kb/featured';
import type { Kb } from '../kb/load';
import { CATALOG_PRIORITY, type DidYouMean } from './types';

/** At most this many suggestions. */
const MAX_SUGGESTIONS = 3;
/** Codes shorter than this have too many neighbours to be worth guessing. */
const MIN_DIGITS = 4;

/** The codes one digit or one swap of neighbouring digits away, in arithmetic (no strings: this runs per unknown code). */
function neighbours(code: number): Array<{ code: number; how: DidYouMean['how'] }> {
  const out: Array<{ code: number; how: DidYouMean['how'] }> = [];
  const digits: number[] = [];
  for (let n = code; n > 0; n = Math.floor(n / 10)) digits.push(n % 10); // least significant first
  const top = digits.length - 1;
  for (let i = 0, place = 1; i < top; i++, place *= 10) {
    const a = digits[i]!;
    const b = digits[i + 1]!;
    if (a === b || (i + 1 === top && a === 0)) continue;
    out.push({ code: code + (b - a) * place + (a - b) * place * 10, how: 'swap' });
  }
  for (let i = 0, place = 1; i <= top; i++, place *= 10) {
    for (let d = i === top ? 1 : 0; d <= 9; d++) {
      if (d !== digits[i]) out.push({ code: code + (d - digits[i]!) * place, how: 'digit' });
    }
  }
  return out;
}

/** Documented codes one typo away from `msCode`, those with the pasted SIP code first. */
export function nearMisses(kb: Kb, msCode: number, sipCode: number | null): DidYouMean[] {
  if (msCode < 10 ** (MIN_DIGITS - 1) || kb.hasMsCode(msCode)) return [];
  const found: Array<DidYouMean & { rank: number }> = [];
  for (const n of neighbours(msCode)) {
    if (!kb.hasMsCode(n.code)) continue;
    const samePair = sipCode !== null ? kb.withPair(n.code, sipCode) : [];
    const entry = [...(samePair.length ? samePair : kb.withMsCode(n.code))].sort((a, b) => CATALOG_PRIORITY.indexOf(a.catalog) - CATALOG_PRIORITY.indexOf(b.catalog))[0]!;
    found.push({
      msCode: n.code,
      sipCode: entry.sipCode,
      phrase: entry.phrase,
      entryId: entry.id,
      how: n.how,
      rank: (samePair.length ? 0 : 4) + (n.how === 'swap' ? 0 : 2) + (isFeatured(n.code, entry.sipCode) ? 0 : 1),
    });
  }
  return found
    .sort((a, b) => a.rank - b.rank || Math.abs(a.msCode - msCode) - Math.abs(b.msCode - msCode))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ rank: _rank, ...d }) => d);
}
