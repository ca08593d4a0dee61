// Two days of a tenant's Direct Routing calls, in Graph's shapes (see graph-stand-in.ts for the
// documented sources): 2026-11-18 is quiet, 2026-11-19 has an SBC whose TLS certificate expired
// (569008/504, new), more 560403/403 from the SBC (rate doubled), and a routing gap (510559/403, new).
import { drRow, pstnRow } from './graph-stand-in';

const at = (day: string, i: number) => new Date(Date.parse(`${day}T06:00:00Z`) + i * 9 * 60_000).toISOString();

function day(date: string, spec: Array<[number, Partial<Parameters<typeof drRow>[0]>]>) {
  const rows: Record<string, unknown>[] = [];
  let i = 0;
  for (const [count, init] of spec) for (let k = 0; k < count; k++) rows.push(drRow({ start: at(date, i++), ...init }));
  return rows;
}

export const DAY_BEFORE = '2026-11-18';
export const DAY = '2026-11-19';

export const dayBefore = day(DAY_BEFORE, [
  [36, { ok: true }],
  [2, { sip: 403, ms: 560403, phrase: 'Forbidden' }],
  [2, { sip: 487, ms: 0, phrase: 'Request Terminated' }],
]);

export const theDay = day(DAY, [
  [42, { ok: true }],
  [6, { sip: 403, ms: 560403, phrase: 'Forbidden' }],
  [5, { sip: 504, ms: 569008, phrase: 'Unable to deliver INVITE: Outgoing TLS negotiation failed. Remote certificate expired', sbc: 'sbc2.adatum.biz' }],
  [3, { sip: 403, ms: 510559, phrase: 'Get Outbound routing - No viable path', callType: 'ByotOut' }],
  [2, { sip: 486, ms: 560486, phrase: 'Busy Here' }],
  [2, { sip: 487, ms: 0, phrase: 'Request Terminated' }],
]);

export const pstnCalls = [pstnRow(`${DAY}T09:00:00Z`), pstnRow(`${DAY_BEFORE}T09:00:00Z`)];

/** Rows of the day after: outside both days, never in the digest. */
export const nextDay = day('2026-11-20', [[3, { sip: 503, ms: 560503, phrase: 'Service Unavailable' }]]);
