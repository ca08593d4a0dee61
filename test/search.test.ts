// The word search finds what a user means, and nothing for a message that names no error. The
// questions and chat messages, with where each comes from, are in fixtures/search/questions.json;
// scripts/search-relevance.ts prints the measures behind the threshold for each of them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../src/diagnose';
import { lookupEntries } from '../src/diagnose/lookup';
import { defaultKb } from '../src/kb/load';

interface Question {
  text: string;
  expect: number[];
  source: string;
}

const kb = defaultKb();
const { questions } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'search', 'questions.json'), 'utf8')) as { questions: Question[] };
const found = (text: string) => diagnose(text, kb).search.map((h) => h.entry.msCode);

describe('the question set', () => {
  it('holds real questions and chat messages, each with its source', () => {
    expect(questions.filter((q) => q.expect.length).length).toBeGreaterThanOrEqual(30);
    expect(questions.filter((q) => !q.expect.length).length).toBeGreaterThanOrEqual(20);
    for (const q of questions) expect(q.source.length, q.text).toBeGreaterThan(10);
    // Word search is for text with no code in it.
    for (const q of questions) expect(diagnose(q.text, kb).findings, q.text).toEqual([]);
  });
});

describe('word search', () => {
  it.each(questions.filter((q) => q.expect.length).map((q) => [q.text, q.expect] as const))('"%s" finds %j', (text, codes) => {
    const hits = found(text);
    for (const code of codes) expect(hits).toContain(code);
  });

  it.each(questions.filter((q) => !q.expect.length).map((q) => [q.text] as const))('"%s" finds nothing', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('word order and negation do not matter: "trunk config not found" = "no trunk config found"', () => {
    expect(new Set(found('trunk config not found'))).toEqual(new Set(found('no trunk config found')));
  });

  it('a typo within the index\'s fuzzy distance still finds the entry', () => {
    expect(found('remote certificate exipred')).toContain(569008);
  });

  it('the message extension search box still narrows as the user types, weak matches included', () => {
    expect(lookupEntries('trunk con', kb).map((e) => e.msCode)).toEqual(expect.arrayContaining([510544, 510546]));
    expect(lookupEntries('see screenshot', kb).length).toBeGreaterThan(0);
  });
});
