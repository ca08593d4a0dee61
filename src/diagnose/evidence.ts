// Evidence from SBC-side material: who sent what to whom in a call read from a SIP trace or SBC
// log, the final response of a failed call and its sender; and, at resolve time, what that
// evidence decides: the origin (basis `trace`), the Microsoft code Teams would log for it (an
// equivalent, never a pasted code), the entry whose phrase Microsoft's Reason text carries, and
// who must act. Prose that says who answered ("the SBC returns 504") is weaker evidence (basis `prose`).
import type { Kb } from '../kb/load';
import { fixOnFromOrigin } from '../kb/fix-on';
import { sipCodeInfo } from '../kb/knowledge/sip-codes';
import { prefixOf } from '../kb/origin';
import type { FixOn, KbEntry, Origin } from '../kb/types';
import { hostOf, microsoftAddress, microsoftAgentIn, isMicrosoftSipHost, microsoftSubnetOf } from './microsoft';
import { header, quoteOf, splitCorrelation, uriHost, viaHost, type SipCall, type SipMessage } from './read/sip-message';
import type { Frame } from './read/trace-framing';
import { cut, isQ850 } from './read/text';
import type { Positioned } from './read/types';
import type { Finding, FlowRow, Mention, TraceEvidence, TraceSender } from './types';

// --- reading a call ----------------------------------------------------------------------------

interface Said {
  who: TraceSender;
  quote: string;
  because: string;
}

const isMicrosoftHostOrIp = (host: string | undefined) => !!host && (isMicrosoftSipHost(host) || !!microsoftSubnetOf(host));

/** Does anything in the message name Microsoft's side? */
function namesMicrosoft(msg: SipMessage): boolean {
  const f = msg.frame;
  if (f && ((f.from && microsoftAddress(f.from)) || (f.to && microsoftAddress(f.to)))) return true;
  if (microsoftAgentIn(header(msg, 'server') ?? '') || microsoftAgentIn(header(msg, 'user-agent') ?? '')) return true;
  if (isMicrosoftHostOrIp(viaHost(header(msg, 'via'))) || isMicrosoftHostOrIp(uriHost(msg.requestUri))) return true;
  for (const h of ['from', 'to', 'contact', 'record-route']) if (isMicrosoftHostOrIp(uriHost(header(msg, h)))) return true;
  return false;
}

/** A capture's framing (Wireshark, tshark, sngrep): both addresses, and no side that logged it. */
const isCapture = (f: Frame) => f.from !== undefined && f.to !== undefined && f.dir === undefined;

