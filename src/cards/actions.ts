// What a card button sends back (Action.Submit data). Everything a follow-up needs travels in
// the data, so any server instance can answer it: no state is kept between turns.

export type CardAction =
  | { verb: 'explain'; ms: number | null; sip: number | null }
  | { verb: 'variants'; ms: number; sip: number }
  | { verb: 'sip-codes'; sip: number }
  | { verb: 'entry'; id: string }
  | { verb: 'ask'; text: string };

export const CARD_VERBS = ['explain', 'variants', 'sip-codes', 'entry', 'ask'] as const;

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
    default:
      return undefined;
  }
}
