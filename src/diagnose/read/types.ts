// The shape every reader has: a name, a cheap "is this mine?" test, and a function from text to
// mentions (or, for SIP traces and SBC logs, calls). extract.ts walks them in order.
import type { Mention } from '../types';
import type { SaidAt } from './prose';
import type { SipCall } from './sip-message';

/** A mention and where on its line it was found (for the order of mentions). */
export interface Positioned extends Mention {
  col: number;
  /** A Reason header with only a Q.850 cause, pasted without its response (sip-trace.ts). */
  loneReason?: true;
  /** A SIP code named in words only ("403 Forbidden", "SIP error 488"), with no other code (key-value.ts). */
  inWords?: true;
  /** The status of an HTTP response ("HTTP/1.0 403 Forbidden"): a code only where a Microsoft endpoint answered. */
  http?: true;
}

export interface ReadOptions {
  /** Whether a Microsoft code is in the knowledge base (lets a lone known code count in a log). */
  isKnownMsCode: (code: number) => boolean;
  /** Whether the pair is documented (lets `0 408` count: 0 is a real Microsoft code). */
  isKnownPair: (msCode: number, sipCode: number) => boolean;
  /** Whether words after a lone Microsoft code are its own documented phrase ("7504 Insufficient ... permissions"). */
  namesOwnPhrase?: (msCode: number, words: string) => boolean;
}

/** What the readers of one paste write to. */
export interface Sink {
  mentions: Positioned[];
  /** Calls read from SIP traces and SBC logs (evidence.ts turns their failures into mentions). */
  calls: SipCall[];
  /** Words saying who answered, to attach to the code on their line. */
  said: SaidAt[];
  /** SIP messages or SBC records were read (a trace, not a question: no word search). */
  traced: boolean;
}

/** A whole-text reader (a JSON document, a usage report with its header row). */
export interface DocumentReader {
  readonly name: string;
  test(text: string): boolean;
  /** The mentions, or undefined when the text is not this reader's after all. */
  read(text: string, lines: Lines): { mentions: Mention[]; rows?: number; linesRead?: number } | undefined;
}

/** Where a line is. One object serves the whole walk: readers copy its values, never keep it. */
export interface LineAt {
  /** 1-based line number. */
  readonly line: number;
  /** Offset of the line in the whole text. */
  readonly offset: number;
  /** The line as pasted, trimmed and cut, for excerpts. */
  readonly excerpt: string;
  /** A short paste (a question): bare numbers count as codes. */
  readonly query: boolean;
  /** How many lines of a short paste hold a digit (0 for a long paste): a question about one code has one. */
  readonly numberedLines: number;
  /** The end of the line before (hard-wrapped prose goes on across lines); '' for the first. */
  readonly previousTail: string;
  /** The line `ahead` lines after this one, as pasted; undefined past the end. */
  lineAfter(ahead: number): string | undefined;
  /** The line `back` lines before this one, as pasted; undefined before the first. */
  lineBefore(back: number): string | undefined;
}

/**
 * A reader of lines. One is created per paste (readers may keep state across lines: a SIP message
 * spans lines). `read` returns the line with what it consumed blanked: the next reader does not
 * read it again.
 */
export interface LineReader {
  /** Also shown lines without digits (a SIP message's headers). */
  readonly readsEveryLine?: boolean;
  test(line: string): boolean;
  read(line: string, at: LineAt): string;
  /** After the last line. */
  finish?(): void;
}

export interface LineReaderKind {
  readonly name: string;
  create(sink: Sink, options: ReadOptions): LineReader;
}

/** The paste's lines, found once. */
export interface Lines {
  text: string;
  starts: number[];
  /** Lines that will be read (at most MAX_LINES). */
  count: number;
}

export function lineOf(lines: Lines, i: number): string {
  const start = lines.starts[i]!;
  const end = i + 1 < lines.starts.length ? lines.starts[i + 1]! - 1 : lines.text.length;
  return lines.text.slice(start, end);
}