/** Who sent the message, from what the message itself shows (strongest first). */
function senderOf(msg: SipMessage, teams: boolean): Said | undefined {
  // 1. The agent header: Microsoft's SIP proxy names itself; any other value is a vendor's (the SBC side).
  const agentName = msg.kind === 'response' ? 'server' : 'user-agent';
  const agent = header(msg, agentName);
  if (agent) {
    const quote = quoteOf(msg, agentName);
    const ms = microsoftAgentIn(agent);
    if (ms) return { who: 'microsoft', quote, because: `${ms} is the ${agentName === 'server' ? 'Server' : 'User-Agent'} string of Microsoft's Direct Routing SIP proxy` };
    // A vendor's agent string is the SBC's side; on a leg without Microsoft, the log's direction tells whose.
    const peerSide = !teams && msg.frame?.dir === 'in';
    return { who: peerSide ? 'peer' : 'sbc', quote, because: `the ${agentName === 'server' ? 'Server' : 'User-Agent'} header names a vendor's product, not Microsoft's SIP proxy` };
  }
  // 2. The log's own framing line: where it came from, where it went.
  const f = msg.frame;
  if (f) {
    const from = f.from ? microsoftAddress(f.from) : undefined;
    if (from) return { who: 'microsoft', quote: f.quote, because: `it came from ${from.what}` };
    const to = f.to ? microsoftAddress(f.to) : undefined;
    if (to) return { who: 'sbc', quote: f.quote, because: `it was sent to ${to.what}` };
    if (f.dir === 'out') return { who: 'sbc', quote: f.quote, because: "the SBC's own log says it sent this message" };
    // A capture between two addresses, neither Microsoft's, is no SBC's own log: it does not say whose side each is.
    if (isCapture(f) && !teams) return { who: 'unknown', quote: f.quote, because: `a capture shows it went from ${hostOf(f.from!)} to ${hostOf(f.to!)}` };
    if (f.dir === 'in' || f.from) return { who: teams ? 'unknown' : 'peer', quote: f.quote, because: `it came from ${hostOf(f.from ?? '') ?? 'the other side'}, on the SBC's other leg` };
  }
  // 3. Microsoft's SIP proxy writes its correlation id before the phrase in its Reason text.
  for (const r of msg.reasons) {
    if (r.text && splitCorrelation(r.text).id) {
      return { who: 'microsoft', quote: quoteOf(msg, 'reason'), because: "Microsoft's SIP proxy writes its correlation id before the phrase in its Reason text" };
    }
  }
  // 4. Via and the URIs: a request's top Via is its sender; a response goes back to it.
  const via = viaHost(header(msg, 'via'));
  const viaMs = isMicrosoftHostOrIp(via);
  const fromMs = isMicrosoftHostOrIp(uriHost(header(msg, 'from')));
  const toMs = isMicrosoftHostOrIp(uriHost(header(msg, 'to')));
  if (msg.kind === 'request') {
    if (viaMs) return { who: 'microsoft', quote: quoteOf(msg, 'via'), because: `its top Via (${via}) is Microsoft's` };
    if (isMicrosoftHostOrIp(uriHost(msg.requestUri))) return { who: 'sbc', quote: msg.start, because: 'it is addressed to Microsoft' };
    if (fromMs && !toMs) return { who: 'microsoft', quote: quoteOf(msg, 'from'), because: "its From names Microsoft's SIP proxy" };
    if (toMs && !fromMs) return { who: 'sbc', quote: quoteOf(msg, 'to'), because: 'it is addressed to Microsoft' };
  } else {
    if (via && viaMs) return { who: 'sbc', quote: quoteOf(msg, 'via'), because: `it answers a request Microsoft sent (top Via ${via})` };
    if (via && teams && !fromMs && toMs) return { who: 'microsoft', quote: quoteOf(msg, 'to'), because: 'it answers a request the SBC sent to Microsoft' };
    if (via && teams && fromMs && !toMs) return { who: 'sbc', quote: quoteOf(msg, 'from'), because: 'it answers a request Microsoft sent' };
  }
  return undefined;
}

const opposite = (who: TraceSender, teams: boolean): TraceSender =>
  who === 'microsoft' ? 'sbc' : who === 'sbc' ? (teams ? 'microsoft' : 'peer') : who === 'peer' ? 'sbc' : 'unknown';

/** For each response, the index of the request it answers: the last one before it with the same CSeq. */
function requestIndexes(call: SipCall): number[] {
  const last = new Map<string, number>();
  let lastAny = -1;
  return call.messages.map((m, i) => {
    if (m.kind === 'request') {
      if (m.cseq) last.set(`${m.cseq.n}/${m.cseq.method}`, i);
      lastAny = i;
      return -1;
    }
    return m.cseq ? (last.get(`${m.cseq.n}/${m.cseq.method}`) ?? -1) : lastAny;
  });
}

interface ReadCall {
  call: SipCall;
  teams: boolean;
  senders: Array<Said | undefined>;
  /** For each response, the index of its request (-1: none). */
  requests: number[];
}

function readCall(call: SipCall): ReadCall {
  const teams = call.messages.some(namesMicrosoft);
  const senders = call.messages.map((m) => senderOf(m, teams));
  const requests = requestIndexes(call);
  // A response whose sender is not shown goes the other way from its request.
  call.messages.forEach((m, i) => {
    if (senders[i] || m.kind !== 'response' || requests[i]! < 0) return;
    const rs = senders[requests[i]!];
    if (rs && rs.who !== 'unknown') senders[i] = { who: opposite(rs.who, teams), quote: rs.quote, because: `it answers the ${call.messages[requests[i]!]!.method} that ${labelOf(rs.who)} sent` };
  });
  return { call, teams, senders, requests };
}

function labelOf(who: TraceSender, peer?: string): string {
  return who === 'microsoft' ? 'Microsoft' : who === 'sbc' ? 'SBC' : who === 'peer' ? (peer ?? 'Peer') : '?';
}

const peerOf = (msg: SipMessage) => hostOf(msg.frame?.from ?? msg.frame?.to ?? '');

