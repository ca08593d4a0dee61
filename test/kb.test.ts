// The knowledge base (kb/kb.json) against its sources (kb/sources), counted independently of the
// ingestion code: nothing dropped, nothing merged, links absolute, build deterministic, origins and
// slips as DESIGN.md describes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourcesMarkdown } from '../src/kb/ingest/attribution';
import { buildKnowledgeBase, readHeadingPage } from '../src/kb/ingest/build';
import { readManifest } from '../src/kb/ingest/sources';
import { readFrontMatter, resolveLink } from '../src/kb/ingest/markdown';
import { defaultKb } from '../src/kb/load';
import { acsEntryOrigin, teamsEntryOrigin, teamsProseEntryOrigin } from '../src/kb/origin';
import { KB_DIR } from '../src/kb/paths';
import type { KbEntry, KnowledgeBase } from '../src/kb/types';

const SOURCES_DIR = path.join(KB_DIR, 'sources');
const KB_JSON = fs.readFileSync(path.join(KB_DIR, 'kb.json'), 'utf8');
const kbData = JSON.parse(KB_JSON) as KnowledgeBase;
const entries: KbEntry[] = kbData.entries;
const kb = defaultKb();

const texts = new Map<string, string>();
const read = (rel: string) => {
  let text = texts.get(rel);
  if (text === undefined) texts.set(rel, (text = fs.readFileSync(path.join(SOURCES_DIR, rel), 'utf8')));
  return text;
};
const bySource = (file: string, line: number) => entries.filter((e) => e.source.file === file && e.source.line === line);
const isSeparator = (l: string) => /^\s*\|?[\s:|-]+\|?\s*$/.test(l) && l.includes('-');
const cellsOf = (l: string) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
/** Data rows (a `|` line that is neither a header nor a separator) with a numeric code cell. */
const codeRows = (file: string) => {
  const lines = read(file).split(/\r?\n/);
  return lines
    .map((text, i) => ({ file, line: i + 1, text, next: lines[i + 1] ?? '' }))
    .filter((r) => r.text.trim().startsWith('|') && !isSeparator(r.text) && !isSeparator(r.next))
    .filter((r) => cellsOf(r.text).some((c) => /^\d+(\s*[,/]\s*\d+)*$/.test(c)));
};
const PROSE_FILE = 'teams-docs/direct-routing-call-notifications.md';
const ACS_FILE = 'acs/rendered/troubleshooting-codes.md';
const GRAPH_FILE = 'graph/call-delete.md';

