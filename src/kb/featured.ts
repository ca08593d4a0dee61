// The codes admins look up most: shown first when the message extension opens, and first among
// the many documented codes that share a lone SIP code.
export const FEATURED_PAIRS: ReadonlyArray<[msCode: number, sipCode: number]> = [
  [510559, 403],
  [560403, 403],
  [510532, 403],
  [510562, 403],
  [569008, 504],
  [569009, 504],
  [569002, 504],
  [560503, 503],
  [540998, 503],
  [500001, 408],
  [10037, 480],
  [560484, 484],
];

const FEATURED_KEYS = new Set(FEATURED_PAIRS.map(([ms, sip]) => `${ms}/${sip}`));

export const isFeatured = (msCode: number | null, sipCode: number | null) => FEATURED_KEYS.has(`${msCode}/${sipCode}`);
