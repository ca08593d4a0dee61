// What diagnose() returns. Plain data: the bot, the message extension and the CLI all render it.
import type { Catalog, FixOn, KbEntry, Origin } from '../kb/types';
import type { Q850Cause } from '../kb/knowledge/q850';
import type { SipCodeInfo } from '../kb/knowledge/sip-codes';

/** The shape of text a code was read from. */
export type MentionFormat =
  | 'pair' // "510559 403", "403/510559", "403 with subcode 510559"
  | 'single' // "560403", "403"
  | 'key-value' // CallEndSubReason=510559, subCode: 510559, "code": 403
  | 'json' // a JSON document or JSON line, read structurally
  | 'diag-code' // DiagCode: 480#10076
  | 'csv' // a PSTN / Direct Routing usage report row
  | 'sip' // a SIP trace or SBC log: the final response of a call, or a Reason header
  | 'cdr'; // an SBC call detail record (AudioCodes CALL_END)

/** One place in the text where codes were found. */
export interface Mention {
  msCode: number | null;
  sipCode: number | null;
  /** An ITU-T Q.850 cause (from `Reason: Q.850;cause=N` or Q850Details). Never a Microsoft code. */
  q850Cause: number | null;
  /** The SBC's or carrier's own SIP code, when a record carries one beside its result code (SipDetails). */
  sipDetail?: number;
  /** A reason phrase pasted next to the codes, used to pick among documented variants. */
  phrase?: string;
  format: MentionFormat;
  /** 1-based line of the text. */
  line: number;
  /** The line the codes were read from, trimmed (not for whole JSON documents or CSV rows). */
  excerpt?: string;
  /** What a SIP trace or SBC log shows about who sent the response (src/diagnose/evidence.ts). */
  trace?: TraceEvidence;
  /** Who the pasted words say answered ("the SBC returns 504"). */
  said?: ProseEvidence;
}

/** Who sent a SIP message, as far as a trace shows: Microsoft, the SBC, or the peer on the SBC's other leg. */
export type TraceSender = 'microsoft' | 'sbc' | 'peer' | 'unknown';

/** One message of a call flow: who sent what to whom. */
export interface FlowRow {
  from: string;
  to: string;
  /** The method or the status ("INVITE", "503 Service Unavailable"). */
  what: string;
  /** The final response the finding is about. */
  final?: boolean;
  line: number;
}

export interface TraceEvidence {
  sender: TraceSender;
  /** The header or line that shows who sent it, as pasted. */
  quote: string;
  /** Why that line identifies the sender. */
  because: string;
  /** The request the response answers, and who sent it. */
  request?: { method: string; sender: TraceSender };
  /** Microsoft's Reason header text, without its leading correlation id. */
  reasonText?: string;
  /** The SBC passed on a final response it received on its other leg (from the carrier or a PBX). */
  relayedFrom?: { peer: string; quote: string };
  /** The leg's far end as the log names it (an address or a host). */
  peer?: string;
  /** `teams`: the leg between the SBC and Microsoft; `other`: a leg between the SBC and the carrier or a PBX. */
  leg?: 'teams' | 'other';
  /** The SBC's session id, shared by the legs of one call (AudioCodes SID / SessionId). */
  session?: string;
  callId?: string;
  flow: FlowRow[];
}

export interface ProseEvidence {
  side: 'sbc' | 'microsoft' | 'carrier';
  /** The words, as pasted. */
  quote: string;
}

/** The Microsoft code Teams would log for what a trace shows. Never a pasted code. */
export interface Equivalent {
  msCode: number;
  sipCode: number;
  /** `rule`: a documented rule gives it (560 + the SBC's SIP code); `reason-text`: Microsoft's Reason header carries the entry's documented phrase. */
  basis: 'rule' | 'reason-text';
  reason: string;
}

/** How precisely the knowledge base matched. */
export type MatchKind =
  | 'pair' // Microsoft code and SIP code both match an entry (a row that lists a code alone matches it pasted alone)
  | 'ms-code' // the Microsoft code is documented, with a different (or no) SIP code
  | 'sip-code' // only a SIP code was given; entries are the documented pairs with it
  | 'none'; // nothing in Microsoft's tables: the explanation is inferred

export interface Finding {
  msCode: number | null;
  sipCode: number | null;
  q850Cause: number | null;
  /** The SIP code was not pasted but read from the Microsoft code (560403 -> 403). */
  sipCodeImplied: boolean;
  match: MatchKind;
  /** At least one Microsoft entry backs this finding (match is not 'none'). */
  known: boolean;
  /** Documented entries, best first (phrase match, then catalog). */
  entries: KbEntry[];
  /** Who generated the final response. */
  origin: Origin;
  /** Who must act to fix it (read first by a support engineer). */
  fixOn: FixOn;
  /** What the codes mean in general, from SIP Doc's own tables (always given when the codes are known to it). */
  sip?: SipCodeInfo;
  q850?: Q850Cause;
  /** Sentences worth showing: a mismatch between codes, a slip in the source, ... */
  notes: string[];
  /** Documented codes one typo away, when the Microsoft code pasted is not in the tables. */
  didYouMean?: DidYouMean[];
  /** How often this finding occurs in the text, and where first. */
  count: number;
  firstLine: number;
  phrase?: string;
  /** The pasted line of the first occurrence, when there is one. */
  excerpt?: string;
  formats: MentionFormat[];
  /** The Microsoft code Teams would log for this call, read from a trace (msCode stays what was pasted). */
  equivalent?: Equivalent;
  /** The failed call's messages, from a trace. */
  flow?: FlowRow[];
}

/** A documented code one typo away from the one pasted. */
export interface DidYouMean {
  msCode: number;
  sipCode: number | null;
  phrase: string;
  entryId: string;
  /** One digit changed, or two neighbouring digits swapped. */
  how: 'digit' | 'swap';
}

export interface SearchHit {
  entry: KbEntry;
  score: number;
}

export interface PairCount {
  msCode: number | null;
  sipCode: number | null;
  q850Cause: number | null;
  phrase: string;
  side: Origin['side'];
  count: number;
}

/** Given when a paste holds many mentions (a log or a report). */
export interface Summary {
  mentions: number;
  distinct: number;
  byPair: PairCount[];
  bySide: Array<{ side: Origin['side']; count: number }>;
}

export interface Diagnosis {
  input: {
    chars: number;
    lines: number;
    /** Lines actually read (a huge paste is cut at MAX_LINES). */
    linesRead: number;
    truncated: boolean;
    /** Whether the text reads like Azure Communication Services rather than Teams Direct Routing. */
    context: 'teams' | 'acs' | 'unknown';
    /** CSV report rows read, when the paste was a report. */
    csvRows?: number;
  };
  findings: Finding[];
  summary?: Summary;
  /** Ranked KB entries for the words of the text, when no code was found. */
  search: SearchHit[];
}

export const CATALOG_PRIORITY: readonly Catalog[] = [
  'teams-direct-routing',
  'acs-pstn',
  'acs-call-end',
  'acs-calling-sdk',
  'acs-call-automation',
  'acs-sms',
  'acs-chat',
  'graph-call-end',
];
