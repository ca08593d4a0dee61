// Report -> Adaptive Cards: the summary first (charts of who must act, failures by hour and by SBC,
// each chart with a table of the same numbers, since Teams on iOS draws no charts), then a card
// per most frequent failure with calls to quote in a ticket. Every distinct failure stays
// reachable: "Show all N" pages through them, and the button carries the compact list of codes
// and counts that every page is drawn from (no state kept between turns).
//
// Values that come from the user's file (SBC names, users, numbers, correlation ids, the file
// name) are data for plain-text TextRuns and chart labels, never markdown or template text.
import type { Kb } from '../kb/load';
import { PARTY_LABELS, type Party } from '../kb/types';
import { resolveMention } from '../diagnose/resolve';
import type { Diagnosis, Finding } from '../diagnose/types';
import { findingTitle } from '../diagnose';
import { EXPECTED_LABELS, ROW_FIELD_LABELS, type Report, type ReportKind } from '../diagnose/report';
import { codeLabel } from '../report/labels';
import { MAX_PAGE_ITEMS, type CardAction, type KindTuple, type PageAction } from './actions';
import { expandCard, findingCard, MAX_CARDS, type AdaptiveCard } from './index';

/** Distinct failures listed on the summary, and on each page. */
export const SUMMARY_ROWS = 8;
export const PAGE_SIZE = 20;
/** Teams refuses a reply over about 100 KB; cards are dropped from the end to stay under this. */
export const MAX_REPLY_BYTES = 90 * 1024;
const MAX_TABLE_ROWS = 24;
const MAX_LIST_ROWS = 5;

const PARTY_COLORS: Record<Party, string> = {
  sbc: 'categoricalMarigold',
  tenant: 'categoricalPurple',
  carrier: 'categoricalTeal',
  client: 'categoricalBlue',
  microsoft: 'categoricalLightBlue',
  none: 'categoricalGreen',
  unknown: 'categoricalLavender',
};

