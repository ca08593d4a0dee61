// The accuracy corpus (test/corpus/cases) and the held-out sets (test/corpus/holdout, test/corpus/holdout2): every case is
// well-formed and diagnose() answers every paste without throwing. How often the answer is right is
// a measurement, printed here and by `npm run accuracy` (`-- --dir=test/corpus/holdout`); it does
// not fail the suite.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, HOLDOUT_DIR, formatReport, loadCorpus, runCorpus, scoreCase, validateCase, type Case } from '../scripts/accuracy';

const cases = loadCorpus();

describe('accuracy corpus', () => {
  it('pairs every paste with its expectation', () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => !f.startsWith('.'));
    const stray = files.filter((f) => !/\.(txt|json)$/.test(f));
    expect(stray).toEqual([]);
    expect(cases.length * 2).toBe(files.length);
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.id, c] as [string, Case]))('%s is well-formed', (_id, c) => {
    expect(validateCase(c)).toEqual([]);
  });

  it('rejects a malformed case', () => {
    const bad: Case = {
      id: 'bad',
      text: 'x',
      meta: {
        source: '',
        kind: 'nonsense' as never,
        language: 'english',
        expect: { codes: [{ msCode: 'x' as never, sipCode: null }], origin: 'sbcs' as never, entry: 'no-such-entry', notes: '' },
      },
    };
    const problems = validateCase(bad).join('\n');
    for (const p of ['source', 'kind', 'language', 'malformed code', 'expect.origin', 'expect.entry', 'notes']) {
      expect(problems).toContain(p);
    }
  });

  it('scores a case against what diagnose() answers', () => {
    const right: Case = {
      id: 'pair',
      text: '510559 403',
      meta: {
        source: 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes-403',
        kind: 'pair',
        language: 'en',
        expect: { codes: [{ msCode: 510559, sipCode: 403 }], origin: 'microsoft', entry: 'dr-510559-403-get-outbound-routing-no', notes: 'a pair' },
      },
    };
    const r = scoreCase(right);
    expect(r).toMatchObject({ codesExact: true, firstCode: true, origin: true, entry: true });
    const wrong = scoreCase({ ...right, meta: { ...right.meta, expect: { ...right.meta.expect, codes: [{ msCode: 560403, sipCode: 403 }], origin: 'sbc' } } });
    expect(wrong).toMatchObject({ codesExact: false, firstCode: false, origin: false });
  });

  it('runs diagnose() on every paste without throwing, and prints the numbers', () => {
    const report = runCorpus(cases);
    console.log(formatReport({ ...report, misses: [] }));
    expect(report.errors).toEqual([]);
    expect(report.malformed).toEqual([]);
    expect(report.overall.cases).toBe(cases.length);
  });
});

// The held-out set: gathered after the code was tuned on cases/, and never tuned on. Only its form is
// checked here; its accuracy is the measurement of how well the code generalises.
const holdout = loadCorpus(HOLDOUT_DIR);

describe('held-out corpus', () => {
  it('pairs every paste with its expectation', () => {
    const files = readdirSync(HOLDOUT_DIR).filter((f) => !f.startsWith('.'));
    const stray = files.filter((f) => !/\.(txt|json)$/.test(f));
    expect(stray).toEqual([]);
    expect(holdout.length * 2).toBe(files.length);
    expect(holdout.length).toBeGreaterThanOrEqual(80);
  });

  it.each(holdout.map((c) => [c.id, c] as [string, Case]))('%s is well-formed', (_id, c) => {
    expect(validateCase(c)).toEqual([]);
  });

  it('shares no paste with the tuning corpus', () => {
    const tuned = new Set(cases.map((c) => c.text.trim()));
    expect(holdout.filter((c) => tuned.has(c.text.trim())).map((c) => c.id)).toEqual([]);
  });

  it('runs diagnose() on every paste without throwing, and prints the numbers', () => {
    const report = runCorpus(holdout);
    console.log(formatReport({ ...report, misses: [] }, 'test/corpus/holdout'));
    expect(report.errors).toEqual([]);
    expect(report.malformed).toEqual([]);
    expect(report.overall.cases).toBe(holdout.length);
  });
});

// The second held-out set: gathered from sources neither cases/ nor holdout/ uses, while the code was
// being tuned on both. Checked like holdout/: its form only, never its accuracy.
const HOLDOUT2_DIR = resolve(__dirname, 'corpus', 'holdout2');
const holdout2 = loadCorpus(HOLDOUT2_DIR);

describe('second held-out corpus', () => {
  it('pairs every paste with its expectation', () => {
    const files = readdirSync(HOLDOUT2_DIR).filter((f) => !f.startsWith('.'));
    const stray = files.filter((f) => !/\.(txt|json)$/.test(f));
    expect(stray).toEqual([]);
    expect(holdout2.length * 2).toBe(files.length);
    expect(holdout2.length).toBeGreaterThanOrEqual(40);
  });

  it.each(holdout2.map((c) => [c.id, c] as [string, Case]))('%s is well-formed', (_id, c) => {
    expect(validateCase(c)).toEqual([]);
  });

  it('shares no paste with the tuning corpus or the first held-out set', () => {
    const seen = new Set([...cases, ...holdout].map((c) => c.text.trim()));
    expect(holdout2.filter((c) => seen.has(c.text.trim())).map((c) => c.id)).toEqual([]);
  });

  it('runs diagnose() on every paste without throwing, and prints the numbers', () => {
    const report = runCorpus(holdout2);
    console.log(formatReport({ ...report, misses: [] }, 'test/corpus/holdout2'));
    expect(report.errors).toEqual([]);
    expect(report.malformed).toEqual([]);
    expect(report.overall.cases).toBe(holdout2.length);
  });
});
