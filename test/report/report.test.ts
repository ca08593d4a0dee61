// The report analysis over every format SIP Doc reads, with and without header rows, and its
// presentations (text, JSON, HTML) with hostile values.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { analyseRows, readReport, reportFromAnyText, reportFromText, rowFromGraph, type Report } from '../../src/diagnose/report';
import { defaultKb } from '../../src/kb/load';
import { reportToHtml } from '../../src/report/report-html';
import { reportToJson } from '../../src/report/report-json';
import { reportToText } from '../../src/report/report-text';

const kb = defaultKb();
const PASTES = path.join(__dirname, '..', 'fixtures', 'pastes');
const read = (name: string) => fs.readFileSync(path.join(PASTES, name));
const csvLines = () => read('dr-usage-report.csv').toString('utf8').trim().split('\n');
const cells = (line: string) => Papa.parse<string[]>(line).data[0]!;

async function report(name: string, bytes: Uint8Array): Promise<Report> {
  const r = await readReport({ name, bytes }, kb);
  if (!r.ok) throw new Error(r.problem);
  return r.report;
}

/** What the Teams admin center fixture says, whatever format it arrives in. */
function expectUsageReport(r: Report) {
  expect(r.calls).toBe(11);
  expect(r.successes).toBe(3);
  expect(r.failures).toBe(8);
  expect(r.expected).toBe(0);
  expect(r.failureRate).toBeCloseTo(8 / 11);
  const kinds = r.kinds.map((k) => `${k.count}x ${k.finding.msCode}/${k.finding.sipCode} ${k.party}`);
  expect(kinds).toEqual(['3x 510559/403 microsoft', '1x 569002/504 sbc', '1x 569002/504 sbc', '1x 560503/503 sbc', '1x 569008/504 sbc', '1x 511404/404 microsoft']);
  // The two 569002/504 rows are the two documented variants their phrases name.
  expect(r.kinds[1]!.finding.entries[0]!.id).toBe('dr-569002-504-unable-to-deliver-invite');
  expect(r.kinds[2]!.finding.entries[0]!.id).toBe('dr-569002-504-unable-to-deliver-invite-2');
  expect(r.byParty).toEqual([
    { key: 'microsoft', count: 4 },
    { key: 'sbc', count: 4 },
  ]);
  expect(r.bySbc[0]).toEqual({ key: 'sbc1.contoso.com', count: 2, total: 4 });
  expect(r.byCallType).toEqual([
    { key: 'user_out', count: 7, total: 9 },
    { key: 'user_in', count: 1, total: 2 },
  ]);
  expect(r.byDirection.map((d) => d.key)).toEqual(['outbound', 'inbound']);
  expect(r.byUser[0]).toEqual({ key: 'alex.wilber@contoso.com', count: 3 });
  expect(r.byHour).toEqual({ mode: 'timeline', buckets: [{ key: '2024-11-05 14:00', count: 8 }] });
  const top = r.kinds[0]!;
  expect(top.examples.map((e) => e.correlationId)).toEqual(['8a41d0c2-77e9-4f0b-b2d5-6c3e1a9f0e11', 'd4b2f8e6-3a1c-4e9d-b7f5-2c8a6e4d0b19', '4a2e0c8f-6b4d-4a9e-8f1c-7d5b3f1a9e28']);
  expect(top.firstSeen).toBe('2024-11-05 14:05');
  expect(top.lastSeen).toBe('2024-11-05 14:33');
  expect(r.firstSeen).toBe('2024-11-05 14:02');
}