/** The final failure of a call: the last failed response to its INVITE (or to anything else when there is no INVITE). */
function finalFailure(call: SipCall): number {
  let fail = -1;
  call.messages.forEach((m, i) => {
    if (m.kind === 'request' && m.method === 'INVITE' && fail >= 0) {
      const f = call.messages[fail]!;
      // A new INVITE after an authentication challenge or a redirect: that answer was not final.
      if (f.code === 401 || f.code === 407 || (f.code! >= 300 && f.code! < 400)) fail = -1;
    }
    if (m.kind !== 'response') return;
    // A fork answered after another failed: the call was answered.
    if (m.code! >= 200 && m.code! < 300 && (m.cseq?.method ?? 'INVITE') === 'INVITE') fail = -1;
    if (m.code! < 300) return;
    const prev = fail >= 0 ? call.messages[fail]! : undefined;
    if (prev?.cseq?.method === 'INVITE' && m.cseq && m.cseq.method !== 'INVITE') return;
    fail = i;
  });
  return fail;
}

const FLOW_ROWS = 16;

function flowRow(rc: ReadCall, i: number, finalIndex: number): FlowRow {
  const m = rc.call.messages[i]!;
  const who = rc.senders[i]?.who ?? 'unknown';
  const peer = peerOf(m);
  // Outside a Teams call a capture's rows go between addresses, as it shows them.
  const capture = m.frame && isCapture(m.frame) && !rc.teams ? m.frame : undefined;
  const address = (a: string) => hostOf(a) ?? a;
  return {
    from: capture ? address(capture.from!) : labelOf(who, peer),
    to: capture ? address(capture.to!) : who === 'unknown' ? '?' : labelOf(opposite(who, rc.teams), peer),
    what: m.kind === 'request' ? m.method! : `${m.code}${m.phrase ? ` ${cut(m.phrase.trim(), 40)}` : ''}`,
    ...(i === finalIndex ? { final: true } : {}),
    line: m.line,
  };
}

/** The call's messages as rows; a long dialog keeps its start, its end and the final response. */
function flowOf(rc: ReadCall, finalIndex: number): FlowRow[] {
  const n = rc.call.messages.length;
  if (n <= FLOW_ROWS) return rc.call.messages.map((_, i) => flowRow(rc, i, finalIndex));
  const tailFrom = n - (FLOW_ROWS - 7);
  const head = [0, 1, 2, 3, 4, 5].map((i) => flowRow(rc, i, finalIndex));
  const tail: FlowRow[] = [];
  for (let i = tailFrom; i < n; i++) tail.push(flowRow(rc, i, finalIndex));
  if (finalIndex >= 6 && finalIndex < tailFrom) tail.splice(0, 1, flowRow(rc, finalIndex, finalIndex));
  return [...head, { from: '…', to: '…', what: `${n - head.length - tail.length} more`, line: rc.call.messages[6]!.line }, ...tail];
}

interface Failure {
  rc: ReadCall;
  index: number;
  mention: Positioned & { trace: TraceEvidence };
}

function failureMention(rc: ReadCall, index: number): Failure['mention'] {
  const msg = rc.call.messages[index]!;
  const said = rc.senders[index];
  const reqIndex = msg.kind === 'response' ? rc.requests[index]! : -1;
  const req = reqIndex >= 0 ? rc.call.messages[reqIndex] : undefined;
  const reqSaid = reqIndex >= 0 ? rc.senders[reqIndex] : undefined;
  const q850 = msg.reasons.find((r) => r.proto === 'Q.850')?.cause;
  const sipCause = msg.reasons.find((r) => r.proto === 'SIP')?.cause;
  const text = msg.reasons.find((r) => r.text)?.text;
  const reasonText = text ? splitCorrelation(text).phrase : undefined;
  const trace: TraceEvidence = {
    sender: said?.who ?? 'unknown',
    quote: said?.quote ?? msg.start,
    because: said?.because ?? 'the trace does not show who sent it',
    flow: flowOf(rc, index),
  };
  if (req) trace.request = { method: req.method!, sender: reqSaid?.who ?? 'unknown' };
  if (reasonText) trace.reasonText = reasonText;
  if (rc.call.callId) trace.callId = rc.call.callId;
  const peer = peerOf(msg);
  if (peer) trace.peer = peer;
  const sipCode = msg.kind === 'response' ? msg.code! : sipCause !== undefined && sipCause >= 300 ? sipCause : null;
  return {
    msCode: null,
    sipCode,
    q850Cause: q850 !== undefined && isQ850(q850) && !(msg.kind === 'request' && q850 === 16) ? q850 : null,
    phrase: [msg.phrase, reasonText].filter(Boolean).join('; ') || undefined,
    format: 'sip',
    line: msg.line,
    col: msg.col,
    excerpt: msg.start,
    trace,
  };
}

