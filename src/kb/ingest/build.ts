// Builds the knowledge base from the Microsoft markdown in kb/sources: one entry per code heading
// (Teams Direct Routing pages), one per code row (ACS and Microsoft Graph tables), and one per pair
// a page documents in a sentence. Deterministic: same input, same output, byte for byte. Run by
// `npm run kb:build` (and kb:update); the output (kb/kb.json) is committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { entryFixOn } from '../fix-on';
import { acsEntryOrigin, graphEntryOrigin, teamsEntryOrigin, teamsProseEntryOrigin } from '../origin';
import { CATALOG_LABELS, type Catalog, type KbEntry, type KnowledgeBase, type SourceSlip } from '../types';
import { absolutizeLinks, headingAnchor, plainText, readFrontMatter, readTables, type FrontMatter, type TableRow } from './markdown';
import { readManifest, type SourceFile } from './sources';

export const KB_SCHEMA_VERSION = 1;

/** A code heading on a Teams Direct Routing page: `## 510532 403 No trunk config was found`. */
export const CODE_HEADING = /^(#{2,3})\s+(\d+)\s+(\d{3})\s+(.+?)\s*$/;

/**
 * Places where a source contradicts itself. Each is checked against the text at build time (the
 * build fails if the source changes), ingested with the value that fits the rest of the source,
 * and shown to the user with the note.
 */
const KNOWN_SLIPS: Array<{ file: string; catalog: Catalog; msCode: number; sipCode: number; phrase?: RegExp; slip: SourceSlip }> = [
  {
    file: 'teams-direct-routing/microsoft-sip-response-codes-500.md',
    catalog: 'teams-direct-routing',
    msCode: 540500,
    sipCode: 500,
    phrase: /Duplicate CreateCallAsync/,
    slip: {
      field: 'msCode',
      stated: 510544,
      used: 540500,
      note: 'Microsoft\'s page titles this entry 540500 but its "Microsoft response code" line says 510544 (the code of the entries above it). The SBC sending duplicate INVITEs fits 540500; SIP Doc matches it under both codes.',
    },
  },
  {
    file: 'acs/rendered/troubleshooting-codes.md',
    catalog: 'acs-pstn',
    msCode: 560487,
    sipCode: 487,
    slip: {
      field: 'sipCode',
      stated: 497,
      used: 487,
      note: 'Microsoft\'s PSTN table lists this row as 560487 / 497. The subcode\'s last three digits and the other tables say 487 (Request Terminated); SIP Doc matches it under both.',
    },
  },
];

const CATALOG_ID_PREFIX: Record<Catalog, string> = {
  'teams-direct-routing': 'dr',
  'acs-pstn': 'pstn',
  'acs-call-end': 'callend',
  'acs-calling-sdk': 'sdk',
  'acs-call-automation': 'automation',
  'acs-chat': 'chat',
  'acs-sms': 'sms',
  'graph-call-end': 'graph',
};

function slug(text: string, words = 6): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s]/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, words)
      .join('-') || 'entry'
  );
}

/** Cleans Learn-specific markdown for display: notes, includes, blockquotes. */
function cleanMarkdown(md: string): string {
  return md
    .split('\n')
    .filter((l) => !/^\s*\[!INCLUDE/.test(l))
    .map((l) => l.replace(/^(\s*)>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/i, (_m, sp: string, kind: string) => `${sp}**${kind[0]}${kind.slice(1).toLowerCase()}:**`))
    .map((l) => l.replace(/^(\s*)>\s?/, '$1'))
    .map((l) => l.replace(/\s+$/, ''))
    // Escapes that mean nothing in markdown (Learn's rendering writes `1\:1`, `?a=b\&c=d`).
    .map((l) => l.replace(/\\([:&])/g, '$1'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Removes the smallest common indentation from a block of lines. */
function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^\s*/.exec(l)![0].length)));
}

type Draft = Omit<KbEntry, 'id' | 'origin' | 'fixOn'>;

/**
 * The known slip for a draft: `used` when the draft carries the value the rest of the source implies
 * (a heading; the body is checked for the stated value), `stated` when it carries what the source
 * says (a table row). A source that no longer says the stated value has no slip.
 */
