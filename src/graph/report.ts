// Graph call records -> the report analysis of the report workflow: each directRoutingLogRow and
// pstnCallLogRow becomes a CallRow (rowFromGraph) and goes into the ReportBuilder as its page
// arrives, exactly as the rows of an exported usage report do; memory grows with the distinct
// codes, not with the calls.
import { ReportBuilder, rowFromGraph, type CallRow, type Report } from '../diagnose/report';
import type { Kb } from '../kb/load';
import { streamCallRecords, type CallRecord, type CallRecordCounts, type TimeRange } from './call-records';
import type { GraphClient } from './client';

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

export const callRow = (r: CallRecord): CallRow => (r.kind === 'pstn' ? pstnRow(r.row as Record<string, unknown>) : rowFromGraph(r.row as Record<string, unknown>));

/** What the answer says about the source: pages left unread, calls Graph gives no codes for. */
export function notesOf(counts: Pick<CallRecordCounts, 'directRouting' | 'pstn'>, pstnCalls: number, maxPages: number): string[] {
  const notes: string[] = [];
  for (const [name, c] of [['Direct Routing', counts.directRouting], ['PSTN', counts.pstn]] as const) {
    if (c.truncated) notes.push(`Only the first ${maxPages} pages (${c.rows.toLocaleString('en-US')} calls) of the ${name} calls were read (GRAPH_MAX_PAGES).`);
  }
  if (pstnCalls) {
    notes.push(`${pstnCalls.toLocaleString('en-US')} Calling Plan / Operator Connect ${pstnCalls === 1 ? 'call' : 'calls'} (getPstnCalls) ${pstnCalls === 1 ? 'is' : 'are'} counted; Graph gives no failure codes for them.`);
  }
  return notes;
}

/** One report being built from Graph rows (one per day for the digest). */
export class GraphReportBuilder {
  private readonly builder: ReportBuilder;
  private pstnCalls = 0;
  constructor(kb: Kb, readonly range: TimeRange) {
    this.builder = new ReportBuilder(kb, 'teams');
  }
  add(r: CallRecord): void {
    if (r.kind === 'pstn') this.pstnCalls++;
    this.builder.add(callRow(r));
  }
  finish(counts: CallRecordCounts, maxPages: number): Report {
    return this.builder.finish({
      format: 'json',
      name: `Microsoft Graph call records, ${rangeLabel(this.range)}`,
      notes: notesOf(counts, this.pstnCalls, maxPages),
      truncated: counts.directRouting.truncated || counts.pstn.truncated,
      context: 'teams',
    });
  }
}

/** The report of the calls Graph has for a range, read page by page. */
export async function graphReport(client: GraphClient, range: TimeRange, kb: Kb): Promise<Report> {
  const report = new GraphReportBuilder(kb, range);
  const counts = await streamCallRecords(client, range, (r) => report.add(r));
  return report.finish(counts, client.config.maxPages);
}
