// Every card the bot can send parses and validates with the adaptivecards library, stays under
// Teams' 28 KB limit, and shows user text literally.
import { describe, expect, it } from 'vitest';
import { cardsForDiagnosis, entryCard, expandCard, summaryCard, welcomeCard, type AdaptiveCard } from '../src/cards';
import { diagnose, explainCodes } from '../src/diagnose';
import { defaultKb } from '../src/kb/load';
import { CARD_LIMIT, cardProblems as problems } from './helpers/card-check';

const kb = defaultKb();

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
    const broken = { type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [{ type: 'Chart.Pie' }, { type: 'Widget.Unknown' }, { type: 'TextBlock', text: 'x'.repeat(CARD_LIMIT) }] } as AdaptiveCard;
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
