// Rows of cells (from CSV, TSV or an XLSX sheet) -> CallRows. With a header row, columns are found
// by name in any order; without one, by what their values look like (a GUID is a correlation id,
// `403` next to `510559` are the SIP code and the Microsoft subcode, `user_out` is a call type ...).
import { FIELD_NAMES, normalizeName, ROW_FIELDS, setField, settleCodes, type CallRow, type RowField } from './row';

/** Lines looked through for a header (a report may start with a title, `sep=,` or a blank line). */
const HEADER_SEARCH_ROWS = 20;
/** Rows sampled to recognise the columns of a report without a header. */
const SAMPLE_ROWS = 200;

export type ColumnMap = Partial<Record<RowField, number>> & {
  /** Extra time columns, read in order when the first is empty (invite, start, failure, end). */
  times?: number[];
};

const NAME_TO_FIELD = new Map<string, RowField>();
for (const field of ROW_FIELDS) for (const name of FIELD_NAMES[field]) if (!NAME_TO_FIELD.has(name)) NAME_TO_FIELD.set(name, field);

/** The columns a header row names, or undefined when the row is not a report header. */
export function columnsFromHeader(cells: readonly string[]): ColumnMap | undefined {
  const map: ColumnMap = {};
  const rank = new Map<RowField, number>();
  const times: Array<{ i: number; rank: number }> = [];
  cells.forEach((cell, i) => {
    const name = normalizeName(cell);
    const field = NAME_TO_FIELD.get(name);
    if (!field) return;
    const r = FIELD_NAMES[field].indexOf(name);
    if (field === 'time') times.push({ i, rank: r });
    if (!rank.has(field) || r < rank.get(field)!) {
      rank.set(field, r);
      map[field] = i;
    }
  });
  const codes = map.msCode !== undefined || map.sipCode !== undefined;
  // A header names the codes, or at least three report columns (a report of successes only).
  if (!codes && rank.size < 3) return undefined;
  if (times.length > 1) map.times = times.sort((a, b) => a.rank - b.rank).map((t) => t.i);
  return map;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const EMAIL = /^[^@\s]{1,64}@[a-z0-9.-]{1,253}$/i;
const PHONE = /^\+?\d{4,15}$/;
const FQDN = /^(?=[a-z0-9.-]{4,253}$)[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}$/i;
const CALL_TYPE = /^(?:dr|user|conf|ucap|byot|emergency|dr_emergency)(?:_[a-z]{1,12}){0,3}$|^(?:byot(?:in|out)|inbound|outbound)$/i;
const YES_NO = /^(?:yes|no|true|false)$/i;
const INT = /^\d{1,9}$/;

const isSip = (n: number) => n === 0 || (n >= 100 && n <= 699);
const isMs = (n: number) => n === 0 || (n >= 1000 && n <= 999_999_999);

/** What the values of a column look like. */
interface Shape {
  filled: number;
  guid: number;
  time: number;
  email: number;
  phone: number;
  fqdn: number;
  callType: number;
  yesNo: number;
  int: number;
  sip: number;
  ms: number;
  big: number;
  text: number;
}

function shapes(rows: readonly string[][]): Shape[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const out: Shape[] = Array.from({ length: width }, () => ({ filled: 0, guid: 0, time: 0, email: 0, phone: 0, fqdn: 0, callType: 0, yesNo: 0, int: 0, sip: 0, ms: 0, big: 0, text: 0 }));
  for (const row of rows) {
    row.forEach((raw, i) => {
      const v = raw.trim();
      if (!v) return;
      const s = out[i]!;
      s.filled++;
      if (GUID.test(v)) s.guid++;
      else if (ISO_TIME.test(v)) s.time++;
      else if (EMAIL.test(v)) s.email++;
      else if (INT.test(v)) {
        s.int++;
        const n = Number(v);
        if (isSip(n)) s.sip++;
        if (isMs(n)) s.ms++;
        if (n >= 1000) s.big++;
      } else if (PHONE.test(v)) s.phone++;
      else if (CALL_TYPE.test(v)) s.callType++;
      else if (YES_NO.test(v)) s.yesNo++;
      else if (FQDN.test(v)) s.fqdn++;
      else if (/[a-z]{3}/i.test(v)) s.text++;
    });
  }
  return out;
}

/** Most of the filled values of the column have this shape. */
const mostly = (s: Shape, n: number) => s.filled > 0 && n >= s.filled * 0.9;

/**
 * The columns of a report without a header, from a sample of its rows; undefined when no pair of
 * code columns is found (the text is then read as a log).
 */
export function columnsFromValues(sample: readonly string[][]): ColumnMap | undefined {
  const s = shapes(sample);
  const map: ColumnMap = {};
  // The codes: a SIP column and a Microsoft subcode column side by side, the phrase after them.
  for (let i = 0; i + 1 < s.length; i++) {
    const a = s[i]!;
    const b = s[i + 1]!;
    const sipThenMs = mostly(a, a.sip) && a.int === a.filled && mostly(b, b.ms) && b.int === b.filled && b.big > 0;
    const msThenSip = mostly(a, a.ms) && a.int === a.filled && a.big > 0 && mostly(b, b.sip) && b.int === b.filled;
    if (!sipThenMs && !msThenSip) continue;
    map.sipCode = sipThenMs ? i : i + 1;
    map.msCode = sipThenMs ? i + 1 : i;
    const next = s[i + 2];
    if (next && next.text > 0) map.phrase = i + 2;
    break;
  }
  if (map.sipCode === undefined) return undefined;
  const used = new Set(Object.values(map) as number[]);
  const first = (test: (x: Shape) => boolean) => s.findIndex((x, i) => !used.has(i) && test(x));
  const take = (field: RowField, test: (x: Shape) => boolean) => {
    const i = first(test);
    if (i >= 0) {
      map[field] = i;
      used.add(i);
    }
  };
  take('correlationId', (x) => mostly(x, x.guid));
  take('user', (x) => mostly(x, x.email));
  take('callerNumber', (x) => mostly(x, x.phone + x.int) && x.phone > 0);
  take('calleeNumber', (x) => mostly(x, x.phone + x.int) && x.phone > 0);
  take('callType', (x) => mostly(x, x.callType));
  take('sbcFqdn', (x) => mostly(x, x.fqdn));
  take('success', (x) => mostly(x, x.yesNo));
  // Time columns in order: the first filled one of a row is its time (invite, start, failure, end).
  const times = s.map((x, i) => (!used.has(i) && mostly(x, x.time) ? i : -1)).filter((i) => i >= 0);
  if (times.length) {
    map.time = times[0]!;
    if (times.length > 1) map.times = times;
  }
  return map;
}

/** One row of cells as a CallRow; undefined when it holds nothing of a call. */
export function rowFromCells(cells: readonly string[], map: ColumnMap, line: number): CallRow | undefined {
  const row: CallRow = {};
  let any = false;
  for (const field of ROW_FIELDS) {
    if (field === 'time') continue;
    const i = map[field];
    if (i !== undefined && i < cells.length && setField(row, field, cells[i])) any = true;
  }
  for (const i of map.times ?? (map.time !== undefined ? [map.time] : [])) {
    if (i < cells.length && setField(row, 'time', cells[i])) {
      any = true;
      break;
    }
  }
  if (!any) return undefined;
  // A row of a report has a code, a verdict or an id; a title or a total line has none.
  if (row.msCode === undefined && row.sipCode === undefined && row.success === undefined && !row.correlationId) return undefined;
  row.line = line;
  settleCodes(row);
  return row;
}

export interface TableResult {
  /** The rows, unless they were handed to an `onRow` callback as they were read. */
  rows: CallRow[];
  /** Rows read. */
  count: number;
  skipped: number;
  header: boolean;
  map: ColumnMap;
}

/**
 * Reads rows of cells pushed one at a time (a streaming CSV parser or XLSX reader), so that a
 * large report is never held as cells: only the CallRows are kept.
 */
export class TableReader {
  private map?: ColumnMap;
  private header = false;
  private pending: Array<{ cells: string[]; line: number }> = [];
  private seen = 0;
  readonly rows: CallRow[] = [];
  count = 0;
  skipped = 0;

  /** With `onRow`, rows are handed over as they are read and not kept. */
  constructor(
    private readonly maxRows = Number.POSITIVE_INFINITY,
    private readonly onRow?: (row: CallRow) => void,
  ) {}

  get full(): boolean {
    return this.count >= this.maxRows;
  }

  push(cells: string[], line: number): void {
    if (this.full) return;
    this.seen++;
    if (this.map) return this.add(cells, line);
    if (this.seen <= HEADER_SEARCH_ROWS) {
      const fromHeader = cells.length > 1 ? columnsFromHeader(cells) : undefined;
      if (fromHeader) {
        this.map = fromHeader;
        this.header = true;
        this.skipped += this.pending.filter((p) => p.cells.some((c) => c.trim())).length;
        this.pending = [];
        return;
      }
    }
    this.pending.push({ cells, line });
    if (this.pending.length >= SAMPLE_ROWS) this.settle();
  }

  private add(cells: string[], line: number) {
    if (cells.length === 1 && !cells[0]!.trim()) return;
    const map = this.map!;
    // Without a code or verdict column it is no report (finish() says so): read no rows.
    if (map.msCode === undefined && map.sipCode === undefined && map.success === undefined) return;
    const row = rowFromCells(cells, this.map!, line);
    if (!row) {
      this.skipped++;
      return;
    }
    this.count++;
    if (this.onRow) this.onRow(row);
    else this.rows.push(row);
  }

  /** Decides the columns of a report without a header from the rows seen so far. */
  private settle() {
    const sample = this.pending.filter((p) => p.cells.length > 1).map((p) => p.cells);
    this.map = columnsFromValues(sample) ?? {};
    const pending = this.pending;
    this.pending = [];
    for (const p of pending) this.add(p.cells, p.line);
  }

  finish(): TableResult | undefined {
    if (!this.map) this.settle();
    const map = this.map!;
    if (map.msCode === undefined && map.sipCode === undefined && map.success === undefined) return undefined;
    return { rows: this.rows, count: this.count, skipped: this.skipped, header: this.header, map };
  }
}
