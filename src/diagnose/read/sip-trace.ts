// Reads SIP traces and SBC logs into calls: full multi-line traces, traces collapsed onto one line
// (Teams collapses the newlines of a paste), AudioCodes syslog with its #012 line breaks, and the
// framing lines of the formats in trace-framing.ts. Every line of a SIP message it reads (start
// line, headers, SDP body, framing) is consumed: CSeq numbers, byte counts, ports and SDP never
// reach the other readers.
import { addHeader, endHeader, newMessage, parseStart, readReasonList, splitCorrelation, type SipCall, type SipMessage } from './sip-message';
import { blank, cut } from './text';
import { frameOf, mayFrame, packetInfo, type Frame } from './trace-framing';
import type { LineAt, LineReaderKind, Positioned, Sink } from './types';

/** Lines a packet list's rows may be apart and still be one call (a wrapped Info column, a blank line). */
const MAX_ROW_GAP = 3;
/** Messages kept per paste; beyond this a trace is still masked but no longer stored. */
export const MAX_MESSAGES = 100_000;
/** Logical lines one physical line may be split into (a collapsed trace). */
const MAX_SEGMENTS = 200_000;

/** A Reason header, also as prose quotes it ("Reason header: Q.850 ;cause=63 ..."). */
const REASON_QUICK = /reason(?:[ \t]{1,4}header)?[ \t]{0,8}:/i;
/**
 * A Content-Length of 0, then a blank and more on the line that is not another header (ngrep's
 * "Content-Length: 0." ends there; a collapsed trace may have a header the split did not know after it).
 */
const NO_BODY = /^[ \t]{0,8}(?:Content-Length|l)[ \t]{0,4}:[ \t]{0,4}0[ \t]+(?=\S)(?![A-Za-z][\w-]{0,40}[ \t]{0,4}:)/i;
/** An SDP line of a message body. */
const SDP_LINE = /^[ \t]{0,8}[a-z]=/;
/** A packet list's row as it starts: frame number (tshark has none), time, source, destination, protocol. */
const PACKET_ROW = /(?:^|[ \t])((?:\d{1,9}[ \t]{1,12})?-?\d{1,9}\.\d{3,9}[ \t]{1,12}[\w.:[\]-]{1,80}(?:[ \t]{1,4}(?:->|\u2192)[ \t]{1,4}|[ \t]{1,12})[\w.:[\]-]{1,80}[ \t]{1,12}SIP\b)/g;
/** A packet list's Info column: a collapsed list holds more than one. */
const PACKET_INFO = /[ \t]SIP(?:\/SDP)?[ \t].{0,80}?(?:Request|Status): /;
/** Where a header or a start line begins inside a collapsed message, or where it ends: a code fence closes the pasted block. */
const BOUNDARY = new RegExp(
  String.raw`[ \t](?=(?:Via|From|To|Call-ID|CSeq|Contact|Max-Forwards|Record-Route|Route|Reason|Server|User-Agent|Allow|Allow-Events|Supported|Require|Content-Type|Content-Length|Session-Expires|Min-SE|P-Asserted-Identity|P-Preferred-Identity|Privacy|Diversion|History-Info|Referred-By|Refer-To|Event|Expires|Accept|Date|Timestamp|Warning|X-MS-[A-Za-z-]{1,30}|WWW-Authenticate|Proxy-Authenticate|Authorization|Cisco-Guid|Remote-Party-ID|Organization|Sent|Received|Reason[ \t]{1,4}header)[ \t]{0,4}:[ \t])|[ \t](?=SIP\/2\.0[ \t]{1,8}\d{3}\b)|[ \t](?=Message Header\b)|[ \t](?=\x60{3})|[ \t](?=(?:INVITE|ACK|BYE|CANCEL|OPTIONS|UPDATE|REFER|NOTIFY|PRACK|INFO|MESSAGE|SUBSCRIBE|REGISTER)[ \t]{1,8}sips?:)`,
  'gi',
);
/** AudioCodes' session id, on each syslog line of a session. */
const AUDIOCODES_SID = /\[SID=([0-9a-fA-F]{1,12}:\d{1,6}:\d{1,12})\]/;
const LF_MARK = '#012';

/**
 * The rows of a packet list collapsed onto one line, or undefined when the line holds one row or none.
 * The regex consumes a row's start, so the time inside a row never starts another.
 */