function findSlip(draft: Draft, file: string, codesAre: 'used' | 'stated'): SourceSlip | undefined {
  return KNOWN_SLIPS.find((k) => {
    if (k.file !== file || k.catalog !== draft.catalog || (k.phrase && !k.phrase.test(draft.phrase))) return false;
    const expected = codesAre === 'used' ? { msCode: k.msCode, sipCode: k.sipCode } : { msCode: k.msCode, sipCode: k.sipCode, [k.slip.field]: k.slip.stated };
    return draft.msCode === expected.msCode && draft.sipCode === expected.sipCode;
  })?.slip;
}

/** Entries from a Teams Direct Routing page (one per code heading). */
export function readHeadingPage(text: string, src: SourceFile): Draft[] {
  const fm = readFrontMatter(text);
  const lines = text.split(/\r?\n/);
  const anchors = new Map<string, number>();
  const drafts: Draft[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.+?)\s*$/.exec(lines[i]!);
    if (!heading) continue;
    const anchor = headingAnchor(heading[1]!, anchors);
    const m = CODE_HEADING.exec(lines[i]!);
    if (!m) continue;
    const level = m[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const h = /^(#{1,6})\s/.exec(lines[j]!);
      if (h && h[1]!.length <= level) break;
      body.push(lines[j]!);
    }
    const headingMs = Number(m[2]);
    const headingSip = Number(m[3]);
    let bodyMs: number | undefined;
    let bodySip: number | undefined;
    let errorMessage: string | undefined;
    const description: string[] = [];
    const actions: string[] = [];
    let inActions = false;
    for (const line of body) {
      if (inActions) {
        actions.push(line);
        continue;
      }
      const ms = /^[-*]\s+(?:`?ParticipantEndSubReason`?|Microsoft response code):\s*\**(\d+)\**/.exec(line);
      const sip = /^[-*]\s+(?:`?ParticipantEndReason`?|SIP response code):\s*\**(\d+)\**/.exec(line);
      const err = /^[-*]\s+Error message:\s*\**(.+?)\**\s*$/.exec(line);
      const act = /^[-*]\s+Suggested actions?:\s*(.*)$/.exec(line);
      if (ms) bodyMs = Number(ms[1]);
      else if (sip) bodySip = Number(sip[1]);
      else if (err) errorMessage = err[1];
      else if (act) {
        inActions = true;
        if (act[1]!.trim()) actions.push(act[1]!);
      } else description.push(line);
    }
    const draft: Draft = {
      catalog: src.catalog!,
      msCode: headingMs,
      sipCode: headingSip,
      phrase: plainText(errorMessage ?? m[4]!),
      description: '',
      actions: '',
      links: [],
      docUrl: `${src.learnUrl}#${anchor}`,
      docTitle: fm.title ?? src.file,
      docDate: fm.msDate ?? '',
      resultCategory: null,
      source: { file: src.file, line: i + 1 },
    };
    const stated = { msCode: bodyMs ?? headingMs, sipCode: bodySip ?? headingSip };
    const known = findSlip(draft, src.file, 'used');
    const slip = known && stated[known.field] === known.stated ? known : undefined;
    for (const field of ['msCode', 'sipCode'] as const) {
      if (stated[field] !== draft[field] && !(slip?.field === field && slip.stated === stated[field])) {
        throw new Error(
          `${src.file}:${i + 1}: heading says ${field} ${draft[field]} but the entry says ${stated[field]}; add it to KNOWN_SLIPS with a note`,
        );
      }
    }
    const desc = absolutizeLinks(cleanMarkdown(description.join('\n')), src);
    const act = absolutizeLinks(cleanMarkdown(dedent(actions).join('\n')), src);
    draft.description = desc.markdown;
    draft.actions = act.markdown;
    draft.links = [...desc.links, ...act.links.filter((l) => !desc.links.some((d) => d.url === l.url))];
    if (slip) draft.slip = slip;
    drafts.push(draft);
    i = j - 1;
  }
  return drafts;
}

const pick = (cells: Record<string, string>, ...names: string[]): string | undefined => {
  for (const [k, v] of Object.entries(cells)) if (names.includes(k.toLowerCase())) return v;
  return undefined;
};

/** `490, 491, 496` -> [490, 491, 496]; `540000/560000` -> [540000, 560000]; '' -> [null]; anything else non-numeric -> []. */
function codeList(cell: string | undefined): Array<number | null> {
  if (cell === undefined || cell.trim() === '') return [null];
  const parts = cell.split(/[,/]/).map((p) => p.trim());
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : [];
}

