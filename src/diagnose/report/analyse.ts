// The analysis of a report: a pure function of its rows and the knowledge base.
//   calls, successes, expected outcomes (busy, no answer, cancelled, declined, normal clearing)
//   apart from faults, the failure rate; failures by who must act, SBC, call type, direction,
//   hour, user and number; every distinct failure with a few calls to quote in a ticket.
// Codes are resolved by resolveMention, exactly as for a paste, so a row's entry, origin and who
// must act (finding.fixOn) are the ones a paste of the same codes gets.
import type { Kb } from '../../kb/load';
import type { Party } from '../../kb/types';
import { resolveMention, impliedSipCode } from '../resolve';
import type { Diagnosis, Finding, Mention } from '../types';
import { ROW_FIELDS, type CallRow, type RowField } from './row';
import type { Count, Example, ExpectedKind, HourBuckets, Report, ReportFormat, ReportKind } from './types';

/** Calls quoted per kind of failure; users, numbers and SBCs listed. */
export const EXAMPLES_PER_KIND = 5;
export const TOP_N = 10;

export interface ReportSource {
  format: ReportFormat;
  name?: string;
  skipped?: number;
  header?: boolean;
  truncated?: boolean;
  notes?: string[];
  /** Whether the source reads like ACS rather than Teams Direct Routing (ranks the entries). */
  context?: Diagnosis['input']['context'];
}

const HOUR = 3_600_000;

