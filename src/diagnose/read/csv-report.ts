// Reads a PSTN / Direct Routing usage report pasted as CSV or TSV (exported from the Teams admin
// center or copied out of Excel), when it has a header row naming the code columns. Rows without
// a header are read by the bare-pair scanner ("...,403,510559,Forbidden,...").
import Papa from 'papaparse';
import { codeFromJsonValue } from './json';
import type { Mention } from '../types';
import { cut } from './text';
import type { DocumentReader } from './types';

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

const MS_COLUMNS = ['finalmicrosoftsubcode', 'microsoftsubcode', 'callendsubreason', 'participantendsubcode', 'participantendsubreason', 'microsoftresponsecode', 'subcode'];
const SIP_COLUMNS = ['finalsipcode', 'sipcode', 'callendreason', 'participantendreason', 'sipresponsecode'];
const PHRASE_COLUMNS = ['finalsipphrase', 'finalsipcodephrase', 'sipphrase', 'phrase', 'errormessage'];

const HEADER_HINT = /final sip code|final microsoft sub ?code|call ?end ?sub ?reason|participant ?end ?sub ?code|microsoft sub ?code/i;

/** A header cell is a column's name: a few words at most. */
const MAX_HEADER_WORDS = 6;

/** How many header lines to look through (a report may start with a title or a blank line). */
const HEADER_SEARCH_LINES = 20;

export interface CsvReport {
  mentions: Mention[];
  rows: number;
}

function columnIndex(header: string[], names: string[]): number {
  const normalized = header.map(norm);
  for (const n of names) {
    const i = normalized.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

export function readCsvReport(text: string, starts: number[], linesRead: number): CsvReport | undefined {
  for (let i = 0; i < Math.min(HEADER_SEARCH_LINES, linesRead); i++) {
    const line = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1]! - 1 : text.length);
    if (!HEADER_HINT.test(line)) continue;
    const delimiter = [',', '\t', ';'].map((d) => ({ d, n: line.split(d).length })).sort((a, b) => b.n - a.n)[0]!;
    if (delimiter.n < 2) continue;
    const header = Papa.parse<string[]>(line, { delimiter: delimiter.d }).data[0];
    // A sentence that lists the column names ("the most useful fields are Final SIP Code, Final
    // Microsoft Subcode, ...") is prose, not a header row: a header's cells are names.
    if (!header || header.some((cell) => cell.trim().split(/\s+/, MAX_HEADER_WORDS + 1).length > MAX_HEADER_WORDS)) continue;
    const ms = columnIndex(header, MS_COLUMNS);
    const sip = columnIndex(header, SIP_COLUMNS);
    const phrase = columnIndex(header, PHRASE_COLUMNS);
    if (ms < 0 && sip < 0) continue;
    const endLine = Math.min(linesRead, starts.length);
    const bodyEnd = endLine < starts.length ? starts[endLine]! : text.length;
    const body = text.slice(starts[i + 1] ?? text.length, bodyEnd);
    return readRows(body, i + 2, delimiter.d, { ms, sip, phrase });
  }
  return undefined;
}

function readRows(body: string, firstLine: number, delimiter: string, col: { ms: number; sip: number; phrase: number }): CsvReport {
  // Empty lines are kept as rows so that a row's index is its line (a quoted field spanning
  // lines shifts the count, which only makes a line number approximate).
  const records = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false }).data;
  const mentions: Mention[] = [];
  let rows = 0;
  for (let r = 0; r < records.length; r++) {
    const record = records[r]!;
    if (record.length === 1 && record[0] === '') continue;
    rows++;
    const ms = col.ms >= 0 ? codeFromJsonValue(record[col.ms]) : null;
    const sipRaw = col.sip >= 0 ? codeFromJsonValue(record[col.sip]) : null;
    const sip = typeof sipRaw === 'number' && (sipRaw === 0 || (sipRaw >= 100 && sipRaw <= 699)) ? sipRaw : null;
    if (typeof ms !== 'number' && sip === null) continue;
    // Successful calls (2xx with no Microsoft failure code) are rows, not findings.
    if (sip !== null && sip >= 100 && sip < 300 && !ms) continue;
    const phrase = col.phrase >= 0 ? record[col.phrase]?.trim() : undefined;
    mentions.push({
      msCode: typeof ms === 'number' ? ms : null,
      sipCode: sip,
      q850Cause: null,
      phrase: phrase ? cut(phrase, 300) : undefined,
      format: 'csv',
      line: firstLine + r,
    });
  }
  return { mentions, rows };
}

/** A usage report with its header row. */
export const csvReport: DocumentReader = {
  name: 'csv-report',
  test: (text) => HEADER_HINT.test(text.slice(0, 64 * 1024)),
  read(text, lines) {
    const report = readCsvReport(text, lines.starts, lines.count);
    // A header with no rows under it is not a report: the line readers read the text.
    return report?.rows ? { mentions: report.mentions, rows: report.rows } : undefined;
  },
};
