// JSON and NDJSON call records -> CallRows: Microsoft Graph getDirectRoutingCalls / getPstnCalls
// responses (`{ value: [ directRoutingLogRow ... ], "@odata.nextLink" }`), arrays of such rows,
// ACS Call Summary log rows (one JSON object per line, or `properties` in an Azure Monitor
// export) and ACS Call Automation events (`data.resultInformation.{code, subCode, message}`).
import { FIELD_NAMES, isGraphCallRow, normalizeName, ROW_FIELDS, rowFromGraph, setField, settleCodes, type CallRow } from './row';

export interface RecordsResult {
  rows: CallRow[];
  skipped: number;
  format: 'json' | 'ndjson';
  notes: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects whose keys are read as one record with their parent: an event's data, a log's properties. */
const NESTED = new Set(['data', 'properties', 'resultinformation', 'resultinfo', 'callendreason', 'sipdetails']);

/** A record's keys, normalised, with those of its nested data (outer keys win). */
function flatten(record: Obj, into = new Map<string, unknown>(), depth = 0): Map<string, unknown> {
  const nested: Obj[] = [];
  for (const [k, v] of Object.entries(record)) {
    const key = normalizeName(k);
    if (isObj(v)) {
      if (depth < 3 && NESTED.has(key)) nested.push(v);
    } else if (!into.has(key)) into.set(key, v);
  }
  for (const n of nested) flatten(n, into, depth + 1);
  return into;
}

/** Any call record (not Graph's) as a CallRow, by its key names; undefined when it holds no call. */
export function rowFromRecord(record: Obj, line?: number): CallRow | undefined {
  if (isGraphCallRow(record)) return rowFromGraph(record, line);
  const keys = flatten(record);
  const row: CallRow = {};
  for (const field of ROW_FIELDS) {
    for (const name of FIELD_NAMES[field]) {
      if (keys.has(name) && setField(row, field, keys.get(name))) break;
    }
  }
  settleCodes(row);
  if (row.msCode === undefined && row.sipCode === undefined && row.success === undefined) return undefined;
  if (line !== undefined) row.line = line;
  return row;
}

/** The records of a parsed JSON document: `value` of a Graph response, an array, or one object. */
function recordsOf(doc: unknown): { records: unknown[]; nextLink?: string } {
  if (Array.isArray(doc)) return { records: doc };
  if (isObj(doc)) {
    const next = typeof doc['@odata.nextLink'] === 'string' ? (doc['@odata.nextLink'] as string) : undefined;
    if (Array.isArray(doc.value)) return { records: doc.value, nextLink: next };
    return { records: [doc] };
  }
  return { records: [] };
}

function fromRecords(records: unknown[], lineOf: (i: number) => number | undefined): { rows: CallRow[]; skipped: number } {
  const rows: CallRow[] = [];
  let skipped = 0;
  records.forEach((r, i) => {
    const row = isObj(r) ? rowFromRecord(r, lineOf(i)) : undefined;
    if (row) rows.push(row);
    else skipped++;
  });
  return { rows, skipped };
}

/** Reads a JSON document or NDJSON; undefined when the text is neither, or holds no call record. */
export function readRecords(text: string, maxRows = Number.POSITIVE_INFINITY): RecordsResult | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    const { records, nextLink } = recordsOf(JSON.parse(t));
    const { rows, skipped } = fromRecords(records.slice(0, maxRows), () => undefined);
    if (!rows.length) return undefined;
    const notes = nextLink ? ['The Graph response has more pages (@odata.nextLink): only this page was read. Fetch every page and send them together.'] : [];
    if (records.length > maxRows) notes.push(`Only the first ${maxRows.toLocaleString('en-US')} records were read.`);
    return { rows, skipped, format: 'json', notes };
  } catch {
    // Not one document: one record per line (NDJSON, a Log Analytics export).
  }
  const rows: CallRow[] = [];
  let skipped = 0;
  let start = 0;
  let line = 0;
  while (start <= t.length && rows.length < maxRows) {
    const end = t.indexOf('\n', start);
    const raw = t.slice(start, end < 0 ? t.length : end).trim();
    line++;
    start = end < 0 ? t.length + 1 : end + 1;
    if (!raw) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      skipped++;
      continue;
    }
    const got = fromRecords(recordsOf(parsed).records, () => line);
    rows.push(...got.rows);
    skipped += got.skipped;
  }
  // Mostly JSON lines, or it is a log with some JSON in it.
  if (!rows.length || skipped > rows.length) return undefined;
  return { rows, skipped, format: 'ndjson', notes: [] };
}