function packetRows(part: string): string[] | undefined {
  if (part.length < 120 || !PACKET_INFO.test(part)) return undefined;
  const starts: number[] = [];
  for (const m of part.matchAll(PACKET_ROW)) {
    if (starts.length >= MAX_SEGMENTS) break;
    starts.push(m.index + m[0].length - m[1]!.length);
  }
  if (starts.length < 2) return undefined;
  const before = part.slice(0, starts[0]);
  const rows = starts.map((at, i) => part.slice(at, starts[i + 1]).trimEnd());
  return before.trim() ? [before, ...rows] : rows;
}

/** Splits a physical line into the logical lines of the messages it holds. */
function segments(line: string): string[] {
  const parts = line.includes(LF_MARK) ? line.split(LF_MARK) : [line];
  const out: string[] = [];
  for (const part of parts) {
    const rows = packetRows(part);
    if (rows) {
      out.push(...rows);
      continue;
    }
    // A part with a start line and more after it is a collapsed message: split it at the header names.
    if (part.length < 60 || !(part.includes('SIP/2.0') || REASON_QUICK.test(part))) {
      out.push(part);
      continue;
    }
    // Pieces that are only blanks come from the split, not from the trace: they end nothing.
    let last = 0;
    for (const m of part.matchAll(BOUNDARY)) {
      if (out.length >= MAX_SEGMENTS) break;
      const piece = part.slice(last, m.index);
      if (piece.trim()) out.push(piece);
      last = m.index + 1;
    }
    out.push(part.slice(last));
  }
  return out;
}

class TraceReader {
  readonly readsEveryLine = true;
  private msg?: SipMessage;
  private phase: 'headers' | 'body' = 'headers';
  private frame?: Frame;
  private frameAge = 0;
  private readonly calls = new Map<string, SipCall>();
  private stored = 0;
  private anonymous = 0;
  private anonymousCall?: SipCall;

  constructor(private readonly sink: Sink) {}

  test(line: string): boolean {
    return this.msg !== undefined || this.frame !== undefined || line.includes('SIP/2.0') || mayFrame(line) || REASON_QUICK.test(line);
  }

  read(line: string, at: LineAt): string {
    const session = line.includes('[SID=') ? AUDIOCODES_SID.exec(line)?.[1] : undefined;
    const segs = segments(line);
    if (segs.length === 1) return this.feed(line, at, 0, session);
    const kept: string[] = [];
    let col = 0;
    for (const s of segs) {
      const rest = this.feed(s, at, col, session);
      if (rest) kept.push(rest);
      col += s.length + 1;
    }
    return kept.join(' ');
  }

  /** Reads one logical line; returns what was not part of a message ('' when all of it was). */
  private feed(text: string, at: LineAt, col: number, session: string | undefined): string {
    const frame = frameOf(text);
    if (frame?.format === 'packet-list') return this.packetRow(frame, text, at, col);
    if (frame) {
      this.close();
      if (session) frame.session = session;
      this.frame = frame;
      this.frameAge = 0;
      const rest = text.slice(frame.end);
      if (parseStart(rest)) this.feed(rest, at, col + frame.end, session);
      // Words before the framing line (a collapsed paste: the question, then the log) are not the log's.
      const before = text.slice(0, frame.start);
      return before.trim() ? before : '';
    }
    const start = parseStart(text);
    if (start) {
      this.close();
      const f = this.frame && this.frameAge <= 3 ? this.frame : undefined;
      this.msg = newMessage(start, text.slice(start.at), at.line, col + start.at, f);
      this.sink.traced = true;
      if (!this.msg.session && session) this.msg.session = session;
      this.frame = undefined;
      this.phase = 'headers';
      // A status line's phrase runs to the end of its logical line; a header may follow on it
      // when the trace was collapsed without the boundary being found (odd spacing).
      return '';
    }
    if (this.frame && ++this.frameAge > 3) this.frame = undefined;
    const msg = this.msg;
    if (!msg) {
      // A Reason header pasted alone (no start line before it); the words before it stay for the
      // other readers ("Then a 486 Busy Here with Reason: Q.850;cause=17").
      if (REASON_QUICK.test(text)) {
        const span = this.loneReason(text, at, col);
        return span ? text.slice(0, span.from) + blank(text.slice(span.from, span.to)) + text.slice(span.to) : text;
      }
      return text;
    }
    const t = text.trim();
    if (this.phase === 'headers') {
      // Wireshark's text export names the header block before it.
      if (t === 'Message Header') return '';
      if (t === '' || t === '.') {
        endHeader(msg);
        this.phase = 'body';
        return '';
      }
      // "Content-Length: 0" ends a message with no body: on a collapsed paste, what follows it on
      // the line is no longer the message (the words after the trace, or the next record).
      const empty = NO_BODY.exec(text);
      if (empty) {
        addHeader(msg, empty[0]);
        this.close();
        return this.feed(text.slice(empty[0].length), at, col + empty[0].length, session);
      }
      if (addHeader(msg, text)) return '';
      if (SDP_LINE.test(text)) {
        endHeader(msg);
        this.phase = 'body';
        return '';
      }
      this.close();
      return text;
    }
    if (t === '' || SDP_LINE.test(text)) return '';
    this.close();
    return text;
  }