const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(part / whole >= 0.1 || part === 0 ? 0 : 1)}%` : '–');
const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

/** The compact tuple a page button carries for one kind. */
export function kindTuple(f: Pick<Finding, 'msCode' | 'sipCode' | 'q850Cause' | 'entries' | 'count'>, kb: Kb): KindTuple {
  const variants = f.msCode !== null && f.sipCode !== null ? kb.withPair(f.msCode, f.sipCode) : [];
  const top = f.entries[0];
  const v = variants.length > 1 && top ? Math.max(0, variants.findIndex((e) => e.id === top.id)) : 0;
  return [f.msCode, f.sipCode, f.q850Cause, v, Math.max(1, f.count)];
}

/** What a row of a failure list sends when selected: its entry (the variant), else its codes. */
function rowAction(ms: number | null, sip: number | null, q850: number | null, entryId: string | undefined): CardAction {
  if (entryId) return { verb: 'entry', id: entryId };
  if (ms !== null || sip !== null) return { verb: 'explain', ms, sip };
  return { verb: 'ask', text: `Q.850 cause ${q850}` };
}

interface KindRow {
  countText: string;
  codes: string;
  phrase: string;
  party: string;
  title: string;
  data: CardAction;
}

function kindRow(f: Finding, count: number, kb: Kb, extra = ''): KindRow {
  const codes = codeLabel(f);
  const variants = f.msCode !== null && f.sipCode !== null ? kb.withPair(f.msCode, f.sipCode) : [];
  const entryId = variants.length > 1 ? f.entries[0]?.id : undefined;
  return {
    countText: fmt(count),
    codes,
    phrase: findingTitle(f),
    party: `Who must act: ${PARTY_LABELS[f.fixOn.party]}${extra}`,
    title: `Explain ${codes}`,
    data: rowAction(f.msCode, f.sipCode, f.q850Cause, entryId),
  };
}

function reportTitle(r: Report): string {
  if (r.source.format === 'log') {
    const distinct = r.kinds.filter((k) => k.outcome === 'failure').length;
    return r.failures ? `${plural(r.failures, 'failure')} found, ${fmt(distinct)} distinct` : 'No failure found';
  }
  if (!r.calls) return 'No calls in the report';
  return r.failures ? `${fmt(r.failures)} of ${plural(r.calls, 'call')} failed (${pct(r.failures, r.calls)})` : `${plural(r.calls, 'call')}, none failed`;
}

function reportSubtitle(r: Report): string {
  const what =
    r.source.format === 'log'
      ? 'Codes read from the text'
      : `${r.source.format.toUpperCase()} report, ${plural(r.source.rows, 'row')}${r.source.header === false ? ' (no header row)' : ''}`;
  return `${what}${r.source.name ? ': ' : '.'}`;
}

function facts(r: Report): Array<{ title: string; value: string }> {
  const out: Array<{ title: string; value: string }> = [];
  if (r.source.format !== 'log') {
    out.push({ title: 'Calls', value: fmt(r.calls) });
    out.push({ title: 'Succeeded', value: `${fmt(r.successes)} (${pct(r.successes, r.calls)})` });
  }
  const expected = r.expectedByKind.map((e) => `${EXPECTED_LABELS[e.key].toLowerCase()} ${fmt(e.count)}`).join(', ');
  out.push({ title: 'Expected outcomes', value: r.expected ? `${fmt(r.expected)}: ${expected}` : '0' });
  out.push({ title: 'Failures', value: r.source.format === 'log' ? fmt(r.failures) : `${fmt(r.failures)} (${pct(r.failures, r.calls)} of calls)` });
  if (r.unknown) out.push({ title: 'No code, no verdict', value: fmt(r.unknown) });
  if (r.firstSeen) out.push({ title: 'First call', value: `${r.firstSeen} UTC` });
  if (r.lastSeen) out.push({ title: 'Last call', value: `${r.lastSeen} UTC` });
  return out;
}

function notes(r: Report): string[] {
  const out = [...r.source.notes];
  if (r.source.format !== 'log' && r.columns.missing.length) {
    out.push(`Not in the report: ${r.columns.missing.map((f) => ROW_FIELD_LABELS[f]).join(', ')}. What needs those columns is left out.`);
  }
  if (r.source.truncated) out.push('The report was cut: only its first rows were read.');
  return out;
}

/** The data of cards/summary.json for a report. */
export function summaryView(r: Report, kb: Kb) {
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  const bars = [];
  if (r.byHour && r.byHour.buckets.some((b) => b.count > 0)) {
    const timeline = r.byHour.mode === 'timeline';
    bars.push({
      title: timeline ? 'Failures by hour (UTC)' : 'Failures by hour of the day (UTC, all days)',
      xAxisTitle: timeline ? 'Hour (UTC)' : 'Hour of the day (UTC)',
      color: 'categoricalRed',
      chart: r.byHour.buckets.map((b) => ({ x: timeline ? b.key.slice(11) : b.key, y: b.count })),
      keyTitle: 'Hour (UTC)',
      totalTitle: 'Share',
      rows: r.byHour.buckets
        .filter((b) => b.count > 0)
        .slice(0, MAX_TABLE_ROWS)
        .map((b) => ({ label: b.key, count: fmt(b.count), total: pct(b.count, r.failures) })),
    });
  }
  if (r.bySbc.length) {
    bars.push({
      title: 'Failures by SBC',
      xAxisTitle: 'SBC FQDN',
      color: 'categoricalMarigold',
      chart: r.bySbc.slice(0, 8).map((s) => ({ x: s.key, y: s.count })),
      keyTitle: 'SBC FQDN',
      totalTitle: 'Of calls',
      rows: r.bySbc.slice(0, 8).map((s) => ({ label: s.key, count: fmt(s.count), total: s.total !== undefined ? fmt(s.total) : '' })),
    });
  }
  const lists = [];
  if (r.byCallType.length) lists.push({ title: 'Failures by call type', rows: r.byCallType.slice(0, MAX_LIST_ROWS).map((c) => ({ label: `${c.key}`, count: `${fmt(c.count)} of ${fmt(c.total ?? c.count)}` })) });
  if (r.byUser.length) lists.push({ title: 'Users with the most failures', rows: r.byUser.slice(0, MAX_LIST_ROWS).map((c) => ({ label: c.key, count: fmt(c.count) })) });
  if (r.byNumber.length) lists.push({ title: 'Called numbers with the most failures', rows: r.byNumber.slice(0, MAX_LIST_ROWS).map((c) => ({ label: c.key, count: fmt(c.count) })) });
  const more = failures.length > SUMMARY_ROWS ? [{ title: `Show all ${fmt(failures.length)} distinct failures`, data: pageAction(failures, 0, kb) }] : [];
  return {
    title: reportTitle(r),
    subtitle: reportSubtitle(r),
    name: r.source.name ?? '',
    facts: facts(r),
    notes: notes(r),
    parties: r.byParty.length
      ? {
          title: 'Who must act on the failures',
          chart: r.byParty.map((p) => ({ legend: PARTY_LABELS[p.key], value: p.count, color: PARTY_COLORS[p.key] })),
          rows: r.byParty.map((p) => ({ label: PARTY_LABELS[p.key], count: fmt(p.count), share: pct(p.count, r.failures) })),
        }
      : null,
    bars,
    lists,
    kindsTitle: failures.length > SUMMARY_ROWS ? `The ${SUMMARY_ROWS} most frequent of ${fmt(failures.length)} distinct failures` : `Distinct failures (${fmt(failures.length)})`,
    kinds: failures.slice(0, SUMMARY_ROWS).map((k) => kindRow(k.finding, k.count, kb)),
    more,
  };
}

export function pageAction(kinds: readonly ReportKind[], at: number, kb: Kb): PageAction {
  const k = kinds.slice(0, MAX_PAGE_ITEMS).map((x) => kindTuple({ ...x.finding, count: x.count }, kb));
  const action: PageAction = { verb: 'page', k, at };
  if (kinds.length > k.length) action.n = kinds.length;
  return action;
}

/** One page of the list a "Show all" button carries: the codes resolved again from the KB. */
export function pageCard(action: PageAction, kb: Kb): AdaptiveCard {
  const total = action.n ?? action.k.length;
  const at = Math.floor(action.at / PAGE_SIZE) * PAGE_SIZE;
  const items = action.k.slice(at, at + PAGE_SIZE);
  const rows = items.map(([ms, sip, q850, v, count]) => {
    const r = resolveMention({ msCode: ms, sipCode: sip, q850Cause: q850, format: 'single', line: 1 }, { kb, context: 'unknown' });
    const variants = ms !== null && sip !== null ? kb.withPair(ms, sip) : [];
    const chosen = variants.length > 1 ? variants[Math.min(v, variants.length - 1)] : undefined;
    const entries = chosen ? [chosen, ...r.entries.filter((e) => e.id !== chosen.id)] : r.entries;
    const finding: Finding = { ...r, entries, fixOn: chosen ? chosen.fixOn : r.fixOn, count, firstLine: 1, formats: ['single'] };
    return kindRow(finding, count, kb);
  });
  const nav = [];
  if (at > 0) nav.push({ title: `Previous ${PAGE_SIZE}`, data: { ...action, at: at - PAGE_SIZE } });
  if (at + PAGE_SIZE < action.k.length) {
    const next = Math.min(PAGE_SIZE, action.k.length - at - PAGE_SIZE);
    nav.push({ title: `Next ${next}`, data: { ...action, at: at + PAGE_SIZE } });
  }
  const last = at + items.length;
  return expandCard('report-page', {
    title: `Distinct failures ${fmt(at + 1)}–${fmt(last)} of ${fmt(total)}`,
    subtitle:
      total > action.k.length
        ? `Most frequent first. Only the ${fmt(action.k.length)} most frequent can be paged through here; \`sipdoc report\` lists them all.`
        : 'Most frequent first, with how often each occurs.',
    rows,
    nav,
  });
}

