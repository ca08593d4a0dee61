// A JSON document inside a markdown code fence (```json ... ```), as issues, forums and Microsoft's
// pages show an SDK's error object or a Call Automation event, or after a few lines of words with
// no fence ("This is the notification we get:" then the object): read as JSON, so that nested
// objects keep their meaning (SipDetails beside ResultInformation's code is the SBC's detail, not a
// second failure). A block that does not parse (cut, or not JSON) is left to the line readers.
import type { Mention } from '../types';
import { mentionsFromJson, nestsAtMost } from './json';
import { excerptOf, tryParseJson } from './text';
import { lineOf, type Lines, type Positioned } from './types';

/** An opening or closing fence line: three or more backticks, a language name or none. */
export const FENCE = /^[ \t]{0,8}`{3,8}[ \t]{0,4}[A-Za-z0-9_+-]{0,20}[ \t]{0,8}$/;
/** Fenced blocks larger than this are not parsed (a pasted log, not an object). */
const MAX_BLOCK_CHARS = 4 * 1024 * 1024;
const MAX_DEPTH = 64;

export interface JsonBlocks {
  /** The text with each block read as JSON blanked (line breaks kept, so lines stay where they were). */
  text: string;
  mentions: Positioned[];
}

/** A line that opens a JSON document and does not close it: "{", "[", "[{", '{"value": ['. */
const OPENS_JSON = /^[ \t]{0,8}[{[]/;
const CLOSES_JSON = /[}\]][ \t]{0,8}$/;
/** Words before an unfenced document: a few lines, no more. */
const MAX_LINES_BEFORE = 12;
/** Words after it ("Any idea?"): fewer still. */
const MAX_LINES_AFTER = 6;

/**
 * The lines of an unfenced JSON document after a few lines of words, as [first, last] (0-based),
 * or undefined. A paste that starts with the document is the JSON reader's; an NDJSON line closes
 * on its own line and opens nothing.
 */
function unfencedBlock(lines: Lines): [number, number] | undefined {
  let first = -1;
  for (let i = 1; i < Math.min(lines.count, MAX_LINES_BEFORE + 1); i++) {
    const line = lineOf(lines, i);
    if (OPENS_JSON.test(line) && !CLOSES_JSON.test(line)) {
      first = i;
      break;
    }
  }
  if (first < 0 || lineOf(lines, 0).trim() === '' || OPENS_JSON.test(lineOf(lines, 0))) return undefined;
  for (let j = lines.count - 1; j > first && j >= lines.count - 1 - MAX_LINES_AFTER; j--) if (CLOSES_JSON.test(lineOf(lines, j))) return [first, j];
  return undefined;
}

/** Reads the JSON blocks of a paste, fenced or after its first words; undefined when it holds none. */
export function readJsonBlocks(lines: Lines): JsonBlocks | undefined {
  const fenced = lines.text.includes('```');
  const unfenced = fenced ? undefined : unfencedBlock(lines);
  if (!fenced && !unfenced) return undefined;
  const mentions: Positioned[] = [];
  const blocks: Array<[number, number]> = [];
  const read = (start: number, end: number, firstLine: number): void => {
    const body = lines.text.slice(start, end);
    const t = body.trim();
    if (!(t.startsWith('{') || t.startsWith('[')) || body.length > MAX_BLOCK_CHARS || !nestsAtMost(body, MAX_DEPTH)) return;
    const json = tryParseJson(t);
    if (!json.ok) return;
    for (const m of mentionsFromJson(json.value, firstLine) as Mention[]) mentions.push(Object.assign(m, { col: 0, excerpt: excerptOf(t.slice(0, 300)) }));
    blocks.push([start, end]);
  };
  if (unfenced) read(lines.starts[unfenced[0]]!, lines.starts[unfenced[1] + 1] ?? lines.text.length, unfenced[0] + 1);
  let open = -1;
  for (let i = 0; fenced && i < lines.count; i++) {
    const line = lineOf(lines, i);
    if (!line.includes('```') || !FENCE.test(line)) continue;
    if (open < 0) {
      open = i;
      continue;
    }
    // 1-based line of the block's first line.
    read(lines.starts[open + 1] ?? lines.text.length, lines.starts[i]!, open + 2);
    open = -1;
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
export const FENCE_PATTERNS: readonly RegExp[] = [FENCE, OPENS_JSON, CLOSES_JSON];