describe('report formats', () => {
  it('CSV with its header row (the Teams admin center export)', async () => {
    const r = await report('PSTN.calls.csv', read('dr-usage-report.csv'));
    expect(r.source).toMatchObject({ format: 'csv', header: true, rows: 11 });
    expect(r.columns.missing).toEqual([]);
    expectUsageReport(r);
  });

  it('CSV without a header row: columns recognised by their values', async () => {
    const r = await report('calls.csv', read('dr-usage-report-noheader.csv'));
    expect(r.source).toMatchObject({ format: 'csv', header: false });
    expectUsageReport(r);
    // Without names, the duration column is not told apart from other numbers: said so.
    expect(r.columns.missing).toEqual(['durationSeconds']);
  });

  it('TSV (copied from Excel) and UTF-16 "Unicode text" from Excel', async () => {
    expectUsageReport(await report('calls.tsv', read('dr-usage-report.tsv')));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(read('dr-usage-report.tsv').toString('utf8'), 'utf16le')]);
    const r = await report('calls.txt', utf16);
    expect(r.source.format).toBe('tsv');
    expectUsageReport(r);
  });

  it('columns in any order, with a title line above the header and a BOM', async () => {
    const lines = csvLines().map(cells);
    const order = lines[0]!.map((_, i) => i).reverse();
    const text = ['\ufeffPSTN usage report, Direct Routing', '', ...lines.map((l) => order.map((i) => (l[i]!.includes(',') ? `"${l[i]}"` : l[i])).join(','))].join('\r\n');
    const r = await report('reordered.csv', Buffer.from(text));
    expect(r.source.header).toBe(true);
    expectUsageReport(r);
  });

  it.each([true, false])('XLSX saved from Excel (header row: %s)', async (header) => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['Exported from the Teams admin center']);
    const ws = wb.addWorksheet('PSTN calls');
    const lines = csvLines().map(cells);
    for (const l of header ? lines : lines.slice(1)) ws.addRow(l.map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
    const r = await report('report.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.source).toMatchObject({ format: 'xlsx', header });
    expect(r.source.notes).toEqual(['Sheets without a report were skipped: Notes.']);
    expectUsageReport(r);
  });

  it('Graph getDirectRoutingCalls (JSON), through the exported row mapping', async () => {
    const r = await report('calls.json', read('graph-direct-routing-calls.json'));
    expect(r.source.format).toBe('json');
    expect(r.calls).toBe(4);
    expect(r.successes).toBe(1);
    expect(r.expected).toBe(1);
    expect(r.expectedByKind).toEqual([{ key: 'busy', count: 1 }]);
    expect(r.failures).toBe(2);
    const doc = JSON.parse(read('graph-direct-routing-calls.json').toString());
    const row = rowFromGraph(doc.value[1]);
    expect(row).toEqual({
      time: '2024-11-05T14:05:42.8710000Z',
      correlationId: '3f2c9a7e-5b1d-4c8e-9a61-0d2e7f41b9c3',
      callType: 'ByotOut',
      direction: 'outbound',
      user: 'alex.wilber@contoso.com',
      callerNumber: '+14255550101',
      calleeNumber: '+442071838750',
      msCode: 510559,
      sipCode: 403,
      phrase: 'Get Outbound routing - No viable path (Forbidden)',
      success: false,
      durationSeconds: 0,
    });
    // A later Graph reader hands its rows to the same analysis.
    expect(analyseRows(doc.value.map((v: Record<string, unknown>) => rowFromGraph(v)), kb, { format: 'json' }).failures).toBe(2);
  });

  it('a Graph page with @odata.nextLink says the rest was not read', () => {
    const doc = JSON.parse(read('graph-direct-routing-calls.json').toString());
    doc['@odata.nextLink'] = 'https://graph.microsoft.com/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2024-11-01,toDateTime=2024-11-06)?$skip=4';
    const r = reportFromText(JSON.stringify(doc), kb)!;
    expect(r.source.notes[0]).toContain('@odata.nextLink');
  });

  it('ACS Call Summary log rows (NDJSON) and Call Automation events (JSON)', async () => {
    const summary = await report('acs.log', read('acs-call-summary.log'));
    expect(summary.source.format).toBe('ndjson');
    expect(summary.failures).toBe(2);
    expect(summary.expectedByKind).toEqual([{ key: 'normal-clearing', count: 1 }]);
    expect(summary.kinds[0]!.finding.entries[0]!.catalog).toMatch(/^acs-/);
    const events = await report('events.json', read('acs-call-automation-events.json'));
    expect(events.failures).toBe(1);
    expect(events.expectedByKind).toEqual([{ key: 'cancelled', count: 1 }]);
    expect(events.kinds[0]!.examples[0]!.correlationId).toBe('b4f7c2a1-3e9d-4a6b-8f5c-0d2e1a9b7c63');
  });

  it('a log or SIP trace: the report is the summary over diagnose()\'s findings', async () => {
    const r = await report('ticket.log', read('multi-failure.log'));
    expect(r.source.format).toBe('log');
    expect(r.kinds.map((k) => `${k.count}x ${k.finding.msCode}/${k.finding.sipCode}`).slice(0, 3)).toEqual(['3x 510559/403', '2x 569008/504', '1x 560503/503']);
    expect(r.failures).toBe(7);
    const busy = reportFromAnyText(read('sip-trace-busy.txt').toString(), kb);
    expect(busy.failures).toBe(0);
    expect(busy.expectedByKind[0]?.key).toBe('busy');
  });

  it('says which columns a report lacks', () => {
    const r = reportFromText('Final SIP code,Final Microsoft subcode\n403,510559\n503,560503\n', kb)!;
    expect(r.columns.present).toEqual(['msCode', 'sipCode']);
    expect(r.columns.missing).toContain('sbcFqdn');
    expect(r.byHour).toBeNull();
    expect(r.failures).toBe(2);
  });

  it('a report over more than a day counts failures by hour of the day', () => {
    const rows = Array.from({ length: 48 }, (_, i) => ({ time: new Date(Date.UTC(2024, 10, 1) + i * 3_600_000).toISOString(), msCode: 510559, sipCode: 403 }));
    const r = analyseRows(rows, kb, { format: 'csv' });
    expect(r.byHour!.mode).toBe('hour-of-day');
    expect(r.byHour!.buckets).toHaveLength(24);
    expect(r.byHour!.buckets.every((b) => b.count === 2)).toBe(true);
  });

  it.each([
    ['empty.csv', Buffer.alloc(0), 'The file is empty.'],
    ['blank.csv', Buffer.from('\n\n  \n'), 'only blank lines'],
    ['capture.pcap', Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'not text'],
    ['export.zip', Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'unzip it'],
    ['broken.xlsx', Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6]), 'could not be opened as an Excel workbook'],
    ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'Old Excel workbooks'],
  ])('%s gets a clear answer', async (name, bytes, want) => {
    const r = await readReport({ name, bytes }, kb);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(want);
  });

  it('an ANSI (Windows-1252) CSV is read too', async () => {
    const text = 'SIP Address,Final SIP code,Final Microsoft subcode\nzoë@contoso.com,403,510559\n';
    const r = await report('ansi.csv', Buffer.from(text, 'latin1'));
    expect(r.byUser[0]!.key).toBe('zoë@contoso.com');
  });
});

