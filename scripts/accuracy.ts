// `npm run accuracy`: how well diagnose() answers real pastes (test/corpus/cases).
//   Each case is <id>.txt (the paste as published) and <id>.json (its source and what the right
//   answer is, by Microsoft's docs). Prints the share of cases with exactly the right codes, the
//   right first code, the right origin (who generated the final response), the right "who must
//   act" and the right entry, overall, per kind and per language, then every miss.
//   `--json` prints the same as one JSON object; `--dir=<path>` scores another directory of cases
//   in the same format (the held-out set: `--dir=test/corpus/holdout`). The numbers are a measurement: the exit code is 0
//   unless the corpus itself is malformed or diagnose() throws.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagnose, type Diagnosis } from '../src/diagnose';
import { defaultKb, type Kb } from '../src/kb/load';
import type { KbEntry, Party, Side } from '../src/kb/types';

export const CORPUS_DIR = resolve(__dirname, '..', 'test', 'corpus', 'cases');
/** The held-out set: gathered after the code was tuned on CORPUS_DIR, scored once before any tuning on it. */
export const HOLDOUT_DIR = resolve(__dirname, '..', 'test', 'corpus', 'holdout');

export const KINDS = [
  'pair', // a code pair alone, any order or punctuation
  'single', // one code alone (560403, 403)
  'question', // a question or a sentence in words
  'phrase', // words of an error message, no code
  'acs-sdk-console', // ACS Calling SDK console output / error objects
  'acs-call-automation', // ACS Call Automation events (resultInformation)
  'acs-log', // ACS call summary / diagnostics log rows
  'graph-json', // Graph resultInfo, callRecords, directRoutingLogRow
  'teams-client-log', // Teams client / bot platform logs (DiagCode, key=value)
  'usage-report', // PSTN / Direct Routing usage report rows (CSV, TSV)
  'powershell', // PowerShell output tables and lists
  'markdown-table', // markdown table rows
  'sip-trace', // multi-line SIP trace
  'sip-trace-collapsed', // a SIP trace collapsed onto one line
  'sbc-log', // an SBC's own log format (AudioCodes, Ribbon, CUBE, Oracle, Asterisk, FreeSWITCH, Kamailio, ...)
  'noise', // numbers that must not become codes
] as const;
export type Kind = (typeof KINDS)[number];

const SIDES: readonly Side[] = ['sbc', 'microsoft', 'client', 'none', 'unknown'];
const PARTIES: readonly Party[] = ['sbc', 'tenant', 'carrier', 'client', 'microsoft', 'none', 'unknown'];

export interface ExpectedCode {
  msCode: number | null;
  sipCode: number | null;
  /** Not a failure (a normal clearing, a completed action): it may be listed anywhere. */
  clearing?: true;
}

export interface CaseMeta {
  source: string;
  kind: Kind;
  /** BCP 47 primary language of the words in the paste ("en", "de", ...). */
  language: string;
  /** Free text: what was changed from the published text (anonymised, collapsed ...), if anything. */
  derived?: string;
  expect: {
    /** Distinct codes as they first appear; the failures' order counts, `clearing` codes' does not. */
    codes: ExpectedCode[];
    origin?: Side;
    fixOn?: Party;
    /** The documented entry a good answer leads with: its id or its phrase. */
    entry?: string;
    notes: string;
  };
}

export interface Case {
  id: string;
  text: string;
  meta: CaseMeta;
}

/** Reads every case; throws on a case file that is missing its pair or is not JSON. */
export function loadCorpus(dir: string = CORPUS_DIR): Case[] {
  const files = readdirSync(dir);
  const ids = new Set(files.filter((f) => f.endsWith('.json') || f.endsWith('.txt')).map((f) => f.replace(/\.(json|txt)$/, '')));
  const cases: Case[] = [];
  for (const id of [...ids].sort()) {
    const metaFile = join(dir, `${id}.json`);
    const textFile = join(dir, `${id}.txt`);
    if (!files.includes(`${id}.json`)) throw new Error(`${id}: ${id}.txt has no ${id}.json`);
    if (!files.includes(`${id}.txt`)) throw new Error(`${id}: ${id}.json has no ${id}.txt`);
    let meta: CaseMeta;
    try {
      meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CaseMeta;
    } catch (err) {
      throw new Error(`${id}: ${id}.json is not valid JSON (${(err as Error).message})`);
    }
    cases.push({ id, text: readFileSync(textFile, 'utf8'), meta });
  }
  return cases;
}