describe('kb: every heading of the Teams Direct Routing pages', () => {
  const dir = 'teams-direct-routing';
  const pages = fs
    .readdirSync(path.join(SOURCES_DIR, dir))
    .filter((f) => /^microsoft-sip-response-codes-\d{3}\.md$/.test(f))
    .sort();
  const headings = pages.flatMap((page) =>
    read(`${dir}/${page}`)
      .split(/\r?\n/)
      .map((text, i) => ({ file: `${dir}/${page}`, line: i + 1, text }))
      .filter((h) => /^#+ \d+ \d{3} /.test(h.text)),
  );

  it('17 pages, 62 code headings today', () => {
    expect(pages).toHaveLength(17);
    expect(headings).toHaveLength(62);
  });

  it('each heading has exactly one entry with its source line, carrying its codes', () => {
    const missing: string[] = [];
    for (const h of headings) {
      const found = bySource(h.file, h.line);
      if (found.length !== 1) {
        missing.push(`${h.file}:${h.line} (${found.length} entries) ${h.text}`);
        continue;
      }
      const [, ms, sip] = /^#+ (\d+) (\d{3}) /.exec(h.text)!;
      const e = found[0]!;
      expect(e.catalog).toBe('teams-direct-routing');
      expect(e.sipCode, h.text).toBe(Number(sip));
      // The one heading whose body states another code (the 500 page slip) keeps the heading's.
      expect(e.msCode, h.text).toBe(Number(ms));
    }
    expect(missing).toEqual([]);
  });

  it('no Teams entry without a heading', () => {
    const lines = new Set(headings.map((h) => `${h.file}:${h.line}`));
    const extra = entries.filter((e) => e.catalog === 'teams-direct-routing' && e.source.file !== PROSE_FILE && !lines.has(`${e.source.file}:${e.source.line}`));
    expect(extra.map((e) => e.id)).toEqual([]);
  });
});

describe('kb: every code row of the ACS tables (the 2025-07-14 page, one zone pivot per table)', () => {
  const lines = read(ACS_FILE).split(/\r?\n/);
  const marks = lines.flatMap((l, i) => (/^\*\*Applies to: (\w+)\*\*$/.test(l) ? [{ line: i + 1, pivot: /: (\w+)/.exec(l)![1]! }] : []));
  const pivotOf = (line: number) => marks.filter((m) => m.line < line).pop()?.pivot;
  const rows = codeRows(ACS_FILE);
  const CATALOG_OF: Record<string, string> = {
    calling: 'acs-calling-sdk',
    callend: 'acs-call-end',
    automation: 'acs-call-automation',
    pstn: 'acs-pstn',
    chat: 'acs-chat',
    sms: 'acs-sms',
  };

  it('finds the six pivots of the page, every code row under one of them', () => {
    expect(marks.map((m) => m.pivot)).toEqual(['calling', 'callend', 'automation', 'pstn', 'chat', 'sms']);
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.filter((r) => !CATALOG_OF[pivotOf(r.line) ?? ''])).toEqual([]);
  });

  it('each row with a numeric code cell has at least one entry with its source line, in its pivot\'s catalog', () => {
    const missing = rows.filter((r) => bySource(r.file, r.line).length === 0).map((r) => `${r.file}:${r.line} ${r.text.slice(0, 80)}`);
    expect(missing).toEqual([]);
    for (const r of rows) for (const e of bySource(r.file, r.line)) expect(e.catalog, `${r.line}`).toBe(CATALOG_OF[pivotOf(r.line)!]);
  });

  it('a row listing several codes gives one entry per code', () => {
    for (const r of rows) {
      const lists = cellsOf(r.text).filter((c) => /^\d+(\s*,\s*\d+)+$/.test(c));
      if (lists.length === 0) continue;
      const n = lists.reduce((k, c) => k * c.split(',').length, 1);
      expect(bySource(r.file, r.line), `${r.file}:${r.line}`).toHaveLength(n);
    }
  });

  it('no ACS entry without a row', () => {
    const at = new Set(rows.map((r) => `${r.file}:${r.line}`));
    const extra = entries.filter((e) => e.catalog.startsWith('acs-') && !at.has(`${e.source.file}:${e.source.line}`));
    expect(extra.map((e) => e.id)).toEqual([]);
  });

  it('the rows the 2025 page added are there: 540000/0 (call end), 71005/401 (call end and Calling SDK)', () => {
    expect(kb.withPair(540000, 0).map((e) => e.catalog).sort()).toEqual(['acs-call-end', 'acs-pstn']);
    expect(kb.withPair(71005, 401).map((e) => e.catalog).sort()).toEqual(['acs-call-automation', 'acs-call-end', 'acs-calling-sdk']);
  });

  it('every entry carries a code', () => {
    for (const e of entries) expect(e.msCode !== null || e.sipCode !== null || e.httpStatus !== undefined, e.id).toBe(true);
  });
});

