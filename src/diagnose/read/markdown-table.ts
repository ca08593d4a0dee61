// Markdown tables whose header row says which column holds which code: `| Code | Subcode | Message |`,
// `| Subcode | Code | Message | Result Categories |` (the subcode first), `|Status|Code|Subcode|Message|`,
// `| Code | Sub-code | Termination reason |`. The rows below are read by the header's column
// roles, not by position: `| 7 | 496 | Call ended as client lost network ... |` is 7/496 under
// a header that puts the subcode first. A cell may hold its reason phrase (`409 (Conflict)`) or
// several codes (`540000/560000`). Rows without a header are left to the pair reader.
import { blank, cut, isSip } from './text';
import type { LineReaderKind } from './types';

type Role = 'ms' | 'sip' | 'phrase';

/** Header names by role, lower case with only letters kept ("Sub-code" -> "subcode"). */
const ROLES: ReadonlyMap<string, Role> = new Map([
  ...['code', 'sipcode', 'sipresponsecode', 'responsecode', 'statuscode', 'sipstatuscode', 'finalsipcode', 'callendreason', 'participantendreason', 'codesip', 'codigosip', 'codicesip', 'sipantwortcode'].map((n) => [n, 'sip'] as const),
  ...['subcode', 'subcodes', 'microsoftcode', 'microsoftsubcode', 'microsoftresponsecode', 'mscode', 'finalmicrosoftsubcode', 'callendsubreason', 'participantendsubcode', 'resultsubcode', 'souscode', 'subcodigo', 'sottocodice', 'microsoftantwortcode'].map((n) => [n, 'ms'] as const),
  ...['message', 'phrase', 'reasonphrase', 'finalsipphrase', 'terminationreason', 'description', 'errormessage'].map((n) => [n, 'phrase'] as const),
]);

/** A header cell's letters, lower case, accents dropped: "Sub-code" -> "subcode", "Código SIP" -> "codigosip". */
const squeeze = (cell: string) =>
  cell
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
const roleOf = (cell: string): Role | undefined => ROLES.get(squeeze(cell));

/** A table row: an optional diff or quote mark, then cells between bars. */
const ROW = /^[ \t]{0,8}(?:[+>][ \t]{0,2})?\|(.{0,4000})$/;
const SEPARATOR_CELL = /^[ \t]{0,40}:?-{1,200}:?[ \t]{0,40}$/;
/** A cell's SIP code: a number, with its reason phrase or not ("409 (Conflict)", "**403**"). */
const SIP_CELL = /^[ \t]{0,80}[*`"']{0,2}(\d{1,4})(?!\d)(?![.:]\d)/;
/** A cell's Microsoft codes: one or several ("540000/560000", "531000, 531004"). */
const MS_CELL = /^[ \t]{0,80}[*`"']{0,2}(\d{1,9}(?:[ \t]{0,2}[/,][ \t]{0,2}\d{1,9}){0,8})(?![\d.:])/;
const NUMBER = /\d{1,9}/g;
const NUMERIC_CELL = /^[ \t]{0,80}[*`"']{0,2}\d/;

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
        const named = cells.map(roleOf);
        // A header row: it names a code column and no cell is a number. A column named only
        // "Code" is a SIP code's when the table also says what each code means (not "| City | Code |").
        const says = named.includes('ms') || named.includes('phrase') || cells.some((c, i) => named[i] === 'sip' && squeeze(c) !== 'code');
        if (named.some((r) => r === 'ms' || r === 'sip') && says && !cells.some((c) => NUMERIC_CELL.test(c))) {
          roles = named;
          return line;
        }
        if (!roles) return line;
        const sipAt = roles.indexOf('sip');
        const msAt = roles.indexOf('ms');
        const phraseAt = roles.indexOf('phrase');
        let sip: number | null = null;
        let ms: number[] = [];
        if (sipAt >= 0 && sipAt < cells.length) {
          const m = SIP_CELL.exec(cells[sipAt]!);
          if (m) sip = Number(m[1]);
        }
        if (msAt >= 0 && msAt < cells.length) {
          const m = MS_CELL.exec(cells[msAt]!);
          if (m) ms = (m[1]!.match(NUMBER) ?? []).map(Number);
        }
        // A "code" column holding a Microsoft code (no subcode column beside it).
        if (sip !== null && sip >= 1000 && msAt < 0) {
          ms = [sip];
          sip = null;
        }
        if (sip !== null && sip !== 0 && !isSip(sip)) sip = null;
        if (sip === null && !ms.length) return line;
        // A successful call (2xx) with no Microsoft code is a row, not a finding.
        if (sip !== null && sip >= 100 && sip < 300 && !ms.some((c) => c > 0)) return blank(line);
        const phraseCell = phraseAt >= 0 ? cells[phraseAt]?.trim() : undefined;
        const phrase = phraseCell ? cut(phraseCell, 300) : undefined;
        const col = line.indexOf('|');
        for (const code of ms.length ? ms : [null]) {
          sink.mentions.push({ msCode: code, sipCode: sip, q850Cause: null, phrase, format: code !== null && sip !== null ? 'pair' : 'key-value', line: at.line, col, excerpt: at.excerpt });
        }
        return blank(line);
      },
    };
  },
};

/** The patterns above, for the static ReDoS check. */
export const TABLE_PATTERNS: readonly RegExp[] = [ROW, SEPARATOR_CELL, SIP_CELL, MS_CELL, NUMBER, NUMERIC_CELL];
