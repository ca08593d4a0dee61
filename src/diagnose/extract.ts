// Reads code mentions out of pasted text. One reader per format (src/diagnose/read/), walked in
// order: whole-text readers first (a JSON document, a usage report with its header row), then the
// line readers. Each line reader returns the line with what it consumed blanked, so that a later
// reader does not read it again. SIP traces and SBC logs are read into calls; evidence.ts turns
// each failed call into a mention with its evidence.
//
// Every pattern is linear (bounded quantifiers, no nested or overlapping repetition): the
// property tests time each reader on adversarial input, and a static ReDoS check runs over the
// project's own patterns.
import { describeCalls, failuresOf, foldLegs } from './evidence';
import { audiocodesCdr } from './read/audiocodes-cdr';
import { bareNumber } from './read/bare-numbers';
import { callFlow } from './read/call-flow';
import { csvReport } from './read/csv-report';
import { diagCode } from './read/diag-code';
import { FENCE, readJsonBlocks } from './read/fenced-json';
import { jsonDocument, jsonLine } from './read/json';
import { keyValue } from './read/key-value';
import { markdownTable } from './read/markdown-table';
import { powershellTable } from './read/powershell-table';
import { prose } from './read/prose';
import { sipTrace } from './read/sip-trace';
import { sippScenario } from './read/sipp-scenario';
import { normalizeText } from './normalize';
import { uncollapse } from './uncollapse';
import { listSiblings, rowSiblings } from './list-siblings';
import { repeatedCodes } from './repeated-codes';
import { excerptOf, LOG_LINE_START, MICROSOFT_DOMAINS } from './read/text';
import { lineOf, type DocumentReader, type LineAt, type LineReaderKind, type Lines, type Positioned, type ReadOptions, type Sink } from './read/types';
import type { Mention } from './types';

/** Lines read from one paste; the rest is counted but not read. */
export const MAX_LINES = 200_000;

/** A paste this short is a question ("510559 403", "what is 403?"): bare numbers count as codes. */
const QUERY_MAX_CHARS = 600;
const QUERY_MAX_LINES = 6;

/** A question is short: past this many lines of words, counting stops. */
const QUESTION_COUNT_LIMIT = 50;
/** A greeting, the question, what was tried, a closing line. */
const QUESTION_BLOCKS = 4;

/**
 * The paste's lines that hold words, without one code fence wrapped round it whole: a question
 * pasted inside a fence, or with "Thanks" after a blank line, is as short as without them.
 */
function questionLineCount(lines: Lines): number {
  let first = 0;
  let last = lines.count - 1;
  const trim = () => {
    while (first <= last && lineOf(lines, first).trim() === '') first++;
    while (last >= first && lineOf(lines, last).trim() === '') last--;
  };
  trim();
  if (last > first && FENCE.test(lineOf(lines, first)) && FENCE.test(lineOf(lines, last))) {
    first++;
    last--;
    trim();
  }
  // Blank lines between a greeting, the question and a "Thanks" count for nothing; a paste of
  // more blocks than that (an issue template's sections) is measured whole.
  let n = 0;
  let blocks = 0;
  let blank = true;
  for (let i = first; i <= last && n < QUESTION_COUNT_LIMIT; i++) {
    const empty = lineOf(lines, i).trim() === '';
    if (!empty) n++;
    if (blank && !empty) blocks++;
    blank = empty;
  }
  return blocks <= QUESTION_BLOCKS ? n : last - first + 1;
}

/** How long a stamped line is when it is a log record, not a dated sentence: the words around it do not make it a question. */
const LOG_RECORD_CHARS = 120;

/**
 * Two log lines, or one log line alone or long enough to be a record (a greeting before it, a
 * question after it): its CSeq, thread ids and counts are no codes.
 */
function isLogExcerpt(lines: Lines): boolean {
  let stamped = 0;
  let longest = 0;
  for (let i = 0; i < lines.count && stamped < 2; i++) {
    const line = lineOf(lines, i);
    if (!LOG_LINE_START.test(line)) continue;
    stamped++;
    longest = Math.max(longest, line.length);
  }
  return stamped >= 2 || (stamped === 1 && (longest >= LOG_RECORD_CHARS || questionLineCount(lines) === 1));
}

