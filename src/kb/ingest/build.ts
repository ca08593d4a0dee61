// Builds the knowledge base from the Microsoft markdown in kb/sources: one entry per code heading
// (Teams Direct Routing pages) and one per code row (ACS tables). Deterministic: same input, same
// output, byte for byte. Run by `npm run kb:build`; the output (kb/kb.json) is committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { entryFixOn } from '../fix-on';
import { acsEntryOrigin, teamsEntryOrigin } from '../origin';
import type { Catalog, KbEntry, KnowledgeBase, SourceSlip } from '../types';
import { absolutizeLinks, headingAnchor, plainText, readFrontMatter, readTables } from './markdown';
import { SOURCES, type SourceFile } from './sources';

export const KB_SCHEMA_VERSION = 1;

/** A code heading on a Teams Direct Routing page: `## 510532 403 No trunk config was found`. */
export const CODE_HEADING = /^(#{2,3})\s+(\d+)\s+(\d{3})\s+(.+?)\s*$/;

/**
 * Places where a source contradicts itself. Each is checked against the text at build time (the
 * build fails if the source changes), ingested with the value that fits the rest of the source,
 * and shown to the user with the note.
 */
const KNOWN_SLIPS: Array<{ file: string; msCode: number; sipCode: number; phrase?: RegExp; slip: SourceSlip }> = [
  {
    file: 'teams-direct-routing/microsoft-sip-response-codes-500.md',
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
    file: 'acs/includes/codes/pstn.md',
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

/** The known slip for an entry whose codes, as read, are either the used or the stated pair. */
function findSlip(draft: Draft, file: string): SourceSlip | undefined {
  return KNOWN_SLIPS.find((k) => {
    if (k.file !== file || (k.phrase && !k.phrase.test(draft.phrase))) return false;
    const stated = { msCode: k.msCode, sipCode: k.sipCode, [k.slip.field]: k.slip.stated };
    return (
      (draft.msCode === k.msCode && draft.sipCode === k.sipCode) ||
      (draft.msCode === stated.msCode && draft.sipCode === stated.sipCode)
    );
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
      docUrl: `${src.publicUrl}#${anchor}`,
      docTitle: fm.title ?? src.file,
      docDate: fm.msDate ?? '',
      resultCategory: null,
      source: { file: src.file, line: i + 1 },
    };
    const slip = findSlip(draft, src.file);
    const stated = { msCode: bodyMs ?? headingMs, sipCode: bodySip ?? headingSip };
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

/** `490, 491, 496` -> [490, 491, 496]; '' -> [null]; anything else non-numeric -> []. */
function codeList(cell: string | undefined): Array<number | null> {
  if (cell === undefined || cell.trim() === '') return [null];
  const parts = cell.split(',').map((p) => p.trim());
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

/** Entries from an ACS include (one per code row; a row listing several codes gives one per code). */
export function readTablePage(text: string, src: SourceFile): Draft[] {
  const fm = readFrontMatter(text);
  const catalog = src.catalog!;
  const drafts: Draft[] = [];
  for (const row of readTables(text)) {
    const c = row.cells;
    const codeCell = pick(c, 'code', 'status code');
    const subCell = pick(c, 'subcode');
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
    const message = pick(c, 'message', 'description') ?? '';
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
        docUrl: `${src.publicUrl}#${headingAnchor(row.section)}`,
        docTitle: fm.title ?? src.file,
        docDate: fm.msDate ?? '',
        resultCategory: category ? category : null,
        source: { file: src.file, line: row.line },
      };
      if (p.http !== undefined) draft.httpStatus = p.http;
      if (callback) draft.callbackEvent = callback;
      const slip = findSlip(draft, src.file);
      if (slip) {
        draft[slip.field] = slip.used;
        draft.slip = slip;
      }
      drafts.push(draft);
    }
  }
  return drafts;
}

function assignIds(drafts: Draft[]): KbEntry[] {
  const used = new Map<string, number>();
  return drafts.map((d) => {
    const codes = `${d.msCode ?? d.httpStatus ?? 'x'}-${d.sipCode ?? 'x'}`;
    const base = `${CATALOG_ID_PREFIX[d.catalog]}-${codes}-${slug(d.phrase, 4)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const origin =
      d.catalog === 'teams-direct-routing'
        ? teamsEntryOrigin(d.msCode, d.sipCode)
        : acsEntryOrigin(d.catalog, d.msCode, d.sipCode ?? d.httpStatus ?? null, d.resultCategory, d.phrase);
    const id = n === 1 ? base : `${base}-${n}`;
    return { id, ...d, origin, fixOn: entryFixOn({ ...d, id }) };
  });
}

/** Reads every source under `sourcesDir` and returns the knowledge base. */
export function buildKnowledgeBase(sourcesDir: string): KnowledgeBase {
  const drafts: Draft[] = [];
  for (const src of SOURCES) {
    const text = fs.readFileSync(path.join(sourcesDir, src.file), 'utf8');
    if (src.kind === 'headings') drafts.push(...readHeadingPage(text, src));
    if (src.kind === 'tables') drafts.push(...readTablePage(text, src));
  }
  for (const k of KNOWN_SLIPS) {
    if (!drafts.some((d) => d.slip === k.slip)) throw new Error(`known slip ${k.msCode}/${k.sipCode} in ${k.file} not found: has the source changed?`);
  }
  return { schemaVersion: KB_SCHEMA_VERSION, entries: assignIds(drafts) };
}
