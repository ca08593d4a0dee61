// A report as one self-contained HTML page (`sipdoc report FILE --html OUT`), to attach to a ticket
// or send to the SBC vendor: charts as inline SVG, tables, every finding with its doc links. No
// script at all (a Content-Security-Policy forbids any), no network resource; every value goes
// through esc(), and only https links are made links.
import { EXPECTED_LABELS, ROW_FIELD_LABELS, type Count, type Report, type ReportKind } from '../diagnose/report';
import { PARTY_LABELS, type Party } from '../kb/types';
import { BASIS_LABELS, codeLabel, headline, markdownToPlain, originLabel } from './labels';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
/** Text for HTML content and quoted attribute values. */
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(part / whole < 0.1 && part ? 1 : 0)}%` : '–');

/** An https link, or the text alone. */
function link(url: string | undefined, text: string): string {
  if (!url || !/^https:\/\/[^\s"'<>]+$/.test(url)) return esc(text);
  return `<a href="${esc(url)}" rel="noreferrer">${esc(text)}</a>`;
}

const PARTY_COLORS: Record<Party, string> = {
  sbc: '#c77c02',
  tenant: '#8a4fc7',
  carrier: '#0f8a8a',
  client: '#2b6cd6',
  microsoft: '#4aa3df',
  none: '#3c9a4a',
  unknown: '#9a8fb8',
};

function donut(rows: Count<Party>[]): string {
  const total = rows.reduce((n, r) => n + r.count, 0);
  if (!total) return '';
  const r = 60;
  const c = 2 * Math.PI * r;
  let at = 0;
  const arcs = rows.map((row) => {
    const len = (row.count / total) * c;
    const arc = `<circle r="${r}" cx="80" cy="80" fill="none" stroke="${PARTY_COLORS[row.key]}" stroke-width="28" stroke-dasharray="${len.toFixed(2)} ${(c - len).toFixed(2)}" stroke-dashoffset="${(-at).toFixed(2)}" transform="rotate(-90 80 80)"><title>${esc(PARTY_LABELS[row.key])}: ${fmt(row.count)}</title></circle>`;
    at += len;
    return arc;
  });
  const legend = rows
    .map((row, i) => `<g transform="translate(180 ${20 + i * 22})"><rect width="14" height="14" fill="${PARTY_COLORS[row.key]}"/><text x="20" y="12">${esc(PARTY_LABELS[row.key])}: ${fmt(row.count)} (${pct(row.count, total)})</text></g>`)
    .join('');
  return `<svg class="chart" viewBox="0 0 460 160" role="img" aria-label="Failures by who must act">${arcs.join('')}<text x="80" y="86" text-anchor="middle" class="big">${fmt(total)}</text>${legend}</svg>`;
}

function bars(rows: Count[], label: (k: string) => string, color: string, aria: string): string {
  if (!rows.length) return '';
  const max = Math.max(1, ...rows.map((r) => r.count));
  const w = Math.max(14, Math.min(60, Math.floor(640 / rows.length) - 6));
  const step = w + 6;
  const width = Math.max(320, rows.length * step + 40);
  const items = rows
    .map((row, i) => {
      const h = Math.round((row.count / max) * 120);
      const x = 30 + i * step;
      return `<g><rect x="${x}" y="${140 - h}" width="${w}" height="${h}" fill="${color}"><title>${esc(label(row.key))}: ${fmt(row.count)}</title></rect>${row.count ? `<text x="${x + w / 2}" y="${136 - h}" text-anchor="middle" class="small">${fmt(row.count)}</text>` : ''}<text x="${x + w / 2}" y="156" text-anchor="middle" class="small">${esc(label(row.key).slice(0, Math.max(4, Math.floor(w / 6))))}</text></g>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} 164" role="img" aria-label="${esc(aria)}"><line x1="26" y1="140" x2="${width - 6}" y2="140" stroke="#999"/>${items}</svg>`;
}

function countTable(head: [string, string, string?], rows: Count[], label: (k: string) => string = (k) => k): string {
  if (!rows.length) return '';
  const total = head[2] !== undefined;
  return `<table><thead><tr><th>${esc(head[0])}</th><th class="n">${esc(head[1])}</th>${total ? `<th class="n">${esc(head[2])}</th>` : ''}</tr></thead><tbody>${rows
    .map((r) => `<tr><td>${esc(label(r.key))}</td><td class="n">${fmt(r.count)}</td>${total ? `<td class="n">${r.total !== undefined ? fmt(r.total) : ''}</td>` : ''}</tr>`)
    .join('')}</tbody></table>`;
}

