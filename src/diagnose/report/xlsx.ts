// A usage report saved from Excel (.xlsx), read row by row with exceljs's streaming reader: the
// cells of a row go to the same TableReader as a CSV line, and only CallRows are kept.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CallRow } from './row';
import { TableReader, type TableResult } from './table';

export interface XlsxResult extends TableResult {
  sheet: string;
  notes: string[];
}

/** A cell as text: dates as ISO 8601 (UTC, as the report wrote them), formulas by their result. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text?: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    return '';
  }
  return String(v);
}

/** The zip signature every .xlsx starts with. */
export const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Reads the first sheet that holds a report. Throws on a file exceljs cannot open (the caller
 * turns that into an answer); undefined when no sheet is a report.
 */
export async function readXlsx(bytes: Uint8Array, maxRows?: number, onRow?: (row: CallRow) => void): Promise<XlsxResult | undefined> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const skippedSheets: string[] = [];
  for await (const sheet of workbook) {
    const name = String((sheet as unknown as { name?: string }).name ?? '');
    const reader = new TableReader(maxRows, onRow);
    for await (const row of sheet) {
      // row.values is 1-based: index 0 is empty.
      const values = (row.values as unknown[]).slice(1).map(cellText);
      reader.push(values, row.number);
      if (reader.full) break;
    }
    const table = reader.finish();
    if (table) {
      const notes = skippedSheets.length ? [`Sheets without a report were skipped: ${skippedSheets.join(', ')}.`] : [];
      return { ...table, sheet: name, notes };
    }
    skippedSheets.push(name || '(unnamed)');
  }
  return undefined;
}
