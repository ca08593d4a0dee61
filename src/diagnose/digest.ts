// The daily digest: one day's report next to the day before's. Pure, like the analysis it reads:
// what failed, by who must act, the top kinds of failure, and what is new (a code absent the day
// before) or rising (its share of the calls at least doubled).
import type { Party } from '../kb/types';
import type { Count, Report, ReportKind } from './report/types';

/** Kinds of failure shown as "top" in the digest. */
export const DIGEST_TOP_KINDS = 5;
/** A kind is "rising" only from this many failures: 1 -> 2 is noise, not a trend. */
export const RISING_MIN_COUNT = 3;
/** Correlation IDs quoted per kind. */
export const DIGEST_IDS_PER_KIND = 3;

export type Trend = 'new' | 'rising' | 'steady' | 'falling';

export interface DigestKind {
  kind: ReportKind;
  /** Failures of the same kind the day before (0: it is new). */
  previousCount: number;
  /** Its failures per call, the day and the day before (null without calls). */
  rate: number | null;
  previousRate: number | null;
  trend: Trend;
  correlationIds: string[];
}

export interface DayTotals {
  calls: number;
  failures: number;
  failureRate: number | null;
}

export interface Digest {
  /** The UTC day covered (YYYY-MM-DD) and the one it is compared with. */
  day: string;
  previousDay: string;
  totals: DayTotals;
  previous: DayTotals;
  byParty: Array<Count<Party> & { previous: number }>;
  /** The most frequent kinds of failure, with their trend. */
  top: DigestKind[];
  /** Every kind that is new or rising, most failures first (some may also be in `top`). */
  newOrRising: DigestKind[];
  /** Kinds of failure the day had in all. */
  distinctKinds: number;
  notes: string[];
}

/** The same kind of failure on two days: the resolved codes and, for variants, the entry chosen. */
export const kindKey = (k: ReportKind) => `${k.finding.msCode}/${k.finding.sipCode}/${k.finding.entries[0]?.id ?? ''}`;

const totals = (r: Report): DayTotals => ({ calls: r.calls, failures: r.failures, failureRate: r.failureRate });
const rateOf = (count: number, calls: number) => (calls ? count / calls : null);

export function trendOf(count: number, previousCount: number, rate: number | null, previousRate: number | null): Trend {
  if (previousCount === 0) return 'new';
  if (count >= RISING_MIN_COUNT && rate !== null && previousRate !== null && rate >= 2 * previousRate) return 'rising';
  if (rate !== null && previousRate !== null && rate <= previousRate / 2) return 'falling';
  return 'steady';
}

export function buildDigest(day: string, report: Report, previousDay: string, previous: Report): Digest {
  const before = new Map<string, ReportKind>();
  for (const k of previous.kinds) if (k.outcome === 'failure') before.set(kindKey(k), k);
  const failures = report.kinds.filter((k) => k.outcome === 'failure');
  const kinds: DigestKind[] = failures.map((kind) => {
    const previousCount = before.get(kindKey(kind))?.count ?? 0;
    const rate = rateOf(kind.count, report.calls);
    const previousRate = rateOf(previousCount, previous.calls);
    return {
      kind,
      previousCount,
      rate,
      previousRate,
      trend: trendOf(kind.count, previousCount, rate, previousRate),
      correlationIds: kind.examples.flatMap((e) => (e.correlationId ? [e.correlationId] : [])).slice(0, DIGEST_IDS_PER_KIND),
    };
  });
  const previousParty = new Map(previous.byParty.map((p) => [p.key, p.count]));
  const notes = [...report.source.notes];
  if (previous.calls === 0 && report.calls > 0) notes.push(`No calls on ${previousDay} to compare with: every kind of failure counts as new.`);
  return {
    day,
    previousDay,
    totals: totals(report),
    previous: totals(previous),
    byParty: report.byParty.map((p) => ({ ...p, previous: previousParty.get(p.key) ?? 0 })),
    top: kinds.slice(0, DIGEST_TOP_KINDS),
    newOrRising: kinds.filter((k) => k.trend === 'new' || k.trend === 'rising'),
    distinctKinds: kinds.length,
    notes,
  };
}