/** The turn part of a failure's card in a report: when and where it happened, calls to quote. */
function kindItems(k: ReportKind): unknown[] {
  const items: unknown[] = [];
  const when = k.firstSeen ? (k.firstSeen === k.lastSeen ? `, at ${k.firstSeen} UTC` : `, from ${k.firstSeen} to ${k.lastSeen} UTC`) : '';
  items.push({ type: 'TextBlock', text: `${k.count === 1 ? 'Once' : `${fmt(k.count)} times`} in the report${when}.`, wrap: true, size: 'Small', weight: 'Bolder' });
  if (k.bySbc.length) {
    items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [{ type: 'TextRun', text: `SBC: ${k.bySbc.map((s) => `${s.key} (${fmt(s.count)})`).join(', ')}`, size: 'Small' }] });
  }
  const quotes = k.examples.filter((e) => e.correlationId);
  if (quotes.length) {
    items.push({ type: 'TextBlock', text: 'To quote in a ticket (correlation ID, time):', wrap: true, size: 'Small', isSubtle: true, spacing: 'Small' });
    for (const e of quotes) {
      items.push({ type: 'RichTextBlock', spacing: 'None', inlines: [{ type: 'TextRun', text: `${e.correlationId}${e.time ? `  ${e.time}` : ''}`, fontType: 'Monospace', size: 'Small' }] });
    }
  } else if (k.examples[0]?.line) {
    items.push({ type: 'TextBlock', text: `First on line ${fmt(k.examples[0].line)}.`, wrap: true, size: 'Small', isSubtle: true, spacing: 'None' });
  }
  if (k.phrase && k.phrase !== k.finding.entries[0]?.phrase) {
    items.push({ type: 'RichTextBlock', spacing: 'Small', inlines: [{ type: 'TextRun', text: `The report's phrase: ${k.phrase}`, size: 'Small', isSubtle: true }] });
  }
  return items;
}

const NO_INPUT: Diagnosis['input'] = { chars: 0, lines: 1, linesRead: 1, truncated: false, context: 'unknown' };

/** A failure's card (the same as for a paste) with the report's part added. */
export function kindCard(k: ReportKind, kb: Kb): AdaptiveCard {
  const card = findingCard({ ...k.finding, count: 1 }, NO_INPUT, kb);
  const body = [...card.body];
  // Before the source line, which ends every code card.
  body.splice(Math.max(0, body.length - 1), 0, { type: 'Container', spacing: 'Medium', separator: true, items: kindItems(k) });
  return Object.assign({}, card, { body });
}

const size = (c: unknown) => Buffer.byteLength(JSON.stringify(c));

/** Drops cards from the end of a carousel until the reply fits Teams' size limit. */
export function fitReply(cards: AdaptiveCard[]): AdaptiveCard[] {
  const out = [...cards];
  let total = out.reduce((n, c) => n + size(c), 0);
  while (out.length > 1 && total > MAX_REPLY_BYTES) total -= size(out.pop());
  return out;
}

/** The answer to a report: the summary first, then the most frequent failures. */
export function cardsForReport(r: Report, kb: Kb): AdaptiveCard[] {
  const summary = expandCard('summary', summaryView(r, kb));
  const failures = r.kinds.filter((k) => k.outcome === 'failure');
  return fitReply([summary, ...failures.slice(0, MAX_CARDS - 1).map((k) => kindCard(k, kb))]);
}
