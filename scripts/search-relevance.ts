// `npx tsx scripts/search-relevance.ts`: the two measures the word search keeps results by
// (src/kb/load.ts: phrase coverage and specificity), for every question and chat message in
// test/fixtures/search/questions.json. Run it after the knowledge base changes, to see whether
// MIN_PHRASE_COVERAGE and MIN_SPECIFICITY still separate the two.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKb } from '../src/kb/load';

interface Question {
  text: string;
  expect: number[];
}

const file = path.join(__dirname, '..', 'test', 'fixtures', 'search', 'questions.json');
const { questions } = JSON.parse(fs.readFileSync(file, 'utf8')) as { questions: Question[] };
const kb = defaultKb();
const fmt = (c?: { coverage: number; specificity: number; entry: { msCode: number | null } }) =>
  c ? `${String(c.entry.msCode).padStart(7)} coverage ${c.coverage.toFixed(2)} specificity ${c.specificity.toFixed(1).padStart(4)}` : '-'.padEnd(43);

let lowestWanted = Infinity;
let highestChat = 0;
console.log(`${'wanted (worst expected entry)'.padEnd(45)} ${'best other entry'.padEnd(45)} question`);
for (const q of questions) {
  const candidates = kb.searchCandidates(q.text);
  const wanted = q.expect.map((code) => candidates.find((c) => c.entry.msCode === code));
  const worst = wanted.reduce<(typeof candidates)[number] | undefined>((w, c) => (!c ? w : !w || c.specificity < w.specificity ? c : w), undefined);
  const other = candidates.filter((c) => !q.expect.includes(c.entry.msCode as number)).sort((a, b) => b.coverage - a.coverage || b.specificity - a.specificity)[0];
  if (worst) lowestWanted = Math.min(lowestWanted, worst.specificity);
  if (!q.expect.length && other && other.coverage >= 2 / 3) highestChat = Math.max(highestChat, other.specificity);
  console.log(`${q.expect.length ? 'Q' : '-'} ${fmt(worst)}   ${fmt(other)}   ${q.text}`);
}
console.log(`\nlowest specificity of a wanted entry:                              ${lowestWanted.toFixed(2)}`);
console.log(`highest specificity of an entry with coverage >= 2/3 for a chat message: ${highestChat.toFixed(2)}`);
