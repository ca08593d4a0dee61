// Who must act on a finding, from who generated it. The first, coarse rule: the side whose fix
// the origin names. The reviewed rules over each entry's documented actions refine it.
import type { FixOn, Origin, Party, Side } from './types';

const PARTY_OF_SIDE: Record<Side, Party> = { sbc: 'sbc', microsoft: 'microsoft', client: 'client', none: 'none', unknown: 'unknown' };

export function fixOnFromOrigin(origin: Origin, basis: FixOn['basis'] = 'rule'): FixOn {
  const side = origin.fixOn ?? origin.side;
  return { party: PARTY_OF_SIDE[side], basis, rule: 'origin-side', reason: origin.reason };
}
