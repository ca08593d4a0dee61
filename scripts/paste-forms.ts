// `npx tsx scripts/paste-forms.ts [--list]`: how often a paste's answer changes when it arrives in
// another form, over every case of the corpus (test/corpus/cases). test/diagnose/paste-forms.test.ts
// requires no change for CRLF, no-break spaces, "> " quotes and a fence; the forms here are the
// ones that may still change an answer: a greeting before the paste, a question after it, and a
// multi-line log or trace collapsed onto one line. Prints the count per form; `--list` also names
// the cases. A measurement: the exit code is 0.
import { loadCorpus, type Case } from './accuracy';
import { diagnose, type Diagnosis } from '../src/diagnose';

/** What a reader of the card acts on: the codes, who answered, who must act, the entry, the search's lead. */
export function answerOf(d: Diagnosis): string {
  const found = d.findings.map((f) => `${f.msCode}/${f.sipCode} ${f.origin.side} ${f.fixOn.party} ${f.entries[0]?.id ?? '-'}`);
  return [...found, `search ${d.search[0]?.entry.id ?? '-'}`].join(' | ');
}

const LOG_KINDS = new Set(['sip-trace', 'sbc-log', 'teams-client-log', 'acs-log', 'acs-sdk-console']);

const FORMS: ReadonlyArray<{ name: string; applies: (c: Case) => boolean; transform: (t: string) => string }> = [
  { name: 'a greeting line before it', applies: () => true, transform: (t) => `Hi all, we see this in our tenant since Monday:\n\n${t}` },
  { name: 'a question after it', applies: () => true, transform: (t) => `${t}\n\nAny idea? Thanks in advance.` },
  { name: 'a multi-line log or trace collapsed onto one line', applies: (c) => LOG_KINDS.has(c.meta.kind) && c.text.includes('\n'), transform: (t) => t.replace(/\s*\n\s*/g, ' ') },
];

function main(argv: string[]): void {
  const list = argv.includes('--list');
  const cases = loadCorpus();
  for (const form of FORMS) {
    const applying = cases.filter(form.applies);
    const changed = applying.filter((c) => answerOf(diagnose(form.transform(c.text))) !== answerOf(diagnose(c.text)));
    console.log(`${form.name}: ${changed.length} of ${applying.length} answers change`);
    if (list) for (const c of changed) console.log(`  ${c.id}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