/** Phrase for a table message: list items joined, line breaks collapsed. */
function tablePhrase(message: string): string {
  const items = message
    .split('\n')
    .map((l) => l.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean);
  if (items.length === 1) return plainText(items[0]!);
  // "Call blocked:", "- Alternate ID not supplied." -> "Call blocked: Alternate ID not supplied; ..."
  return plainText(items.map((i) => i.replace(/[.;]$/, '')).join('; ').replace(/:;/g, ':'));
}

interface TableContext {
  src: SourceFile;
  catalog: Catalog;
  fm: FrontMatter;
  /** The published page the rows link to (plus their section anchor). */
  pageUrl: string;
}

/** Entries from table rows (one per code row; a row listing several codes gives one per code). */
function tableDrafts(rows: readonly TableRow[], { src, catalog, fm, pageUrl }: TableContext): Draft[] {
  const drafts: Draft[] = [];
  for (const row of rows) {
    const c = row.cells;
    const codeCell = pick(c, 'code', 'status code');
    const subCell = pick(c, 'subcode', 'sub-code');
    // Tables without a code column (e.g. the SipDetails property table) are not code tables.
    if (codeCell === undefined && subCell === undefined) continue;
    let pairs: Array<{ ms: number | null; sip: number | null; http?: number }> = [];
    if (catalog === 'acs-chat') {
      pairs = codeList(codeCell).filter((n): n is number => n !== null).map((n) => ({ ms: null, sip: null, http: n }));
    } else if (catalog === 'acs-sms') {
      pairs = codeList(codeCell).map((n) => ({ ms: n, sip: null }));
    } else {
      const subs = codeList(subCell);
      const codes = codeList(codeCell);
      for (const ms of subs) for (const sip of codes) pairs.push({ ms, sip });
    }
    if (pairs.length === 0) throw new Error(`${src.file}:${row.line}: no code found in a code table row`);
    const message = pick(c, 'message', 'description', 'termination reason') ?? '';
    const advice = pick(c, 'advice', 'mitigation') ?? '';
    const category = pick(c, 'result category', 'result categories');
    const callback = pick(c, 'callback event');
    const desc = absolutizeLinks(cleanMarkdown(message.includes('\n') ? message : ''), src);
    const act = absolutizeLinks(cleanMarkdown(advice), src);
    for (const p of pairs) {
      const draft: Draft = {
        catalog,
        msCode: p.ms,
        sipCode: p.sip,
        phrase: tablePhrase(message),
        description: desc.markdown,
        actions: act.markdown,
        links: [...desc.links, ...act.links.filter((l) => !desc.links.some((d) => d.url === l.url))],
        docUrl: `${pageUrl}#${headingAnchor(row.section)}`,
        docTitle: fm.title ?? src.file,
        docDate: fm.msDate ?? '',
        resultCategory: category ? category : null,
        source: { file: src.file, line: row.line },
      };
      if (p.http !== undefined) draft.httpStatus = p.http;
      if (callback) draft.callbackEvent = callback;
      const slip = findSlip(draft, src.file, 'stated');
      if (slip) {
        draft[slip.field] = slip.used;
        draft.slip = slip;
      }
      drafts.push(draft);
    }
  }
  return drafts;
}

/** Entries from a page of code tables (an ACS include, the Graph call end reason codes). */
export function readTablePage(text: string, src: SourceFile): Draft[] {
  return tableDrafts(readTables(text), { src, catalog: src.catalog!, fm: readFrontMatter(text), pageUrl: src.learnUrl! });
}

/** How Learn marks a zone pivot in a rendered page: `**Applies to: pstn**`. */
export const PIVOT_MARK = /^\*\*Applies to: ([\w,-]+)\*\*\s*$/;

/**
 * Entries from one page that holds several catalogs, one per zone pivot (the ACS troubleshooting
 * codes page with its includes inlined). Rows link to the page with `?pivots=<pivot>`.
 */
