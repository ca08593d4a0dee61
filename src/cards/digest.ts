// The daily digest card (cards/digest.json): a day's failures from Graph call records, by who must
// act, the top kinds with their doc links, and what is new or rising, with correlation IDs to
// quote. Text from the records (phrases, SBC names) goes into TextRun elements only, never into
// markdown, and reaches the card as template data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { Digest, DigestKind } from '../diagnose/digest';
import { findingTitle } from '../diagnose';
import { CARDS_DIR } from '../kb/paths';
import { PARTY_LABELS } from '../kb/types';
import { codeLabel, shorten } from '../report/labels';
import type { AdaptiveCard } from './index';

/** Kinds listed under "new or rising" on the card (the rest are counted). */
export const MAX_RISING_ON_CARD = 5;

let template: Template | undefined;

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`);
const n = (v: number) => v.toLocaleString('en-US');

function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function kindView(k: DigestKind, previousDay: string) {
  const f = k.kind.finding;
  const entry = f.entries[0];
  const known = entry && (f.match === 'pair' || f.match === 'ms-code');
  const phrase = known ? entry.phrase : (k.kind.phrase ?? findingTitle(f));
  const when = k.kind.firstSeen && k.kind.lastSeen ? `${k.kind.firstSeen.slice(11)}–${k.kind.lastSeen.slice(11)} UTC` : '';
  const sbc = k.kind.bySbc[0]?.key;
  const facts = [
    `${n(k.kind.count)} ${k.kind.count === 1 ? 'call' : 'calls'} (${pct(k.rate)} of all)`,
    `${dayLabel(previousDay)}: ${n(k.previousCount)}`,
    `Who must act: ${PARTY_LABELS[k.kind.party]}`,
    when,
    sbc ? `SBC ${shorten(sbc, 80)}` : '',
  ].filter(Boolean);
  return {
    badge: k.trend === 'new' ? 'NEW  ' : k.trend === 'rising' ? 'RISING  ' : '',
    codes: `${codeLabel(f)}  `,
    phrase: shorten(phrase, 140),
    facts: facts.join(' · '),
    ids: k.correlationIds.join(', '),
    docUrl: known ? entry.docUrl : '',
    docTitle: 'Open the doc',
    change: ` — ${n(k.kind.count)} (${dayLabel(previousDay)}: ${n(k.previousCount)})`,
  };
}

export function digestView(d: Digest, scope = 'Direct Routing') {
  const rising = d.newOrRising.slice(0, MAX_RISING_ON_CARD);
  const more = d.newOrRising.length - rising.length;
  // The detailed list: the top kinds, then the new or rising ones outside them (each once).
  const detailed = [...d.top, ...rising.filter((k) => !d.top.includes(k))];
  const change = d.previous.failureRate !== null && d.totals.failureRate !== null ? ` (${dayLabel(d.previousDay)}: ${pct(d.previous.failureRate)})` : '';
  const empty =
    d.totals.calls === 0
      ? `No ${scope} calls started on ${dayLabel(d.day)} (UTC) in Microsoft Graph's call records.`
      : d.totals.failures === 0
        ? `No failed calls on ${dayLabel(d.day)}: every call went through or ended normally.`
        : '';
  return {
    title: `Daily digest: ${scope} calls, ${dayLabel(d.day)}`,
    subtitle: `From Microsoft Graph call records, 00:00 to 24:00 UTC, compared with ${dayLabel(d.previousDay)}.`,
    speak: `SIP Doc daily digest for ${dayLabel(d.day)}: ${d.totals.failures} failed calls of ${d.totals.calls}.`,
    stats: [
      { value: n(d.totals.calls), label: 'calls', color: 'Default' },
      { value: n(d.totals.failures), label: 'failures', color: d.totals.failures ? 'Attention' : 'Good' },
      { value: pct(d.totals.failureRate), label: `failure rate${change}`, color: 'Default' },
      { value: n(d.newOrRising.length), label: 'new or rising', color: d.newOrRising.length ? 'Warning' : 'Default' },
    ],
    empty,
    parties: d.byParty.map((p) => ({ title: PARTY_LABELS[p.key], value: `${n(p.count)} (${dayLabel(d.previousDay)}: ${n(p.previous)})` })),
    risingTitle: `New or rising since ${dayLabel(d.previousDay)}${more > 0 ? ` (the first ${rising.length} of ${d.newOrRising.length})` : ''}`,
    rising: rising.map((k) => kindView(k, d.previousDay)),
    topTitle: `Top failures (${detailed.length} of ${d.distinctKinds} ${d.distinctKinds === 1 ? 'kind' : 'kinds'}), with the calls to quote`,
    top: detailed.map((k) => kindView(k, d.previousDay)),
    notes: d.notes.map((text) => ({ text })),
    footer: 'Type "failures last 24h" for the full report, or "stop digest" to end this digest. Explanations from Microsoft Learn (CC BY 4.0).',
  };
}

export function digestCard(d: Digest, scope?: string): AdaptiveCard {
  template ??= new Template(JSON.parse(fs.readFileSync(path.join(CARDS_DIR, 'digest.json'), 'utf8')));
  return template.expand({ $root: digestView(d, scope) }) as AdaptiveCard;
}
