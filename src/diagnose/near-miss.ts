// "Did you mean": documented Microsoft codes one typo away from a code the tables do not list
// (one digit changed, or two neighbouring digits swapped), offered instead of a silent miss.
import { isFeatured } from '../kb/featured';
import type { Kb } from '../kb/load';
import { CATALOG_PRIORITY, type DidYouMean } from './types';

/** At most this many suggestions. */
const MAX_SUGGESTIONS = 3;
/** Codes shorter than this have too many neighbours to be worth guessing. */
const MIN_DIGITS = 4;

function neighbours(code: number): Array<{ code: number; how: DidYouMean['how'] }> {
  const digits = String(code);
  const out: Array<{ code: number; how: DidYouMean['how'] }> = [];
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] === digits[i + 1]) continue;
    const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    if (swapped[0] !== '0') out.push({ code: Number(swapped), how: 'swap' });
  }
  for (let i = 0; i < digits.length; i++) {
    for (const d of '0123456789') {
      if (d === digits[i] || (i === 0 && d === '0')) continue;
      out.push({ code: Number(digits.slice(0, i) + d + digits.slice(i + 1)), how: 'digit' });
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