export function readPivotPage(text: string, src: SourceFile): Draft[] {
  const fm = readFrontMatter(text);
  const marks: Array<{ line: number; pivot: string }> = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = PIVOT_MARK.exec(l);
    if (m) marks.push({ line: i + 1, pivot: m[1]! });
  });
  const pivotAt = (line: number) => marks.filter((m) => m.line < line).pop()?.pivot;
  const byPivot = new Map<string, TableRow[]>();
  for (const row of readTables(text)) {
    const pivot = pivotAt(row.line) ?? '';
    byPivot.set(pivot, [...(byPivot.get(pivot) ?? []), row]);
  }
  const drafts: Draft[] = [];
  for (const [pivot, rows] of byPivot) {
    const catalog = src.pivots![pivot];
    if (!catalog) {
      // Only tables with a code column matter; any other table may sit anywhere.
      const codeRow = rows.find((r) => pick(r.cells, 'code', 'status code', 'subcode', 'sub-code') !== undefined);
      if (codeRow) throw new Error(`${src.file}:${codeRow.line}: a code table under zone pivot "${pivot}", which manifest.json maps to no catalog`);
      continue;
    }
    drafts.push(...tableDrafts(rows, { src, catalog, fm, pageUrl: `${src.learnUrl}?pivots=${pivot}` }));
  }
  return drafts;
}

/**
 * Pages that document a code pair in prose. The pair is read from the sentence that names it; the
 * paragraphs that say what it means and what to do are chosen here, each by how it starts, and the
 * build fails if one is no longer there (the page changed: review this table).
 */
const PROSE_PAGES: Record<string, { description: RegExp[]; actions: RegExp[] }> = {
  'teams-docs/direct-routing-call-notifications.md': {
    description: [/^When a call arrives/, /^If the call is accepted on Fork 2/, /^The call won't be registered/],
    actions: [/^You can prevent/, /^REASON:/],
  },
};

/** "Final SIP Code “487”, Final Microsoft subcode “540200”, and Final SIP Code Phrase “Call completed elsewhere”". */
const PROSE_PAIR = /Final SIP Code\s*[“"](\d{3})[”"],?\s*Final Microsoft subcode\s*[“"](\d{1,6})[”"],?\s*(?:and\s+)?Final SIP Code Phrase\s*[“"]([^”"\n]{1,120})[”"]/;

/** Entries from a page that names a documented pair in a sentence. */
export function readProsePage(text: string, src: SourceFile): Draft[] {
  const layout = PROSE_PAGES[src.file];
  if (!layout) throw new Error(`${src.file}: read as prose, but PROSE_PAGES in build.ts does not say which paragraphs to use`);
  const fm = readFrontMatter(text);
  const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  const bodyStart = text.split(/\r?\n/).length - body.split(/\r?\n/).length;
  // Paragraphs (blank-line separated), without images, with the line each starts on.
  const paragraphs: Array<{ text: string; line: number }> = [];
  let current: string[] = [];
  let start = 0;
  body.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '' || /^!\[/.test(l.trim())) {
      if (current.length) paragraphs.push({ text: current.join('\n'), line: start });
      current = [];
      return;
    }
    if (!current.length) start = bodyStart + i + 1;
    current.push(l.trim());
  });
  if (current.length) paragraphs.push({ text: current.join('\n'), line: start });
  const choose = (patterns: RegExp[]) =>
    patterns.map((p) => {
      const found = paragraphs.filter((x) => p.test(x.text));
      if (found.length !== 1) throw new Error(`${src.file}: expected one paragraph matching ${p}, found ${found.length}: has the page changed?`);
      return found[0]!.text;
    });
  const drafts: Draft[] = [];
  for (const para of paragraphs) {
    const m = PROSE_PAIR.exec(para.text);
    if (!m) continue;
    const desc = absolutizeLinks(cleanMarkdown(choose(layout.description).join('\n\n')), src);
    const act = absolutizeLinks(cleanMarkdown(choose(layout.actions).join('\n\n')), src);
    drafts.push({
      catalog: src.catalog!,
      msCode: Number(m[2]),
      sipCode: Number(m[1]),
      phrase: plainText(m[3]!),
      description: desc.markdown,
      actions: act.markdown,
      links: [...desc.links, ...act.links.filter((l) => !desc.links.some((d) => d.url === l.url))],
      // The page has no heading per pair: a text fragment takes the reader to the sentence.
      docUrl: `${src.learnUrl}#:~:text=${encodeURIComponent(m[2]!)}`,
      docTitle: fm.title ?? src.file,
      docDate: fm.msDate ?? '',
      resultCategory: null,
      source: { file: src.file, line: para.line },
    });
  }
  if (drafts.length === 0) throw new Error(`${src.file}: no "Final SIP Code ..., Final Microsoft subcode ..." sentence found`);
  return drafts;
}