/** Milliseconds since the epoch of a report time; a time without a zone is UTC (as the reports are). */
export function timeMs(t: string | undefined): number | undefined {
  if (!t) return undefined;
  let iso = t;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(t);
  if (us) iso = `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}T${us[4]!.padStart(2, '0')}:${us[5]}:${us[6] ?? '00'}Z`;
  else {
    iso = iso.replace(' ', 'T');
    if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z';
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Busy, cancelled and declined are what RFC 3261 says of 486/600, 487 and 603: the called party's
 * answer, not a fault. 480 is "no answer" only when the far end sent it (560480 / 540480); from a
 * Microsoft service it says a user or endpoint was not found. A finding nobody has to act on
 * (finding.fixOn.party "none": 0/560000 "BYE") is a normal clearing.
 */
export function expectedKindOf(f: Pick<Finding, 'msCode' | 'sipCode' | 'fixOn'>): ExpectedKind | undefined {
  const sip = f.sipCode ?? impliedSipCode(f.msCode);
  if (sip === 486 || sip === 600) return 'busy';
  if (sip === 487) return 'cancelled';
  if (sip === 603) return 'declined';
  if (sip === 480 && (f.msCode === 560480 || f.msCode === 540480)) return 'no-answer';
  if (f.fixOn.party === 'none') return 'normal-clearing';
  return undefined;
}

class Counter<K extends string = string> {
  private readonly map = new Map<K, { count: number; total: number }>();
  add(key: K | undefined, failed: boolean) {
    if (key === undefined) return;
    let c = this.map.get(key);
    if (!c) this.map.set(key, (c = { count: 0, total: 0 }));
    c.total++;
    if (failed) c.count++;
  }
  /** Keys with failures, most first; `total` is every call with that key. */
  top(n = Number.POSITIVE_INFINITY, withTotal = true): Count<K>[] {
    return [...this.map]
      .filter(([, c]) => c.count > 0)
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([key, c]) => (withTotal ? { key, count: c.count, total: c.total } : { key, count: c.count }));
  }
}

interface KindState extends ReportKind {
  firstMs?: number;
  lastMs?: number;
  sbcs: Counter;
}

function hourBuckets(times: number[]): HourBuckets | null {
  if (!times.length) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const start = Math.floor(min / HOUR) * HOUR;
  if (max - start < 24 * HOUR) {
    const n = Math.floor((max - start) / HOUR) + 1;
    const counts = new Array<number>(n).fill(0);
    for (const t of times) counts[Math.floor((t - start) / HOUR)]!++;
    return { mode: 'timeline', buckets: counts.map((count, i) => ({ key: `${isoMinute(start + i * HOUR).slice(0, 13)}:00`, count })) };
  }
  const counts = new Array<number>(24).fill(0);
  for (const t of times) counts[new Date(t).getUTCHours()]!++;
  return { mode: 'hour-of-day', buckets: counts.map((count, h) => ({ key: `${String(h).padStart(2, '0')}:00`, count })) };
}

/** The analysis of report rows. Pure: the same rows and knowledge base give the same report. */
export function analyseRows(rows: readonly CallRow[], kb: Kb, source: ReportSource): Report {
  const context = source.context ?? 'teams';
  const resolved = new Map<string, Omit<Finding, 'count' | 'firstLine' | 'formats'>>();
  const kinds = new Map<string, KindState>();
  const present = new Set<RowField>();
  const parties = new Counter<Party>();
  const sbcs = new Counter();
  const callTypes = new Counter();
  const directions = new Counter<'inbound' | 'outbound'>();
  const users = new Counter();
  const numbers = new Counter();
  const expectedByKind = new Map<ExpectedKind, number>();
  const failureTimes: number[] = [];
  let successes = 0;
  let expected = 0;
  let failures = 0;
  let unknown = 0;
  let firstMs: number | undefined;
  let lastMs: number | undefined;

  for (const row of rows) {
    for (const f of ROW_FIELDS) if (row[f] !== undefined) present.add(f);
    const ms = timeMs(row.time);
    if (ms !== undefined) {
      if (firstMs === undefined || ms < firstMs) firstMs = ms;
      if (lastMs === undefined || ms > lastMs) lastMs = ms;
    }
    const msCode = row.msCode ?? null;
    const sipCode = row.sipCode ?? null;
    let failed = false;
    if (row.success === true || (row.success === undefined && sipCode !== null && sipCode >= 200 && sipCode < 300 && !msCode)) {
      successes++;
    } else if (msCode === null && sipCode === null) {
      unknown++;
    } else {
      // Resolve each code pair once; the phrase only matters where a pair has variants.
      const variants = msCode !== null && sipCode !== null ? kb.withPair(msCode, sipCode).length : 0;
      const cacheKey = variants > 1 && row.phrase ? `${msCode}/${sipCode}/${row.phrase}` : `${msCode}/${sipCode}`;
      let r = resolved.get(cacheKey);
      if (!r) {
        const m: Mention = { msCode, sipCode, q850Cause: null, format: 'csv', line: row.line ?? 0 };
        if (row.phrase) m.phrase = row.phrase;
        r = resolveMention(m, { kb, context });
        resolved.set(cacheKey, r);
      }
      const key = `${r.msCode}/${r.sipCode}/${variants > 1 && row.phrase ? r.entries[0]?.id : ''}`;
      let kind = kinds.get(key);
      if (!kind) {
        const finding: Finding = Object.assign({}, r, { count: 0, firstLine: row.line ?? 0, formats: ['csv' as const] });
        const expectedKind = expectedKindOf(finding);
        kind = {
          finding,
          party: finding.fixOn.party,
          outcome: expectedKind ? 'expected' : 'failure',
          count: 0,
          examples: [],
          bySbc: [],
          sbcs: new Counter(),
        };
        if (expectedKind) kind.expectedKind = expectedKind;
        if (row.phrase) kind.phrase = row.phrase;
        kinds.set(key, kind);
      }
      kind.count++;
      kind.finding.count++;
      kind.sbcs.add(row.sbcFqdn, true);
      if (ms !== undefined) {
        if (kind.firstMs === undefined || ms < kind.firstMs) kind.firstMs = ms;
        if (kind.lastMs === undefined || ms > kind.lastMs) kind.lastMs = ms;
      }
      if (kind.examples.length < EXAMPLES_PER_KIND) {
        const ex: Example = {};
        if (row.correlationId) ex.correlationId = row.correlationId;
        if (row.time) ex.time = row.time;
        if (row.sbcFqdn) ex.sbcFqdn = row.sbcFqdn;
        if (row.line !== undefined) ex.line = row.line;
        kind.examples.push(ex);
      }
      if (kind.outcome === 'expected') {
        expected++;
        expectedByKind.set(kind.expectedKind!, (expectedByKind.get(kind.expectedKind!) ?? 0) + 1);
      } else {
        failures++;
        failed = true;
        parties.add(kind.party, true);
        users.add(row.user, true);
        numbers.add(row.calleeNumber, true);
        if (ms !== undefined) failureTimes.push(ms);
      }
    }
    sbcs.add(row.sbcFqdn, failed);
    callTypes.add(row.callType, failed);
    directions.add(row.direction, failed);
  }

  const list = [...kinds.values()].map((k): ReportKind => {
    const { sbcs: counter, firstMs: f, lastMs: l, ...kind } = k;
    kind.bySbc = counter.top(3, false);
    if (f !== undefined) kind.firstSeen = isoMinute(f);
    if (l !== undefined) kind.lastSeen = isoMinute(l);
    return kind;
  });
  const order = (k: ReportKind) => (k.outcome === 'failure' ? 0 : 1);
  list.sort((a, b) => order(a) - order(b) || b.count - a.count);
  const calls = rows.length;
  return {
    source: {
      format: source.format,
      ...(source.name !== undefined ? { name: source.name } : {}),
      rows: rows.length,
      skipped: source.skipped ?? 0,
      ...(source.header !== undefined ? { header: source.header } : {}),
      truncated: source.truncated ?? false,
      notes: source.notes ?? [],
    },
    columns: { present: ROW_FIELDS.filter((f) => present.has(f)), missing: ROW_FIELDS.filter((f) => !present.has(f)) },
    calls,
    successes,
    expected,
    failures,
    unknown,
    failureRate: calls ? failures / calls : null,
    expectedByKind: [...expectedByKind].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    byParty: parties.top(Infinity, false),
    bySbc: sbcs.top(TOP_N),
    byCallType: callTypes.top(TOP_N),
    byDirection: directions.top(),
    byHour: hourBuckets(failureTimes),
    byUser: users.top(TOP_N, false),
    byNumber: numbers.top(TOP_N, false),
    kinds: list,
    ...(firstMs !== undefined ? { firstSeen: isoMinute(firstMs) } : {}),
    ...(lastMs !== undefined ? { lastSeen: isoMinute(lastMs) } : {}),
  };
}

/**
 * A log, trace or pasted text as a report: diagnose() gives the findings (one per distinct
 * failure, with counts); the report is the summary over them. A log has no rows, so no calls,
 * SBCs or hours: `calls` counts the code mentions.
 */
export function reportFromDiagnosis(d: Diagnosis, source: ReportSource): Report {
  const kinds: ReportKind[] = d.findings.map((f) => {
    const expectedKind = expectedKindOf(f);
    const kind: ReportKind = {
      finding: f,
      party: f.fixOn.party,
      outcome: expectedKind ? 'expected' : 'failure',
      count: f.count,
      examples: [{ line: f.firstLine }],
      bySbc: [],
    };
    if (expectedKind) kind.expectedKind = expectedKind;
    if (f.phrase) kind.phrase = f.phrase;
    return kind;
  });
  const order = (k: ReportKind) => (k.outcome === 'failure' ? 0 : 1);
  kinds.sort((a, b) => order(a) - order(b) || b.count - a.count);
  const parties = new Map<Party, number>();
  const expectedByKind = new Map<ExpectedKind, number>();
  let failures = 0;
  let expected = 0;
  for (const k of kinds) {
    if (k.outcome === 'failure') {
      failures += k.count;
      parties.set(k.party, (parties.get(k.party) ?? 0) + k.count);
    } else {
      expected += k.count;
      expectedByKind.set(k.expectedKind!, (expectedByKind.get(k.expectedKind!) ?? 0) + k.count);
    }
  }
  const calls = failures + expected;
  return {
    source: {
      format: source.format,
      ...(source.name !== undefined ? { name: source.name } : {}),
      rows: calls,
      skipped: 0,
      truncated: d.input.truncated || (source.truncated ?? false),
      notes: source.notes ?? [],
    },
    columns: { present: [], missing: [] },
    calls,
    successes: 0,
    expected,
    failures,
    unknown: 0,
    failureRate: null,
    expectedByKind: [...expectedByKind].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    byParty: [...parties].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    bySbc: [],
    byCallType: [],
    byDirection: [],
    byHour: null,
    byUser: [],
    byNumber: [],
    kinds,
  };
}
