// SIP messages as a trace shows them: start line, the headers that say who sent the message and
// why it failed, and the framing line the log wrote around it. All patterns are bounded.
import { cut, isQ850, isSip } from './text';
import type { Frame } from './trace-framing';

export interface Reason {
  proto: 'Q.850' | 'SIP';
  cause: number;
  text?: string;
}

export interface SipMessage {
  kind: 'request' | 'response';
  /** INVITE, BYE, ... for a request. */
  method?: string;
  requestUri?: string;
  /** The status code of a response. */
  code?: number;
  phrase?: string;
  /** The start line as pasted (cut). */
  start: string;
  line: number;
  col: number;
  callId?: string;
  cseq?: { n: number; method: string };
  /**
   * The kept headers by lower-case name, first occurrence only (Via keeps the top one): the value
   * (cut) and the line as pasted, for quoting ("Server: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3").
   */
  headers: Partial<Record<string, { value: string; quote: string }>>;
  reasons: Reason[];
  frame?: Frame;
  /** The SBC's own session id (AudioCodes SID). */
  session?: string;
  /** The header being read: kept until the next line shows it does not go on (a folded or wrapped value). */
  pending?: { name: string; value: string; quote: string };
}

export interface SipCall {
  key: string;
  callId?: string;
  messages: SipMessage[];
}

const METHODS = 'INVITE|ACK|BYE|CANCEL|OPTIONS|UPDATE|REFER|NOTIFY|PRACK|INFO|MESSAGE|SUBSCRIBE|REGISTER|PUBLISH';

/** A status line anywhere in a line ("SIP/2.0 403 Forbidden", "Status-Line: SIP/2.0 403 Forbidden"). */
export const SIP_STATUS = /SIP\/2\.0[ \t]{1,8}(\d{3})(?!\d)[ \t]{0,8}/;
/** A request line anywhere in a line. */
export const SIP_REQUEST = new RegExp(String.raw`\b(${METHODS})[ \t]{1,8}(sips?:[^\s]{1,300}|tel:[^\s]{1,100})[ \t]{1,8}SIP\/2\.0\b`);
/** A header line: name, colon, value. */
export const HEADER = /^[ \t]{0,200}([A-Za-z][A-Za-z0-9-]{0,40})[ \t]{0,8}:[ \t]{0,8}(.{0,2000})/;
/** One value of a Reason header, read where the previous one ended (sticky). */
const REASON_VALUE = /[\s,]{0,16}(Q\.850|SIP)[ \t]{0,8};[ \t]{0,8}cause[ \t]{0,8}=[ \t]{0,8}(\d{1,4})(?!\d)(?:[ \t]{0,8};[ \t]{0,8}text[ \t]{0,8}=[ \t]{0,8}(?:"([^"\n]{0,300})"|([^;,\s"]{1,100})))?/iy;

