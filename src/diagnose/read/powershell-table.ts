// PowerShell's Format-Table output: a header row of names, a row of dashes under each name, then
// the rows, each value in its column (numbers right-aligned, text left-aligned), up to a blank line:
//
//   result.state result.code result.phrase
//   ------------ ----------- -------------
//   failed              1511 TeamsIn did not receive media renegotiation for holding call
//
// The columns are found by the dashes and read by their names (table-columns.ts), as markdown
// tables are: `callEndReason` / `callEndSubReason`, `code` with a phrase beside it.
import { headerRoles, rowMentions, type Role } from './table-columns';
import { blank } from './text';
import type { LineReaderKind } from './types';

interface Column {
  start: number;
  /** Where the next column starts (the last column runs to the end of the line). */
  end: number;
}

/** The columns a line of dashes marks ("------------ ----------- -------------"), or undefined. */
export function dashColumns(line: string): Column[] | undefined {
  if (line.length > 4000) return undefined;
  const starts: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '-') {
      const start = i;
      while (i < line.length && line[i] === '-') i++;
      if (i - start < 2) return undefined;
      starts.push(start);
      i--;
    } else if (c !== ' ' && c !== '\t') return undefined;
  }
  if (starts.length < 2) return undefined;
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? Infinity }));
}

const cellsAt = (line: string, columns: readonly Column[]) => columns.map((c) => line.slice(c.start, c.end));

export const powershellTable: LineReaderKind = {
  name: 'powershell-table',
  create: (sink) => {
    let table: { columns: Column[]; roles: Array<Role | undefined> } | undefined;
    return {
      readsEveryLine: true,
      test: (line) => {
        if (table && line.trim() === '') table = undefined;
        return table !== undefined || line.includes('--');
      },
      read(line, at) {
        if (!table) {
          const columns = dashColumns(line);
          const header = columns ? at.lineBefore(1) : undefined;
          const roles = header !== undefined ? headerRoles(cellsAt(header, columns!).map((c) => c.trim())) : undefined;
          if (roles) table = { columns: columns!, roles };
          return line;
        }
        const found = rowMentions(cellsAt(line, table.columns), table.roles, { line: at.line, col: 0, excerpt: at.excerpt });
        if (!found) return line;
        for (const m of found) sink.mentions.push(m);
        return blank(line);
      },
    };
  },
};
