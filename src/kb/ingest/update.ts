// `npm run kb:update`: fetch the newest text of every page kb/sources/manifest.json lists, rebuild
// the knowledge base from it, and say what changed. Nothing in kb/ is replaced unless every page
// was fetched and read and the build succeeded: the pages are downloaded and built in a staging
// folder first, then swapped in. The network is behind `fetchText` (scripts/kb-update.ts gives the
// real one), so this file runs the same against GitHub and against a test server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KnowledgeBase } from '../types';
import { sourcesMarkdown } from './attribution';
import { buildKnowledgeBase, readSource } from './build';
import { includePaths, inlineIncludes } from './compose';
import { diffEntries, formatChanges, type EntryChange } from './diff';
import { readFrontMatter } from './markdown';
import { MANIFEST_FILE, manifestJson, rawUrl, readManifest, type SourceFile } from './sources';

export const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com';

export type FetchOutcome =
  | { kind: 'ok'; text: string }
  /** A 3xx: the file (or its repository) moved. */
  | { kind: 'moved'; status: number; location: string | null }
  /** A 404 or 410: the path no longer exists on that branch. */
  | { kind: 'missing'; status: number }
  /** A timeout, a network error, another HTTP status, a body too large or not UTF-8. */
  | { kind: 'failed'; reason: string };

export type FetchText = (url: string) => Promise<FetchOutcome>;

export type PageStatus = 'unchanged' | 'changed' | 'moved' | 'missing' | 'failed' | 'malformed';

export interface PageResult {
  file: string;
  url: string;
  status: PageStatus;
  /** What went wrong, or what a reviewer should know. */
  detail?: string;
  dateBefore?: string;
  dateAfter?: string;
}

export interface UpdateOptions {
  /** The kb/ directory (kb.json and sources/). */
  kbDir: string;
  baseUrl?: string;
  fetchText: FetchText;
  /** Only report; write nothing. */
  check?: boolean;
  /** yyyy-mm-dd, recorded in the manifest for the pages that changed. */
  today: string;
  /** Downloads at a time. */
  concurrency?: number;
}

export const EXIT = { ok: 0, differs: 1, usage: 2, failed: 3 } as const;

export interface UpdateResult {
  exitCode: (typeof EXIT)[keyof typeof EXIT];
  pages: PageResult[];
  changes: EntryChange[];
  /** Whether kb/ was replaced. */
  written: boolean;
  entriesBefore: number;
  entriesAfter: number | null;
  /** A build error that is not one page's. */
  error?: string;
  report: string;
}

const FAILED: readonly PageStatus[] = ['moved', 'missing', 'failed', 'malformed'];

/** Why a downloaded text cannot be a page of the docs repositories, or undefined when it can be. */
export function malformation(text: string, src: SourceFile | undefined): string | undefined {
  if (text.includes('\u0000')) return 'binary content, not markdown';
  if (text.trim() === '') return 'an empty file';
  if (/^\s*<(!doctype\s+html|html)[\s>]/i.test(text)) return 'an HTML page, not markdown';
  if (src?.learnUrl && !/^---\r?\n[\s\S]*?\r?\n---/.test(text)) return 'no front matter: not a Learn markdown page';
  return undefined;
}

async function pool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function outcomeProblem(o: Exclude<FetchOutcome, { kind: 'ok' }>, what: string): { status: PageStatus; detail: string } {
  if (o.kind === 'moved') {
    return { status: 'moved', detail: `${what}: HTTP ${o.status} to ${o.location ?? '(no Location)'}: the file moved; point repository, branch and path in kb/sources/manifest.json at its new place` };
  }
  if (o.kind === 'missing') {
    return { status: 'missing', detail: `${what}: HTTP ${o.status}: not on that branch any more (moved, renamed or deleted); find its new path and fix kb/sources/manifest.json` };
  }
  return { status: 'failed', detail: `${what}: ${o.reason}` };
}

interface Fetched {
  page: PageResult;
  src: SourceFile;
  text?: string;
}

