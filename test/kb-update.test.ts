// kb:update against a local stand-in for raw.githubusercontent.com: each kind of upstream change
// gives the right report and exit code, and a run that fails leaves kb/ byte for byte as it was.
// Every run works on a copy of the project's kb/ in a temporary folder.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesMarkdown } from '../src/kb/ingest/attribution';
import { buildKnowledgeBase } from '../src/kb/ingest/build';
import { inlineIncludes, rebaseLinks } from '../src/kb/ingest/compose';
import { lineDiff } from '../src/kb/ingest/diff';
import { runUpdate, swapIn, type UpdateResult } from '../src/kb/ingest/update';
import { KB_DIR, PROJECT_ROOT } from '../src/kb/paths';
import type { KnowledgeBase } from '../src/kb/types';
import { httpFetcher, main } from '../scripts/kb-update';
import { startRawGithub, type RawGithub } from './helpers/raw-github';

const FIXTURES = path.join(__dirname, 'fixtures', 'kb-update', 'azure-docs');
const ACS_DIR = '/MicrosoftDocs/azure-docs/main/articles/communication-services';
const ACS_PAGE = `${ACS_DIR}/resources/troubleshooting/voice-video-calling/troubleshooting-codes.md`;
const include = (name: string) => `${ACS_DIR}/resources/troubleshooting/voice-video-calling/includes/codes/${name}`;
const GRAPH = '/microsoftgraph/microsoft-graph-docs-contrib/main/api-reference/v1.0/api/call-delete.md';
const TEAMS_403 = '/MicrosoftDocs/SupportArticles-docs/main/Teams/phone-system/direct-routing/microsoft-sip-response-codes-403.md';
const TEAMS_404 = '/MicrosoftDocs/SupportArticles-docs/main/Teams/phone-system/direct-routing/microsoft-sip-response-codes-404.md';
const TODAY = '2031-01-02';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-kb-update-test-'));
let upstream: RawGithub;
/** The kb/ folder after a first refresh: in step with what `upstream` serves. */
let synced: string;
let first: UpdateResult;
let copies = 0;

/** Every file under a folder, with its bytes: equal hashes mean nothing was written, added or left behind. */
function treeHash(dir: string): string {
  const h = crypto.createHash('sha256');
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.posix.join(rel, d.name);
      h.update(`${d.isDirectory() ? 'd' : 'f'} ${p}\n`);
      if (d.isDirectory()) walk(p);
      else h.update(fs.readFileSync(path.join(dir, p)));
    }
  };
  walk('');
  return h.digest('hex');
}

const copyOf = (dir: string) => {
  const to = path.join(tmp, `kb-${++copies}`);
  fs.cpSync(dir, to, { recursive: true });
  return to;
};

const update = (kbDir: string, opts: { check?: boolean; timeoutMs?: number } = {}) =>
  runUpdate({ kbDir, baseUrl: upstream.url, fetchText: httpFetcher({ timeoutMs: opts.timeoutMs ?? 5000 }), check: opts.check ?? false, today: TODAY });

const kbOf = (kbDir: string) => JSON.parse(fs.readFileSync(path.join(kbDir, 'kb.json'), 'utf8')) as KnowledgeBase;

/** Runs `fn` with some upstream files replaced, then puts them back. */
async function withUpstream<T>(edits: Record<string, string | ((text: string) => string)>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(upstream.files);
  for (const [p, edit] of Object.entries(edits)) {
    const before = upstream.files.get(p);
    if (before === undefined) throw new Error(`no upstream file ${p}`);
    const after = typeof edit === 'string' ? edit : edit(before);
    if (after === before) throw new Error(`edit of ${p} changed nothing`);
    upstream.files.set(p, after);
  }
  try {
    return await fn();
  } finally {
    upstream.files.clear();
    for (const [k, v] of saved) upstream.files.set(k, v);
  }
}

