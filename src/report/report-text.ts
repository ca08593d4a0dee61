// A report as terminal text (`sipdoc report FILE`). Values from the file are cleaned of control
// characters, so that a hostile cell cannot drive the terminal.
import { EXPECTED_LABELS, ROW_FIELD_LABELS, type Count, type Report } from '../diagnose/report';
import { PARTY_LABELS } from '../kb/types';
import { codeLabel, headline } from './labels';

// eslint-disable-next-line no-control-regex
export const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '-');
const bar = (n: number, max: number) => '#'.repeat(Math.max(n > 0 ? 1 : 0, Math.round((n / Math.max(1, max)) * 30)));

function table(title: string, rows: Count[], label: (k: string) => string = clean, totals = false): string[] {
  if (!rows.length) return [];
  const max = Math.max(...rows.map((r) => r.count));
  const width = Math.min(40, Math.max(...rows.map((r) => label(r.key).length)));
  return [
    title,
    ...rows.map((r) => `  ${label(r.key).slice(0, 40).padEnd(width)}  ${fmt(r.count).padStart(7)}${totals && r.total !== undefined ? ` of ${fmt(r.total)}` : ''}  ${bar(r.count, max)}`),
    '',
  ];
}

export function reportToText(r: Report): string {
  const out: string[] = [];
  const src = r.source;
  const what = src.format === 'log' ? 'text (codes read by diagnose)' : `${src.format.toUpperCase()}, ${fmt(src.rows)} rows${src.header === false ? ', no header row' : ''}`;
  out.push(`Report: ${src.name ? clean(src.name) : 'stdin'} (${what})`);
  if (src.format !== 'log') {
    out.push(`Calls ${fmt(r.calls)}: succeeded ${fmt(r.successes)} (${pct(r.successes, r.calls)}), expected outcomes ${fmt(r.expected)}, failed ${fmt(r.failures)} (${pct(r.failures, r.calls)})${r.unknown ? `, no code ${fmt(r.unknown)}` : ''}`);
  } else {
    out.push(`Failures ${fmt(r.failures)}, expected outcomes ${fmt(r.expected)}`);
  }
  if (r.expectedByKind.length) out.push(`Expected outcomes: ${r.expectedByKind.map((e) => `${EXPECTED_LABELS[e.key]} ${fmt(e.count)}`).join(', ')}`);
  if (r.firstSeen) out.push(`From ${r.firstSeen} to ${r.lastSeen} UTC`);
  for (const n of src.notes) out.push(`Note: ${n}`);
  if (src.format !== 'log' && r.columns.missing.length) out.push(`Not in the report: ${r.columns.missing.map((f) => ROW_FIELD_LABELS[f]).join(', ')}`);
  if (src.truncated) out.push('Note: the input was cut; only its first rows were read.');
  out.push('');
  out.push(...table('Who must act on the failures', r.byParty, (k) => PARTY_LABELS[k as keyof typeof PARTY_LABELS]));
  out.push(...table('Failures by SBC (of calls)', r.bySbc, clean, true));
  out.push(...table('Failures by call type (of calls)', r.byCallType, clean, true));
  if (r.byHour) out.push(...table(r.byHour.mode === 'timeline' ? 'Failures by hour (UTC)' : 'Failures by hour of the day (UTC)', r.byHour.buckets.filter((b) => b.count > 0)));
  out.push(...table('Users with the most failures', r.byUser));
  out.push(...table('Called numbers with the most failures', r.byNumber));
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  const expected = r.kinds.filter((k) => k.outcome === 'expected');
  for (const [title, list] of [
    [`Distinct failures (${failures.length})`, failures],
    [`Expected outcomes (${expected.length})`, expected],
  ] as const) {
    if (!list.length) continue;
    out.push(title);
    list.forEach((k, i) => {
      const f = k.finding;
      out.push(`${String(i + 1).padStart(4)}. ${fmt(k.count).padStart(7)}  ${codeLabel(f)}  ${headline(f)}`);
      const when = k.firstSeen ? (k.firstSeen === k.lastSeen ? `at ${k.firstSeen}` : `${k.firstSeen} to ${k.lastSeen}`) : '';
      out.push(`         Who must act: ${PARTY_LABELS[k.party]}${when ? `; ${when} UTC` : ''}${k.bySbc.length ? `; ${k.bySbc.map((s) => clean(s.key)).join(', ')}` : ''}`);
      if (k.phrase && k.phrase !== f.entries[0]?.phrase) out.push(`         Report phrase: ${clean(k.phrase)}`);
      for (const e of k.examples.filter((x) => x.correlationId).slice(0, 3)) out.push(`         ${clean(e.correlationId!)}  ${clean(e.time ?? '')}`);
      const doc = f.entries[0]?.docUrl ?? f.origin.ruleUrl;
      if (doc && (f.match === 'pair' || f.match === 'ms-code')) out.push(`         ${doc}`);
    });
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}
