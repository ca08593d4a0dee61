// What the analysis of a report returns. Plain data: the cards, the CLI (text, JSON, HTML) and any
// later reader (Graph call records) present it; none of them computes anything of their own.
import type { Party } from '../../kb/types';
import type { Finding } from '../types';
import type { RowField } from './row';

export type ReportFormat = 'csv' | 'tsv' | 'xlsx' | 'json' | 'ndjson' | 'log';

/** What a call came to. Expected outcomes are not faults: nobody has anything to fix. */
export type Outcome = 'success' | 'expected' | 'failure' | 'unknown';

/** The kinds of expected outcome. */
export type ExpectedKind = 'busy' | 'no-answer' | 'cancelled' | 'declined' | 'normal-clearing';

export const EXPECTED_LABELS: Record<ExpectedKind, string> = {
  busy: 'Busy',
  'no-answer': 'No answer',
  cancelled: 'Cancelled by the caller',
  declined: 'Declined',
  'normal-clearing': 'Normal clearing',
};

export interface Count<K = string> {
  key: K;
  /** Failures (or the occurrences counted). */
  count: number;
  /** Every call with this key, failed or not, where the breakdown has it (SBC, call type, direction). */
  total?: number;
}

/** A call to quote in a ticket: its correlation id and when it happened. */
export interface Example {
  correlationId?: string;
  time?: string;
  sbcFqdn?: string;
  line?: number;
}

/** One kind of failure (or expected outcome): one code pair, resolved the way a paste is. */
export interface ReportKind {
  /** The resolved finding: entries, origin, who must act (finding.fixOn), SIP / Q.850 meaning. */
  finding: Finding;
  /** `finding.fixOn.party`, repeated for grouping. */
  party: Party;
  outcome: 'expected' | 'failure';
  expectedKind?: ExpectedKind;
  count: number;
  /** The phrase the report itself wrote, when it has one. */
  phrase?: string;
  firstSeen?: string;
  lastSeen?: string;
  /** A few calls to quote in a ticket (the first ones seen). */
  examples: Example[];
  /** Where it happened most. */
  bySbc: Count[];
}

/** Failures by hour: clock hours when the report spans a day or less, else hours of the day (UTC). */
export interface HourBuckets {
  mode: 'timeline' | 'hour-of-day';
  /** `2024-11-05 14:00` (timeline) or `14:00` (hour of day), in order, empty hours included. */
  buckets: Count[];
}

export interface Report {
  source: {
    format: ReportFormat;
    /** The file name, only ever shown; never used as a path. */
    name?: string;
    /** Rows (calls) read; for a log, the code mentions found. */
    rows: number;
    /** Lines or rows that held no call (blank, a title, a total). */
    skipped: number;
    /** Whether the source had a header row (CSV, TSV, XLSX). */
    header?: boolean;
    /** The input was longer than what was read. */
    truncated: boolean;
    /** Sentences about the source (a second Graph page not read, a sheet skipped ...). */
    notes: string[];
  };
  /** The row fields the source has, and the ones it lacks (the analysis says what it could not do). */
  columns: { present: RowField[]; missing: RowField[] };
  /** Calls (attempts) in the report: one per row; for a log, one per code mention. */
  calls: number;
  successes: number;
  /** Busy, no answer, cancelled, declined, normal clearing. */
  expected: number;
  /** Faults: someone has something to fix. */
  failures: number;
  /** Rows with no code and no verdict. */
  unknown: number;
  /** failures / calls, 0..1 (null with no calls). */
  failureRate: number | null;
  expectedByKind: Count<ExpectedKind>[];
  /** Failures by who must act (finding.fixOn.party), largest first. */
  byParty: Count<Party>[];
  bySbc: Count[];
  byCallType: Count[];
  byDirection: Count<'inbound' | 'outbound'>[];
  byHour: HourBuckets | null;
  /** Top users and numbers with failures. */
  byUser: Count[];
  byNumber: Count[];
  /** Every distinct failure, most frequent first; then the expected outcomes. */
  kinds: ReportKind[];
  firstSeen?: string;
  lastSeen?: string;
}
