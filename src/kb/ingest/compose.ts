// A Learn page that pulls its tables in with `[!INCLUDE]` inside zone pivots (the ACS troubleshooting
// codes page), put together the way Learn renders it: each `::: zone pivot="x"` becomes an
// `**Applies to: x**` line, each include is inlined without its front matter, and the include's
// relative links are rewritten relative to the page. kb/sources keeps the page in that form, so the
// build reads one file whether it came from a Learn rendering or from the raw repository files.
import * as path from 'node:path';

const INCLUDE = /^\s*\[!INCLUDE\s*\[[^\]\n]*\]\(([^)\s]+)\)\]\s*$/i;
const ZONE = /^:::\s*zone\s+pivot="([^"\n]+)"\s*$/;
const ZONE_END = /^:::\s*zone-end\s*$/;
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/;
const MARKDOWN_LINK = /(\]\()([^)\s]+)/g;

/** A repository path relative to another file's folder: `./includes/codes/pstn.md` from the page. */
const resolveFrom = (fromFile: string, href: string) => path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), href));

/** The repository paths of the files a page includes, in order, each once. */
export function includePaths(text: string, pagePath: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = INCLUDE.exec(line);
    if (!m) continue;
    const p = resolveFrom(pagePath, m[1]!);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** Rewrites the relative links of a file included from `includePath` so that they work from `pagePath`. */
export function rebaseLinks(markdown: string, includePath: string, pagePath: string): string {
  return markdown.replace(MARKDOWN_LINK, (all, open: string, href: string) => {
    if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) return all;
    const [, pathPart = '', suffix = ''] = /^([^?#]*)(.*)$/.exec(href) ?? [];
    if (pathPart === '') return all;
    const rel = path.posix.relative(path.posix.dirname(pagePath), resolveFrom(includePath, pathPart));
    return `${open}${rel}${suffix}`;
  });
}

/**
 * The page with its includes inlined. `includes` maps repository paths (as `includePaths` gives
 * them) to their text; an include that is not in the map makes it throw.
 */
export function inlineIncludes(text: string, pagePath: string, includes: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const zone = ZONE.exec(line);
    const include = INCLUDE.exec(line);
    if (zone) out.push(`**Applies to: ${zone[1]!.replace(/\s+/g, '')}**`, '');
    else if (ZONE_END.test(line)) out.push('');
    else if (include) {
      const p = resolveFrom(pagePath, include[1]!);
      const body = includes.get(p);
      if (body === undefined) throw new Error(`${pagePath}: the include ${p} was not fetched`);
      out.push(rebaseLinks(body.replace(FRONT_MATTER, ''), p, pagePath).replace(/\s+$/, ''), '');
    } else out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\s*$/, '\n');
}