export interface Extraction {
  mentions: Mention[];
  lines: number;
  /** The lines of words a question is measured by: blank lines and a code fence round it do not count. */
  questionLines: number;
  linesRead: number;
  truncated: boolean;
  csvRows?: number;
  /** The text held SIP messages or SBC records. */
  traced?: boolean;
}

export type ExtractOptions = ReadOptions;

/** Whole-text readers, in order: the first that reads the text answers. */
export const DOCUMENT_READERS: readonly DocumentReader[] = [jsonDocument, csvReport];

/** Line readers, in order. */
export const LINE_READERS: readonly LineReaderKind[] = [jsonLine, sipTrace, sippScenario, audiocodesCdr, diagCode, markdownTable, powershellTable, callFlow, prose, keyValue, bareNumber];


function linesOf(text: string): Lines {
  const starts = lineStarts(text, MAX_LINES);
  return { text, starts, count: Math.min(text === '' ? 0 : countLines(text, starts), MAX_LINES) };
}

function lineStarts(text: string, limit: number): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && starts.length <= limit; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function countLines(text: string, starts: number[]): number {
  if (starts.length <= MAX_LINES) return text.endsWith('\n') ? starts.length - 1 : starts.length;
  let n = starts.length;
  for (let i = text.indexOf('\n', starts[starts.length - 1]!); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

const HAS_DIGIT = /\d/;

/** The mentions of a paste as pasted: normalize.ts makes it plain first. */
export function extractMentions(raw: string, options: ExtractOptions): Extraction {
  return extractFromPlain(normalizeText(raw), options);
}

/** The mentions of a paste that normalizeText has already made plain, as diagnose() has. */
export function extractFromPlain(text: string, options: ExtractOptions): Extraction {
  const starts = lineStarts(text, MAX_LINES);
  const totalLines = text === '' ? 0 : countLines(text, starts);
  const linesRead = Math.min(totalLines, MAX_LINES);
  const truncated = totalLines > MAX_LINES;
  const lines: Lines = { text, starts, count: linesRead };
  // Objects built field by field: in this V8 an object spread costs microseconds per call.
  const result: Extraction = { mentions: [], lines: totalLines, questionLines: questionLineCount(lines), linesRead, truncated };

  for (const reader of DOCUMENT_READERS) {
    if (!reader.test(text)) continue;
    const got = reader.read(text, lines);
    if (!got) continue;
    result.mentions = got.mentions;
    // A whole document is read whatever its line count.
    if (got.linesRead !== undefined) {
      result.linesRead = totalLines;
      result.truncated = false;
    }
    if (got.rows !== undefined) result.csvRows = got.rows;
    return result;
  }

  // A log collapsed onto one line is read as the lines it had.
  const restored = uncollapse(text);
  const read = restored ? linesOf(restored) : lines;
  const query = text.length <= QUERY_MAX_CHARS && result.questionLines <= QUERY_MAX_LINES && !isLogExcerpt(read);
  // JSON in a code fence, or after a few lines of words, is read as JSON; the line readers see the block blanked.
  const blocks = readJsonBlocks(read);
  if (blocks) read.text = blocks.text;
  const sink = readLines(read, query, options);
  let found: Positioned[] = sink.mentions;
  if (blocks) for (const m of blocks.mentions) found.push(m);
  for (const m of failuresOf(sink.calls)) found.push(m);
  // Also in a trace pasted with prose round it ("usually 401, 403, 404 or 407" after a 401): a header's list is a setting (after its colon).
  for (const m of listSiblings(found, read)) found.push(m);
  for (const m of rowSiblings(found, read)) found.push(m);
  // In prose only: a trace's or a log's recurring numbers are its own fields.
  if (!sink.traced && !isLogExcerpt(read)) for (const m of repeatedCodes(found, read)) found.push(m);
  found = foldLegs(found);
  attachSaid(found, sink);
  if (restored) placeOnPasted(found, read, lines);
  // Stable sort by position; a loop, never a spread of a huge array into arguments.
  found.sort((a, b) => a.line - b.line || a.col - b.col);
  result.mentions = dropRepeatedCauses(settleParts(httpOfMicrosoftOnly(found, text)));
  if (sink.traced) result.traced = true;
  return result;
}

/**
 * A mention read from the restored text, put back on the pasted line it came from. Restoring a
 * collapsed log only turns spaces into line breaks, so an offset is the same in both texts.
 */
function placeOnPasted(found: Positioned[], read: Lines, pasted: Lines): void {
  for (const m of found) {
    if (m.line < 1) continue;
    const at = read.starts[m.line - 1]! + m.col;
    let line = 0;
    while (line + 1 < pasted.count && pasted.starts[line + 1]! <= at) line++;
    m.line = line + 1;
    m.col = at - pasted.starts[line]!;
  }
}

/** Where the current line is; one object for the whole walk, the excerpt cut only when a reader asks for it. */
class Cursor implements LineAt {
  line = 0;
  offset = 0;
  raw = '';
  private cut?: string;
  readonly numberedLines: number;
  constructor(
    readonly query: boolean,
    private readonly lines: Lines,
  ) {
    let n = 0;
    // Counted for a question only (a few lines): a long paste never asks about one code.
    if (query) for (let i = 0; i < lines.count; i++) if (HAS_DIGIT.test(lineOf(lines, i))) n++;
    this.numberedLines = n;
  }
  at(line: number, offset: number, raw: string): this {
    this.line = line;
    this.offset = offset;
    this.raw = raw;
    this.cut = undefined;
    return this;
  }
  get excerpt(): string {
    return (this.cut ??= excerptOf(this.raw));
  }
  get previousTail(): string {
    if (this.line < 2) return '';
    const start = this.lines.starts[this.line - 2]!;
    const end = this.lines.starts[this.line - 1]! - 1;
    return this.lines.text.slice(Math.max(start, end - PREVIOUS_TAIL_CHARS), end);
  }
  lineAfter(ahead: number): string | undefined {
    const i = this.line - 1 + ahead;
    return i < this.lines.count ? lineOf(this.lines, i) : undefined;
  }
  lineBefore(back: number): string | undefined {
    const i = this.line - 1 - back;
    return i >= 0 ? lineOf(this.lines, i) : undefined;
  }
}

/** How much of the line before a reader may look at. */
const PREVIOUS_TAIL_CHARS = 60;

/** Walks the line readers over the lines. */
function readLines(lines: Lines, query: boolean, options: ReadOptions): Sink {
  const sink: Sink = { mentions: [], calls: [], said: [], traced: false };
  const readers = LINE_READERS.map((kind) => kind.create(sink, options));
  const cursor = new Cursor(query, lines);
  for (let i = 0; i < lines.count; i++) {
    let line = lineOf(lines, i);
    let digits = HAS_DIGIT.test(line);
    const at = cursor.at(i + 1, lines.starts[i]!, line);
    for (const reader of readers) {
      // A line without digits can still belong to a SIP message (a header, the end of its headers)
      // or be a table's header row (`| SIP Code | Reason |`, which the trace reader also looks at).
      if (!(digits || reader.readsEveryLine) || !reader.test(line)) continue;
      line = reader.read(line, at);
      if (!HAS_DIGIT.test(line)) {
        // Consumed: nothing is left for the readers after this one.
        if (line === '') break;
        digits = false;
      }
    }
  }
  for (const reader of readers) reader.finish?.();
  return sink;
}

/** The calls a SIP trace or SBC log holds, as flows: who sent what to whom, and the line that shows it. */
export function traceCalls(raw: string, options: ReadOptions): ReturnType<typeof describeCalls> {
  const text = normalizeText(raw);
  return describeCalls(readLines(linesOf(uncollapse(text) ?? text), false, options).calls);
}

/** A Microsoft service's host name: an HTTP response in the paste may be one of its endpoints' answers. */
export const MICROSOFT_HOST = new RegExp(String.raw`[\w-]\.(?:${MICROSOFT_DOMAINS}|microsoft\.us)\b`, 'i');

/** PowerShell remoting (WinRM): an HTTP answer there is the admin session's, never a call's. */
const POWERSHELL_REMOTING = /\bWinRM\b|WS-Management|PSRemotingTransportException/i;

/**
 * An HTTP response's status counts where a Microsoft endpoint may have answered (Graph, ACS, Teams'
 * services: their HTTP statuses are documented); elsewhere it is a web server's or a proxy's
 * ("HTTP/1.0 403 Forbidden" from a Squid in front of a CPaaS webhook), no SIP code.
 */
function httpOfMicrosoftOnly(found: Positioned[], text: string): Positioned[] {
  if (!found.some((m) => m.http) || (MICROSOFT_HOST.test(text) && !POWERSHELL_REMOTING.test(text))) return found;
  return found.filter((m) => !m.http);
}

/**
 * What is only part of a failure joins the rest of it:
 * - a Reason header pasted alone with only a Q.850 cause goes with the SIP code the paste names
 *   before it ("Users see a 403 Forbidden error ... Reason header: Q.850;cause=63;text=..."), with
 *   its evidence. Microsoft's own (its correlation id before the phrase) with no SIP code before
 *   it is Microsoft's mapping of an answer the paste does not hold (a BYE's Reason): no finding.
 * - a SIP code named in words that the paste also names with its Q.850 cause is that failure
 *   ("486 Busy Here should be ok ... Cause 34 is sent in a 486 Busy Here"). One that a pair or a
 *   trace of the paste also holds is left to absorbHalves (halves.ts), which knows who answered:
 *   "404 Unallocated Number from the PSTN provider" beside 511404 / 404 is another failure.
 */
function settleParts(found: Positioned[]): Positioned[] {
  if (!found.some((m) => m.loneReason || m.inWords)) return found;
  const out: Positioned[] = [];
  let lastSip: Positioned | undefined;
  for (const m of found) {
    if (m.loneReason && m.sipCode === null) {
      if (lastSip && lastSip.q850Cause === null) {
        lastSip.q850Cause = m.q850Cause;
        // The evidence is the SIP header's: the mention is now read from SIP material.
        if (m.trace && !lastSip.trace) {
          lastSip.trace = m.trace;
          lastSip.format = 'sip';
        }
        if (m.phrase && !lastSip.phrase) lastSip.phrase = m.phrase;
        continue;
      }
      if (m.trace?.sender === 'microsoft') continue;
    }
    if (m.sipCode !== null && m.msCode === null && !m.trace) lastSip = m;
    out.push(m);
  }
  const withCause = new Set<number>();
  for (const m of out) if (m.sipCode !== null && m.msCode === null && m.q850Cause !== null) withCause.add(m.sipCode);
  if (!withCause.size) return out;
  return out.filter((m) => !(m.inWords && !m.trace && m.q850Cause === null && withCause.has(m.sipCode!)));
}

/**
 * A Q.850 cause named alone that the paste also names with its SIP code ("Q.850 Cause 47 ... using
 * SIP 480"; "Cause 47 ... mapping Cause 47 to SIP-480") is that failure again, not one of its own.
 */
function dropRepeatedCauses(found: Positioned[]): Positioned[] {
  const causeOnly = (m: Positioned) => m.msCode === null && m.sipCode === null && m.q850Cause !== null;
  if (!found.some(causeOnly)) return found;
  const paired = new Set<number>();
  for (const m of found) if (m.q850Cause !== null && !causeOnly(m)) paired.add(m.q850Cause);
  return paired.size ? found.filter((m) => !(causeOnly(m) && paired.has(m.q850Cause!))) : found;
}

/** Words saying who answered go to the code they name on their line. */
function attachSaid(found: Positioned[], sink: Sink): void {
  if (!sink.said.length) return;
  const lines = new Set(sink.said.map((s) => s.line));
  // Mentions by line and SIP code, in order, each taken once.
  const queues = new Map<string, { list: Positioned[]; next: number }>();
  for (const m of found) {
    if (!lines.has(m.line) || m.trace || m.sipCode === null) continue;
    const key = `${m.line}/${m.sipCode}`;
    const q = queues.get(key);
    if (q) q.list.push(m);
    else queues.set(key, { list: [m], next: 0 });
  }
  for (const s of sink.said) {
    const q = queues.get(`${s.line}/${s.sipCode}`);
    const m = q?.list[q.next];
    if (m) {
      m.said = s.said;
      q!.next++;
    }
  }
}
