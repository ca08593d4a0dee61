// Turns a mention into a finding: the documented entries that match (exact pair, then the phrase
// among variants, then the Microsoft code alone, then the SIP code alone), or an honest inferred
// explanation (generic SIP meaning, Q.850 cause, the 560/540 origin rule).
import type { Kb } from '../kb/load';
import { tokenize } from '../kb/load';
import { q850Cause } from '../kb/knowledge/q850';
import { sipClassMeaning, sipClassOf, sipCodeInfo, type SipCodeInfo } from '../kb/knowledge/sip-codes';
import { isFeatured } from '../kb/featured';
import { fixOnFromOrigin } from '../kb/fix-on';
import { inferOrigin, prefixOf } from '../kb/origin';
import { applyEvidence } from './evidence';
import type { Catalog, KbEntry, Origin } from '../kb/types';
import { CATALOG_PRIORITY, type Diagnosis, type Finding, type MatchKind, type Mention } from './types';

/** The SIP code a 560xxx or 540xxx code carries in its last three digits (documented for these two). */
export function impliedSipCode(msCode: number | null): number | undefined {
  const p = prefixOf(msCode);
  if ((p !== 560 && p !== 540) || msCode === null) return undefined;
  const sip = msCode % 1000;
  return sip >= 100 && sip <= 699 ? sip : undefined;
}

/** Share of the entry's phrase words that the pasted words contain (0..1). */
export function phraseScore(pasted: ReadonlySet<string>, entryWords: ReadonlySet<string>): number {
  if (pasted.size === 0 || entryWords.size === 0) return 0;
  let hit = 0;
  for (const w of entryWords) if (pasted.has(w)) hit++;
  return hit / entryWords.size;
}

const Q850_ORIGIN: Origin = {
  side: 'sbc',
  basis: 'inferred',
  reason: 'A Q.850 cause comes from the telephone network (the carrier or the PSTN gateway) and reaches Teams through the SBC: start with the SBC and the carrier.',
};

const ACS_CATALOGS = new Set<Catalog>(['acs-pstn', 'acs-call-end', 'acs-calling-sdk', 'acs-call-automation', 'acs-chat', 'acs-sms']);

function rank(kb: Kb, entries: readonly KbEntry[], phrase: string | undefined, context: Diagnosis['input']['context']): KbEntry[] {
  if (entries.length <= 1) return [...entries];
  const pasted = new Set(phrase ? tokenize(phrase) : []);
  const catalogRank = (e: KbEntry) => {
    const base = CATALOG_PRIORITY.indexOf(e.catalog);
    if (context === 'acs') return ACS_CATALOGS.has(e.catalog) ? base - 10 : base;
    return base;
  };
  return entries
    .map((e, i) => ({ e, i, p: phraseScore(pasted, kb.phraseTokens(e)), f: isFeatured(e.msCode, e.sipCode) ? 0 : 1 }))
    .sort((a, b) => b.p - a.p || catalogRank(a.e) - catalogRank(b.e) || a.f - b.f || a.i - b.i)
    .map((x) => x.e);
}

/** What SIP Doc knows of a SIP code: its table entry, or for an unregistered code its class. */
export function sipInfo(code: number): SipCodeInfo | undefined {
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
    const all = kb.withSipCode(sipCode);
    const specific = all.filter((e) => e.msCode !== null);
    entries = specific.length ? specific : all;
    if (entries.length) match = 'sip-code';
  }
  const ranked = rank(kb, entries, m.phrase, context);
  const top = ranked[0];
  if (top?.slip) notes.push(top.slip.note);
  if (m.sipDetail !== undefined) {
    const info = sipInfo(m.sipDetail);
    notes.push(`The record also carries the SBC's or carrier's own SIP code: ${m.sipDetail}${info ? ` ${info.reason}` : ''}.`);
  }
  const origin =
    (match === 'pair' || match === 'ms-code') && top
      ? top.origin
      : m.msCode === null && sipCode === null && m.q850Cause !== null
        ? Q850_ORIGIN
        : inferOrigin(m.msCode, sipCode);
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
    fixOn: (match === 'pair' || match === 'ms-code') && top ? top.fixOn : fixOnFromOrigin(origin, 'inferred'),
    notes,
  };
  if (sip) resolved.sip = sip;
  if (q850) resolved.q850 = q850;
  if (m.phrase) resolved.phrase = m.phrase;
  // What a trace, an SBC log or the words around the code show about who answered.
  return m.trace || m.said ? applyEvidence(resolved, m, kb) : resolved;
}
