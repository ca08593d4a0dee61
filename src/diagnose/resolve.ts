// Turns a mention into a finding: the documented entries that match (exact pair, then the Microsoft
// code alone, then the SIP code alone), best first (rank.ts: the text's context, then the pasted
// phrase's distinctive words), or an honest inferred explanation (generic SIP meaning, Q.850 cause,
// the 560/540 origin rule, who must act from the code's shape, documented codes one typo away).
import type { Kb } from '../kb/load';
import { q850Cause } from '../kb/knowledge/q850';
import { SIP_CALL_ENDED_NORMALLY, sipClassMeaning, sipClassOf, sipCodeInfo, type SipCodeInfo } from '../kb/knowledge/sip-codes';
import { inferFixOn } from '../kb/fix-on';
import { inferOrigin, prefixOf, q850Origin } from '../kb/origin';
import type { KbEntry } from '../kb/types';
import { nearMisses } from './near-miss';
import { rankEntries } from './rank';
import { entriesOfCodesWithSip } from './sip-family';
import type { Diagnosis, Finding, MatchKind, Mention } from './types';
import { applyEvidence } from './evidence';

/** The SIP code a 560xxx or 540xxx code carries in its last three digits (documented for these two). */
export function impliedSipCode(msCode: number | null): number | undefined {
  const p = prefixOf(msCode);
  if ((p !== 560 && p !== 540) || msCode === null) return undefined;
  const sip = msCode % 1000;
  return sip >= 100 && sip <= 699 ? sip : undefined;
}

/** What SIP Doc knows of a SIP code: its table entry, or for an unregistered code its class. */
export function sipInfo(code: number): SipCodeInfo | undefined {
  if (code === 0) return SIP_CALL_ENDED_NORMALLY;
  const known = sipCodeInfo(code);
  if (known) return known;
  const cls = sipClassOf(code);
  if (!cls) return undefined;
  return {
    code,
    reason: 'Not a registered SIP response code',
    rfc: 'RFC 3261',
    cls,
    meaning: sipClassMeaning(cls),
    inTeamsCall: `A code outside the IANA registry: treat it by its class (${Math.floor(code / 100)}xx), and look for the system that sent it (SBC logs first).`,
  };
}

export interface ResolveContext {
  kb: Kb;
  context: Diagnosis['input']['context'];
}

export function resolveMention(m: Mention, { kb, context }: ResolveContext): Omit<Finding, 'count' | 'firstLine' | 'formats'> {
  const notes: string[] = [];
  let sipCode = m.sipCode;
  let sipCodeImplied = false;
  const implied = impliedSipCode(m.msCode);
  if (sipCode === null && implied !== undefined) {
    sipCode = implied;
    sipCodeImplied = true;
  } else if (sipCode !== null && implied !== undefined && implied !== sipCode) {
    notes.push(`The last three digits of ${m.msCode} say the SBC answered SIP ${implied}, but the SIP code given is ${sipCode}.`);
  }

  let match: MatchKind = 'none';
  let entries: readonly KbEntry[] = [];
  if (m.msCode !== null) {
    entries = sipCode !== null ? kb.withPair(m.msCode, sipCode) : [];
    if (entries.length) match = 'pair';
    else {
      entries = kb.withMsCode(m.msCode);
      if (entries.length) {
        match = 'ms-code';
        if (sipCode !== null) {
          const documented = [...new Set(entries.map((e) => e.sipCode))].filter((c) => c !== null).join(', ');
          notes.push(`Microsoft documents ${m.msCode} with SIP ${documented || 'no code'}, not with ${sipCode}: these entries match the Microsoft code only.`);
        }
      }
    }
  } else if (sipCode !== null) {
    // Entries with a Microsoft code; generic rows (a status code and its name, no Microsoft
    // code) only when nothing else has this SIP code: their meaning is already in `sip`.
    const specific = entriesOfCodesWithSip(kb, sipCode);
    entries = specific.length ? specific : kb.withSipCode(sipCode);
    if (entries.length) match = 'sip-code';
  }
  const ranked = rankEntries(kb, entries, m.phrase, context);
  const top = ranked[0];
  if (top?.slip) notes.push(top.slip.note);
  if (m.sipDetail !== undefined) {
    const info = sipInfo(m.sipDetail);
    notes.push(`The record also carries the SBC's or carrier's own SIP code: ${m.sipDetail}${info ? ` ${info.reason}` : ''}.`);
  }
  const entryBacked = (match === 'pair' || match === 'ms-code') && top !== undefined;
  const familyDocumented = m.msCode !== null && kb.hasMsFamily(m.msCode);
  const origin = entryBacked
    ? top.origin
    : m.msCode === null && sipCode === null && m.q850Cause !== null
      ? q850Origin(m.q850Cause)
      : inferOrigin(m.msCode, sipCode, familyDocumented);
  const sip = sipCode !== null ? sipInfo(sipCode) : undefined;
  const q850 = m.q850Cause !== null ? q850Cause(m.q850Cause) : undefined;
  const resolved: Omit<Finding, 'count' | 'firstLine' | 'formats'> = {
    msCode: m.msCode,
    sipCode,
    q850Cause: m.q850Cause,
    sipCodeImplied,
    match,
    known: match !== 'none',
    entries: ranked,
    origin,
    fixOn: entryBacked ? top.fixOn : inferFixOn({ msCode: m.msCode, sipCode, q850Cause: m.q850Cause, origin, familyDocumented }),
    notes,
  };
  const didYouMean = m.msCode !== null && !entryBacked ? nearMisses(kb, m.msCode, sipCode) : [];
  if (didYouMean.length) resolved.didYouMean = didYouMean;
  if (sip) resolved.sip = sip;
  if (q850) resolved.q850 = q850;
  if (m.phrase) resolved.phrase = m.phrase;
  // What a trace, an SBC log or the words around the code show about who answered.
  return m.trace || m.said ? applyEvidence(resolved, m, kb) : resolved;
}
