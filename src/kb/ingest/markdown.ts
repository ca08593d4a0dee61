// Small, purpose-built readers for the Microsoft Learn markdown in kb/sources: front matter,
// heading anchors, tables, and links. Build time only.
import * as path from 'node:path';
import type { DocLink } from '../types';
import type { SourceFile } from './sources';

const LEARN = 'https://learn.microsoft.com/en-us';

export interface FrontMatter {
  title?: string;
  msDate?: string;
}

/** Reads `title:` and `ms.date:` from a page's YAML front matter. */
export function readFrontMatter(text: string): FrontMatter {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m?.[1]) return {};
  const out: FrontMatter = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([\w.]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    // YAML may quote a scalar: `title: "Delete call"`.
    if (kv[1] === 'title') out.title = kv[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (kv[1] === 'ms.date') out.msDate = isoDate(kv[2]!.trim());
  }
  return out;
}

/** `3/27/2023` or `08/18/2025` -> `2023-03-27`. */
export function isoDate(usDate: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(usDate);
  if (!m) return usDate;
  return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

/**
 * The anchor Learn gives a heading (GitHub-style auto identifiers): lower case, punctuation
 * dropped, spaces to hyphens. `seen` de-duplicates repeated headings on one page (`-1`, `-2`).
 */
export function headingAnchor(heading: string, seen?: Map<string, number>): string {
  const base = heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
  if (!seen) return base;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** Public Learn URL of a file in one of the docs repositories (without `.md`); undefined when unknown. */
export function repoPathToUrl(repository: string, repoPath: string): string | undefined {
  const noExt = repoPath.replace(/\.md$/i, '');
  let m: RegExpExecArray | null;
  switch (repository) {
    case 'MicrosoftDocs/azure-docs':
      m = /^articles\/(.+)$/.exec(noExt);
      return m ? `${LEARN}/azure/${m[1]}` : undefined;
    case 'MicrosoftDocs/SupportArticles-docs':
    case 'MicrosoftDocs/OfficeDocs-Support':
      m = /^Teams\/(.+)$/.exec(noExt);
      return m ? `${LEARN}/microsoftteams/troubleshoot/${m[1]}` : undefined;
    case 'MicrosoftDocs/OfficeDocs-SkypeForBusiness':
      m = /^Teams\/(.+)$/.exec(noExt);
      return m ? `${LEARN}/microsoftteams/${m[1]}` : undefined;
    case 'microsoftgraph/microsoft-graph-docs-contrib':
      m = /^api-reference\/(v1\.0|beta)\/api\/(.+)$/.exec(noExt);
      if (m) return `${LEARN}/graph/api/${m[2]}?view=graph-rest-${m[1] === 'beta' ? 'beta' : '1.0'}`;
      m = /^concepts\/(.+)$/.exec(noExt);
      return m ? `${LEARN}/graph/${m[1]}` : undefined;
    default:
      return undefined;
  }
}

/** CommonMark backslash escapes (`\&`, `\:`) as the characters they stand for: link destinations and plain text. */
export const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** `https://github.com/<repo>/blob/<ref>/<path>.md#x` of a docs repository -> its Learn URL (Learn renders some links so). */
function githubBlobToLearn(url: string): string | undefined {
  const m = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/blob\/[\w.-]+\/([^?#]+\.md)([?#].*)?$/i.exec(url);
  if (!m) return undefined;
  const learn = repoPathToUrl(m[1]!, m[2]!);
  return learn ? `${learn}${m[3] ?? ''}` : undefined;
}

/**
 * Resolves a link as written in a source file to an absolute https URL:
 * `/microsoftteams/x#y` (site-relative), `./x.md`, `../../how-tos/x.md?tabs=a#b` (repo-relative),
 * GitHub blob links of the docs repositories, and Learn URLs without a locale (made en-us).
 */
export function resolveLink(href: string, source: Pick<SourceFile, 'repository' | 'path'>): string {
  const h = unescapeMarkdown(href.trim());
  if (/^https?:\/\//i.test(h)) {
    const url = h.replace(/^http:\/\//i, 'https://');
    const learn = /^https:\/\/learn\.microsoft\.com\/(?![a-z]{2}-[a-z]{2,4}\/)(.*)$/i.exec(url);
    if (learn) return `${LEARN}/${learn[1]}`;
    return githubBlobToLearn(url) ?? url;
  }
  const [, pathPart = '', suffix = ''] = /^([^?#]*)(.*)$/.exec(h) ?? [];
  if (h.startsWith('/')) {
    const p = pathPart.replace(/^\/en-us(?=\/)/i, '');
    return `${LEARN}${p.toLowerCase()}${suffix}`;
  }
  if (pathPart === '') {
    // A same-page anchor.
    return `${repoPathToUrl(source.repository, source.path) ?? LEARN}${suffix}`;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(source.path), pathPart));
  const url = repoPathToUrl(source.repository, target);
  if (!url) throw new Error(`cannot resolve link ${href} from ${source.path}`);
  return `${url}${suffix}`;
}

const LINK = /\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const AUTOLINK = /<(https?:\/\/[^>\s]+)>/g;

/**
 * Rewrites every link in a markdown fragment to an absolute URL and collects them.
 * Autolinks (`<https://...>`) become `[url](url)`: Adaptive Card markdown has no autolinks.
 */
export function absolutizeLinks(
  markdown: string,
  source: Pick<SourceFile, 'repository' | 'path'>,
): { markdown: string; links: DocLink[] } {
  const links: DocLink[] = [];
  const add = (title: string, url: string) => {
    if (!links.some((l) => l.url === url)) links.push({ title, url });
  };
  const out = markdown
    .replace(LINK, (_m, text: string, href: string) => {
      const url = resolveLink(href, source);
      add(unescapeMarkdown(text.replace(/\*\*/g, '')), url);
      return `[${text}](${url})`;
    })
    .replace(AUTOLINK, (_m, url: string) => {
      add(url, url);
      return `[${url}](${url})`;
    });
  return { markdown: out, links };
}

export interface TableRow {
  /** Header cell -> cell text, `<br/>` turned into newlines. */
  cells: Record<string, string>;
  /** 1-based line number in the file. */
  line: number;
  /** The nearest heading above the table. */
  section: string;
}

/** Splits a markdown table row on unescaped pipes. */
function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

const isSeparator = (line: string) => /^\|?\s*:?-{3,}/.test(line.trim()) && /^[|\s:-]+$/.test(line.trim());

/** Every data row of every table in a markdown file, with its header names and section. */
export function readTables(text: string): TableRow[] {
  const lines = text.split(/\r?\n/);
  const rows: TableRow[] = [];
  let section = '';
  let header: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^#{1,6}\s+(.+?)\s*$/.exec(line);
    if (heading) {
      section = heading[1]!;
      header = undefined;
      continue;
    }
    if (!line.trim().startsWith('|')) {
      header = undefined;
      continue;
    }
    const next = lines[i + 1];
    if (!header && next !== undefined && isSeparator(next)) {
      header = splitRow(line);
      i++;
      continue;
    }
    if (!header) continue;
    const values = splitRow(line);
    const cells: Record<string, string> = {};
    header.forEach((name, k) => {
      cells[name] = (values[k] ?? '').replace(/<br\s*\/?>/gi, '\n').replace(/\t/g, ' ').trim();
    });
    rows.push({ cells, line: i + 1, section });
  }
  return rows;
}

/** Removes markdown emphasis and collapses whitespace: for phrases and titles. */
export function plainText(markdown: string): string {
  return unescapeMarkdown(markdown)
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
