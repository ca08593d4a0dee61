// A report from a file's bytes or from text: the format is read from the content (the name only
// breaks ties), every format becomes CallRows, and analyseRows() does the rest. A log, trace or
// anything else that is not a table of calls goes through diagnose(), and the report is the
// summary over its findings.
//   readReport({ name, bytes }, kb)  a file (CSV, TSV, XLSX, JSON, NDJSON, TXT, LOG)
//   reportFromText(text, kb)         a paste or stdin; undefined when the text is no report
import type { Kb } from '../../kb/load';
import type { Diagnosis } from '../types';
import { diagnose } from '../index';
import { analyseRows, ReportBuilder, reportFromDiagnosis, type ReportSource } from './analyse';
import { readDelimited } from './delimited';
import { readRecords } from './records';
import type { Report, ReportFormat } from './types';
import { isZip, readXlsx } from './xlsx';

export { analyseRows, ReportBuilder, reportFromDiagnosis, expectedKindOf, timeMs } from './analyse';
export { rowFromGraph, isGraphCallRow, ROW_FIELDS, ROW_FIELD_LABELS, type CallRow, type RowField } from './row';
export type * from './types';
export { EXPECTED_LABELS } from './types';

/** Rows read from one report (the rest are counted as cut). */
export const MAX_REPORT_ROWS = 200_000;

/** The extensions SIP Doc reads, as a user would name them. */
export const READABLE_EXTENSIONS = ['csv', 'tsv', 'xlsx', 'json', 'ndjson', 'jsonl', 'txt', 'log'] as const;

export type ReportOutcome = { ok: true; report: Report } | { ok: false; problem: string };

export interface ReportInput {
  /** Shown in the answer; only its extension is read. */
  name?: string;
  bytes: Uint8Array;
}

export function extensionOf(name: string | undefined): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '');
  return m ? m[1]!.toLowerCase() : '';
}

const NOT_TEXT = {
  ok: false as const,
  problem: 'The file is not text: SIP Doc reads CSV, TSV and XLSX usage reports, JSON call records, and text logs or SIP traces.',
};

/**
 * Bytes as text: UTF-8 (a BOM dropped), UTF-16 with a BOM (Excel's "Unicode text"), else
 * Windows-1252 when the bytes are not UTF-8 (an old Excel CSV). Undefined for binary data.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return undefined;
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const text = new TextDecoder('windows-1252').decode(body);
    // Control characters other than tab and line breaks: a binary file, not an ANSI CSV.
    let controls = 0;
    for (let i = 0; i < Math.min(text.length, 8192); i++) {
      const c = text.charCodeAt(i);
      if (c < 32 && c !== 9 && c !== 10 && c !== 13) controls++;
    }
    return controls > 8 ? undefined : text;
  }
}

/** A table of calls in the text (CSV, TSV, JSON, NDJSON), or undefined. */
function tableReport(text: string, kb: Kb, name?: string): Report | undefined {
  const records = readRecords(text, MAX_REPORT_ROWS);
  if (records) {
    const acs = records.rows.length > 0 && /Microsoft\.Communication\.|"participantEnd|communicationservices/i.test(text.slice(0, 64 * 1024));
    return analyseRows(records.rows, kb, {
      format: records.format,
      name,
      skipped: records.skipped,
      notes: records.notes,
      truncated: records.rows.length >= MAX_REPORT_ROWS,
      context: acs ? 'acs' : 'teams',
    });
  }
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return undefined;
  // Rows go to the analysis as they are read: a 100,000-row report is never held as rows.
  const builder = new ReportBuilder(kb, 'teams');
  const table = readDelimited(text, MAX_REPORT_ROWS, builder.add);
  if (!table || table.count === 0) return undefined;
  const source: ReportSource = {
    format: table.delimiter === '\t' ? 'tsv' : 'csv',
    name,
    skipped: table.skipped,
    header: table.header,
    truncated: table.count >= MAX_REPORT_ROWS,
  };
  return builder.finish(source);
}

/** A pasted or piped report; undefined when the text is not a table of calls (read it with diagnose). */
/** Whether a paste is a table of calls (a usage report, Graph or ACS records) worth a report. */
export function isPastedReport(d: Diagnosis, text: string): boolean {
  return d.input.csvRows !== undefined || /^\s*[[{]/.test(text);
}

export function reportFromText(text: string, kb: Kb, name?: string): Report | undefined {
  return tableReport(text, kb, name);
}

/** Any text as a report: a table of calls, else the summary over diagnose()'s findings. */
export function reportFromAnyText(text: string, kb: Kb, name?: string): Report {
  const table = tableReport(text, kb, name);
  if (table) return table;
  const d = diagnose(text, kb);
  return reportFromDiagnosis(d, { format: 'log', name });
}

/** A file as a report, or the reason it cannot be read (a sentence to show the user). */
export async function readReport(input: ReportInput, kb: Kb): Promise<ReportOutcome> {
  const { bytes, name } = input;
  const ext = extensionOf(name);
  if (bytes.length === 0) return { ok: false, problem: 'The file is empty.' };
  if (isZip(bytes)) {
    if (ext && ext !== 'xlsx') {
      return { ok: false, problem: ext === 'zip' ? 'That is a zip archive: unzip it (the Teams admin center export holds a .csv) and send the .csv.' : `That .${ext} file is a zip archive, not a report SIP Doc can read.` };
    }
    try {
      const builder = new ReportBuilder(kb, 'teams');
      const x = await readXlsx(bytes, MAX_REPORT_ROWS, builder.add);
      if (!x) return { ok: false, problem: 'No sheet of the workbook looks like a usage report (no SIP code, Microsoft subcode or success column).' };
      return { ok: true, report: builder.finish({ format: 'xlsx', name, skipped: x.skipped, header: x.header, notes: x.notes, truncated: x.count >= MAX_REPORT_ROWS }) };
    } catch {
      return { ok: false, problem: 'The file could not be opened as an Excel workbook (.xlsx). Save it again from Excel, or export it as CSV.' };
    }
  }
  if (ext === 'xlsx' || ext === 'xls') {
    return { ok: false, problem: ext === 'xls' ? 'Old Excel workbooks (.xls) are not read: save it as .xlsx or CSV.' : 'The file is named .xlsx but is not an Excel workbook.' };
  }
  const text = decodeText(bytes);
  if (text === undefined) return NOT_TEXT;
  if (!text.trim()) return { ok: false, problem: 'The file holds only blank lines.' };
  return { ok: true, report: reportFromAnyText(text, kb, name) };
}

export type { ReportFormat };
