// The accuracy corpus (test/corpus/cases): every case is
// well-formed and diagnose() answers every paste without throwing. How often the answer is right is
// a measurement, printed here and by `npm run accuracy` (`-- --dir=test/corpus/holdout`); it does
// not fail the suite.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('with nothing failing, the first code is the first clearing with a subcode other than 0', () => {
    const events = ['{"type":"Microsoft.Communication.TranscriptionStopped","data":{"resultInformation":{"code":200,"subCode":0,"message":"Action completed successfully."}}}', '{"type":"Microsoft.Communication.CallDisconnected","data":{"resultInformation":{"code":200,"subCode":7000,"message":"The conversation has ended."}}}'].join('\n');
    const clearing: Case = {
      id: 'clearing',
      text: events,
      meta: { source: 'https://learn.microsoft.com/en-us/azure/communication-services/resources/troubleshooting/voice-video-calling/troubleshooting-codes', kind: 'acs-call-automation', language: 'en', expect: { codes: [{ msCode: 0, sipCode: 200, clearing: true }, { msCode: 7000, sipCode: 200, clearing: true }], notes: 'two clearings' } },
    };
    expect(scoreCase(clearing)).toMatchObject({ codesExact: true, firstCode: true });
    const onlyPlain: Case = { ...clearing, text: events.split('\n')[0]!, meta: { ...clearing.meta, expect: { ...clearing.meta.expect, codes: [{ msCode: 0, sipCode: 200, clearing: true as const }] } } };
    expect(scoreCase(onlyPlain)).toMatchObject({ codesExact: true, firstCode: true });
  });

  it('runs diagnose() on every paste without throwing, and prints the numbers', () => {
    const report = runCorpus(cases);
    console.log(formatReport({ ...report, misses: [] }));
    expect(report.errors).toEqual([]);
    expect(report.malformed).toEqual([]);
    expect(report.overall.cases).toBe(cases.length);
  });
});

// The held-out set (test/corpus/holdout): gathered from sources cases/ does not use, scored before any tuning on it.
// Checked for form only; its numbers are printed, never asserted.
describe('held-out corpus', () => {
  const holdout = loadCorpus(HOLDOUT_DIR);

  // At least 20 cases: fewer would say little. Unused public Teams and ACS pastes are scarce now, so
  // a set is what a gatherer finds in new sources, not a fixed size.
  it('pairs every paste with its expectation and holds at least 20 cases', () => {
    const files = readdirSync(HOLDOUT_DIR).filter((f) => !f.startsWith('.'));
    const stray = files.filter((f) => !/\.(txt|json)$/.test(f));
    expect(stray).toEqual([]);
    expect(holdout.length * 2).toBe(files.length);
    expect(holdout.length).toBeGreaterThanOrEqual(20);
  });

  it.each(holdout.map((c) => [c.id, c] as [string, Case]))('%s is well-formed', (_id, c) => {
    expect(validateCase(c)).toEqual([]);
  });

  it('shares no paste with the tuning corpus', () => {
    const tuning = new Set(
      readdirSync(CORPUS_DIR)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8').trim()),
    );
    expect(holdout.filter((c) => tuning.has(c.text.trim())).map((c) => c.id)).toEqual([]);
  });

  it('runs diagnose() on every held-out paste without throwing, and prints the numbers', () => {
    const report = runCorpus(holdout);
    console.log(formatReport({ ...report, misses: [] }, 'test/corpus/holdout'));
    expect(report.errors).toEqual([]);
    expect(report.malformed).toEqual([]);
    expect(report.overall.cases).toBe(holdout.length);
  });
});
