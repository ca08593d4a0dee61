// Reads codes out of parsed JSON: Graph resultInfo and directRoutingLogRow records, ACS SDK
// callEndReason objects ({code, subCode} and the minified {_code, _subCode}), Call Automation
// ResultInformation (with SipDetails and Q850Details), Call Summary log rows, voice gateways'
// webhooks (sip_status).
import type { Mention } from '../types';
import { cut, excerptOf, quotedResult, tryParseJson } from './text';
import type { DocumentReader, LineReaderKind } from './types';

/** Normalised key names (lower case, no `_`, `-` or spaces). */
const MS_KEYS = new Set([
  'subcode',
  'callendsubreason',
  'callendreasonsubcode',
  // The Teams client's diagnosticsCode: {"callControllerCode":403,"callControllerSubCode":10105}.
  'callcontrollersubcode',
  'participantendsubcode',
  'participantendsubreason',
  'finalmicrosoftsubcode',
  'microsoftsubcode',
  'microsoftresponsecode',
  'mscode',
  'resultsubcode',
]);
const SIP_KEYS = new Set([
  'code',
  'callendreason',
  'callendreasoncode',
  'callcontrollercode',
  'participantendreason',
  'finalsipcode',
  'sipcode',
  'sipresponsecode',
  'sipstatuscode',
  // Voice gateways' and CPaaS webhooks (jambonz, Cognigy: "sip_status"; Telnyx: "sip_hangup_cause").
  'sipstatus',
  'siphangupcause',
  'statuscode',
  'responsecode',
  'resultcode',
]);
const PHRASE_KEYS = new Set(['message', 'finalsipcodephrase', 'finalsipphrase', 'phrase', 'reasonphrase', 'sipreason']);

const normalizeKey = (k: string) => k.toLowerCase().replace(/[\s_-]/g, '');

/**
 * A JSON value as a code: a non-negative integer, or a string of digits. `null`, "undefined" and
 * the like mean "no code"; anything else is `undefined` (not a code at all).
 */
export function codeFromJsonValue(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (v === null) return null;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d{1,9}$/.test(s)) return Number(s);
  if (/^(undefined|null|none|n\/a|)$/i.test(s)) return null;
  return undefined;
}

const MAX_DEPTH = 64;
const MAX_NODES = 2_000_000;
/** The longest string value read as JSON of its own. */
const MAX_INNER_JSON = 1_000_000;

/**
 * A string value that holds JSON of its own: a message queue's "body" ("[{\"type\":
 * \"Microsoft.Communication.PlayFailed\", ...}]"), a log record's serialized payload.
 */
function looksLikeJson(value: string): boolean {
  if (value.length < 2 || value.length > MAX_INNER_JSON) return false;
  const t = value.trim();
  const first = t[0];
  const last = t[t.length - 1];
  return ((first === '{' && last === '}') || (first === '[' && last === ']')) && nestsAtMost(t, MAX_DEPTH);
}