function isCode(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 99_999_999);
}

/** The entry a case names, by id or by phrase (case and surrounding space ignored). */
export function findEntry(kb: Kb, name: string): KbEntry | undefined {
  const wanted = name.trim().toLowerCase();
  return kb.entries.find((e) => e.id === name || e.phrase.trim().toLowerCase() === wanted);
}

/** What is wrong with a case's metadata; empty when it is well-formed. */
export function validateCase(c: Case, kb: Kb = defaultKb()): string[] {
  const problems: string[] = [];
  const m = c.meta as Partial<CaseMeta> | null;
  if (!m || typeof m !== 'object') return ['metadata is not an object'];
  if (typeof m.source !== 'string' || m.source.trim().length < 10) problems.push('source is missing');
  else if (!/https?:\/\/|[\w.-]+\/[\w.-]+ [^ ]+ [0-9a-f]{7,40}/.test(m.source)) {
    problems.push('source must be a URL or "owner/repo path commit"');
  }
  if (!KINDS.includes(m.kind as Kind)) problems.push(`kind "${String(m.kind)}" is not one of ${KINDS.join(', ')}`);
  if (typeof m.language !== 'string' || !/^[a-z]{2}$/.test(m.language)) problems.push('language must be a two-letter code');
  if (m.derived !== undefined && (typeof m.derived !== 'string' || !m.derived.trim())) problems.push('derived must say what was changed');
  if (c.text.length === 0) problems.push('the paste is empty');
  const e = m.expect;
  if (!e || typeof e !== 'object') return [...problems, 'expect is missing'];
  if (!Array.isArray(e.codes)) problems.push('expect.codes must be an array');
  else {
    const seen = new Set<string>();
    for (const code of e.codes) {
      if (!code || typeof code !== 'object' || !isCode(code.msCode) || !isCode(code.sipCode)) {
        problems.push(`expect.codes has a malformed code ${JSON.stringify(code)}`);
        continue;
      }
      if (code.msCode === null && code.sipCode === null) problems.push('expect.codes has a code with neither msCode nor sipCode');
      if (code.clearing !== undefined && code.clearing !== true) problems.push('expect.codes clearing must be true or absent');
      const key = `${code.msCode}/${code.sipCode}`;
      if (seen.has(key)) problems.push(`expect.codes repeats ${key}`);
      seen.add(key);
    }
  }
  if (e.origin !== undefined && !SIDES.includes(e.origin)) problems.push(`expect.origin "${e.origin}" is not one of ${SIDES.join('|')}`);
  if (e.fixOn !== undefined && !PARTIES.includes(e.fixOn)) problems.push(`expect.fixOn "${e.fixOn}" is not one of ${PARTIES.join('|')}`);
  if (e.entry !== undefined && (typeof e.entry !== 'string' || !findEntry(kb, e.entry))) {
    problems.push(`expect.entry "${String(e.entry)}" names no knowledge base entry`);
  }
  if (typeof e.notes !== 'string' || e.notes.trim().length < 20) problems.push('expect.notes must say why this is the right answer');
  return problems;
}

const codeKey = (c: ExpectedCode) => `${c.msCode ?? '-'}/${c.sipCode ?? '-'}`;

/** What SIP Doc answered, reduced to what a case can expect. */
export interface Answer {
  codes: ExpectedCode[];
  /** The codes of the first failure with a code (a Q.850 cause alone is none), null when there is none. */
  main: ExpectedCode | null;
  origin: Side;
  fixOn: Party;
  entry: { id: string; phrase: string } | null;
}

/** A finding with a code: a Q.850 cause alone is explained, but it is no code (the corpus rules). */
const hasCode = (f: Diagnosis['findings'][number]) => f.msCode !== null || f.sipCode !== null;