  /**
   * A packet list's row: one message, its start line in the Info column. What the Info column says
   * beyond a request or a status is left for the other readers.
   */
  private packetRow(frame: Frame, text: string, at: LineAt, col: number): string {
    this.close();
    const info = text.slice(frame.end);
    const start = packetInfo(info);
    if (!start) return info;
    this.msg = newMessage(start, info.slice(0, start.end), at.line, col + frame.end, frame);
    this.sink.traced = true;
    this.close();
    return '';
  }

  /**
   * A Reason header pasted alone (no start line before it). A SIP cause of 1xx or 2xx (`SIP;cause=200;
   * text="Call completed elsewhere"`: the fork another endpoint answered) is no failure and goes
   * with no code. A Q.850 cause alone is marked as such: extract.ts gives it to the SIP code the
   * paste names before it. Returns where the header starts and where its reasons end (words after
   * them, as on a collapsed paste, are left for the other readers), or undefined when it holds no reason.
   */
  private loneReason(text: string, at: LineAt, col: number): { from: number; to: number } | undefined {
    const i = text.search(REASON_QUICK);
    const colon = text.indexOf(':', i);
    const { reasons, end } = readReasonList(text.slice(colon + 1));
    if (!reasons.length) return undefined;
    for (const r of reasons) {
      if (r.proto === 'SIP' && r.cause < 300) continue;
      const m: Positioned = {
        msCode: null,
        sipCode: r.proto === 'SIP' ? r.cause : null,
        q850Cause: r.proto === 'Q.850' ? r.cause : null,
        phrase: r.text,
        format: 'sip',
        line: at.line,
        col: col + i,
        excerpt: at.excerpt,
      };
      if (r.proto === 'Q.850') m.loneReason = true;
      // Microsoft's SIP proxy writes its correlation id before the phrase: the header is Microsoft's.
      const split = r.text ? splitCorrelation(r.text) : undefined;
      if (split?.id) {
        m.trace = {
          sender: 'microsoft',
          quote: cut(text.slice(i).trim(), 300),
          because: "Microsoft's SIP proxy writes its correlation id before the phrase in its Reason text",
          reasonText: split.phrase,
          flow: [],
        };
      }
      this.sink.mentions.push(m);
    }
    return { from: i, to: colon + 1 + end };
  }

  /** Ends the current message and files it under its call. */
  private close(): void {
    const msg = this.msg;
    this.msg = undefined;
    if (msg) endHeader(msg);
    if (!msg || this.stored >= MAX_MESSAGES) return;
    this.stored++;
    // A message without a Call-ID belongs with the other Call-ID-less messages of its line (a
    // request and its answer pasted together), else it is a call of its own (a log of status lines).
    // A response after a final one on the line is another answer ("I get SIP/2.0 401 Unauthorized
    // and when I dial SIP/2.0 407 Proxy Authentication Required").
    if (!msg.callId) {
      // A packet list's rows show no Call-ID: rows next to each other are one call's messages.
      const last = this.anonymousCall?.messages[this.anonymousCall.messages.length - 1];
      const listed = (m: SipMessage) => m.frame?.format === 'packet-list';
      const answered = last?.kind === 'response' && last.code! >= 200 && msg.kind === 'response';
      if (last && ((last.line === msg.line && !answered) || (listed(msg) && listed(last) && msg.line - last.line <= MAX_ROW_GAP))) {
        this.anonymousCall!.messages.push(msg);
      } else {
        this.anonymousCall = { key: `#${this.anonymous++}`, messages: [msg] };
        this.sink.calls.push(this.anonymousCall);
      }
      return;
    }
    const key = msg.callId.toLowerCase();
    let call = this.calls.get(key);
    if (!call) {
      call = { key, callId: msg.callId, messages: [] };
      this.calls.set(key, call);
      this.sink.calls.push(call);
    }
    call.messages.push(msg);
  }

  finish(): void {
    this.close();
  }
}

export const sipTrace: LineReaderKind = {
  name: 'sip-trace',
  create: (sink) => new TraceReader(sink),
};

/** The patterns above, for the static ReDoS check. */
export const TRACE_PATTERNS: readonly RegExp[] = [REASON_QUICK, NO_BODY, SDP_LINE, BOUNDARY, AUDIOCODES_SID, PACKET_ROW, PACKET_INFO];