/** Downloads one source (and, for a page with includes, the files it includes) and checks it. */
async function fetchSource(src: SourceFile, base: string, sourcesDir: string, fetchText: FetchText): Promise<Fetched> {
  const url = rawUrl(base, src.repository, src.branch, src.path);
  const page: PageResult = { file: src.file, url, status: 'unchanged' };
  const fail = (status: PageStatus, detail: string): Fetched => ({ page: { ...page, status, detail }, src });
  const got = await fetchText(url);
  if (got.kind !== 'ok') {
    const p = outcomeProblem(got, 'the page');
    return fail(p.status, p.detail);
  }
  let text = got.text;
  const bad = malformation(text, src);
  if (bad) return fail('malformed', bad);
  if (src.inlineIncludes) {
    const paths = includePaths(text, src.path);
    if (paths.length > 50) return fail('malformed', `${paths.length} includes: more than a Learn page has`);
    const outside = paths.find((p) => p === '..' || p.startsWith('../') || p.startsWith('/'));
    if (outside) return fail('malformed', `an include outside the repository: ${outside}`);
    const includes = new Map<string, string>();
    for (const p of paths) {
      const inc = await fetchText(rawUrl(base, src.repository, src.branch, p));
      if (inc.kind !== 'ok') {
        const problem = outcomeProblem(inc, `the include ${p}`);
        return fail(problem.status, problem.detail);
      }
      const incBad = malformation(inc.text, undefined);
      if (incBad) return fail('malformed', `the include ${p}: ${incBad}`);
      includes.set(p, inc.text);
    }
    text = inlineIncludes(text, src.path, includes);
  }
  try {
    if (src.read !== 'context' && readSource(text, src).length === 0) return fail('malformed', `no entry found in a page read as ${src.read}: has its format changed?`);
  } catch (err) {
    return fail('malformed', (err as Error).message);
  }
  const local = path.join(sourcesDir, src.file);
  const before = fs.existsSync(local) ? fs.readFileSync(local, 'utf8') : undefined;
  const dateBefore = before !== undefined ? readFrontMatter(before).msDate : undefined;
  const dateAfter = readFrontMatter(text).msDate;
  const changed = before !== text;
  return { page: { ...page, status: changed ? 'changed' : 'unchanged', ...(dateBefore ? { dateBefore } : {}), ...(dateAfter ? { dateAfter } : {}) }, src, text };
}

/** Moves `staging/sources` and `staging/kb.json` into `kbDir`, undoing the first step if the second fails. */
export function swapIn(kbDir: string, staging: string): void {
  const live = path.join(kbDir, 'sources');
  const old = path.join(staging, 'sources.old');
  fs.renameSync(live, old);
  try {
    fs.renameSync(path.join(staging, 'sources'), live);
  } catch (err) {
    fs.renameSync(old, live);
    throw err;
  }
  try {
    fs.renameSync(path.join(staging, 'kb.json'), path.join(kbDir, 'kb.json'));
  } catch (err) {
    fs.renameSync(live, path.join(staging, 'sources'));
    fs.renameSync(old, live);
    throw err;
  }
}