const HOSTILE = '<script>alert(1)</script> "quoted" \'single\' ${process.env} `tick` \u001b[31m';

function hostileReport(): Report {
  const header = 'Correlation ID,Start time,SIP Address,Callee Number,Call type,SBC FQDN,Final SIP code,Final Microsoft subcode,Final SIP Phrase,Success';
  const row = (i: number) => `"${HOSTILE.replace(/"/g, '""')}${i}",2024-11-05T14:0${i}:00Z,"${HOSTILE.replace(/"/g, '""')}",+1425555010${i},dr_out,"<img src=x onerror=alert(2)>.contoso.com",403,510559,"${HOSTILE.replace(/"/g, '""')}",No`;
  return reportFromText([header, row(1), row(2), '999999,2024-11-05T14:05:00Z,a,b,dr_in,sbc,480,560480,x,No'].join('\n'), kb, `${HOSTILE}.csv`)!;
}

describe('presentations', () => {
  it('HTML: self-contained, no script, every value escaped', () => {
    const html = reportToHtml(hostileReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    // No tag carries an event handler: the onerror= of the SBC name is text.
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; ${process.env} &#96;tick&#96;');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    // No resource from the network: the only URLs are links to Microsoft Learn.
    for (const m of html.matchAll(/(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('No answer');
  });

  it('text: control characters from the file cannot reach the terminal', () => {
    const text = reportToText(hostileReport());
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Who must act on the failures');
    expect(text).toContain('510559 / 403');
  });

  it('JSON: the Report with findings in the sipdoc --json shape', () => {
    const j = reportToJson(hostileReport());
    expect(j.kinds[0]!.finding).toMatchObject({ msCode: 510559, sipCode: 403, fixOn: 'microsoft', known: true });
    expect(j.kinds[0]!.finding.entries[0]!.docUrl).toContain('learn.microsoft.com');
    expect(JSON.parse(JSON.stringify(j)).failures).toBe(2);
  });
});