/**
 * An authentication challenge whose retry the paste shows no answer to (the INVITE sent again with
 * credentials, then only "100 Trying"): the last thing known to have failed, so it is listed, as a
 * challenge is in any other paste. A retry that was answered leaves nothing failed.
 */
function unansweredChallenge(call: SipCall): number {
  let challenge = -1;
  call.messages.forEach((m, i) => {
    if (m.kind !== 'response') return;
    if (m.code === 401 || m.code === 407) challenge = i;
    else if (m.code! >= 200 && m.code! < 300) challenge = -1;
  });
  return challenge;
}

/** A BYE or CANCEL that says why (normal clearing, cause 16, is not worth a finding). */
function endsWithReason(msg: SipMessage): boolean {
  if (msg.kind !== 'request' || (msg.method !== 'BYE' && msg.method !== 'CANCEL')) return false;
  return msg.reasons.some((r) => (r.proto === 'Q.850' ? r.cause !== 16 : r.cause >= 300));
}

/** Each call as a flow, with who sent each message and the line that shows it. */
export function describeCalls(calls: readonly SipCall[]): Array<{ callId?: string; teams: boolean; flow: FlowRow[]; senders: Array<{ who: TraceSender; quote: string } | undefined> }> {
  return calls.map((call) => {
    const rc = readCall(call);
    return { callId: call.callId, teams: rc.teams, flow: flowOf(rc, finalFailure(call)), senders: rc.senders.map((s) => s && { who: s.who, quote: s.quote }) };
  });
}

/** The failures of the calls a trace holds, one per call, with their evidence. */
export function failuresOf(calls: readonly SipCall[]): Positioned[] {
  const out: Positioned[] = [];
  for (const call of calls) {
    const rc = readCall(call);
    let index = finalFailure(call);
    if (index < 0) index = call.messages.findIndex(endsWithReason);
    if (index < 0) index = unansweredChallenge(call);
    if (index < 0) continue;
    const failures: Array<[number, number]> = isPacketList(call) ? distinctFailures(call, index) : [[index, index]];
    for (const [i, first] of failures) {
      const m = failureMention(rc, i);
      // Listed where its code first appears, as every other finding is.
      if (first !== i) [m.line, m.col] = [call.messages[first]!.line, call.messages[first]!.col];
      m.trace.leg = rc.teams ? 'teams' : 'other';
      const session = call.messages[i]!.session;
      if (session) m.trace.session = session.split(':').pop();
      out.push(m);
    }
  }
  return out;
}

/** A packet list's rows: no Call-ID, so they may be several dialogs and transactions (a REGISTER, then an INVITE). */
const isPacketList = (call: SipCall) => call.callId === undefined && call.messages[0]?.frame?.format === 'packet-list';

/**
 * Each distinct failure code of a packet list: the response that stands for it (the final failure
 * for its own code, else the first) and where the code first appears.
 */
function distinctFailures(call: SipCall, final: number): Array<[number, number]> {
  const finalCode = call.messages[final]!.code;
  const seen = new Set<number>();
  const out: Array<[number, number]> = [];
  call.messages.forEach((m, i) => {
    if (m.kind !== 'response' || m.code! < 300 || seen.has(m.code!)) return;
    seen.add(m.code!);
    out.push([m.code === finalCode ? final : i, i]);
  });
  return out.length ? out : [[final, final]];
}

/**
 * Where a paste holds a Teams leg, the SBC's other leg (to the carrier or a PBX) is no finding of
 * its own when it failed with the same code in the same session: it is the same failure passed on.
 * When the SBC received it from the peer and passed it on to Microsoft, that is shown as such.
 */
