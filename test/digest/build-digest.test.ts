// buildDigest, the pure comparison of two days' reports: what is new, rising, steady or falling.
import { describe, expect, it } from 'vitest';
import { digestCard } from '../../src/cards/digest';
import { buildDigest, RISING_MIN_COUNT, trendOf } from '../../src/diagnose/digest';
import { analyseRows, type CallRow } from '../../src/diagnose/report';
import { defaultKb } from '../../src/kb/load';
import { cardProblems } from '../helpers/card-check';

const kb = defaultKb();
const calls = (n: number, ms?: number, sip?: number): CallRow[] =>
  Array.from({ length: n }, (_, i) => (ms === undefined ? { success: true, correlationId: `ok-${i}` } : { msCode: ms, sipCode: sip!, success: false, correlationId: `${ms}-${i}` }));
const report = (rows: CallRow[]) => analyseRows(rows, kb, { format: 'json' });

describe('the digest of a day against the day before', () => {
  it('marks a code absent the day before as new, and a doubled share as rising', () => {
    const before = report([...calls(96), ...calls(4, 560403, 403)]);
    const day = report([...calls(88), ...calls(8, 560403, 403), ...calls(4, 569008, 504)]);
    const d = buildDigest('2026-11-19', day, '2026-11-18', before);
    const trend = Object.fromEntries(d.top.map((k) => [k.kind.finding.msCode, k.trend]));
    expect(trend).toEqual({ 560403: 'rising', 569008: 'new' });
    expect(d.newOrRising.map((k) => k.kind.finding.msCode)).toEqual([560403, 569008]);
    expect(d.byParty).toEqual([{ key: 'sbc', count: 12, previous: 4 }]);
    expect(d.top.find((k) => k.kind.finding.msCode === 569008)!.correlationIds).toEqual(['569008-0', '569008-1', '569008-2']);
  });

  it('compares rates, not counts: twice the failures on twice the calls is steady', () => {
    const before = report([...calls(48), ...calls(2, 560403, 403)]);
    const day = report([...calls(96), ...calls(4, 560403, 403)]);
    expect(buildDigest('d', day, 'p', before).top[0]!.trend).toBe('steady');
  });

  it('does not call a handful of failures a trend, and says when there is nothing to compare with', () => {
    expect(trendOf(RISING_MIN_COUNT - 1, 1, 0.2, 0.01)).toBe('steady');
    expect(trendOf(RISING_MIN_COUNT, 1, 0.2, 0.1)).toBe('rising');
    expect(trendOf(2, 8, 0.02, 0.08)).toBe('falling');
    const d = buildDigest('d', report(calls(3, 560403, 403)), 'p', report([]));
    expect(d.top[0]!.trend).toBe('new');
    expect(d.notes.join(' ')).toContain('No calls on p to compare with');
  });
});

describe('the digest card', () => {
  it('stays valid and inside 28 KB for a day with 300 new kinds of failure, and shows text from records literally', () => {
    const rows: CallRow[] = [...calls(100)];
    for (let i = 0; i < 300; i++) rows.push({ msCode: 700000 + i, sipCode: 500 + (i % 99), success: false, correlationId: `id-${i}`, phrase: '${evil} **bold** <b>x</b>'.repeat(20), sbcFqdn: 'sbc-'.repeat(40) });
    const d = buildDigest('2026-11-19', report(rows), '2026-11-18', report(calls(100)));
    expect(d.newOrRising).toHaveLength(300);
    const card = digestCard(d);
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('${evil} **bold** <b>x</b>');
    expect(json).toContain('the first 5 of 300');
  });
});