/** The entries of one source file, by how the manifest says to read it. */
export function readSource(text: string, src: SourceFile): Draft[] {
  switch (src.read) {
    case 'headings':
      return readHeadingPage(text, src);
    case 'tables':
      return readTablePage(text, src);
    case 'pivots':
      return readPivotPage(text, src);
    case 'prose':
      return readProsePage(text, src);
    case 'context':
      return [];
  }
}

const quoteCodes = (d: Draft) => `${d.sipCode} ("${d.phrase}")`;

/**
 * Where Microsoft Graph's call end reasons and the Teams Direct Routing pages document one
 * Microsoft code with different SIP codes (10199: 480 in Graph, 403 on the Teams page), both
 * entries are kept and each says so.
 */
function noteDisagreements(drafts: Draft[]): void {
  const teamsOf = (ms: number) => drafts.filter((d) => d.catalog === 'teams-direct-routing' && d.msCode === ms);
  for (const g of drafts.filter((d) => d.catalog === 'graph-call-end' && d.msCode !== null)) {
    const teams = teamsOf(g.msCode!);
    if (teams.length === 0 || teams.some((t) => t.sipCode === g.sipCode)) continue;
    const add = (d: Draft, note: string) => {
      d.notes = [...(d.notes ?? []), note];
    };
    add(
      g,
      `The ${CATALOG_LABELS['teams-direct-routing']} docs list ${g.msCode} with SIP ${teams.map(quoteCodes).join(', ')}; Microsoft Graph lists it with code ${g.sipCode}. SIP Doc keeps both: the code next to ${g.msCode} in your log says which one you have.`,
    );
    for (const t of teams) {
      add(
        t,
        `Microsoft Graph's call end reason codes list ${g.msCode} with code ${quoteCodes(g)}; this page lists it with SIP ${t.sipCode}. SIP Doc keeps both: the code next to ${g.msCode} in your log says which one you have.`,
      );
    }
  }
}

function entryOrigin(d: Draft, read: SourceFile['read'] | undefined) {
  if (d.catalog === 'teams-direct-routing') return read === 'prose' ? teamsProseEntryOrigin(d.msCode, d.sipCode) : teamsEntryOrigin(d.msCode, d.sipCode);
  if (d.catalog === 'graph-call-end') return graphEntryOrigin(d.msCode, d.sipCode, d.phrase);
  return acsEntryOrigin(d.catalog, d.msCode, d.sipCode ?? d.httpStatus ?? null, d.resultCategory, d.phrase);
}

function assignIds(drafts: Draft[], sources: readonly SourceFile[]): KbEntry[] {
  const read = new Map(sources.map((s) => [s.file, s.read]));
  const used = new Map<string, number>();
  return drafts.map((d) => {
    const codes = `${d.msCode ?? d.httpStatus ?? 'x'}-${d.sipCode ?? 'x'}`;
    const base = `${CATALOG_ID_PREFIX[d.catalog]}-${codes}-${slug(d.phrase, 4)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const origin = entryOrigin(d, read.get(d.source.file));
    const id = n === 1 ? base : `${base}-${n}`;
    return { id, ...d, origin, fixOn: entryFixOn({ ...d, id }) };
  });
}

/** Reads every source kb/sources/manifest.json lists under `sourcesDir` and returns the knowledge base. */
export function buildKnowledgeBase(sourcesDir: string): KnowledgeBase {
  const sources = readManifest(sourcesDir);
  const drafts: Draft[] = [];
  for (const src of sources) {
    if (src.read === 'context') continue;
    const text = fs.readFileSync(path.join(sourcesDir, src.file), 'utf8');
    const found = readSource(text, src);
    if (found.length === 0) throw new Error(`${src.file}: no entry found in a page read as ${src.read}: has its format changed?`);
    drafts.push(...found);
  }
  for (const k of KNOWN_SLIPS) {
    if (!drafts.some((d) => d.slip === k.slip)) throw new Error(`known slip ${k.msCode}/${k.sipCode} in ${k.file} not found: has the source changed?`);
  }
  noteDisagreements(drafts);
  return { schemaVersion: KB_SCHEMA_VERSION, entries: assignIds(drafts, sources) };
}
