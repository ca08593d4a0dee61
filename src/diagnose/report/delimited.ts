// A usage report as CSV or TSV text: the Teams admin center's export (RFC 4180 CSV), the same
// report saved from Excel (CSV, "Unicode text" TSV, `;` in some locales), with or without its header.
import Papa from 'papaparse';
import type { CallRow } from './row';
import { TableReader, type TableResult } from './table';

export interface DelimitedResult extends TableResult {
  delimiter: string;
}

const DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter of the first line that has one (outside quotes, roughly: a report is regular). */
export function guessDelimiter(text: string): string {
  const head = text.slice(0, 64 * 1024).split('\n', 25);
  for (const line of head) {
    if (/^sep=.$/i.test(line.trim())) return line.trim()[4]!;
    const counts = DELIMITERS.map((d) => ({ d, n: line.split(d).length - 1 })).sort((a, b) => b.n - a.n);
    if (counts[0]!.n > 0) return counts[0]!.d;
  }
  return ',';
}

/** Reads the text as delimited rows; undefined when it is not a report (no code or verdict column). */
export function readDelimited(text: string, maxRows?: number, onRow?: (row: CallRow) => void): DelimitedResult | undefined {
  const delimiter = guessDelimiter(text);
  // Excel's "sep=," first line says which delimiter follows; it is not a row.
  const body = /^sep=.\r?\n/i.test(text) ? text.slice(text.indexOf('\n') + 1) : text;
  const reader = new TableReader(maxRows, onRow);
  let line = 0;
  Papa.parse<string[]>(body, {
    delimiter,
    skipEmptyLines: false,
    step: (result, parser) => {
      line++;
      reader.push(result.data, line);
      if (reader.full) parser.abort();
    },
  });
  const table = reader.finish();
  return table ? { ...table, delimiter } : undefined;
}
