// Call records from Microsoft Graph (application permission CallRecords.Read.All):
//   GET /communications/callRecords/getDirectRoutingCalls(fromDateTime=...,toDateTime=...)
//   GET /communications/callRecords/getPstnCalls(fromDateTime=...,toDateTime=...)
// Both answer 1,000 rows a page with an @odata.nextLink to the next one. The range is on the
// call's start time; getDirectRoutingCalls' end is exclusive, getPstnCalls' is documented as
// inclusive, so its end is moved back by a millisecond to read the same half-open range.
import { GraphClient, type Collection, type PageCount } from './client';
import { permissionMessage } from './errors';

/** directRoutingLogRow (learn.microsoft.com/graph/api/resources/callrecords-directroutinglogrow). */
export interface DirectRoutingLogRow {
  id?: string;
  correlationId?: string;
  userId?: string | null;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  startDateTime?: string;
  inviteDateTime?: string;
  /** Only for failed calls; a call that went through has `0001-01-01T00:00:00Z` here. */
  failureDateTime?: string;
  /** Only for calls that went through. */
  endDateTime?: string;
  duration?: number;
  callType?: string;
  successfulCall?: boolean;
  callerNumber?: string;
  calleeNumber?: string;
  mediaPathLocation?: string;
  signalingLocation?: string;
  finalSipCode?: number;
  callEndSubReason?: number;
  finalSipCodePhrase?: string;
  trunkFullyQualifiedDomainName?: string;
  mediaBypassEnabled?: boolean;
}

/** pstnCallLogRow (Calling Plan and Operator Connect). It carries no SIP or Microsoft code. */
export interface PstnCallLogRow {
  id?: string;
  callId?: string;
  userId?: string | null;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  startDateTime?: string;
  endDateTime?: string;
  duration?: number;
  callType?: string;
  calleeNumber?: string;
  callerNumber?: string;
  operator?: string;
  callDurationSource?: string;
  [key: string]: unknown;
}

export interface TimeRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** What .NET writes for "no date": Graph's rows carry it where a time does not apply. */
export const NO_DATE = '0001-01-01T00:00:00Z';

/** True for a real date-time; false for a missing one or .NET's default (`0001-01-01T00:00:00Z`). */
export function isRealDate(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && !v.startsWith('0001-01-01');
}

/** A row with Graph's placeholder dates removed, so that no reader takes year 1 for a time. */
export function withoutPlaceholderDates<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const k of ['startDateTime', 'inviteDateTime', 'failureDateTime', 'endDateTime']) {
    if (k in out && !isRealDate(out[k])) delete out[k];
  }
  return out as T;
}

/** ISO 8601 UTC to the second (Graph's DateTimeOffset), or to the millisecond when it has one. */
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

export function directRoutingPath(range: TimeRange): string {
  return `/communications/callRecords/getDirectRoutingCalls(fromDateTime=${iso(range.from)},toDateTime=${iso(range.to)})`;
}

export function pstnPath(range: TimeRange): string {
  return `/communications/callRecords/getPstnCalls(fromDateTime=${iso(range.from)},toDateTime=${iso(new Date(range.to.getTime() - 1))})`;
}

/** getPstnCalls refuses a range longer than 90 days; so does SIP Doc, for both. */
export const MAX_RANGE_DAYS = 90;

export function checkRange(range: TimeRange): string | undefined {
  if (Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime())) return 'The time range has an invalid date.';
  if (range.to <= range.from) return 'The end of the time range must be after its start.';
  if (range.to.getTime() - range.from.getTime() > MAX_RANGE_DAYS * 86_400_000) return `Microsoft Graph serves at most ${MAX_RANGE_DAYS} days of call records per query.`;
  return undefined;
}

export interface CallRecords {
  range: TimeRange;
  directRouting: Collection<DirectRoutingLogRow>;
  pstn: Collection<PstnCallLogRow>;
  /** Graph requests these reads took (pages and retries). */
  requests: number;
}

export interface CallRecordCounts {
  range: TimeRange;
  directRouting: PageCount;
  pstn: PageCount;
  requests: number;
}

export type CallRecord = { kind: 'direct-routing'; row: DirectRoutingLogRow } | { kind: 'pstn'; row: PstnCallLogRow };

/**
 * Direct Routing and PSTN (Calling Plan, Operator Connect) calls started in the range, handed to
 * `onRecord` page by page, with Graph's placeholder dates removed. Nothing is kept.
 */
export async function streamCallRecords(client: GraphClient, range: TimeRange, onRecord: (r: CallRecord) => void): Promise<CallRecordCounts> {
  const problem = checkRange(range);
  if (problem) throw new RangeError(problem);
  const app = { tenantId: client.config.tenantId, clientId: client.config.clientId };
  const before = client.requests;
  const directRouting = await client.forEachPage<DirectRoutingLogRow>(
    directRoutingPath(range),
    'the Direct Routing calls (getDirectRoutingCalls)',
    (rows) => rows.forEach((row) => onRecord({ kind: 'direct-routing', row: withoutPlaceholderDates(row) })),
    permissionMessage(app, 'getDirectRoutingCalls'),
  );
  const pstn = await client.forEachPage<PstnCallLogRow>(
    pstnPath(range),
    'the PSTN calls (getPstnCalls)',
    (rows) => rows.forEach((row) => onRecord({ kind: 'pstn', row: withoutPlaceholderDates(row) })),
    permissionMessage(app, 'getPstnCalls'),
  );
  return { range, directRouting, pstn, requests: client.requests - before };
}

/** The same, kept in memory. */
export async function readCallRecords(client: GraphClient, range: TimeRange): Promise<CallRecords> {
  const dr: DirectRoutingLogRow[] = [];
  const pstn: PstnCallLogRow[] = [];
  const counts = await streamCallRecords(client, range, (r) => (r.kind === 'pstn' ? pstn.push(r.row) : dr.push(r.row)));
  return {
    range,
    directRouting: { rows: dr, pages: counts.directRouting.pages, truncated: counts.directRouting.truncated },
    pstn: { rows: pstn, pages: counts.pstn.pages, truncated: counts.pstn.truncated },
    requests: counts.requests,
  };
}
