// Every card the bot can send parses and validates with the adaptivecards library, stays under
// Teams' 28 KB limit, and shows user text literally.
import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { cardsForDiagnosis, entryCard, expandCard, summaryCard, welcomeCard, type AdaptiveCard } from '../src/cards';
import { diagnose, explainCodes } from '../src/diagnose';
import { defaultKb } from '../src/kb/load';

const kb = defaultKb();
const LIMIT = 28 * 1024;

/**
 * The card as a client without charts sees it (Teams on iOS): every Chart.* element replaced by
 * its fallback, after checking it has one and that its data is what the chart renderers read.
 */
function withoutCharts(card: unknown, out: string[]): unknown {
  if (Array.isArray(card)) return card.map((c) => withoutCharts(c, out)).filter((c) => c !== DROP);
  if (!card || typeof card !== 'object') return card;
  const n = card as Record<string, unknown>;
  if (typeof n.type === 'string' && n.type.startsWith('Chart.')) {
    if (n.fallback === undefined) out.push(`${n.type} has no fallback`);
    const data = n.data;
    if (!Array.isArray(data) || data.length === 0) out.push(`${n.type} has no data`);
    else if (n.type === 'Chart.Donut' || n.type === 'Chart.Pie') {
      if (!data.every((d) => typeof d.legend === 'string' && typeof d.value === 'number')) out.push(`${n.type} data must be {legend: string, value: number}`);
    } else if (!data.every((d) => typeof d.x === 'string' && typeof d.y === 'number')) out.push(`${n.type} data must be {x: string, y: number}`);
    return n.fallback === 'drop' || n.fallback === undefined ? DROP : withoutCharts(n.fallback, out);
  }
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, withoutCharts(v, out)]));
}
const DROP = Symbol('drop');

function problems(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(withoutCharts(card, out) as object, ctx);
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of ac.validateProperties().validationEvents) out.push(`validate: ${e.message}`);
  if (card.version !== '1.5') out.push(`version ${String(card.version)}`);
  if ((card.msteams as { width?: string } | undefined)?.width !== 'Full') out.push('not full width');
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > LIMIT) out.push(`${size} bytes`);
  return out;
}

const SAMPLES = [
  '510559 403',
  '560403',
  '403',
  '477',
  '999999 403',
  '560999',
  'Q.850 cause 63',
  'SIP/2.0 486 Busy Here\nReason: Q.850;cause=17;text="User busy"',
  'no viable path',
  'hello there',
  '',
  Array.from({ length: 40 }, (_, i) => `line ${i} CallEndReason=${[403, 404, 480, 486, 503][i % 5]} CallEndSubReason=${[510559, 511404, 10037, 560486, 560503][i % 5]}`).join('\n'),
  // SIP traces and SBC logs: the evidence and the call flow in the card's per-turn part.
  ...['teams-invite-404-runtimeapi.txt', 'audiocodes-syslog-teams-invite-503.log', 'ribbon-trc-teams-488.log', 'audiocodes-cdr-teams-legs.log', 'teams-403-call-site-state.txt'].map((f) =>
    require('node:fs').readFileSync(require('node:path').join(__dirname, 'fixtures', 'traces', f), 'utf8') as string,
  ),
  'the SBC returns 504',
];

describe('cards', () => {
  it('the validity check itself catches a broken card', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [{ type: 'Chart.Pie' }, { type: 'Widget.Unknown' }, { type: 'TextBlock', text: 'x'.repeat(LIMIT) }] } as AdaptiveCard;
    const p = problems(broken);
    expect(p.some((m) => m.startsWith('parse:'))).toBe(true);
    expect(p).toContain('Chart.Pie has no fallback');
    expect(p.some((m) => m.endsWith('bytes'))).toBe(true);
  });

  it('every KB entry card validates and fits', () => {
    const bad = kb.entries.map((e) => ({ id: e.id, p: problems(entryCard(e, kb)) })).filter((x) => x.p.length);
    expect(bad).toEqual([]);
  });

  it.each(SAMPLES.map((s) => [JSON.stringify(s).slice(0, 40), s]))('cards for %s validate and fit', (_name, text) => {
    const cards = cardsForDiagnosis(diagnose(text, kb), kb);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.length).toBeLessThanOrEqual(10);
    for (const c of cards) expect(problems(c)).toEqual([]);
  });

  it('welcome and explain cards validate', () => {
    expect(problems(welcomeCard())).toEqual([]);
    for (const [ms, sip] of [[510559, 403], [null, 603], [12345, null]] as const) {
      for (const c of cardsForDiagnosis(explainCodes(ms, sip, kb), kb)) expect(problems(c)).toEqual([]);
    }
  });

  it('a paste with many distinct failures gives the summary first, then at most 9 finding cards', () => {
    const text = Array.from({ length: 30 }, (_, i) => `CallEndReason=403 CallEndSubReason=${510000 + i}`).join('\n');
    const d = diagnose(text, kb);
    const cards = cardsForDiagnosis(d, kb);
    expect(cards).toHaveLength(10);
    expect(JSON.stringify(cards[0])).toContain('30 failures found, 30 distinct');
    expect(JSON.stringify(cards[0])).toContain('Show all 30 distinct failures');
    expect(problems(summaryCard(d, kb))).toEqual([]);
  });

  it('cached entry cards are frozen and a turn never changes them', () => {
    const entry = kb.withPair(510559, 403)[0]!;
    const before = JSON.stringify(entryCard(entry, kb));
    cardsForDiagnosis(diagnose('x\nCallEndReason=403 CallEndSubReason=510559 seen 3 times', kb), kb);
    expect(Object.isFrozen(entryCard(entry, kb))).toBe(true);
    expect(JSON.stringify(entryCard(entry, kb))).toBe(before);
  });

  it('template expressions in data come out literally', () => {
    const card = expandCard('search', { title: '${evil} **x**', hits: [], examples: [] });
    expect(JSON.stringify(card)).toContain('${evil} **x**');
  });
});