export function foldLegs(mentions: Positioned[]): Positioned[] {
  // Teams legs by code and session ('' for a leg without one).
  const teams = new Map<string, Positioned>();
  for (const m of mentions) {
    if (m.trace?.leg !== 'teams') continue;
    const bySession = `${m.sipCode}/${m.trace.session ?? ''}`;
    if (!teams.has(bySession)) teams.set(bySession, m);
    if (!teams.has(`${m.sipCode}/`)) teams.set(`${m.sipCode}/`, m);
  }
  if (!teams.size) return mentions;
  const out: Positioned[] = [];
  for (const m of mentions) {
    const t = m.trace;
    if (!t || t.leg !== 'other') {
      out.push(m);
      continue;
    }
    const leg = (t.session ? teams.get(`${m.sipCode}/${t.session}`) : undefined) ?? teams.get(`${m.sipCode}/`);
    if (!leg || (t.session && leg.trace!.session && leg.trace!.session !== t.session)) {
      out.push(m);
      continue;
    }
    const lt = leg.trace!;
    if (t.sender === 'peer' && lt.sender === 'sbc' && !lt.relayedFrom) lt.relayedFrom = { peer: t.peer ?? 'the other leg', quote: t.quote };
  }
  return out;
}

// --- what the evidence decides (called by resolve.ts) -----------------------------------------

type Resolved = Omit<Finding, 'count' | 'firstLine' | 'formats'>;

const NOT_A_FAILURE = new Set([486, 487, 600, 603]);

/** Lower case, single spaces, no trailing full stop: "Getting user info ... failed." -> "getting user info ... failed". */
function normalizePhrase(s: string): string {
  const t = s.toLowerCase().replace(/\s+/g, ' ').trim();
  let end = t.length;
  while (end > 0 && (t[end - 1] === '.' || t[end - 1] === ' ')) end--;
  return t.slice(0, end);
}

const phraseIndex = new WeakMap<Kb, Array<{ phrase: string; entry: KbEntry }>>();

/** Entries whose phrase is distinctive enough to identify a code (not a SIP code's generic name). */
function distinctivePhrases(kb: Kb): Array<{ phrase: string; entry: KbEntry }> {
  let list = phraseIndex.get(kb);
  if (!list) {
    list = [];
    for (const e of kb.entries) {
      if (e.msCode === null || e.sipCode === null) continue;
      const phrase = normalizePhrase(e.phrase);
      const generic = normalizePhrase(sipCodeInfo(e.sipCode)?.reason ?? '');
      if (phrase.length < 12 || phrase === generic || !phrase.includes(' ')) continue;
      list.push({ phrase, entry: e });
    }
    phraseIndex.set(kb, list);
  }
  return list;
}

/** The documented entry whose phrase Microsoft's Reason text carries: word for word, or contained in it. */
export function entryByReasonText(kb: Kb, text: string, sipCode: number | null): KbEntry | undefined {
  const t = normalizePhrase(text);
  if (t.length < 12) return undefined;
  const list = distinctivePhrases(kb);
  const rank = (e: KbEntry) => (e.sipCode === sipCode ? 0 : 2) + (e.catalog === 'teams-direct-routing' ? 0 : 1);
  const exact = list.filter((x) => x.phrase === t).map((x) => x.entry);
  const pool = exact.length ? exact : list.filter((x) => t.includes(x.phrase)).map((x) => x.entry);
  return pool.sort((a, b) => rank(a) - rank(b))[0];
}

const side = (who: TraceSender): Origin['side'] | undefined => (who === 'microsoft' ? 'microsoft' : who === 'sbc' || who === 'peer' ? 'sbc' : undefined);

/** Applies a trace's or the prose's evidence to a resolved mention. */
export function applyEvidence(r: Resolved, m: Mention, kb: Kb): Resolved {
  if (m.trace) return applyTrace(r, m, m.trace, kb);
  if (m.said && r.origin.side === 'unknown' && r.origin.basis === 'inferred') {
    const s = m.said;
    r.origin = {
      side: s.side === 'microsoft' ? 'microsoft' : 'sbc',
      basis: 'prose',
      reason: `Your words say so: “${s.quote}”. Taken as who answered; a SIP trace (the Server header of the final response) would show it for certain.`,
    };
    r.fixOn =
      s.side === 'carrier'
        ? { party: 'carrier', basis: 'inferred', rule: 'prose-side', reason: r.origin.reason }
        : { ...fixOnFromOrigin(r.origin, 'inferred'), rule: 'prose-side' };
  }
  return r;
}

