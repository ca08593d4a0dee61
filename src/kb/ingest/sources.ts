// The Microsoft pages the knowledge base is built from: kb/sources/manifest.json says where each
// file in kb/sources came from (repository, branch, path, commit), where it is published, and how
// the build reads it. kb:build reads it; kb:update fetches every page it lists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG_LABELS, type Catalog } from '../types';

export type ReadAs =
  /** A Teams Direct Routing page: one `## <msCode> <sipCode> <phrase>` heading per entry. */
  | 'headings'
  /** Markdown tables, one row per entry (ACS, Microsoft Graph). */
  | 'tables'
  /** One page of tables split by zone pivot (`**Applies to: pstn**`), one catalog per pivot. */
  | 'pivots'
  /** A page that documents a code pair in a sentence (see PROSE_PAGES in build.ts). */
  | 'prose'
  /** Read for context (origin rules, includes); yields no entries. */
  | 'context';

const READ_AS: readonly ReadAs[] = ['headings', 'tables', 'pivots', 'prose', 'context'];

export interface SourceFile {
  /** Path under kb/sources. */
  file: string;
  read: ReadAs;
  /** The catalog of its entries (every kind but `pivots` and `context`). */
  catalog?: Catalog;
  /** `pivots`: zone pivot name -> catalog. */
  pivots?: Record<string, Catalog>;
  /** GitHub `owner/name`. */
  repository: string;
  branch: string;
  /** Path of the file in its repository; relative links in the file resolve against it. */
  path: string;
  /** The page pulls its tables in with `[!INCLUDE]`: kb:update inlines them the way Learn renders the page. */
  inlineIncludes?: boolean;
  /** Commit the text was taken from; null when not known. */
  commit: string | null;
  /** Where the page is published; entries link here plus their section anchor. Null for an include. */
  learnUrl: string | null;
  /** How this copy was taken, when the commit does not say it all. */
  note?: string;
}

export const MANIFEST_FILE = 'manifest.json';

/** The published pages that state the origin rules the KB applies (cited in origin reasons). */
export const ORIGIN_RULE_URLS = {
  teams: 'https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes#direct-routing-error-codes',
  acs: 'https://learn.microsoft.com/en-us/azure/communication-services/concepts/telephony/troubleshooting-pstn-call-failures#participantendsubcode',
  graph: 'https://learn.microsoft.com/en-us/graph/api/call-delete?view=graph-rest-1.0#call-end-reason-codes',
} as const;

const isCatalog = (c: unknown): c is Catalog => typeof c === 'string' && Object.hasOwn(CATALOG_LABELS, c);
const isString = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

/** Checks one manifest row; throws with the row's file name and what is wrong. */
function checkSource(raw: unknown, i: number): SourceFile {
  const s = raw as Partial<SourceFile>;
  const where = `manifest.json sources[${i}]${isString(s?.file) ? ` (${s.file})` : ''}`;
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null) fail('not an object');
  if (!isString(s.file) || s.file.startsWith('/') || s.file.split('/').includes('..')) fail('file must be a path inside kb/sources');
  if (!READ_AS.includes(s.read as ReadAs)) fail(`read must be one of ${READ_AS.join(', ')}`);
  if (!isString(s.repository) || !/^[\w.-]+\/[\w.-]+$/.test(s.repository)) fail('repository must be owner/name');
  if (!isString(s.branch) || !/^[\w./-]+$/.test(s.branch)) fail('branch is missing');
  if (!isString(s.path) || s.path.startsWith('/') || s.path.split('/').includes('..')) fail('path must be a path inside the repository');
  if (s.commit !== null && !(isString(s.commit) && /^[0-9a-f]{40}$/.test(s.commit))) fail('commit must be 40 hex digits or null');
  if (s.learnUrl !== null && !(isString(s.learnUrl) && s.learnUrl.startsWith('https://learn.microsoft.com/en-us/'))) fail('learnUrl must be an en-us Learn URL or null');
  if (s.read === 'pivots') {
    const pivots = Object.values(s.pivots ?? {});
    if (pivots.length === 0 || !pivots.every(isCatalog)) fail('pivots must map each zone pivot to a catalog');
  } else if (s.read !== 'context' && !isCatalog(s.catalog)) fail('catalog is missing or unknown');
  if (s.read !== 'context' && s.learnUrl === null) fail('a page with entries needs its learnUrl (entries link to it)');
  return s as SourceFile;
}

/** Reads and checks `<sourcesDir>/manifest.json`. */
export function readManifest(sourcesDir: string): SourceFile[] {
  const file = path.join(sourcesDir, MANIFEST_FILE);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { sources?: unknown };
  if (!Array.isArray(json.sources)) throw new Error(`${file}: no "sources" list`);
  const sources = json.sources.map(checkSource);
  const files = new Set<string>();
  for (const s of sources) {
    if (files.has(s.file)) throw new Error(`manifest.json: ${s.file} is listed twice`);
    files.add(s.file);
  }
  return sources;
}

/** Writes the manifest back in the layout it is kept in (two-space JSON, one source per object). */
export function manifestJson(sourcesDir: string, sources: readonly SourceFile[]): string {
  const json = JSON.parse(fs.readFileSync(path.join(sourcesDir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
  return JSON.stringify({ ...json, sources }, null, 2) + '\n';
}

/** Where kb:update downloads a file: `<base>/<owner>/<name>/<branch>/<path>`. */
export function rawUrl(base: string, repository: string, branch: string, repoPath: string): string {
  return `${base.replace(/\/+$/, '')}/${repository}/${branch}/${repoPath.split('/').map(encodeURIComponent).join('/')}`;
}
