// What a table's columns hold, by their header names, and the codes of one row read by them. Shared
// by the tables people paste: markdown (`| Code | Subcode | Message |`) and PowerShell's
// Format-Table output (`result.code result.phrase` over a line of dashes).
import { cut, isSip } from './text';
import type { Positioned } from './types';

export type Role = 'ms' | 'sip' | 'phrase';

/** Header names by role, lower case with only letters kept ("Sub-code" -> "subcode"). */
const ROLES: ReadonlyMap<string, Role> = new Map([
  ...['code', 'код', 'codigo', 'codice', 'sipcode', 'sipresponsecode', 'responsecode', 'statuscode', 'sipstatuscode', 'finalsipcode', 'callendreason', 'callendreasoncode', 'callcontrollercode', 'participantendreason', 'codesip', 'codigosip', 'codicesip', 'sipantwortcode', 'sipstatus', 'sipresponse', 'disconnectreasoncode', 'disconnectcode'].map((n) => [n, 'sip'] as const),
  // "Error code" of the Calling SDK's table, in the languages Microsoft translates it into.
  ...['errorcode', 'felkod', 'fehlercode', 'codederreur', 'codigodeerror', 'codigodeerro', 'codicedierrore', 'foutcode', 'fejlkode', 'feilkode', 'virhekoodi', 'kodbłedu', 'kodchyby', 'hibakod', 'кодошибки', 'エラーコード', '错误代码', '錯誤碼', '错误码', '오류코드'].map((n) => [n, 'sip'] as const),
  ...['subcode', 'subcodes', 'microsoftcode', 'microsoftsubcode', 'microsoftresponsecode', 'mscode', 'finalmicrosoftsubcode', 'callendsubreason', 'callendreasonsubcode', 'callcontrollersubcode', 'participantendsubcode', 'resultsubcode', 'souscode', 'subcodigo', 'sottocodice', 'microsoftantwortcode'].map((n) => [n, 'ms'] as const),
  ...['message', 'phrase', 'reasonphrase', 'finalsipphrase', 'terminationreason', 'description', 'errormessage', 'meaning', 'reason'].map((n) => [n, 'phrase'] as const),
  // Graph's "Termination reason" in its translations.
  ...['终止原因', '終止原因', 'причинапрекращения', 'motivodaterminacao'].map((n) => [n, 'phrase'] as const),
  ...['beskrivning', 'beschreibung', 'descripcion', 'descricao', 'descrizione', 'beschrijving', 'beskrivelse', 'kuvaus', 'opis', 'popis', 'leiras', 'описание', '説明', '描述', '說明', '설명'].map((n) => [n, 'phrase'] as const),
]);

/**
 * A header cell's letters, lower case, Latin accents dropped: "Sub-code" -> "subcode", "Código SIP"
 * -> "codigosip", "Код ошибки" -> "кодошибки", "エラー コード" -> "エラーコード".
 */
export const squeeze = (cell: string) =>
  cell
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');

/** A header name's role; a dotted name by its last part ("teamsOut.callEndSubReason", "result.code"). */
export function roleOf(cell: string): Role | undefined {
  const name = squeeze(cell);
  const role = ROLES.get(name) ?? (SAYS_MEANING.test(name) ? 'phrase' : undefined);
  if (role || !cell.includes('.')) return role;
  return ROLES.get(squeeze(cell.slice(cell.lastIndexOf('.') + 1)));
}
/** A column of words saying what the code means, named in a sentence ("What it usually means", "Short description"). */
const SAYS_MEANING = /^(?!.*code).*(?:means|meaning|description)/;

