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

/**
 * The analysis, fed one row at a time: a reader streaming a large report hands each row over as
 * it is read, so that memory grows with the distinct codes, SBCs and users, not with the rows.
 */
export class ReportBuilder {
  private readonly context: Diagnosis['input']['context'];
  private readonly resolved = new Map<string, Omit<Finding, 'count' | 'firstLine' | 'formats'>>();
  private readonly kinds = new Map<string, KindState>();
  private readonly present = new Set<RowField>();
  private readonly parties = new Counter<Party>();
  private readonly sbcs = new Counter();
  private readonly callTypes = new Counter();
  private readonly directions = new Counter<'inbound' | 'outbound'>();
  private readonly users = new Counter();
  private readonly numbers = new Counter();
  private readonly expectedByKind = new Map<ExpectedKind, number>();
  private readonly failureTimes: number[] = [];
  private calls = 0;
  private successes = 0;
  private expected = 0;
  private failures = 0;
  private unknown = 0;
  private firstMs: number | undefined;
  private lastMs: number | undefined;

  constructor(
    private readonly kb: Kb,
    context: Diagnosis['input']['context'] = 'teams',
  ) {
    this.context = context;
  }

  readonly add = (row: CallRow): void => {
    const kb = this.kb;
    this.calls++;
    for (const f of ROW_FIELDS) if (row[f] !== undefined) this.present.add(f);
    const ms = timeMs(row.time);
    if (ms !== undefined) {
      if (this.firstMs === undefined || ms < this.firstMs) this.firstMs = ms;
      if (this.lastMs === undefined || ms > this.lastMs) this.lastMs = ms;
    }
    const msCode = row.msCode ?? null;
    const sipCode = row.sipCode ?? null;
    let failed = false;
    if (row.success === true || (row.success === undefined && sipCode !== null && sipCode >= 200 && sipCode < 300 && !msCode)) {
      this.successes++;
    } else if (msCode === null && sipCode === null) {
      this.unknown++;
    } else {
      // Resolve each code pair once; the phrase only matters where a pair has variants.
      const variants = msCode !== null && sipCode !== null ? kb.withPair(msCode, sipCode).length : 0;
      const cacheKey = variants > 1 && row.phrase ? `${msCode}/${sipCode}/${row.phrase}` : `${msCode}/${sipCode}`;
      let r = this.resolved.get(cacheKey);
      if (!r) {
        const m: Mention = { msCode, sipCode, q850Cause: null, format: 'csv', line: row.line ?? 0 };
        if (row.phrase) m.phrase = row.phrase;
        r = resolveMention(m, { kb, context: this.context });
        this.resolved.set(cacheKey, r);
      }
      const key = `${r.msCode}/${r.sipCode}/${variants > 1 && row.phrase ? r.entries[0]?.id : ''}`;
      let kind = this.kinds.get(key);
      if (!kind) {
        const finding: Finding = Object.assign({}, r, { count: 0, firstLine: row.line ?? 0, formats: ['csv' as const] });
        const expectedKind = expectedKindOf(finding);
        kind = { finding, party: finding.fixOn.party, outcome: expectedKind ? 'expected' : 'failure', count: 0, examples: [], bySbc: [], sbcs: new Counter() };
        if (expectedKind) kind.expectedKind = expectedKind;
        if (row.phrase) kind.phrase = row.phrase;
        this.kinds.set(key, kind);
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
        this.expected++;
        this.expectedByKind.set(kind.expectedKind!, (this.expectedByKind.get(kind.expectedKind!) ?? 0) + 1);
      } else {
        this.failures++;
        failed = true;
        this.parties.add(kind.party, true);
        this.users.add(row.user, true);
        this.numbers.add(row.calleeNumber, true);
        if (ms !== undefined) this.failureTimes.push(ms);
      }
    }
    this.sbcs.add(row.sbcFqdn, failed);
    this.callTypes.add(row.callType, failed);
    this.directions.add(row.direction, failed);
  };

  finish(source: ReportSource): Report {
    const list = [...this.kinds.values()].map((k): ReportKind => {
      const { sbcs: counter, firstMs: f, lastMs: l, ...kind } = k;
      kind.bySbc = counter.top(3, false);
      if (f !== undefined) kind.firstSeen = isoMinute(f);
      if (l !== undefined) kind.lastSeen = isoMinute(l);
      return kind;
    });
    const order = (k: ReportKind) => (k.outcome === 'failure' ? 0 : 1);
    list.sort((a, b) => order(a) - order(b) || b.count - a.count);
    const calls = this.calls;
    return {
      source: {
        format: source.format,
        ...(source.name !== undefined ? { name: source.name } : {}),
        rows: calls,
        skipped: source.skipped ?? 0,
        ...(source.header !== undefined ? { header: source.header } : {}),
        truncated: source.truncated ?? false,
        notes: source.notes ?? [],
      },
      columns: { present: ROW_FIELDS.filter((f) => this.present.has(f)), missing: ROW_FIELDS.filter((f) => !this.present.has(f)) },
      calls,
      successes: this.successes,
      expected: this.expected,
      failures: this.failures,
      unknown: this.unknown,
      failureRate: calls ? this.failures / calls : null,
      expectedByKind: [...this.expectedByKind].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
      byParty: this.parties.top(Infinity, false),
      bySbc: this.sbcs.top(TOP_N),
      byCallType: this.callTypes.top(TOP_N),
      byDirection: this.directions.top(),
      byHour: hourBuckets(this.failureTimes),
      byUser: this.users.top(TOP_N, false),
      byNumber: this.numbers.top(TOP_N, false),
      kinds: list,
      ...(this.firstMs !== undefined ? { firstSeen: isoMinute(this.firstMs) } : {}),
      ...(this.lastMs !== undefined ? { lastSeen: isoMinute(this.lastMs) } : {}),
    };
  }
}

/** The analysis of report rows. Pure: the same rows and knowledge base give the same report. */
export function analyseRows(rows: Iterable<CallRow>, kb: Kb, source: ReportSource): Report {
  const builder = new ReportBuilder(kb, source.context);
  for (const row of rows) builder.add(row);
  return builder.finish(source);
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
