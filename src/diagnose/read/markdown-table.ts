// Markdown tables whose header row says which column holds which code: `| Code | Subcode | Message |`,
// `| Subcode | Code | Message | Result Categories |` (the subcode first), `|Status|Code|Subcode|Message|`,
// `| Code | Sub-code | Termination reason |`. The rows below are read by the header's column
// roles, not by position: `| 7 | 496 | Call ended as client lost network ... |` is 7/496 under
// a header that puts the subcode first. A cell may hold its reason phrase (`409 (Conflict)`) or
// several codes (`540000/560000`, `400, 414, 416`). A hangup-cause table's rows are read without
// their header (`NO_ANSWER | 19 | 480 | No answer from user |`); other rows without a header are
// left to the pair reader. The cells of words stay for the other readers.
import { headerRoles, rowMentions, type Role } from './table-columns';
import { blank } from './text';
import type { LineAt, LineReaderKind, Sink } from './types';

/** A table row: an optional diff or quote mark, then cells between bars. */
const ROW = /^[ \t]{0,8}(?:[+>][ \t]{0,2})?\|(.{0,4000})$/;
const SEPARATOR_CELL = /^[ \t]{0,40}:?-{1,200}:?[ \t]{0,40}$/;

function cellsOf(body: string): string[] {
  const cells = body.split('|');
  // The bar that closes the row leaves an empty last cell.
  if (cells.length > 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  return cells;
}

/**
 * The row with its numbers' cells blanked: a cell of words stays for the other readers, which find
 * a SIP code named in it ("Decline (... otherwise 403 Forbidden is used)").
 */
function keepWords(line: string, body: string, cells: readonly string[]): string {
  // What comes before the cells: the indent and the leading bar, or the indent alone.
  let out = line.slice(0, line.length - body.length);
  for (const c of cells) out += `${NUMERIC_START.test(c) ? blank(c) : c}|`;
  return out.length >= line.length ? out.slice(0, line.length) : out + blank(line.slice(out.length));
}
const NUMERIC_START = /^[ \t]{0,80}[*`"'(]{0,2}\d/;

/**
 * A row of a hangup-cause table, with or without its header and leading bar (FreeSWITCH's and
 * Asterisk's docs): the cause's name, its Q.850 value, the SIP code it maps to, its text
 * ("NO_ANSWER | 19 | 480 | No answer from user |", "NONE | 0 | 480* | No cause recorded |").
 */
const CAUSE_ROW = /^[ \t]{0,8}\|?[ \t]{0,8}[A-Z][A-Z0-9]{1,30}(?:_[A-Z0-9]{1,30}){0,8}[ \t]{0,8}\|[ \t]{0,8}\d{1,3}[ \t]{0,8}\|[ \t]{0,8}([3-6]\d\d)\*?[ \t]{0,8}\|/;

function causeRow(line: string, at: LineAt, sink: Sink): string {
  const m = CAUSE_ROW.exec(line);
  if (!m) return line;
  sink.mentions.push({ msCode: null, sipCode: Number(m[1]), q850Cause: null, format: 'key-value', line: at.line, col: m[0].lastIndexOf(m[1]!), excerpt: at.excerpt });
  return blank(m[0]) + line.slice(m[0].length);
}

/**
 * A row without its outer bars, as a web page's table is often copied ("DisconnectReasonCode |
 * Disconnect Reason | Disconnect Description |"): read only under a header of that shape.
 */
const BARE_ROW = /^[ \t]{0,8}([^|\n]{1,400}\|.{0,4000})$/;

export const markdownTable: LineReaderKind = {
  name: 'markdown-table',
  create: (sink) => {
    let roles: Array<Role | undefined> | undefined;
    /** The header had no leading bar: its rows may have none either. */
    let bare = false;
    const bareHeader = (line: string) => {
      const m = BARE_ROW.exec(line);
      return m ? headerRoles(cellsOf(m[1]!)) : undefined;
    };
    return {
      readsEveryLine: true,
      test: (line) => {
        const table = line.includes('|') && (ROW.test(line) || (bare && roles !== undefined) || bareHeader(line) !== undefined);
        if (!table) {
          roles = undefined;
          bare = false;
        }
        return table || (line.includes('|') && CAUSE_ROW.test(line));
      },
      read(line, at) {
        const barred = ROW.exec(line);
        const row = barred ?? BARE_ROW.exec(line);
        if (!row) return causeRow(line, at, sink);
        if (!barred && !roles) bare = true;
        const cells = cellsOf(row[1]!);
        if (cells.every((c) => SEPARATOR_CELL.test(c))) return line;
        const header = headerRoles(cells);
        if (header) {
          roles = header;
          return line;
        }
        if (!roles) return causeRow(line, at, sink);
        const found = rowMentions(cells, roles, { line: at.line, col: line.indexOf('|'), excerpt: at.excerpt });
        if (!found) return line;
        for (const m of found) sink.mentions.push(m);
        return keepWords(line, row[1]!, cells);
      },
    };
  },
};

/** The patterns above, for the static ReDoS check. */
export const TABLE_PATTERNS: readonly RegExp[] = [ROW, BARE_ROW, SEPARATOR_CELL, NUMERIC_START, CAUSE_ROW];
