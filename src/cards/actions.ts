// What a card button sends back (Action.Submit data). Everything a follow-up needs travels in
// the data, so any server instance can answer it: no state is kept between turns.

export type CardAction =
  | { verb: 'explain'; ms: number | null; sip: number | null }
  | { verb: 'variants'; ms: number; sip: number }
  | { verb: 'sip-codes'; sip: number }
  | { verb: 'entry'; id: string }
  | { verb: 'ask'; text: string }
  | PageAction;

/**
 * A page of a report's distinct failures. The button carries the whole compact list (codes and
 * counts), so that any instance can draw any page: [msCode, sipCode, q850Cause, variant, count],
 * where variant is the index of the chosen entry among the pair's documented variants.
 */
export type KindTuple = [number | null, number | null, number | null, number, number];
export interface PageAction {
  verb: 'page';
  k: KindTuple[];
  /** Index of the first item of the page. */
  at: number;
  /** Distinct failures in the report, when more than the list carries. */
  n?: number;
}

/** Items one page button carries at most (about 12 KB of card data). */
export const MAX_PAGE_ITEMS = 500;

export const CARD_VERBS = ['explain', 'variants', 'sip-codes', 'entry', 'ask', 'page'] as const;

const code = (v: unknown, max: number): number | null | undefined => {
  if (v === null) return null;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max ? v : undefined;
};

/** Validates submit data from the wire (it is user-controllable); undefined when it is not ours. */
export function parseCardAction(data: unknown): CardAction | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  switch (d.verb) {
    case 'explain': {
      const ms = code(d.ms, 999_999_999);
      const sip = code(d.sip, 699);
      if (ms === undefined || sip === undefined || (ms === null && sip === null)) return undefined;
      return { verb: 'explain', ms, sip };
    }
    case 'variants': {
      const ms = code(d.ms, 999_999_999);
      const sip = code(d.sip, 699);
      return typeof ms === 'number' && typeof sip === 'number' ? { verb: 'variants', ms, sip } : undefined;
    }
    case 'sip-codes': {
      const sip = code(d.sip, 699);
      return typeof sip === 'number' ? { verb: 'sip-codes', sip } : undefined;
    }
    case 'entry':
      return typeof d.id === 'string' && d.id.length <= 200 ? { verb: 'entry', id: d.id } : undefined;
    case 'ask':
      return typeof d.text === 'string' && d.text.length <= 1000 ? { verb: 'ask', text: d.text } : undefined;
    case 'page':
      return parsePage(d);
    default:
      return undefined;
  }
}

const inRange = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const codeOrNull = (v: unknown, min: number, max: number) => v === null || inRange(v, min, max);

function parsePage(d: Record<string, unknown>): PageAction | undefined {
  const k = d.k;
  if (!Array.isArray(k) || k.length === 0 || k.length > MAX_PAGE_ITEMS) return undefined;
  for (const t of k) {
    if (!Array.isArray(t) || t.length !== 5) return undefined;
    const [ms, sip, q850, variant, count] = t as unknown[];
    if (!codeOrNull(ms, 0, 999_999_999) || !codeOrNull(sip, 0, 699) || !codeOrNull(q850, 1, 127)) return undefined;
    if (ms === null && sip === null && q850 === null) return undefined;
    if (!inRange(variant, 0, 99) || !inRange(count, 1, 1_000_000_000)) return undefined;
  }
  if (!inRange(d.at, 0, k.length - 1)) return undefined;
  if (d.n !== undefined && !inRange(d.n, k.length, 10_000_000)) return undefined;
  const page: PageAction = { verb: 'page', k: k.map((t) => [...t] as KindTuple), at: d.at as number };
  if (d.n !== undefined) page.n = d.n as number;
  return page;
}