/** A failed run: exit code 3, the page named with its problem, kb/ untouched, in both modes. */
async function expectFailure(kbDir: string, status: string, detail: RegExp, timeoutMs?: number) {
  const hash = treeHash(kbDir);
  for (const check of [true, false]) {
    const r = await update(kbDir, { check, timeoutMs });
    expect(r.exitCode, r.report).toBe(3);
    expect(r.written).toBe(false);
    expect(r.report).toContain(status);
    expect(r.report).toMatch(detail);
    expect(r.report).toMatch(/Result: nothing replaced in kb\//);
    expect(treeHash(kbDir), 'kb/ changed').toBe(hash);
  }
}

beforeAll(async () => {
  // Upstream: every page as kb/sources has it, and the raw ACS page with its (2024) includes.
  const sourcesDir = path.join(KB_DIR, 'sources');
  const manifest = JSON.parse(fs.readFileSync(path.join(sourcesDir, 'manifest.json'), 'utf8')) as {
    sources: Array<{ file: string; repository: string; branch: string; path: string; inlineIncludes?: boolean }>;
  };
  const files = new Map<string, string>();
  for (const s of manifest.sources) {
    if (!s.inlineIncludes) files.set(`/${s.repository}/${s.branch}/${s.path}`, fs.readFileSync(path.join(sourcesDir, s.file), 'utf8'));
  }
  files.set(ACS_PAGE, fs.readFileSync(path.join(FIXTURES, 'troubleshooting-codes.md'), 'utf8'));
  for (const f of fs.readdirSync(path.join(FIXTURES, 'includes', 'codes'))) files.set(include(f), fs.readFileSync(path.join(FIXTURES, 'includes', 'codes', f), 'utf8'));
  files.set(`${ACS_DIR}/includes/acs-retirement-breakingchange-callout.md`, fs.readFileSync(path.join(FIXTURES, 'acs-retirement-breakingchange-callout.md'), 'utf8'));
  upstream = await startRawGithub(files);
  synced = copyOf(KB_DIR);
  first = await update(synced);
});

afterAll(async () => {
  await upstream?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('kb:update: the first refresh (the raw ACS includes of 2024 against the 2025-07-14 page)', () => {
  it('reports the real differences: 3 rows the 2025 page added, 4 it reworded, nothing else', () => {
    expect(first.exitCode, first.report).toBe(0);
    expect(first.written).toBe(true);
    expect(first.pages.filter((p) => p.status !== 'unchanged').map((p) => [p.file, p.status])).toEqual([['acs/rendered/troubleshooting-codes.md', 'changed']]);
    const summary = first.changes.map((c) => `${c.kind} ${(c.kind === 'removed' ? c.before : c.after).id}`);
    expect(summary.sort()).toEqual([
      'removed callend-540000-0-call-ended-successfully-by',
      'removed callend-71005-401-call-failed-due-to',
      'removed sdk-71005-401-call-failed-due-to',
      'reworded callend-3112-410-call-setup-failed-due',
      'reworded callend-5003-0-call-ended-successfully-as',
      'reworded callend-510403-403-call-ended-previously-marked',
      'reworded pstn-510403-403-call-blocked-alternate-id',
    ]);
    expect(first.report).toContain('Entries: 0 added, 3 removed, 4 reworded (432 -> 429)');
    expect(first.report).toContain(
      'phrase: "Call was ended by Azure Communication Service as the call has ended." -> "Call ended successfully, as all callee endpoints declined the call."',
    );
    expect(first.report).toContain('id: callend-5003-0-call-was-ended-by -> callend-5003-0-call-ended-successfully-as');
  });

  it('writes the page composed from the raw files, a manifest that says so, and a kb.json built from them', () => {
    const sources = path.join(synced, 'sources');
    const page = fs.readFileSync(path.join(sources, 'acs/rendered/troubleshooting-codes.md'), 'utf8');
    expect(page).toMatch(/^\*\*Applies to: pstn\*\*$/m);
    expect(page).not.toMatch(/\[!INCLUDE|::: zone/);
    const m = JSON.parse(fs.readFileSync(path.join(sources, 'manifest.json'), 'utf8')).sources.find((s: { file: string }) => s.file === 'acs/rendered/troubleshooting-codes.md');
    expect(m).toMatchObject({ commit: null, note: `kb:update, ${TODAY}: the newest text on main, with its includes inlined as Learn renders them.` });
    expect(fs.readFileSync(path.join(synced, 'kb.json'), 'utf8')).toBe(JSON.stringify(buildKnowledgeBase(sources), null, 1) + '\n');
    expect(fs.readFileSync(path.join(sources, 'SOURCES.md'), 'utf8')).toBe(sourcesMarkdown(sources));
    expect(fs.readdirSync(synced).sort()).toEqual(['kb.json', 'sources']);
  });

  it('the composed page gives the same entries for every row the two versions share', () => {
    const now = new Map(kbOf(synced).entries.map((e) => [e.id, e]));
    const touched = new Set(first.changes.flatMap((c) => (c.kind === 'added' ? [] : [c.before.id])));
    for (const e of kbOf(KB_DIR).entries) {
      if (touched.has(e.id)) continue;
      const { source: _a, ...was } = e;
      const { source: _b, ...is } = now.get(e.id) ?? ({ source: null } as never);
      expect(is, e.id).toEqual(was);
    }
  });
});

describe('kb:update against an unchanged upstream', () => {
  it('says it is up to date, exits 0 and writes nothing, with or without --check', async () => {
    const kbDir = copyOf(synced);
    const hash = treeHash(kbDir);
    for (const check of [true, false]) {
      const r = await update(kbDir, { check });
      expect(r.exitCode, r.report).toBe(0);
      expect(r.report).toContain('unchanged  23 pages');
      expect(r.report).toContain('Result: up to date, nothing changed. Exit code 0.');
      expect(treeHash(kbDir)).toBe(hash);
    }
    expect(upstream.requests).toContain(include('pstn.md'));
  });
});

describe('kb:update: entries added, reworded, removed', () => {
  const newRow = '| 480  | 10999    | Call rejected for a reason Graph just documented.                                                   |\n';
  const addRow = (t: string) => t.replace(/(\| 480 {2}\| 10199 [^\n]*\n)/, `$1${newRow}`);

  it('an added row: --check reports it and exits 1, writing nothing', async () => {
    const kbDir = copyOf(synced);
    const hash = treeHash(kbDir);
    const r = await withUpstream({ [GRAPH]: addRow }, () => update(kbDir, { check: true }));
    expect(r.exitCode, r.report).toBe(1);
    expect(r.report).toContain('changed    graph/call-delete.md');
    expect(r.report).toContain('Entries: 1 added, 0 removed, 0 reworded (429 -> 430)');
    expect(r.report).toContain('+ added     10999 / 480  "Call rejected for a reason Graph just documented."  [graph-call-end]');
    expect(r.report).toContain('graph-10999-480-call-rejected-for-a  (graph/call-delete.md:201)');
    expect(r.report).toMatch(/Result: upstream differs from kb\/ \(--check: nothing written\)\. .*Exit code 1\./);
    expect(treeHash(kbDir)).toBe(hash);
  });

  it('an added row: kb:update writes the page, the manifest, SOURCES.md and kb.json, and exits 0', async () => {
    const kbDir = copyOf(synced);
    const r = await withUpstream({ [GRAPH]: addRow }, () => update(kbDir));
    expect(r.exitCode, r.report).toBe(0);
    expect(r.report).toContain('Result: kb/ updated (kb/kb.json: 430 entries).');
    const sources = path.join(kbDir, 'sources');
    expect(fs.readFileSync(path.join(sources, 'graph/call-delete.md'), 'utf8')).toContain(newRow);
    const entry = kbOf(kbDir).entries.find((e) => e.id === 'graph-10999-480-call-rejected-for-a');
    expect(entry).toMatchObject({ msCode: 10999, sipCode: 480, catalog: 'graph-call-end', source: { file: 'graph/call-delete.md', line: 201 } });
    const manifest = JSON.parse(fs.readFileSync(path.join(sources, 'manifest.json'), 'utf8')).sources as Array<{ file: string; commit: string | null; note?: string }>;
    expect(manifest.find((s) => s.file === 'graph/call-delete.md')).toMatchObject({ commit: null, note: `kb:update, ${TODAY}: the newest text on main.` });
    expect(manifest.find((s) => s.file === 'teams-direct-routing/microsoft-sip-response-codes-403.md')?.commit).toBe('9d4596663d51e9edbea697a68d39b1cad7af67ad');
    expect(fs.readFileSync(path.join(sources, 'SOURCES.md'), 'utf8')).toBe(sourcesMarkdown(sources));
    expect(fs.readFileSync(path.join(kbDir, 'kb.json'), 'utf8')).toBe(JSON.stringify(buildKnowledgeBase(sources), null, 1) + '\n');
    // And now it is in step.
    expect((await withUpstream({ [GRAPH]: addRow }, () => update(kbDir, { check: true }))).exitCode).toBe(0);
  });

  it('reworded actions (same id) and a reworded phrase (new id): old -> new', async () => {
    const kbDir = copyOf(synced);
    const r = await withUpstream(
      {
        [TEAMS_403]: (t) => t.replace('Make sure that the dialed number in Teams matches a corresponding number pattern', 'Check that the dialed number matches a number pattern'),
        [include('sms-sdk.md')]: (t) => t.replace('Message was blocked due to the toll-free number not being verified.', 'Message blocked: the toll-free number is not verified.'),
      },
      () => update(kbDir, { check: true }),
    );
    expect(r.exitCode, r.report).toBe(1);
    expect(r.report).toContain('Entries: 0 added, 0 removed, 2 reworded (429 -> 429)');
    expect(r.report).toContain('~ reworded  510559 / 403  [teams-direct-routing]  dr-510559-403-get-outbound-routing-no');
    expect(r.report).toMatch(/actions:\n\s+- - Make sure that the dialed number in Teams matches a corresponding number pattern[^\n]*\n\s+\+ - Check that the dialed number matches a number pattern/);
    expect(r.report).toContain('phrase: "Message was blocked due to the toll-free number not being verified." -> "Message blocked: the toll-free number is not verified."');
    expect(r.report).toContain('id: sms-4010-x-message-was-blocked-due -> sms-4010-x-message-blocked-the-toll');
  });

  it('a removed row (in an include of the ACS page)', async () => {
    const kbDir = copyOf(synced);
    const r = await withUpstream({ [include('chat-sdk.md')]: (t) => t.replace(/\n\| 503 \|[^\n]*/, '') }, () => update(kbDir, { check: true }));
    expect(r.exitCode, r.report).toBe(1);
    expect(r.report).toContain('Entries: 0 added, 1 removed, 0 reworded (429 -> 428)');
    expect(r.report).toContain('- removed   HTTP 503  "Service Unavailable"  [acs-chat]');
  });

  it('a page whose change touches no entry (metadata): reported as such, and --check still exits 1', async () => {
    const kbDir = copyOf(synced);
    const r = await withUpstream({ [TEAMS_404]: (t) => t.replace('ms.date: 10/30/2023', 'ms.date: 03/01/2031') }, () => update(kbDir, { check: true }));
    expect(r.exitCode, r.report).toBe(1);
    expect(r.report).toContain('ms.date 2023-10-30 -> 2031-03-01');
    // The entries of that page carry the new date, and nothing else changed.
    expect(r.changes).toEqual([]);
    expect(r.report).toContain('Entries: none changed (429).');
  });
});

describe('kb:update: downloads that fail replace nothing', () => {
  it('a 404 (the page moved or was deleted)', async () => {
    upstream.overrides.set(TEAMS_404, { status: 404, body: '404: Not Found' });
    try {
      await expectFailure(copyOf(synced), 'NOT FOUND  teams-direct-routing/microsoft-sip-response-codes-404.md', /the page: HTTP 404: not on that branch any more .*fix kb\/sources\/manifest\.json/);
    } finally {
      upstream.overrides.clear();
    }
  });

  it('a 301 (the repository or file moved): the new location is in the report, not followed', async () => {
    upstream.overrides.set(GRAPH, { status: 301, headers: { location: 'https://raw.githubusercontent.com/microsoftgraph/microsoft-graph-docs/main/x.md' } });
    try {
      await expectFailure(copyOf(synced), 'MOVED      graph/call-delete.md', /HTTP 301 to https:\/\/raw\.githubusercontent\.com\/microsoftgraph\/microsoft-graph-docs\/main\/x\.md/);
    } finally {
      upstream.overrides.clear();
    }
    expect(upstream.requests).not.toContain('/microsoftgraph/microsoft-graph-docs/main/x.md');
  });

  it('a timeout (a response that never finishes)', async () => {
    upstream.overrides.set(TEAMS_403, 'hang');
    try {
      await expectFailure(copyOf(synced), 'FAILED     teams-direct-routing/microsoft-sip-response-codes-403.md', /the page: timed out after 300 ms/, 300);
    } finally {
      upstream.overrides.clear();
    }
  });

  it('a download cut short (the connection closes before the promised length)', async () => {
    upstream.overrides.set(TEAMS_403, 'truncate');
    try {
      await expectFailure(copyOf(synced), 'FAILED     teams-direct-routing/microsoft-sip-response-codes-403.md', /the page: the download failed: /);
    } finally {
      upstream.overrides.clear();
    }
  });

  it('an include of the ACS page that fails: the whole page fails', async () => {
    upstream.overrides.set(include('pstn.md'), { status: 404 });
    try {
      await expectFailure(copyOf(synced), 'NOT FOUND  acs/rendered/troubleshooting-codes.md', /the include articles\/communication-services\/resources\/troubleshooting\/voice-video-calling\/includes\/codes\/pstn\.md: HTTP 404/);
    } finally {
      upstream.overrides.clear();
    }
  });

  it('a server error, a body over the size cap, bytes that are not UTF-8', async () => {
    for (const [override, detail] of [
      [{ status: 503, body: 'busy' }, /the page: HTTP 503/],
      [{ status: 200, body: 'x'.repeat(2 * 1024 * 1024 + 1) }, /the page: larger than 2097152 bytes/],
      [{ status: 200, body: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]) }, /the page: not UTF-8 text/],
    ] as const) {
      upstream.overrides.set(TEAMS_404, override);
      try {
        await expectFailure(copyOf(synced), 'FAILED     teams-direct-routing/microsoft-sip-response-codes-404.md', detail);
      } finally {
        upstream.overrides.clear();
      }
    }
  });

  it('a malformed page: an HTML error page, a page without front matter, a code row without a code', async () => {
    const cases: Array<[string, Record<string, (t: string) => string>, string, RegExp]> = [
      ['html', { [TEAMS_403]: () => '<!DOCTYPE html>\n<html><body>Sign in</body></html>' }, 'MALFORMED  teams-direct-routing/microsoft-sip-response-codes-403.md', /an HTML page, not markdown/],
      ['no front matter', { [TEAMS_403]: (t) => t.replace(/^---[\s\S]*?\n---\n/, '') }, 'MALFORMED  teams-direct-routing/microsoft-sip-response-codes-403.md', /no front matter/],
      ['bad row', { [GRAPH]: (t) => t.replace('| 480  | 10199 ', '| 480  | ten-199 ') }, 'MALFORMED  graph/call-delete.md', /graph\/call-delete\.md:\d+: no code found in a code table row/],
      ['include outside', { [ACS_PAGE]: (t) => t.replace('(./includes/codes/pstn.md)', '(../../../../../../../etc/passwd)') }, 'MALFORMED  acs/rendered/troubleshooting-codes.md', /an include outside the repository: \.\.\/\.\.\/etc\/passwd/],
      ['no entries', { [TEAMS_404]: (t) => t.replace(/^## /gm, '### Note ') }, 'MALFORMED  teams-direct-routing/microsoft-sip-response-codes-404.md', /no entry found in a page read as headings/],
    ];
    for (const [, edits, status, detail] of cases) await withUpstream(edits, () => expectFailure(copyOf(synced), status, detail));
  });

  it('a rebuild that fails after every page was read (a known slip gone from the source)', async () => {
    const kbDir = copyOf(synced);
    const hash = treeHash(kbDir);
    const r = await withUpstream({ [include('pstn.md')]: (t) => t.replace('| 560487 | 497 |', '| 560487 | 487 |') }, () => update(kbDir));
    expect(r.exitCode, r.report).toBe(3);
    expect(r.report).toMatch(/The rebuild failed: known slip 560487\/487 in acs\/rendered\/troubleshooting-codes\.md not found/);
    expect(r.report).toContain('Result: nothing replaced in kb/ (the rebuild failed). Exit code 3.');
    expect(treeHash(kbDir)).toBe(hash);
  });

  it('a failure while swapping the new files in puts kb/sources back', () => {
    const kbDir = path.join(tmp, 'swap-kb');
    const staging = path.join(kbDir, '.update-x');
    fs.mkdirSync(path.join(staging, 'sources'), { recursive: true });
    fs.mkdirSync(path.join(kbDir, 'sources'));
    fs.writeFileSync(path.join(kbDir, 'sources', 'old.md'), 'old');
    fs.writeFileSync(path.join(kbDir, 'kb.json'), '{}');
    fs.writeFileSync(path.join(staging, 'sources', 'new.md'), 'new');
    // No staging/kb.json: the last rename fails after sources/ was swapped.
    const hash = treeHash(path.join(kbDir, 'sources'));
    expect(() => swapIn(kbDir, staging)).toThrow(/ENOENT/);
    expect(treeHash(path.join(kbDir, 'sources'))).toBe(hash);
    expect(fs.readFileSync(path.join(kbDir, 'kb.json'), 'utf8')).toBe('{}');
    expect(fs.readdirSync(path.join(staging, 'sources'))).toEqual(['new.md']);
  });
});

describe('npm run kb:update (the command)', () => {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  // Asynchronous: the stand-in server answers from this process.
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(tsx, [path.join(PROJECT_ROOT, 'scripts', 'kb-update.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('--check against the base URL from the environment: the report on stdout, exit 1 when upstream differs', async () => {
    const kbDir = copyOf(synced);
    const hash = treeHash(kbDir);
    const saved = upstream.files.get(GRAPH)!;
    upstream.files.set(GRAPH, saved.replace('Media connectivity failure.', 'Media connectivity failed.'));
    try {
      const r = await run(['--check', '--kb-dir', kbDir], { KB_UPDATE_BASE_URL: upstream.url });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toContain(`from ${upstream.url}`);
      expect(r.stdout).toContain('phrase: "Media connectivity failure." -> "Media connectivity failed."');
    } finally {
      upstream.files.set(GRAPH, saved);
    }
    expect(treeHash(kbDir)).toBe(hash);
  });

  it('a usage error exits 2 with the usage', async () => {
    const io = { out: '', err: '' };
    const code = await main(['--bogus'], { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s), env: {} });
    expect(code).toBe(2);
    expect(io.err).toMatch(/unknown option --bogus[\s\S]*Usage: npm run kb:update/);
    expect(await main(['--base-url', 'file:///etc'], { stdout: () => undefined, stderr: () => undefined, env: {} })).toBe(2);
    expect(await main(['--timeout'], { stdout: () => undefined, stderr: () => undefined, env: {} })).toBe(2);
  });
});

describe('composing a page with its includes, and the line diff', () => {
  it('inlines each include under its pivot, without front matter, links rebased to the page', () => {
    const page = 'a/b/page.md';
    const text = ['# T', '::: zone pivot="x,y"', '[!INCLUDE [X](./inc/x.md)]', '::: zone-end'].join('\n');
    const out = inlineIncludes(text, page, new Map([['a/b/inc/x.md', '---\ntitle: x\n---\n| Code |\n|---|\n| 1 [l](../../c/d.md#e) [m](https://e.example/) [n](#here) |\n']]));
    expect(out).toBe('# T\n**Applies to: x,y**\n\n| Code |\n|---|\n| 1 [l](../c/d.md#e) [m](https://e.example/) [n](#here) |\n');
    expect(() => inlineIncludes(text, page, new Map())).toThrow(/a\/b\/inc\/x\.md was not fetched/);
    expect(rebaseLinks('[a](x.md?tabs=1#y)', 'p/q/inc/i.md', 'p/page.md')).toBe('[a](q/inc/x.md?tabs=1#y)');
  });

  it('shows removed lines before added ones, common lines left out', () => {
    expect(lineDiff('- a\n- b\n- c', '- a\n- B\n- c\n- d')).toEqual(['- - b', '+ - B', '+ - d']);
    expect(lineDiff('', 'x')).toEqual(['+ x']);
  });
});