export function mentionsFromJson(root: unknown, line: number): Mention[] {
  const out: Mention[] = [];
  let nodes = 0;
  const walk = (node: unknown, depth: number, under = '') => {
    if (typeof node === 'string') {
      const inner = depth < MAX_DEPTH && looksLikeJson(node) ? tryParseJson(node.trim()) : undefined;
      if (inner?.ok) walk(inner.value, depth + 1, under);
      return;
    }
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH || ++nodes > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1, under);
      return;
    }
    let ms: number | null | undefined;
    let sip: number | null | undefined;
    let q850: number | undefined;
    let sipDetail: number | undefined;
    let phrase: string | undefined;
    // Graph's resultInfo of an operation (playPrompt, recordResponse ...) and Call Automation's
    // resultInformation of an event are its outcome: 200 with subcode 0 is "Action completed
    // successfully", as Call Automation's ResultSubcode 0.
    let actionOutcome = under === 'resultinfo' || under === 'resultinformation';
    /** What a string value holding JSON of its own named: a recorded HTTP response's body. */
    const fromBody: Mention[] = [];
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const k = normalizeKey(key);
      if (value !== null && typeof value === 'object') {
        const inner = value as Record<string, unknown>;
        if (k === 'q850details') q850 = codeFromJsonValue(inner.Code ?? inner.code) ?? undefined;
        else if (k === 'sipdetails') sipDetail = codeFromJsonValue(inner.Code ?? inner.code) ?? undefined;
        else walk(value, depth + 1, k);
        continue;
      }
      if (typeof value === 'string' && looksLikeJson(value)) {
        const from = out.length;
        walk(value, depth + 1, k);
        for (let i = from; i < out.length; i++) fromBody.push(out[i]!);
        continue;
      }
      if (MS_KEYS.has(k)) {
        if (ms === undefined && k === 'resultsubcode') actionOutcome = true;
        ms ??= codeFromJsonValue(value);
      }
      else if (SIP_KEYS.has(k)) sip ??= codeFromJsonValue(value);
      else if (PHRASE_KEYS.has(k) && typeof value === 'string' && value.trim()) phrase ??= cut(value.trim(), 300);
    }
    // The message may quote the result of the operation inside this one: a finding of its own, after the record's.
    const inner = phrase !== undefined ? quotedResult(phrase) : undefined;
    const pushInner = () => {
      if (inner) out.push({ msCode: inner.msCode, sipCode: inner.sipCode, q850Cause: null, phrase, format: 'json', line });
    };
    // A "code" that cannot be a SIP code but has no subcode beside it is a Microsoft code.
    if (typeof sip === 'number' && sip >= 1000 && ms == null) [ms, sip] = [sip, null];
    if (typeof sip === 'number' && sip !== 0 && (sip < 100 || sip > 699)) sip = undefined;
    if (sipDetail !== undefined && (sipDetail < 100 || sipDetail > 699)) sipDetail = undefined;
    if (q850 !== undefined && (q850 < 1 || q850 > 127)) q850 = undefined;
    if (typeof ms !== 'number' && typeof sip !== 'number' && q850 === undefined && sipDetail === undefined) return pushInner();
    // A recorded HTTP response: its status, and its body's error code with no status of its own
    // ("StatusCode": "404", "Body": "{\"error\":{\"code\":\"8522\"}}") are one answer, 8522/404.
    const bodyCodes = fromBody.filter((m) => m.msCode !== null && m.sipCode === null);
    if (typeof sip === 'number' && sip >= 400 && ms === undefined && bodyCodes.length === 1) {
      bodyCodes[0]!.sipCode = sip;
      return pushInner();
    }
    // A JSON:API error object (`"errors": [{"code": "90018", "title": ...}]`, a CPaaS REST API's
    // own error): Microsoft's APIs answer with one `error` object instead.
    if (under === 'errors' && typeof (node as Record<string, unknown>).title === 'string') return;
    // A success with nothing else to say (a 200 with subcode 0, say) is not worth a finding; Call
    // Automation's ResultSubcode 0 ("Action completed successfully") is a completed action, listed as such.
    if (typeof sip === 'number' && sip >= 100 && sip < 300 && !ms && !(ms === 0 && actionOutcome)) return pushInner();
    out.push({
      msCode: typeof ms === 'number' ? ms : null,
      sipCode: typeof sip === 'number' ? sip : (sipDetail ?? null),
      q850Cause: q850 ?? null,
      sipDetail: sipDetail !== undefined && typeof sip === 'number' && sipDetail !== sip ? sipDetail : undefined,
      phrase,
      format: 'json',
      line,
    });
    pushInner();
  };
  walk(root, 0);
  return out;
}

/**
 * Whether brackets nest at most `max` deep (outside strings). Deeper documents are not parsed: the
 * walk below ignores what is deeper anyway, and V8's JSON.parse slows down more than linearly on
 * deep nesting (a megabyte of "[" costs a fifth of a second).
 */
export function nestsAtMost(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return false;
    } else if (c === 125 || c === 93) depth--;
  }
  return true;
}

/** A whole JSON document (a Graph record, an SDK error object, an array of rows). */
export const jsonDocument: DocumentReader = {
  name: 'json-document',
  test: (text) => {
    let i = 0;
    while (i < text.length && (text.charCodeAt(i) <= 32)) i++;
    const c = text.charCodeAt(i);
    return (c === 123 || c === 91) && text.length < 50_000_000;
  },
  read(text, lines) {
    if (!nestsAtMost(text, MAX_DEPTH)) return undefined;
    const json = tryParseJson(text.trim());
    if (!json.ok) return undefined;
    return { mentions: mentionsFromJson(json.value, 1), linesRead: lines.starts.length };
  },
};

/** A JSON line (NDJSON logs, one record per line). */
export const jsonLine: LineReaderKind = {
  name: 'json-line',
  create: (sink) => ({
    test: (line) => {
      const t = line.trim();
      return t.length > 1 && t[0] === '{' && t[t.length - 1] === '}';
    },
    read(line, at) {
      if (!nestsAtMost(line, MAX_DEPTH)) return line;
      const json = tryParseJson(line.trim());
      if (!json.ok) return line;
      const found = mentionsFromJson(json.value, at.line);
      // A record with none of the keys above may still name a SIP code in its text
      // ("message": "Sip non-success response: 477"): the line readers after this one look.
      if (!found.length) return line;
      for (const m of found) sink.mentions.push(Object.assign(m, { col: 0, excerpt: excerptOf(line) }));
      return '';
    },
  }),
};