describe('kb: Microsoft Graph call end reason codes', () => {
  const text = read(GRAPH_FILE);
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#+ Call end reason codes/.test(l));
  const rows = codeRows(GRAPH_FILE).filter((r) => r.line > start + 1);

  it('29 rows, the row 200 | 540000/560000 being two codes: 30 entries', () => {
    expect(start).toBeGreaterThan(0);
    expect(rows).toHaveLength(29);
    expect(entries.filter((e) => e.catalog === 'graph-call-end')).toHaveLength(30);
  });

  it('each row gives its code (as sipCode) and subcode (as msCode), at its line', () => {
    for (const r of rows) {
      const [code, sub, reason] = cellsOf(r.text);
      const found = bySource(r.file, r.line);
      expect(found.map((e) => [e.sipCode, e.msCode]), r.text).toEqual(sub!.split('/').map((s) => [Number(code), Number(s)]));
      for (const e of found) {
        expect(e.catalog).toBe('graph-call-end');
        expect(e.phrase).toBe(reason);
        expect(e.docUrl).toBe('https://learn.microsoft.com/en-us/graph/api/call-delete?view=graph-rest-1.0#call-end-reason-codes');
      }
    }
  });

  it('code 200 is a normal end; every other code comes from Microsoft', () => {
    for (const e of entries.filter((x) => x.catalog === 'graph-call-end')) {
      expect(e.origin.side, e.id).toBe(e.sipCode === 200 ? 'none' : 'microsoft');
      expect(e.origin.ruleUrl, e.id).toMatch(/#call-end-reason-codes$/);
    }
    expect(kb.withPair(1005, 500)[0]!.origin).toMatchObject({ side: 'microsoft', fixOn: 'client' });
  });

  it('10199: 403 on the Teams page, 480 in Graph; both kept, each saying so', () => {
    const teams = kb.withPair(10199, 403);
    const graph = kb.withPair(10199, 480);
    expect(teams.map((e) => e.catalog)).toEqual(['teams-direct-routing']);
    expect(graph.map((e) => e.catalog)).toEqual(['graph-call-end']);
    expect(teams[0]!.notes?.join(' ')).toMatch(/Microsoft Graph.*10199.*480/);
    expect(graph[0]!.notes?.join(' ')).toMatch(/Teams Direct Routing.*10199.*403/);
  });

  it('notes exactly where Graph and a Teams page give one Microsoft code different SIP codes', () => {
    const graph = entries.filter((e) => e.catalog === 'graph-call-end');
    const teams = entries.filter((e) => e.catalog === 'teams-direct-routing');
    const disagree = graph.filter((g) => {
      const t = teams.filter((x) => x.msCode === g.msCode);
      return t.length > 0 && !t.some((x) => x.sipCode === g.sipCode);
    });
    const expected = [...disagree, ...teams.filter((t) => disagree.some((g) => g.msCode === t.msCode))].map((e) => e.id).sort();
    expect(expected).toEqual(['dr-10199-403-call-rejected-as-private', 'graph-10199-480-call-rejected-as-private']);
    expect(entries.filter((e) => e.notes?.length).map((e) => e.id).sort()).toEqual(expected);
  });
});

describe('kb: a pair documented in prose', () => {
  const text = read(PROSE_FILE);
  const sentences = [...text.matchAll(/Final SIP Code “(\d{3})”, Final Microsoft subcode “(\d+)”, and Final SIP Code Phrase “([^”]+)”/g)];

  it('487 / 540200 "Call completed elsewhere": one entry, at its line, not a failure', () => {
    expect(sentences).toHaveLength(1);
    const [, sip, ms, phrase] = sentences[0]!;
    const found = entries.filter((e) => e.source.file === PROSE_FILE);
    expect(found).toHaveLength(1);
    const e = found[0]!;
    expect(e).toMatchObject({ catalog: 'teams-direct-routing', msCode: Number(ms), sipCode: Number(sip), phrase, docDate: '2019-10-17' });
    expect(text.split(/\r?\n/)[e.source.line - 1]).toContain('Final Microsoft subcode “540200”');
    expect(e.docUrl).toBe('https://learn.microsoft.com/en-us/microsoftteams/direct-routing-call-notifications#:~:text=540200');
    expect(e.origin).toMatchObject({ side: 'none', basis: 'entry' });
    expect(e.origin.reason).toMatch(/another endpoint answered/);
    expect(e.actions).toMatch(/Cancel on Fork 1/);
  });
});

describe('kb: the sources', () => {
  const manifest = JSON.parse(read('manifest.json')) as { sources: Array<{ file: string; read: string }> };

  it('manifest.json lists every file in kb/sources, and every file it lists is there', () => {
    const onDisk = (dir: string): string[] =>
      fs.readdirSync(path.join(SOURCES_DIR, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? onDisk(path.posix.join(dir, d.name)) : [path.posix.join(dir, d.name)]));
    const listed = manifest.sources.map((s) => s.file).sort();
    expect(onDisk('').filter((f) => f !== 'SOURCES.md' && f !== 'manifest.json').sort()).toEqual(listed);
  });

  it('at least 431 entries, every one traceable to its page: the line it was read from and a deep link', () => {
    expect(entries.length).toBeGreaterThanOrEqual(431);
    expect(entries).toHaveLength(432);
    const files = new Set(manifest.sources.filter((s) => s.read !== 'context').map((s) => s.file));
    for (const e of entries) {
      expect(files.has(e.source.file), e.id).toBe(true);
      const line = read(e.source.file).split(/\r?\n/)[e.source.line - 1] ?? '';
      // The line names the entry's code (a heading, a table row, the sentence of a prose page).
      expect(line, e.id).toContain(String(e.msCode ?? e.httpStatus ?? e.sipCode));
      expect(e.docUrl, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/.+#.+/);
    }
  });

  it('GitHub blob links of the docs repositories resolve to their Learn pages', () => {
    const blob = /https:\/\/github\.com\/MicrosoftDocs\/azure-docs\/blob\/\w+\/articles\/event-grid\/webhook-event-delivery\.md/.exec(read(ACS_FILE));
    expect(blob).not.toBeNull();
    expect(resolveLink(blob![0], { repository: 'MicrosoftDocs/azure-docs', path: 'articles/x.md' })).toBe('https://learn.microsoft.com/en-us/azure/event-grid/webhook-event-delivery');
    expect(resolveLink('https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/main/api-reference/v1.0/api/call-keepalive.md#response', { repository: 'x/y', path: 'a.md' })).toBe(
      'https://learn.microsoft.com/en-us/graph/api/call-keepalive?view=graph-rest-1.0#response',
    );
    expect(resolveLink('https://learn.microsoft.com/skypeforbusiness/a/b', { repository: 'x/y', path: 'a.md' })).toBe('https://learn.microsoft.com/en-us/skypeforbusiness/a/b');
    expect(resolveLink('../x.md?tabs=ios\\&pivots=web#y', { repository: 'MicrosoftDocs/azure-docs', path: 'articles/a/b/c.md' })).toBe('https://learn.microsoft.com/en-us/azure/a/x?tabs=ios&pivots=web#y');
    expect(entries.flatMap((e) => e.links).filter((l) => /github\.com\/.*\/blob\//.test(l.url))).toEqual([]);
  });

  it('the README lists every page with entries, with its date and its number of entries', () => {
    const readme = fs.readFileSync(path.join(KB_DIR, '..', 'README.md'), 'utf8').split('\n');
    for (const s of readManifest(SOURCES_DIR).filter((x) => x.read !== 'context')) {
      const row = readme.find((l) => l.startsWith('| [') && l.includes(`](${s.learnUrl}`));
      expect(row, s.file).toBeDefined();
      const date = readFrontMatter(read(s.file)).msDate;
      expect(row, s.file).toContain(date ? `| ${date} |` : '| none');
      expect(row, s.file).toMatch(new RegExp(`\\| ${entries.filter((e) => e.source.file === s.file).length} \\|$`));
    }
  });

  it('SOURCES.md is generated from the manifest and the pages', () => {
    expect(read('SOURCES.md')).toBe(sourcesMarkdown(SOURCES_DIR));
  });
});

describe('kb: entries sharing a pair are all kept', () => {
  it.each([
    [569002, 504, 7],
    [510532, 403, 2],
    [510560, 403, 2],
    [531000, 488, 2],
    [549002, 504, 2],
    [510544, 500, 2],
  ])('%i / %i: %i Teams entries', (ms, sip, n) => {
    const teams = kb.withPair(ms, sip).filter((e) => e.catalog === 'teams-direct-routing' && e.msCode === ms);
    expect(teams).toHaveLength(n);
    expect(new Set(teams.map((e) => e.phrase)).size).toBe(n);
  });

  it('569002 / 504 keeps the "actively refused it" phrase for INVITE and for ACK', () => {
    const phrases = kb.withPair(569002, 504).map((e) => e.phrase);
    expect(phrases).toContain('Unable to deliver INVITE: No connection could be made because the target machine actively refused it');
    expect(phrases).toContain('Unable to deliver ACK: No connection could be made because the target machine actively refused it');
  });
});

describe('kb: links', () => {
  const urls = entries.flatMap((e) => [
    { id: e.id, what: 'docUrl', url: e.docUrl },
    ...e.links.map((l) => ({ id: e.id, what: `link ${l.title}`, url: l.url })),
    ...(e.origin.ruleUrl ? [{ id: e.id, what: 'ruleUrl', url: e.origin.ruleUrl }] : []),
  ]);

  it('every link, docUrl and ruleUrl is an absolute https URL', () => {
    const bad = urls.filter(({ url }) => {
      try {
        return new URL(url).protocol !== 'https:' || !/^https:\/\//.test(url);
      } catch {
        return true;
      }
    });
    expect(bad).toEqual([]);
  });

  it('no .md in a learn.microsoft.com path, and every Learn URL is en-us', () => {
    const learn = urls.filter(({ url }) => new URL(url).hostname === 'learn.microsoft.com');
    expect(learn.length).toBeGreaterThan(entries.length);
    expect(learn.filter(({ url }) => /\.md$/i.test(new URL(url).pathname) || /\.md[#?/]/i.test(url))).toEqual([]);
    expect(learn.filter(({ url }) => !new URL(url).pathname.startsWith('/en-us/'))).toEqual([]);
  });

  it('every docUrl has an anchor', () => {
    expect(entries.filter((e) => !/#[^#\s]+$/.test(new URL(e.docUrl).hash) || !e.docUrl.includes('#')).map((e) => e.id)).toEqual([]);
  });

  it('no relative link is left in description or actions markdown, and every markdown link is in links', () => {
    const bad: string[] = [];
    for (const e of entries) {
      for (const md of [e.description, e.actions]) {
        for (const m of md.matchAll(/\]\(([^)\s]+)/g)) {
          const href = m[1]!;
          if (!/^https:\/\//.test(href)) bad.push(`${e.id}: ${href}`);
          else if (!e.links.some((l) => l.url === href)) bad.push(`${e.id}: not in links: ${href}`);
        }
        // Autolinks are rewritten (Adaptive Card markdown has none).
        if (/<https?:\/\//.test(md)) bad.push(`${e.id}: autolink left`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('a Teams docUrl points at its page and heading', () => {
    for (const e of entries.filter((x) => x.catalog === 'teams-direct-routing' && x.source.file !== PROSE_FILE)) {
      const page = path.basename(e.source.file, '.md');
      expect(e.docUrl, e.id).toMatch(new RegExp(`/direct-routing/${page}#${e.msCode}-${e.sipCode}-`));
    }
  });
});

describe('kb: ids and the build', () => {
  it('ids are unique and readable', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(dr|pstn|callend|sdk|automation|chat|sms|graph)-[a-z0-9-]+$/);
  });

  it('is deterministic and matches the committed kb/kb.json byte for byte', () => {
    const a = buildKnowledgeBase(SOURCES_DIR);
    const b = buildKnowledgeBase(SOURCES_DIR);
    const text = JSON.stringify(a, null, 1) + '\n';
    expect(JSON.stringify(b, null, 1) + '\n').toBe(text);
    expect(text === KB_JSON, 'kb/kb.json is stale: run npm run kb:build').toBe(true);
  });

  it('does not depend on the working directory', () => {
    const cwd = process.cwd();
    try {
      process.chdir(path.join(KB_DIR, '..', 'test'));
      expect(JSON.stringify(buildKnowledgeBase(SOURCES_DIR), null, 1) + '\n').toBe(KB_JSON);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('kb: origins', () => {
  const prefix = (e: KbEntry) => (e.msCode !== null && e.msCode >= 100000 && e.msCode <= 999999 ? Math.floor(e.msCode / 1000) : undefined);
  const isSuccess = (e: KbEntry) => /^success$/i.test(e.resultCategory ?? '') || (e.sipCode === 0 && e.msCode !== null && e.msCode % 1000 === 0);

  it('560xxx: the SBC, by the documented rule (normal clearings excepted)', () => {
    // Graph's 200 / 560000 "Call ended by the PSTN User" is a normal end, by its code 200.
    const list = entries.filter((e) => prefix(e) === 560 && e.catalog !== 'graph-call-end');
    expect(list.length).toBeGreaterThan(10);
    for (const e of list) {
      expect(e.origin.basis, e.id).toBe('documented');
      expect(e.origin.side, e.id).toBe(isSuccess(e) ? 'none' : 'sbc');
      expect(e.origin.ruleUrl, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
    expect(entries.filter((e) => e.catalog === 'teams-direct-routing' && prefix(e) === 560).every((e) => e.origin.side === 'sbc')).toBe(true);
  });

  it('569xxx (and 549xxx): Microsoft generated it, the fix is on the SBC', () => {
    const list = entries.filter((e) => prefix(e) === 569 || prefix(e) === 549);
    expect(list.length).toBeGreaterThanOrEqual(14);
    for (const e of list) expect(e.origin, e.id).toMatchObject({ side: 'microsoft', fixOn: 'sbc' });
  });

  it('540998 / 503: Microsoft (its own endpoint draining)', () => {
    const [e, ...rest] = kb.withPair(540998, 503);
    expect(rest).toEqual([]);
    expect(e!.origin).toMatchObject({ side: 'microsoft', basis: 'entry' });
    expect(e!.origin.reason).toMatch(/drain/i);
  });

  it('0 / 408: the client', () => {
    const [e, ...rest] = kb.withPair(0, 408);
    expect(rest).toEqual([]);
    expect(e!.id).toBe('dr-0-408-establishment-timeout');
    expect(e!.origin).toMatchObject({ side: 'client', basis: 'entry' });
  });

  it('ACS UnexpectedServerError rows: Microsoft', () => {
    // No table carries one today; the rule is checked directly and on any row that ever does.
    expect(acsEntryOrigin('acs-call-end', 1234, 500, 'UnexpectedServerError').side).toBe('microsoft');
    expect(acsEntryOrigin('acs-calling-sdk', 41234, 500, 'UnexpectedServerError').side).toBe('microsoft');
    for (const e of entries.filter((x) => /unexpected ?server ?error/i.test(x.resultCategory ?? ''))) expect(e.origin.side, e.id).toBe('microsoft');
  });

  it('ACS UnexpectedClientError rows (and the source\'s "UnxpectedClientError" typo): the client', () => {
    const list = entries.filter((e) => /^un(?:e)?xpectedclienterror$/i.test(e.resultCategory ?? ''));
    expect(list.some((e) => e.resultCategory === 'UnxpectedClientError')).toBe(true);
    for (const e of list) expect(e.origin.side, e.id).toBe('client');
  });

  it('ACS Success rows: not a failure', () => {
    const list = entries.filter((e) => /^success$/i.test(e.resultCategory ?? ''));
    expect(list.length).toBeGreaterThan(5);
    for (const e of list) expect(e.origin.side, e.id).toBe('none');
  });

  // The Call Automation table has no result-category column: its success rows say so in words.
  it('Call Automation "Call ended successfully" rows: not a failure', () => {
    const list = entries.filter((e) => e.catalog === 'acs-call-automation' && /^Call ended successfully/.test(e.phrase));
    expect(list.length).toBe(2);
    for (const e of list) expect(e.origin.side, e.id).toBe('none');
  });

  it('every origin has a side, a basis and a reason; Teams rules agree with teamsEntryOrigin', () => {
    for (const e of entries) {
      expect(['sbc', 'microsoft', 'client', 'none', 'unknown']).toContain(e.origin.side);
      expect(['documented', 'entry', 'inferred']).toContain(e.origin.basis);
      expect(e.origin.reason.length, e.id).toBeGreaterThan(20);
      if (e.catalog === 'teams-direct-routing') {
        expect(e.origin).toEqual(e.source.file === PROSE_FILE ? teamsProseEntryOrigin(e.msCode, e.sipCode) : teamsEntryOrigin(e.msCode, e.sipCode));
      }
    }
  });
});

describe('kb: the two slips in the sources carry notes', () => {
  const slipped = entries.filter((e) => e.slip);

  it('exactly two entries carry a slip', () => {
    expect(slipped.map((e) => e.id).sort()).toEqual(['dr-540500-500-internal-server-error-duplicate', 'pstn-560487-487-the-caller-terminated-the']);
  });

  it('560487 / 497 in the ACS PSTN table: ingested as 487, found under 497 too', () => {
    const e = entries.find((x) => x.id === 'pstn-560487-487-the-caller-terminated-the')!;
    expect(e).toMatchObject({ msCode: 560487, sipCode: 487 });
    expect(e.slip).toMatchObject({ field: 'sipCode', stated: 497, used: 487 });
    expect(e.slip!.note).toMatch(/497/);
    expect(kb.withPair(560487, 497)).toContain(kb.byEntryId(e.id));
    expect(kb.withPair(560487, 487)).toContain(kb.byEntryId(e.id));
    // The source row really says 497.
    expect(read(e.source.file).split(/\r?\n/)[e.source.line - 1]).toMatch(/^\|\s*560487\s*\|\s*497\s*\|/);
  });

  it('a slip Microsoft has fixed is no longer flagged (and the build says the known slip is gone)', () => {
    const file = 'teams-direct-routing/microsoft-sip-response-codes-500.md';
    const src = readManifest(SOURCES_DIR).find((x) => x.file === file)!;
    const fixed = read(file).replace(/(Duplicate CreateCallAsync[^\n]*\n\n- Microsoft response code: \*\*)510544/, '$1540500');
    expect(fixed).not.toBe(read(file));
    const e = readHeadingPage(fixed, src).find((d) => /Duplicate CreateCallAsync/.test(d.phrase))!;
    expect(e.slip).toBeUndefined();
  });

  it('540500 / 500 "Duplicate CreateCallAsync" whose body says 510544: found under both', () => {
    const e = entries.find((x) => x.id === 'dr-540500-500-internal-server-error-duplicate')!;
    expect(e).toMatchObject({ msCode: 540500, sipCode: 500 });
    expect(e.slip).toMatchObject({ field: 'msCode', stated: 510544, used: 540500 });
    expect(e.slip!.note).toMatch(/510544/);
    expect(kb.withPair(510544, 500)).toContain(kb.byEntryId(e.id));
    expect(kb.withPair(540500, 500)).toContain(kb.byEntryId(e.id));
    const body = read(e.source.file).split(/\r?\n/).slice(e.source.line, e.source.line + 4).join('\n');
    expect(body).toMatch(/Microsoft response code: \*\*510544\*\*/);
  });
});