export function answerOf(d: Diagnosis): Answer {
  const codes: ExpectedCode[] = [];
  const seen = new Set<string>();
  for (const f of d.findings) {
    if (!hasCode(f)) continue;
    const c = { msCode: f.msCode, sipCode: f.sipCode };
    if (!seen.has(codeKey(c))) codes.push(c);
    seen.add(codeKey(c));
  }
  // The main failure: the first finding that is a failure, else the first finding.
  const main = d.findings.find((f) => f.origin.side !== 'none') ?? d.findings[0];
  const firstCoded = d.findings.find((f) => hasCode(f) && f.origin.side !== 'none') ?? d.findings.find(hasCode);
  if (main) {
    const top = main.entries[0];
    return { codes, main: firstCoded ? { msCode: firstCoded.msCode, sipCode: firstCoded.sipCode } : null, origin: main.origin.side, fixOn: main.fixOn.party, entry: top ? { id: top.id, phrase: top.phrase } : null };
  }
  const hit = d.search[0]?.entry;
  if (hit) return { codes, main: null, origin: hit.origin.side, fixOn: hit.fixOn.party, entry: { id: hit.id, phrase: hit.phrase } };
  return { codes, main: null, origin: 'none', fixOn: 'none', entry: null };
}

export interface CaseResult {
  id: string;
  kind: Kind;
  language: string;
  expected: CaseMeta['expect'];
  answer: Answer | null;
  /** diagnose() threw (or the case is malformed): the message. */
  error?: string;
  codesExact: boolean;
  codesAnyOrder: boolean;
  firstCode: boolean;
  origin?: boolean;
  fixOn?: boolean;
  entry?: boolean;
}

export function scoreCase(c: Case, kb: Kb = defaultKb()): CaseResult {
  const base = { id: c.id, kind: c.meta.kind, language: c.meta.language, expected: c.meta.expect };
  let d: Diagnosis;
  try {
    d = diagnose(c.text, kb);
  } catch (err) {
    return { ...base, answer: null, error: (err as Error).stack ?? String(err), codesExact: false, codesAnyOrder: false, firstCode: false };
  }
  const a = answerOf(d);
  const want = c.meta.expect.codes;
  const got = a.codes.map(codeKey);
  const anyOrder = want.length === got.length && want.every((k) => got.includes(codeKey(k)));
  // The failures must come in the order they were pasted; normal clearings may sit anywhere.
  const failures = want.filter((k) => !k.clearing).map(codeKey);
  // With nothing failing, the clearing that says how the call ended leads: a plain success
  // (subcode 0) only when there is nothing else.
  const leadClearing = want.find((k) => k.msCode !== 0) ?? want[0];
  const firstWanted = failures[0] ?? (leadClearing ? codeKey(leadClearing) : undefined);
  const result: CaseResult = {
    ...base,
    answer: a,
    codesExact: anyOrder && got.filter((k) => failures.includes(k)).every((k, i) => k === failures[i]),
    codesAnyOrder: anyOrder,
    firstCode: firstWanted === (a.main ? codeKey(a.main) : undefined),
  };
  const e = c.meta.expect;
  if (e.origin !== undefined) result.origin = a.origin === e.origin;
  if (e.fixOn !== undefined) result.fixOn = a.fixOn === e.fixOn;
  if (e.entry !== undefined) {
    const wanted = findEntry(kb, e.entry);
    result.entry = !!a.entry && !!wanted && a.entry.id === wanted.id;
  }
  return result;
}

export interface Rates {
  cases: number;
  codesExact: number;
  codesAnyOrder: number;
  firstCode: number;
  /** [agreed, given] for the optional expectations. */
  origin: [number, number];
  fixOn: [number, number];
  entry: [number, number];
}

function rates(results: CaseResult[]): Rates {
  const count = (f: (r: CaseResult) => boolean | undefined) => results.filter((r) => f(r) === true).length;
  const given = (f: (r: CaseResult) => boolean | undefined) => results.filter((r) => f(r) !== undefined).length;
  return {
    cases: results.length,
    codesExact: count((r) => r.codesExact),
    codesAnyOrder: count((r) => r.codesAnyOrder),
    firstCode: count((r) => r.firstCode),
    origin: [count((r) => r.origin), given((r) => r.origin)],
    fixOn: [count((r) => r.fixOn), given((r) => r.fixOn)],
    entry: [count((r) => r.entry), given((r) => r.entry)],
  };
}

export interface Report {
  overall: Rates;
  byKind: Record<string, Rates>;
  byLanguage: Record<string, Rates>;
  misses: CaseResult[];
  errors: Array<{ id: string; error: string }>;
  malformed: Array<{ id: string; problems: string[] }>;
}

function groupBy(results: CaseResult[], key: (r: CaseResult) => string): Record<string, Rates> {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, rates(rs)]));
}

const isMiss = (r: CaseResult) => !!r.error || !r.codesExact || r.origin === false || r.fixOn === false || r.entry === false;