/** A cell's SIP code: a number, with its reason phrase or not ("409 (Conflict)", "**403**"); not a hex value ("0x80096004"). */
const SIP_CELL = /^[ \t]{0,80}[*`"']{0,2}(\d{1,4})(?!\d)(?![.:]\d)(?![xX][0-9a-fA-F])/;
/** A cell's Microsoft codes: one or several ("540000/560000", "531000, 531004"). */
const MS_CELL = /^[ \t]{0,80}[*`"']{0,2}(\d{1,9}(?:[ \t]{0,2}[/,][ \t]{0,2}\d{1,9}){0,8})(?![\d.:])/;
/** A cell listing several SIP codes ("400, 414, 416, 420, 421", "404/485", Japanese "490、491"). */
const SIP_LIST_CELL = /^[ \t]{0,80}[*`"']{0,2}([3-6]\d\d(?:[ \t]{0,2}[,/\u3001][ \t]{0,2}[3-6]\d\d){1,16})(?![\d.:])/;
/** A cell listing numbers of several kinds, a carrier's Q.850 causes beside its SIP codes ("17, 600, 486", "21, 603, 1012"). */
const NUMBER_LIST_CELL = /^[ \t]{0,80}[*`"']{0,2}(\d{1,4}(?:[ \t]{0,2}[,/\u3001][ \t]{0,2}\d{1,4}){1,40})(?![\d.:])/;
const NUMBER = /\d{1,9}/g;
/** A SIP failure code standing alone among a cell's words (not part of a longer number, a decimal, a time or a percentage). */
const SIP_IN_WORDS = /(?<![\d.:,])([3-6]\d\d)(?![\d%]|[.:,]\d)/;
const NUMERIC_CELL = /^[ \t]{0,80}[*`"']{0,2}\d/;
/** A cell that is a SIP code and nothing else (a footnote mark allowed: "480*"). */
const SIP_ALONE = /^[ \t]{0,80}[*`"']{0,2}[3-6]\d\d[*`"']{0,2}[ \t]{0,80}$/;

/**
 * The roles of a header row, or undefined when the row is no header: it names a code column and
 * no cell is a number. A column named only "Code" is a SIP code's when the table also says what
 * each code means (not "| City | Code |"); beside a column named as the SIP code it is another
 * code of the row (a carrier's own "D1", a Microsoft code), never the SIP code.
 */
export function headerRoles(cells: readonly string[]): Array<Role | undefined> | undefined {
  const named = cells.map(roleOf);
  const namedSip = cells.some((c, i) => named[i] === 'sip' && !isBareCode(c));
  const says = named.includes('ms') || named.includes('phrase') || namedSip;
  if (!named.some((r) => r === 'ms' || r === 'sip') || !says || cells.some((c) => NUMERIC_CELL.test(c))) return undefined;
  return named.map((r, i) => (r === 'sip' && namedSip && isBareCode(cells[i]!) ? 'ms' : r));
}


/** "Code", "result.code": a column called only that. */
function isBareCode(cell: string): boolean {
  return BARE_CODE.has(squeeze(cell)) || BARE_CODE.has(squeeze(cell.slice(cell.lastIndexOf('.') + 1)));
}
const BARE_CODE = new Set(['code', 'код', 'codigo', 'codice']);

/**
 * The codes of one row, read by the header's roles: one mention per Microsoft code, or one for the
 * SIP code alone; none for a successful call's row; undefined when the row holds no code.
 */
export function rowMentions(cells: readonly string[], roles: ReadonlyArray<Role | undefined>, where: Pick<Positioned, 'line' | 'col' | 'excerpt'>): Positioned[] | undefined {
  const sipAt = roles.indexOf('sip');
  const msAt = roles.indexOf('ms');
  const phraseAt = roles.indexOf('phrase');
  let sip: number | null = null;
  let ms: number[] = [];
  let sipList: number[] = [];
  if (sipAt >= 0 && sipAt < cells.length) {
    // A header cell over two columns of the rows (a web table's colspan, flattened): the code is
    // in the unnamed column after the name's ("| 1 | Unallocated number | 404 | Not found |").
    const at = !NUMERIC_CELL.test(cells[sipAt]!) && roles[sipAt + 1] === undefined && SIP_ALONE.test(cells[sipAt + 1] ?? '') ? sipAt + 1 : sipAt;
    const list = SIP_LIST_CELL.exec(cells[at]!);
    const m = SIP_CELL.exec(cells[at]!);
    // Of a list of several kinds, the SIP failure codes ("17, 600, 486": 600 and 486; 17 is a Q.850 cause).
    const first = m ? Number(m[1]) : 0;
    const mixed = !list && m && !(first >= 300 && isSip(first)) ? NUMBER_LIST_CELL.exec(cells[at]!) : null;
    const failures = mixed ? (mixed[1]!.match(NUMBER) ?? []).map(Number).filter((n) => n >= 300 && n <= 699 && isSip(n)) : [];
    if (list) sipList = (list[1]!.match(NUMBER) ?? []).map(Number);
    else if (failures.length) sipList = failures;
    else if (m) sip = first;
    else {
      // A cell of words under the SIP column names its code among them ("BYE on an established dialog, or 487 on an early dialog.").
      const inWords = SIP_IN_WORDS.exec(cells[at]!);
      if (inWords) sip = Number(inWords[1]);
    }
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
  const phraseCell = phraseAt >= 0 ? cells[phraseAt]?.trim() : undefined;
  const phrase = phraseCell ? cut(phraseCell, 300) : undefined;
  // Several SIP codes in one cell, with no Microsoft code: one mention each.
  if (sipList.length && !ms.length) return sipList.map((code) => ({ msCode: null, sipCode: code, q850Cause: null, phrase, format: 'key-value', ...where }));
  if (sip === null && !ms.length) return undefined;
  // A successful call (2xx) with no Microsoft code is a row, not a finding; with subcode 0 it is a
  // completed action or a normal end (`|PlayCompleted|200|0|Action completed successfully.|`), kept as such.
  if (sip !== null && sip >= 100 && sip < 300 && !ms.length) return [];
  return (ms.length ? ms : [null]).map((code) => ({ msCode: code, sipCode: sip, q850Cause: null, phrase, format: code !== null && sip !== null ? 'pair' : 'key-value', ...where }));
}

/** The patterns above, for the static ReDoS check. */
export const COLUMN_PATTERNS: readonly RegExp[] = [SIP_CELL, MS_CELL, SIP_LIST_CELL, NUMBER_LIST_CELL, NUMBER, SIP_IN_WORDS, NUMERIC_CELL, SIP_ALONE];
