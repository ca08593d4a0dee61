// Graph call records -> the report analysis of the report workflow: each directRoutingLogRow and
// pstnCallLogRow becomes a CallRow (rowFromGraph), and analyseRows() does the rest, exactly as for
// an exported usage report.
import { analyseRows, rowFromGraph, type CallRow, type Report } from '../diagnose/report';
import type { Kb } from '../kb/load';
import type { CallRecords, TimeRange } from './call-records';

const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

export function rangeLabel(range: TimeRange): string {
  return `${minute(range.from)} to ${minute(range.to)} UTC`;
}

/** A pstnCallLogRow has no codes and no verdict: a row with a connected duration is a call that went through. */
export function pstnRow(record: Record<string, unknown>): CallRow {
  const row = rowFromGraph(record);
  if (row.success === undefined && typeof row.durationSeconds === 'number' && row.durationSeconds > 0) row.success = true;
  return row;
}

export function rowsOf(records: Pick<CallRecords, 'directRouting' | 'pstn'>): CallRow[] {
  return [
    ...records.directRouting.rows.map((r) => rowFromGraph(r as Record<string, unknown>)),
    ...records.pstn.rows.map((r) => pstnRow(r as Record<string, unknown>)),
  ];
}

export function notesOf(records: Pick<CallRecords, 'directRouting' | 'pstn'>, maxPages: number): string[] {
  const notes: string[] = [];
  for (const [name, c] of [['Direct Routing', records.directRouting], ['PSTN', records.pstn]] as const) {
    if (c.truncated) notes.push(`Only the first ${maxPages} pages (${c.rows.length.toLocaleString('en-US')} calls) of the ${name} calls were read (GRAPH_MAX_PAGES).`);
  }
  if (records.pstn.rows.length) {
    const count = records.pstn.rows.length;
    notes.push(`${count.toLocaleString('en-US')} Calling Plan / Operator Connect ${count === 1 ? 'call' : 'calls'} (getPstnCalls) ${count === 1 ? 'is' : 'are'} counted; Graph gives no failure codes for them.`);
  }
  return notes;
}

/** The report of the calls read from Graph for a range. */
export function graphReport(records: CallRecords, kb: Kb, maxPages: number): Report {
  return analyseRows(rowsOf(records), kb, {
    format: 'json',
    name: `Microsoft Graph call records, ${rangeLabel(records.range)}`,
    notes: notesOf(records, maxPages),
    truncated: records.directRouting.truncated || records.pstn.truncated,
    context: 'teams',
  });
}