function kindSection(k: ReportKind, i: number): string {
  const f = k.finding;
  const top = f.entries[0];
  const documented = (f.match === 'pair' || f.match === 'ms-code') && top;
  const when = k.firstSeen ? (k.firstSeen === k.lastSeen ? `at ${k.firstSeen} UTC` : `from ${k.firstSeen} to ${k.lastSeen} UTC`) : '';
  const parts: string[] = [];
  parts.push(`<h3 id="kind-${i + 1}"><span class="count">${fmt(k.count)}×</span> <code>${esc(codeLabel(f))}</code> ${esc(headline(f))}</h3>`);
  parts.push(`<p class="who party-${esc(k.party)}"><b>Who must act:</b> ${esc(PARTY_LABELS[k.party])}. ${esc(f.fixOn.reason)}</p>`);
  parts.push(`<p><b>Origin:</b> ${esc(originLabel(f.origin))} (${esc(BASIS_LABELS[f.origin.basis])}). ${esc(f.origin.reason)}</p>`);
  if (when || k.bySbc.length) parts.push(`<p class="meta">${esc(`Seen ${when}`)}${k.bySbc.length ? esc(`; SBC: ${k.bySbc.map((s) => `${s.key} (${fmt(s.count)})`).join(', ')}`) : ''}</p>`);
  if (k.phrase && k.phrase !== top?.phrase) parts.push(`<p class="meta">The report's phrase: ${esc(k.phrase)}</p>`);
  if (documented) {
    if (top.description) parts.push(`<h4>What it means</h4><p class="md">${esc(markdownToPlain(top.description))}</p>`);
    if (top.actions) parts.push(`<h4>Suggested actions</h4><p class="md">${esc(markdownToPlain(top.actions))}</p>`);
    const links = [link(top.docUrl, `${top.docTitle} (Microsoft Learn, ${top.docDate})`), ...top.links.filter((l) => l.url !== top.docUrl).slice(0, 4).map((l) => link(l.url, l.title))];
    parts.push(`<p class="links">${links.join(' · ')}</p>`);
  } else {
    parts.push(`<p class="md">Not in Microsoft's published tables: the explanation is inferred.${f.sip ? ` SIP ${esc(f.sip.code)} ${esc(f.sip.reason)}: ${esc(f.sip.meaning)}` : ''}</p>`);
    if (f.origin.ruleUrl) parts.push(`<p class="links">${link(f.origin.ruleUrl, 'The origin rule')}</p>`);
  }
  const quotes = k.examples.filter((e) => e.correlationId || e.time);
  if (quotes.length) {
    parts.push(`<table class="quotes"><thead><tr><th>Correlation ID</th><th>Time</th><th>SBC</th></tr></thead><tbody>${quotes.map((e) => `<tr><td><code>${esc(e.correlationId ?? '')}</code></td><td>${esc(e.time ?? '')}</td><td>${esc(e.sbcFqdn ?? '')}</td></tr>`).join('')}</tbody></table>`);
  } else if (k.examples[0]?.line) parts.push(`<p class="meta">First on line ${fmt(k.examples[0].line)}.</p>`);
  return `<section class="kind">${parts.join('\n')}</section>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 4px}h4{font-size:13px;margin:10px 0 2px}
.sub,.meta{color:#666}.facts{display:flex;flex-wrap:wrap;gap:8px 24px;margin:12px 0}.facts div{min-width:120px}.facts b{display:block;font-size:20px}
.notes{background:#fff7e0;border-left:4px solid #e0a800;padding:6px 10px}
table{border-collapse:collapse;margin:6px 0 12px;min-width:50%}th,td{border-bottom:1px solid #eee;padding:3px 10px 3px 0;text-align:left;vertical-align:top}td.n,th.n{text-align:right}
code{font-family:ui-monospace,Consolas,monospace;font-size:13px}.count{color:#b00020}.md{white-space:pre-wrap}
.chart{width:100%;max-width:560px;height:auto;display:block}.chart text{font-size:11px;fill:#333}.chart .big{font-size:22px;font-weight:bold}.chart .small{font-size:10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 24px}.kind{border-top:1px solid #eee;margin-top:10px}
.who{font-weight:600}footer{margin-top:32px;color:#888;font-size:12px}`;

export function reportToHtml(r: Report, generatedAt = new Date()): string {
  const src = r.source;
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  const expected = r.kinds.filter((k) => k.outcome === 'expected');
  const title = src.format === 'log' ? `${fmt(r.failures)} failures, ${fmt(failures.length)} distinct` : `${fmt(r.failures)} of ${fmt(r.calls)} calls failed (${pct(r.failures, r.calls)})`;
  const facts: Array<[string, string]> =
    src.format === 'log'
      ? [['Failures', fmt(r.failures)], ['Distinct', fmt(failures.length)], ['Expected outcomes', fmt(r.expected)]]
      : [['Calls', fmt(r.calls)], ['Succeeded', `${fmt(r.successes)} (${pct(r.successes, r.calls)})`], ['Expected outcomes', fmt(r.expected)], ['Failed', `${fmt(r.failures)} (${pct(r.failures, r.calls)})`], ['Distinct failures', fmt(failures.length)]];
  const notes = [...src.notes];
  if (src.format !== 'log' && r.columns.missing.length) notes.push(`Not in the report: ${r.columns.missing.map((f) => ROW_FIELD_LABELS[f]).join(', ')}.`);
  if (src.truncated) notes.push('The input was cut: only its first rows were read.');
  const hours = r.byHour && r.byHour.buckets.some((b) => b.count > 0) ? r.byHour : null;
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(src.name ?? 'stdin')} · ${esc(src.format.toUpperCase())}${src.format !== 'log' ? ` · ${fmt(src.rows)} rows` : ''}${r.firstSeen ? ` · ${esc(r.firstSeen)} to ${esc(r.lastSeen)} UTC` : ''}</p>`,
    `<div class="facts">${facts.map(([k, v]) => `<div>${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>`,
    r.expectedByKind.length ? `<p class="sub">Expected outcomes (not faults): ${esc(r.expectedByKind.map((e) => `${EXPECTED_LABELS[e.key]} ${fmt(e.count)}`).join(', '))}</p>` : '',
    notes.length ? `<div class="notes">${notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>` : '',
    r.byParty.length ? `<h2>Who must act on the failures</h2>${donut(r.byParty)}${countTable(['Who must act', 'Failures'], r.byParty, (k) => PARTY_LABELS[k as Party])}` : '',
    hours ? `<h2>Failures by hour (UTC${hours.mode === 'hour-of-day' ? ', all days' : ''})</h2>${bars(hours.buckets, (k) => (hours.mode === 'timeline' ? k.slice(11) : k), '#c0392b', 'Failures by hour')}${countTable(['Hour (UTC)', 'Failures'], hours.buckets.filter((b) => b.count > 0))}` : '',
    r.bySbc.length ? `<h2>Failures by SBC</h2>${bars(r.bySbc, (k) => k, '#c77c02', 'Failures by SBC')}${countTable(['SBC FQDN', 'Failures', 'Calls'], r.bySbc)}` : '',
    `<div class="grid">${[
      r.byCallType.length ? `<div><h2>By call type</h2>${countTable(['Call type', 'Failures', 'Calls'], r.byCallType)}</div>` : '',
      r.byDirection.length ? `<div><h2>By direction</h2>${countTable(['Direction', 'Failures', 'Calls'], r.byDirection)}</div>` : '',
      r.byUser.length ? `<div><h2>Users with the most failures</h2>${countTable(['User', 'Failures'], r.byUser)}</div>` : '',
      r.byNumber.length ? `<div><h2>Called numbers with the most failures</h2>${countTable(['Number', 'Failures'], r.byNumber)}</div>` : '',
    ].join('')}</div>`,
    failures.length ? `<h2>Distinct failures (${fmt(failures.length)})</h2>${failures.map(kindSection).join('\n')}` : '',
    expected.length ? `<h2>Expected outcomes (${fmt(expected.length)})</h2>${expected.map((k, i) => kindSection(k, failures.length + i)).join('\n')}` : '',
    `<footer>Made by SIP Doc on ${esc(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC. Explanations from Microsoft Learn (CC BY 4.0); codes the docs do not list are marked inferred.</footer>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: SIP Doc report</title>
<style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