export function runCorpus(cases: Case[] = loadCorpus(), kb: Kb = defaultKb()): Report {
  const malformed = cases.map((c) => ({ id: c.id, problems: validateCase(c, kb) })).filter((m) => m.problems.length > 0);
  const results = cases.map((c) => scoreCase(c, kb));
  return {
    overall: rates(results),
    byKind: groupBy(results, (r) => r.kind),
    byLanguage: groupBy(results, (r) => r.language),
    misses: results.filter(isMiss),
    errors: results.filter((r) => r.error).map((r) => ({ id: r.id, error: r.error! })),
    malformed,
  };
}

const pct = (n: number, of: number) => (of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`);
const pair = ([n, of]: [number, number]) => `${pct(n, of)} (${n}/${of})`;
const codesText = (codes: ExpectedCode[]) => (codes.length ? codes.map(codeKey).join(', ') : '(none)');

function ratesLine(label: string, r: Rates): string {
  return [
    label.padEnd(22),
    String(r.cases).padStart(4),
    pct(r.codesExact, r.cases),
    pct(r.firstCode, r.cases),
    `${pct(...r.origin)} of ${String(r.origin[1]).padStart(3)}`,
    `${pct(...r.fixOn)} of ${String(r.fixOn[1]).padStart(3)}`,
    `${pct(...r.entry)} of ${String(r.entry[1]).padStart(3)}`,
  ].join('  ');
}

export function formatReport(report: Report, dir = 'test/corpus/cases'): string {
  const o = report.overall;
  const out: string[] = [];
  out.push(`SIP Doc accuracy on ${o.cases} real pastes (${dir})`);
  out.push('');
  out.push(`  right codes, exactly     ${pct(o.codesExact, o.cases)} (${o.codesExact}/${o.cases})   target 95%`);
  out.push(`  right codes, any order   ${pct(o.codesAnyOrder, o.cases)} (${o.codesAnyOrder}/${o.cases})`);
  out.push(`  right first code         ${pct(o.firstCode, o.cases)} (${o.firstCode}/${o.cases})`);
  out.push(`  origin agrees            ${pair(o.origin)}   target 90%`);
  out.push(`  who must act agrees      ${pair(o.fixOn)}`);
  out.push(`  entry agrees             ${pair(o.entry)}`);
  const header = ['', 'cases', 'codes', 'first', 'origin', '', 'fixOn', '', 'entry'].join('  ');
  for (const [title, groups] of [['By kind', report.byKind], ['By language', report.byLanguage]] as const) {
    out.push('');
    out.push(`${title}:`.padEnd(22) + header);
    for (const [k, r] of Object.entries(groups)) out.push(ratesLine(`  ${k}`, r));
  }
  if (report.malformed.length) {
    out.push('');
    out.push(`Malformed cases (${report.malformed.length}):`);
    for (const m of report.malformed) out.push(`  ${m.id}: ${m.problems.join('; ')}`);
  }
  if (report.errors.length) {
    out.push('');
    out.push(`diagnose() threw (${report.errors.length}):`);
    for (const e of report.errors) out.push(`  ${e.id}: ${e.error.split('\n')[0]}`);
  }
  out.push('');
  out.push(`Misses (${report.misses.length}):`);
  for (const r of report.misses) {
    const a = r.answer;
    out.push(`  ${r.id}  [${r.kind}, ${r.language}]`);
    if (!a) continue;
    if (!r.codesExact) out.push(`    codes   expected ${codesText(r.expected.codes)}  got ${codesText(a.codes)}`);
    if (r.origin === false) out.push(`    origin  expected ${r.expected.origin}  got ${a.origin}`);
    if (r.fixOn === false) out.push(`    fixOn   expected ${r.expected.fixOn}  got ${a.fixOn}`);
    if (r.entry === false) out.push(`    entry   expected "${r.expected.entry}"  got ${a.entry ? `${a.entry.id} "${a.entry.phrase}"` : '(none)'}`);
  }
  return out.join('\n');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const only = argv.find((a) => a.startsWith('--kind='))?.slice('--kind='.length);
  const dir = argv.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
  let cases = loadCorpus(dir ? resolve(dir) : CORPUS_DIR);
  if (only) cases = cases.filter((c) => c.meta.kind === only);
  const report = runCorpus(cases);
  process.stdout.write(`${json ? JSON.stringify(report, null, 2) : formatReport(report, dir)}\n`);
  return report.malformed.length || report.errors.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
