// Markdown tables whose header row says which column holds which code: `| Code | Subcode | Message |`,
// `| Subcode | Code | Message | Result Categories |` (the subcode first), `|Status|Code|Subcode|Message|`,
// `| Code | Sub-code | Termination reason |`. The rows below are read by the header's column
// roles, not by position: `| 7 | 496 | Call ended as client lost network ... |` is 7/496 under
// a header that puts the subcode first. A cell may hold its reason phrase (`409 (Conflict)`) or
// several codes (`540000/560000`). Rows without a header are left to the pair reader.
import { headerRoles, rowMentions, type Role } from './table-columns';
import { blank } from './text';
import type { LineReaderKind } from './types';

/** A table row: an optional diff or quote mark, then cells between bars. */
const ROW = /^[ \t]{0,8}(?:[+>][ \t]{0,2})?\|(.{0,4000})$/;
const SEPARATOR_CELL = /^[ \t]{0,40}:?-{1,200}:?[ \t]{0,40}$/;

function cellsOf(body: string): string[] {
  const cells = body.split('|');
  // The bar that closes the row leaves an empty last cell.
  if (cells.length > 1 && cells[cells.length - 1]!.trim() === '') cells.pop();
  return cells;
}

export const markdownTable: LineReaderKind = {
  name: 'markdown-table',
  create: (sink) => {
    let roles: Array<Role | undefined> | undefined;
    return {
      readsEveryLine: true,
      test: (line) => {
        const table = line.includes('|') && ROW.test(line);
        if (!table) roles = undefined;
        return table;
      },
      read(line, at) {
        const cells = cellsOf(ROW.exec(line)![1]!);
        if (cells.every((c) => SEPARATOR_CELL.test(c))) return line;
        const header = headerRoles(cells);
        if (header) {
          roles = header;
          return line;
        }
        if (!roles) return line;
        const found = rowMentions(cells, roles, { line: at.line, col: line.indexOf('|'), excerpt: at.excerpt });
        if (!found) return line;
        for (const m of found) sink.mentions.push(m);
        return blank(line);
      },
    };
  },
};

/** The patterns above, for the static ReDoS check. */
export const TABLE_PATTERNS: readonly RegExp[] = [ROW, SEPARATOR_CELL];