export async function runUpdate(opts: UpdateOptions): Promise<UpdateResult> {
  const base = opts.baseUrl ?? DEFAULT_BASE_URL;
  const sourcesDir = path.join(opts.kbDir, 'sources');
  const sources = readManifest(sourcesDir);
  const before = (JSON.parse(fs.readFileSync(path.join(opts.kbDir, 'kb.json'), 'utf8')) as KnowledgeBase).entries;
  const fetched = await pool(sources, opts.concurrency ?? 4, (src) => fetchSource(src, base, sourcesDir, opts.fetchText));
  const pages = fetched.map((f) => f.page);
  const result = (r: Omit<UpdateResult, 'report' | 'pages' | 'entriesBefore'>): UpdateResult => {
    const full = { ...r, pages, entriesBefore: before.length, report: '' };
    return { ...full, report: formatReport(full, base) };
  };
  if (pages.some((p) => FAILED.includes(p.status))) return result({ exitCode: EXIT.failed, changes: [], written: false, entriesAfter: null });
  if (pages.every((p) => p.status === 'unchanged')) return result({ exitCode: EXIT.ok, changes: [], written: false, entriesAfter: before.length });

  // Stage: a copy of kb/sources with the new pages, built. In --check mode outside kb/ altogether.
  const staging = fs.mkdtempSync(opts.check ? path.join(os.tmpdir(), 'sipdoc-kb-update-') : path.join(opts.kbDir, '.update-'));
  try {
    const stagedSources = path.join(staging, 'sources');
    fs.cpSync(sourcesDir, stagedSources, { recursive: true });
    const manifest = sources.map((s) => ({ ...s }));
    for (const f of fetched) {
      if (f.page.status !== 'changed') continue;
      const file = path.join(stagedSources, f.src.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.text!);
      const m = manifest.find((s) => s.file === f.src.file)!;
      m.commit = null;
      m.note = `kb:update, ${opts.today}: the newest text on ${m.branch}${m.inlineIncludes ? ', with its includes inlined as Learn renders them' : ''}.`;
    }
    fs.writeFileSync(path.join(stagedSources, MANIFEST_FILE), manifestJson(sourcesDir, manifest));
    let kb: KnowledgeBase;
    try {
      kb = buildKnowledgeBase(stagedSources);
    } catch (err) {
      return result({ exitCode: EXIT.failed, changes: [], written: false, entriesAfter: null, error: `the rebuild failed: ${(err as Error).message}` });
    }
    const changes = diffEntries(before, kb.entries);
    if (opts.check) return result({ exitCode: EXIT.differs, changes, written: false, entriesAfter: kb.entries.length });
    fs.writeFileSync(path.join(stagedSources, 'SOURCES.md'), sourcesMarkdown(stagedSources));
    fs.writeFileSync(path.join(staging, 'kb.json'), JSON.stringify(kb, null, 1) + '\n');
    swapIn(opts.kbDir, staging);
    return result({ exitCode: EXIT.ok, changes, written: true, entriesAfter: kb.entries.length });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

const STATUS_LABEL: Record<PageStatus, string> = {
  unchanged: 'unchanged',
  changed: 'changed',
  moved: 'MOVED',
  missing: 'NOT FOUND',
  failed: 'FAILED',
  malformed: 'MALFORMED',
};

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : word.replace(/y$/, 'ie') + 's'}`;

function formatReport(r: Omit<UpdateResult, 'report'>, base: string): string {
  const out: string[] = [];
  const unchanged = r.pages.filter((p) => p.status === 'unchanged');
  out.push(`Knowledge base sources: ${plural(r.pages.length, 'page')} from ${base}`);
  for (const p of r.pages.filter((x) => x.status !== 'unchanged')) {
    out.push(`  ${STATUS_LABEL[p.status].padEnd(10)} ${p.file}`);
    if (p.status === 'changed') {
      if (p.dateBefore !== p.dateAfter) out.push(`             ms.date ${p.dateBefore ?? '(none)'} -> ${p.dateAfter ?? '(none)'}`);
      const touched = r.changes.filter((c) => (c.kind === 'removed' ? c.before : c.after).source.file === p.file).length;
      if (r.entriesAfter !== null) out.push(`             ${touched ? plural(touched, 'entry') + ' changed' : 'no entry changed (wording outside the entries, metadata or context)'}`);
    } else {
      out.push(`             ${p.url}`, `             ${p.detail ?? ''}`);
    }
  }
  if (unchanged.length) out.push(`  unchanged  ${plural(unchanged.length, 'page')}`);
  if (r.error) out.push('', `The rebuild failed: ${r.error.replace(/^the rebuild failed: /, '')}`);
  if (r.entriesAfter !== null && r.changes.length) {
    const count = (k: EntryChange['kind']) => r.changes.filter((c) => c.kind === k).length;
    out.push('', `Entries: ${count('added')} added, ${count('removed')} removed, ${count('reworded')} reworded (${r.entriesBefore} -> ${r.entriesAfter})`);
    out.push(...formatChanges(r.changes));
  } else if (r.entriesAfter !== null && r.pages.some((p) => p.status === 'changed')) {
    out.push('', `Entries: none changed (${r.entriesAfter}).`);
  }
  out.push('');
  const failed = r.pages.filter((p) => FAILED.includes(p.status)).length;
  if (failed === r.pages.length) out.push(`No page could be fetched from ${base}: check that this machine reaches it (or pass --base-url).`);
  if (r.exitCode === EXIT.failed) {
    out.push(`Result: nothing replaced in kb/ (${failed ? `${plural(failed, 'page')} could not be fetched or read` : 'the rebuild failed'}). Exit code ${EXIT.failed}.`);
  } else if (r.exitCode === EXIT.differs) {
    out.push(`Result: upstream differs from kb/ (--check: nothing written). Run npm run kb:update to apply, then review git diff kb/. Exit code ${EXIT.differs}.`);
  } else if (r.written) {
    out.push(`Result: kb/ updated (kb/kb.json: ${r.entriesAfter} entries). Review git diff kb/, run npm test (the counting tests name the pages' rows), and commit. Exit code 0.`);
  } else {
    out.push('Result: up to date, nothing changed. Exit code 0.');
  }
  return out.join('\n') + '\n';
}