/** Compact header forms (RFC 3261 section 7.3.3). */
const COMPACT: Record<string, string> = { i: 'call-id', f: 'from', t: 'to', v: 'via', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported' };
/** Headers worth keeping: who sent it, which call, why it failed. */
const KEPT = new Set(['call-id', 'cseq', 'from', 'to', 'via', 'contact', 'record-route', 'server', 'user-agent', 'reason', 'p-asserted-identity', 'x-ms-sbc']);

const VALUE_CHARS = 300;

/** A message's start line: a request's method and URI, or a response's code and phrase; where it is on its line. */
export interface StartLine {
  kind: 'request' | 'response';
  at: number;
  end: number;
  code?: number;
  method?: string;
  uri?: string;
  phrase?: string;
}

export function parseStart(line: string): StartLine | undefined {
  const r = SIP_REQUEST.exec(line);
  const s = SIP_STATUS.exec(line);
  // The earlier of the two is the start line (a request line ends with SIP/2.0 too).
  if (r && (!s || r.index <= s.index)) return { kind: 'request', at: r.index, end: r.index + r[0].length, method: r[1], uri: r[2] };
  if (s) {
    const code = Number(s[1]);
    if (!isSip(code)) return undefined;
    const end = s.index + s[0].length;
    return { kind: 'response', at: s.index, end, code, phrase: line.slice(end, end + 200).trim() };
  }
  return undefined;
}

export function newMessage(start: StartLine, text: string, line: number, col: number, frame?: Frame): SipMessage {
  return {
    kind: start.kind,
    method: start.method,
    requestUri: start.uri,
    code: start.code,
    phrase: start.phrase,
    start: cut(text.trim(), VALUE_CHARS),
    line,
    col,
    headers: {},
    reasons: [],
    frame,
    session: frame?.session,
  };
}

/**
 * A value that cannot end there: empty ("FROM:" with the URI on the next line, as pages wrap a
 * trace), ending in a separator, or a Via with its transport and no host ("VIA: SIP/2.0/TLS").
 */
const UNFINISHED = /^$|[;,:=]$|^SIP\/2\.0\/[A-Za-z]{2,4}$/i;
/** A folded line (RFC 3261 section 7.3.1): it starts with a blank. */
const FOLDED = /^[ \t]/;
/** An SDP line: the body has begun, whatever its indentation. */
const BODY_LINE = /^[ \t]{0,8}[a-z]=/;
/**
 * The markup round a message in a file (a SIPp scenario's "]]>", "</send>", "<recv ..."): it
 * continues no header. A URI in angle brackets ("<sip:alice@...>") is a wrapped value, not markup.
 */
const MARKUP_LINE = /^[ \t]{0,40}(?:\]\]>|<\/[A-Za-z][\w:-]{0,30}>|<!\[CDATA\[|<(?:send|recv|pause|nop|label|scenario)(?![\w:]))/;

/**
 * Adds a header line to a message; returns false when the line is not a header. A line that is
 * not a header continues the one before it when that one is folded (the line starts with a blank)
 * or unfinished.
 */
export function addHeader(msg: SipMessage, line: string): boolean {
  const h = HEADER.exec(line);
  const p = msg.pending;
  if (!h || (p && UNFINISHED.test(p.value) && !KNOWN_NAME.test(line))) {
    if (!p || !(UNFINISHED.test(p.value) || FOLDED.test(line)) || !line.trim() || BODY_LINE.test(line) || MARKUP_LINE.test(line)) return false;
    p.value = cut(`${p.value} ${line.trim()}`.trim(), VALUE_CHARS);
    p.quote = cut(`${p.quote} ${line.trim()}`, VALUE_CHARS);
    return true;
  }
  endHeader(msg);
  const raw = h[1]!.toLowerCase();
  msg.pending = { name: COMPACT[raw] ?? raw, value: cut(h[2]!.trim(), VALUE_CHARS), quote: cut(line.trim(), VALUE_CHARS) };
  return true;
}

/** Header names a wrapped value never starts with: a line that starts with one is a header of its own. */
const KNOWN_NAME = /^[ \t]{0,8}(?:Via|From|To|Call-ID|CSeq|Contact|Max-Forwards|Record-Route|Route|Reason|Server|User-Agent|Allow|Supported|Require|Content-Type|Content-Length|Session-Expires|P-Asserted-Identity|X-MS-[A-Za-z-]{1,30}|[ftvimlck])[ \t]{0,8}:/i;

/** Files the header being read (call at the end of the headers, or when the message ends). */
export function endHeader(msg: SipMessage): void {
  const p = msg.pending;
  if (!p) return;
  msg.pending = undefined;
  const name = p.name;
  if (!KEPT.has(name)) return;
  const value = p.value;
  if (name === 'reason') {
    for (const r of readReasons(value)) msg.reasons.push(r);
    msg.headers.reason ??= { value, quote: p.quote };
    return;
  }
  if (msg.headers[name]) return;
  msg.headers[name] = { value, quote: p.quote };
  if (name === 'call-id') msg.callId = value.split(/\s/)[0];
  if (name === 'cseq') {
    const c = /^(\d{1,10})[ \t]{1,8}([A-Za-z]{2,12})/.exec(value);
    if (c) msg.cseq = { n: Number(c[1]), method: c[2]!.toUpperCase() };
  }
}

export const header = (msg: SipMessage, name: string): string | undefined => msg.headers[name]?.value;
export const quoteOf = (msg: SipMessage, name: string): string => msg.headers[name]?.quote ?? msg.start;

/** The valid values of a Reason header ("Q.850;cause=1;text=...", "SIP;cause=503"). */
export function readReasons(value: string): Reason[] {
  return readReasonList(value).reasons;
}

/** The reasons of a Reason header's value, and where the last of them ends in it. */
export function readReasonList(value: string): { reasons: Reason[]; end: number } {
  const reasons: Reason[] = [];
  let end = 0;
  for (;;) {
    REASON_VALUE.lastIndex = end;
    const v = REASON_VALUE.exec(value);
    if (!v) break;
    end = REASON_VALUE.lastIndex;
    const proto = v[1]!.toUpperCase() === 'SIP' ? 'SIP' : 'Q.850';
    const cause = Number(v[2]);
    if (proto === 'SIP' ? isSip(cause) : isQ850(cause)) reasons.push({ proto, cause, text: v[3] ?? v[4] });
  }
  return { reasons, end };
}

const GUID_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[ \t]{0,4};[ \t]{0,4}/i;

/**
 * Microsoft's SIP proxy writes its correlation id before the phrase:
 * `text="0a1b2c3d-...;Getting user info by number from RuntimeAPI failed."`.
 */
export function splitCorrelation(text: string): { id?: string; phrase: string } {
  const m = GUID_PREFIX.exec(text);
  return m ? { id: m[0].replace(/[ \t;]/g, ''), phrase: text.slice(m[0].length).trim() } : { phrase: text.trim() };
}

const URI_SCHEME = /sips?:/i;
const HOST_START = /^(?:\[([0-9a-fA-F:.]{2,45})\]|([\w.-]{1,120}))/;

/** The host a URI or header value names ("<sip:+1425@sbc1.contoso.com:5061;user=phone>" -> sbc1.contoso.com). */
export function uriHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const s = URI_SCHEME.exec(value);
  if (!s) return undefined;
  // The URI runs to the first blank, '>' or ';'; the host follows its last '@', if any.
  let rest = value.slice(s.index + s[0].length, s.index + s[0].length + 300);
  const stop = rest.search(/[\s>;]/);
  if (stop >= 0) rest = rest.slice(0, stop);
  const at = rest.lastIndexOf('@');
  const h = HOST_START.exec(at >= 0 ? rest.slice(at + 1) : rest);
  return h ? (h[1] ?? h[2]) : undefined;
}

/** The sent-by host of a Via value ("SIP/2.0/TLS 52.114.14.70:5061;branch=..."). */
export function viaHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /SIP\/2\.0\/[A-Za-z]{2,4}[ \t]{1,8}(\[[0-9a-fA-F:.]{2,45}\]|[\w.-]{1,120})/i.exec(value);
  return m?.[1]?.replace(/^\[|\]$/g, '');
}

/** The patterns above, for the static ReDoS check. */
export const MESSAGE_PATTERNS: readonly RegExp[] = [SIP_STATUS, SIP_REQUEST, HEADER, REASON_VALUE, GUID_PREFIX, URI_SCHEME, HOST_START, UNFINISHED, FOLDED, BODY_LINE, MARKUP_LINE, KNOWN_NAME];