function applyTrace(r: Resolved, m: Mention, t: TraceEvidence, kb: Kb): Resolved {
  r.flow = t.flow;
  const s = side(t.sender);
  if (!s) return r;
  const who = t.sender === 'microsoft' ? "Microsoft's SIP proxy" : t.sender === 'peer' ? "the peer on the SBC's other leg (the carrier or a PBX)" : 'the SBC';
  r.origin = { side: s, basis: 'trace', reason: `${who[0]!.toUpperCase()}${who.slice(1)} sent this: ${t.because}. From your trace: “${t.quote}”` };
  const sip = r.sipCode;
  const oldSlip = r.entries[0]?.slip?.note;
  const setEntries = (entries: readonly KbEntry[]) => {
    if (oldSlip) r.notes = r.notes.filter((n) => n !== oldSlip);
    r.entries = [...entries];
    r.match = entries.length ? (r.match === 'none' ? 'sip-code' : r.match) : 'none';
    r.known = entries.length > 0;
    const slip = entries[0]?.slip?.note;
    if (slip && !r.notes.includes(slip)) r.notes.push(slip);
  };
  if (t.sender === 'microsoft') {
    const entry = t.reasonText ? entryByReasonText(kb, t.reasonText, sip) : undefined;
    if (m.q850Cause !== null) {
      r.notes.push(`The Q.850 cause ${m.q850Cause} is in Microsoft's own Reason header: Microsoft's mapping of its answer, not a cause reported by the carrier.`);
    }
    if (entry && entry.msCode !== null && entry.sipCode !== null) {
      r.equivalent = {
        msCode: entry.msCode,
        sipCode: entry.sipCode,
        basis: 'reason-text',
        reason: `Microsoft's Reason header carries the documented phrase of ${entry.msCode}/${entry.sipCode}: “${entry.phrase}”.`,
      };
      const variants = kb.withPair(entry.msCode, entry.sipCode);
      setEntries([entry, ...variants.filter((e) => e !== entry)]);
      r.match = 'pair';
      r.fixOn = entry.fixOn;
      if (entry.sipCode !== sip && sip !== null) r.notes.push(`Microsoft documents that phrase with SIP ${entry.sipCode}; the trace shows ${sip}.`);
      return r;
    }
    // The SBC's own codes (560xxx: the SBC answered) are not what happened here.
    if (r.match === 'sip-code') setEntries(r.entries.filter((e) => prefixOf(e.msCode) !== 560));
    r.fixOn = {
      party: 'unknown',
      basis: 'trace',
      rule: 'trace-microsoft-answered',
      reason: "Microsoft generated this response and its Reason header carries no documented phrase: the call's Microsoft code (the PSTN usage report's Final Microsoft subcode) tells why.",
    };
    return r;
  }
  // The SBC (or what is behind it) answered.
  if (sip !== null && t.sender === 'sbc' && t.request?.method === 'INVITE' && t.request.sender === 'microsoft' && sip >= 300) {
    const ms = 560_000 + sip;
    r.equivalent = {
      msCode: ms,
      sipCode: sip,
      basis: 'rule',
      reason: `The SBC answered Microsoft's INVITE with ${sip}: Teams logs such a call with ${ms} (a 560 code's last three digits are the SBC's own SIP response), per the Teams Direct Routing docs.`,
    };
    const entries = kb.withPair(ms, sip);
    if (entries.length) {
      setEntries(entries);
      r.match = 'pair';
    }
  }
  // Microsoft's own codes are not what happened when the SBC (or what is behind it) answered.
  if (r.match === 'sip-code') setEntries(r.entries.filter((e) => e.origin.side === 'sbc'));
  if (t.relayedFrom) r.notes.push(`The SBC passed on the response it received from ${t.relayedFrom.peer}: “${t.relayedFrom.quote}”.`);
  r.fixOn = traceFixOn(t, sip);
  return r;
}

function traceFixOn(t: TraceEvidence, sip: number | null): FixOn {
  if (sip !== null && NOT_A_FAILURE.has(sip)) {
    return { party: 'none', basis: 'trace', rule: 'trace-normal-outcome', reason: `SIP ${sip} is the called party's or the caller's own outcome (busy, declined, cancelled), passed on by the SBC: nothing to fix.` };
  }
  if (t.relayedFrom || t.sender === 'peer') {
    const peer = t.relayedFrom?.peer ?? 'the peer';
    return { party: 'carrier', basis: 'trace', rule: 'trace-relayed-from-peer', reason: `The SBC passed on the answer it received from ${peer} (the carrier or a PBX behind the SBC): start there.` };
  }
  return {
    party: 'sbc',
    basis: 'trace',
    rule: 'trace-sbc-answered',
    reason: "The SBC generated this response: check its configuration, and in its log the call's other leg, for an answer it passed on.",
  };
}
