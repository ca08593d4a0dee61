// A list of SIP codes in prose holds codes of one kind: in "admins treat 484, 485, and 486 as if
// they were one failure" no word says the numbers are codes, but where one member is a SIP code
// the paste names as such elsewhere ("Error Code 485"), the others are SIP codes too. So do the
// rows of a table copied one cell per line, where one row's code was read.
import { COUNT_AFTER } from './read/sip-status';
import { excerptOf } from './read/text';
import { lineOf, type Lines, type Positioned } from './read/types';

/** Marks a member may be written in: bold, code, quotes ("**403** of **402**", "`484`, `486`"). */
const MARKS = String.raw`[*\x60'"\u201c\u201d\u2018\u2019]{0,2}`;
/** A member: a failure code's three digits, not part of a longer number, a decimal, a time or a percentage. */
const CODE = String.raw`[4-6]\d\d(?![\d%]|[.:,]\d)${MARKS}`;
const MEMBER = String.raw`${MARKS}${CODE}`;
/** "and" / "or" in the languages people write (Dutch "of" is "or"; "a" is Czech and Slovak "and"), and "vs" ("486 vs 408"). */
const AND_OR = String.raw`and|or|und|oder|et|ou|y|o|e|en|of|i|a|och|eller|og|lub|oraz|ve|veya|nebo|и|или|vs\.?|versus`;
/** "and" / "or" in Chinese, Japanese and Korean, written with or without spaces ("403或402", "403や404"). */
const AND_OR_CJK = String.raw`和|或|或者|与|與|及|と|や|または|및|또는|과|와`;
/** Between members: a comma (also the ideographic one), "and" / "or" (with or without the comma before it), a slash. */
const JOIN = String.raw`(?:[ \t]{0,2}[,\u3001](?:[ \t]{0,2}(?:${AND_OR}))?[ \t]{0,3}|[ \t]{1,3}(?:${AND_OR})[ \t]{1,3}|[ \t]{0,2}(?:${AND_OR_CJK})[ \t]{0,2}|[ \t]{0,2}\/[ \t]{0,2})`;
// The first member's marks stay outside the match, so that a scan starts at a digit.
const LIST = new RegExp(String.raw`(?<![\d.,:/#+-])${CODE}(?:${JOIN}${MEMBER}){1,15}`, 'g');
const NUMBER = /\d{3}/g;
/** A setting's value, not answers a call received: after a label's colon or `=` ("Default values: 408, 503, 504"), or a PowerShell parameter ("-FailoverResponseCodes 408,503"). */
const SETTING_BEFORE = /(?:[:=]|(?:^|[ \t])-[A-Za-z]{2,60})[ \t"']{0,3}$/;
/** Longer lines are a log's or a document's, not a sentence. */
export const MAX_LINE_CHARS = 2000;

/**
 * The SIP codes of the lists that hold a SIP code `found` names, as mentions of their own; not a
 * setting's values, nor a list whose last number is a count ("404 and 500 users").
 */
export function listSiblings(found: readonly Positioned[], lines: Lines): Positioned[] {
  const named = new Set<number>();
  // A code already read on a line is not read there again.
  const read = new Set<string>();
  for (const m of found) {
    if (m.sipCode === null) continue;
    if (m.sipCode >= 400 && !m.http) named.add(m.sipCode);
    read.add(`${m.line}:${m.sipCode}`);
  }
  if (named.size === 0) return [];
  const out: Positioned[] = [];
  // One scan of the text (a list never spans lines), each match placed on its line as the scan goes.
  const readEnd = lines.count < lines.starts.length ? lines.starts[lines.count]! : lines.text.length;
  let i = 0;
  LIST.lastIndex = 0;
  for (let list = LIST.exec(lines.text); list && list.index < readEnd; list = LIST.exec(lines.text)) {
    while (i + 1 < lines.count && lines.starts[i + 1]! <= list.index) i++;
    const line = lineOf(lines, i);
    if (line.length > MAX_LINE_CHARS) continue;
    const col = list.index - lines.starts[i]!;
    const members = [...list[0].matchAll(NUMBER)];
    const end = col + list[0].length;
    if (!members.some((n) => named.has(Number(n[0])))) continue;
    if (SETTING_BEFORE.test(line.slice(Math.max(0, col - 64), col)) || COUNT_AFTER.test(line.slice(end, end + 24))) continue;
    for (const n of members) {
      const code = Number(n[0]);
      if (read.has(`${i + 1}:${code}`)) continue;
      read.add(`${i + 1}:${code}`);
      out.push({ msCode: null, sipCode: code, q850Cause: null, format: 'key-value', line: i + 1, col: col + n.index, excerpt: excerptOf(line) });
    }
  }
  return out;
}

/**
 * A line that is one table row's first cell, the code alone or with its phrase after a dash
 * ("487—Request Terminated", "503"), as a table copied from a web page one cell per line gives.
 */
const ROW = /^[ \t]{0,8}[*\x60]{0,2}([4-6]\d\d)[*\x60]{0,2}(?:[ \t]{0,2}[\u2014\u2013-][ \t]{0,2}\p{L}[^\n]{0,200})?[ \t]*$/u;

/**
 * The codes of the rows of a table whose rows hold codes: where one line of that shape was read
 * as a code ("487—Request Terminated"), the others are codes too ("500—Server Failure", "503").
 */
export function rowSiblings(found: readonly Positioned[], lines: Lines): Positioned[] {
  const read = new Set(found.filter((m) => m.sipCode !== null).map((m) => `${m.line}:${m.sipCode}`));
  const rows: Array<{ line: number; code: number; text: string }> = [];
  for (let i = 0; i < lines.count; i++) {
    const text = lineOf(lines, i);
    if (text.length > MAX_LINE_CHARS) continue;
    const m = ROW.exec(text);
    if (m) rows.push({ line: i + 1, code: Number(m[1]), text });
  }
  if (!rows.some((r) => read.has(`${r.line}:${r.code}`))) return [];
  return rows
    .filter((r) => !read.has(`${r.line}:${r.code}`))
    .map((r) => ({ msCode: null, sipCode: r.code, q850Cause: null, format: 'key-value', line: r.line, col: r.text.indexOf(String(r.code)), excerpt: excerptOf(r.text) }));
}

/** The patterns above, for the static ReDoS check. */
export const LIST_SIBLING_PATTERNS: readonly RegExp[] = [LIST, NUMBER, SETTING_BEFORE, ROW];
