// A report (from Graph call records) as CLI text, JSON, or a self-contained HTML page. Every value
// in the HTML is escaped and the page loads nothing from the network.
import * as fs from 'node:fs';
import type { CliIo } from '../cli';
import { findingTitle } from '../diagnose';
import { EXPECTED_LABELS, ROW_FIELD_LABELS, type Report, type ReportKind } from '../diagnose/report';
import { PARTY_LABELS } from '../kb/types';
import { codeLabel } from '../report/labels';

const n = (v: number) => v.toLocaleString('en-US');
const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);

function title(k: ReportKind): string {
  const f = k.finding;
  const known = f.entries[0] && (f.match === 'pair' || f.match === 'ms-code');
  return known ? f.entries[0]!.phrase : (k.phrase ?? findingTitle(f));
}

export function reportText(r: Report): string {
  const out: string[] = [];
  out.push(r.source.name ?? 'Report');
  out.push(`${n(r.calls)} calls: ${n(r.successes)} went through, ${n(r.expected)} ended as expected (busy, no answer, cancelled, declined), ${n(r.failures)} failed (${pct(r.failureRate)}).`);
  if (r.byParty.length) out.push(`Who must act: ${r.byParty.map((p) => `${PARTY_LABELS[p.key]} ${n(p.count)}`).join(', ')}`);
  if (r.bySbc.length) out.push(`Failures by SBC: ${r.bySbc.map((s) => `${s.key} ${n(s.count)}`).join(', ')}`);
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  failures.forEach((k, i) => {
    out.push('');
    out.push(`${i + 1}. ${codeLabel(k.finding)}  ${title(k)}  (${n(k.count)} ${k.count === 1 ? 'call' : 'calls'})`);
    out.push(`   Who must act: ${PARTY_LABELS[k.party]}${k.firstSeen ? `; first ${k.firstSeen}, last ${k.lastSeen} UTC` : ''}`);
    const ids = k.examples.flatMap((e) => (e.correlationId ? [e.correlationId] : []));
    if (ids.length) out.push(`   Correlation IDs: ${ids.join(', ')}`);
    const doc = k.finding.entries[0]?.docUrl;
    if (doc) out.push(`   ${doc}`);
  });
  if (r.expectedByKind.length) out.push('', `Expected outcomes: ${r.expectedByKind.map((e) => `${EXPECTED_LABELS[e.key]} ${n(e.count)}`).join(', ')}`);
  if (r.calls === 0) out.push('', 'No calls in this time range.');
  for (const note of r.source.notes) out.push(`Note: ${note}`);
  return out.join('\n') + '\n';
}

/** The report as plain JSON: counts, and per kind the codes, entry, who must act and calls to quote. */
export function reportJson(r: Report) {
  return {
    source: r.source,
    columns: r.columns,
    calls: r.calls,
    successes: r.successes,
    expected: r.expected,
    failures: r.failures,
    unknown: r.unknown,
    failureRate: r.failureRate,
    byParty: r.byParty,
    bySbc: r.bySbc,
    byCallType: r.byCallType,
    byDirection: r.byDirection,
    byHour: r.byHour,
    byUser: r.byUser,
    byNumber: r.byNumber,
    expectedByKind: r.expectedByKind,
    firstSeen: r.firstSeen ?? null,
    lastSeen: r.lastSeen ?? null,
    kinds: r.kinds.map((k) => ({
      msCode: k.finding.msCode,
      sipCode: k.finding.sipCode,
      phrase: title(k),
      outcome: k.outcome,
      expectedKind: k.expectedKind ?? null,
      fixOn: k.party,
      fixOnReason: k.finding.fixOn.reason,
      origin: k.finding.origin.side,
      count: k.count,
      firstSeen: k.firstSeen ?? null,
      lastSeen: k.lastSeen ?? null,
      examples: k.examples,
      bySbc: k.bySbc,
      entryId: k.finding.entries[0]?.id ?? null,
      docUrl: k.finding.entries[0]?.docUrl ?? null,
    })),
  };
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reportHtml(r: Report): string {
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  const rows = failures
    .map((k) => {
      const ids = k.examples.flatMap((e) => (e.correlationId ? [e.correlationId] : []));
      const doc = k.finding.entries[0]?.docUrl;
      return `<tr><td>${esc(codeLabel(k.finding))}</td><td>${esc(title(k))}${doc ? `<br><a href="${esc(doc)}">Microsoft Learn</a>` : ''}</td><td class="n">${esc(n(k.count))}</td><td>${esc(PARTY_LABELS[k.party])}</td><td><code>${ids.map(esc).join('<br>')}</code></td></tr>`;
    })
    .join('\n');
  const parties = r.byParty.map((p) => `<tr><td>${esc(PARTY_LABELS[p.key])}</td><td class="n">${esc(n(p.count))}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(r.source.name ?? 'SIP Doc report')}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}.n{text-align:right}code{font-size:12px}</style>
</head><body>
<h1>${esc(r.source.name ?? 'SIP Doc report')}</h1>
<p>${esc(n(r.calls))} calls: ${esc(n(r.successes))} went through, ${esc(n(r.expected))} ended as expected, <strong>${esc(n(r.failures))} failed (${esc(pct(r.failureRate))})</strong>.</p>
${parties ? `<h2>Who must act</h2><table><tr><th>Who</th><th>Failures</th></tr>${parties}</table>` : ''}
<h2>Failures</h2>
${failures.length ? `<table><tr><th>Codes</th><th>What Microsoft documents</th><th>Calls</th><th>Who must act</th><th>Correlation IDs</th></tr>\n${rows}</table>` : '<p>No failed calls.</p>'}
${r.source.notes.map((x) => `<p><small>${esc(x)}</small></p>`).join('\n')}
<p><small>Columns missing from the source: ${esc(r.columns.missing.map((f) => ROW_FIELD_LABELS[f]).join(', ') || 'none')}. Explanations from Microsoft Learn (CC BY 4.0).</small></p>
</body></html>
`;
}

export async function writeHtmlReport(r: Report, file: string, io: CliIo): Promise<void> {
  (io.writeFile ?? ((f: string, s: string) => fs.writeFileSync(f, s)))(file, reportHtml(r));
  io.stderr(`sipdoc: wrote ${file}\n`);
}
