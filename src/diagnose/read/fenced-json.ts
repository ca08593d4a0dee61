// A JSON document inside a markdown code fence (```json ... ```), as issues, forums and Microsoft's
// pages show an SDK's error object or a Call Automation event: read as JSON, so that nested objects
// keep their meaning (SipDetails beside ResultInformation's code is the SBC's detail, not a second
// failure). A fence whose content does not parse (cut, or not JSON) is left to the line readers.
import type { Mention } from '../types';
import { mentionsFromJson, nestsAtMost } from './json';
import { excerptOf, tryParseJson } from './text';
import { lineOf, type Lines, type Positioned } from './types';

/** An opening or closing fence line: three or more backticks, a language name or none. */
export const FENCE = /^[ \t]{0,8}`{3,8}[ \t]{0,4}[A-Za-z0-9_+-]{0,20}[ \t]{0,8}$/;
/** Fenced blocks larger than this are not parsed (a pasted log, not an object). */
const MAX_BLOCK_CHARS = 4 * 1024 * 1024;
const MAX_DEPTH = 64;

export interface FencedJson {
  /** The text with each block read as JSON blanked (line breaks kept, so lines stay where they were). */
  text: string;
  mentions: Positioned[];
}

/** Reads the fenced JSON blocks of a paste; undefined when it holds none. */
export function readFencedJson(lines: Lines): FencedJson | undefined {
  if (!lines.text.includes('```')) return undefined;
  const mentions: Positioned[] = [];
  const blocks: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < lines.count; i++) {
    const line = lineOf(lines, i);
    if (!line.includes('```') || !FENCE.test(line)) continue;
    if (open < 0) {
      open = i;
      continue;
    }
    const start = lines.starts[open + 1] ?? lines.text.length;
    const end = lines.starts[i]!;
    // 1-based line of the block's first line.
    const firstLine = open + 2;
    open = -1;
    const body = lines.text.slice(start, end);
    const t = body.trim();
    if (!(t.startsWith('{') || t.startsWith('[')) || body.length > MAX_BLOCK_CHARS || !nestsAtMost(body, MAX_DEPTH)) continue;
    const json = tryParseJson(t);
    if (!json.ok) continue;
    for (const m of mentionsFromJson(json.value, firstLine) as Mention[]) mentions.push(Object.assign(m, { col: 0, excerpt: excerptOf(t.slice(0, 300)) }));
    blocks.push([start, end]);
  }
  if (!blocks.length) return undefined;
  let text = '';
  let from = 0;
  for (const [start, end] of blocks) {
    text += lines.text.slice(from, start) + lines.text.slice(start, end).replace(/[^\n]/g, ' ');
    from = end;
  }
  text += lines.text.slice(from);
  return { text, mentions };
}

/** The patterns above, for the static ReDoS check. */
export const FENCE_PATTERNS: readonly RegExp[] = [FENCE];
