// Turns a mention into a finding: the documented entries that match (exact pair, then the Microsoft
// code alone, then the SIP code alone), best first (rank.ts: the text's context, then the pasted
// phrase's distinctive words), or an honest inferred explanation (generic SIP meaning, Q.850 cause,
// the 560/540 origin rule, who must act from the code's shape, documented codes one typo away).
import type { Kb } from '../kb/load';
import { q850Cause } from '../kb/knowledge/q850';
import { SIP_CALL_ENDED_NORMALLY, sipClassMeaning, sipClassOf, sipCodeInfo, type SipCodeInfo } from '../kb/knowledge/sip-codes';
import { fixOnFromOrigin, inferFixOn } from '../kb/fix-on';
import { acsEntryOrigin, inferOrigin, isFailureStatus, isServiceSubcode, isSuccessStatus, prefixOf, q850Origin, type CallingService } from '../kb/origin';
import { CATALOG_LABELS, type Catalog, type FixOn, type KbEntry, type Origin, type Party } from '../kb/types';
import { nearMisses } from './near-miss';
import { rankEntries } from './rank';
import { entriesOfCodesWithSip, teamsAnswersOf } from './sip-family';
import type { Diagnosis, Finding, MatchKind, Mention } from './types';
import { applyEvidence } from './evidence';
import type { WordsOrigin } from './words';

/** The SIP code a 560xxx or 540xxx code carries in its last three digits (documented for these two). */
export function impliedSipCode(msCode: number | null): number | undefined {
  const p = prefixOf(msCode);
  if ((p !== 560 && p !== 540) || msCode === null) return undefined;
  const sip = msCode % 1000;
  return sip >= 100 && sip <= 699 ? sip : undefined;
}

/** The one SIP code every entry of a Microsoft code documents it with, if there is one. */
function documentedSipCodeOf(kb: Kb, msCode: number): number | undefined {
  const codes = new Set(kb.withMsCode(msCode).map((e) => e.sipCode));
  const [only] = codes;
  return codes.size === 1 && only !== null && only !== undefined ? only : undefined;
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
  /** The paste is Microsoft Graph calling (resultInfo, commsNotification, DiagCode): its codes are Graph call end reasons. */
  graph?: boolean;
  /** The paste shows the ACS Calling SDK in a client (CallAgent, DeviceManager, ...): its error table comes first. */
  sdk?: boolean;
  /** The paste is an ACS Call Automation event or its result (resultInformation, AddParticipantFailed, ...): its table comes first. */
  automation?: boolean;
  /** The Call Automation success event the paste gives, when it names no failed one (context.ts succeededEvent). */
  succeeded?: string;
  /** The one ACS result category the paste gives ("resultCategories": ["ExpectedError"]), for a code no table lists. */
  resultCategory?: string;
}

/**
 * An ACS failure no table lists, pasted with its result category: the category says who it came
 * from, read as for the documented SDK errors (acsEntryOrigin), marked as read from the paste.
 */
function pastedCategoryOrigin(
  category: string | undefined,
  msCode: number | null,
  sipCode: number | null,
  service: CallingService | undefined,
  why = "Not in Microsoft's tables, but your paste gives its result category",
): Origin | undefined {
  if (!category || service !== 'acs' || !isServiceSubcode(msCode) || sipCode === null || sipCode < 400) return undefined;
  const o = acsEntryOrigin('acs-calling-sdk', msCode, sipCode, category);
  if (o.basis !== 'entry' || o.side === 'none') return undefined;
  return { ...o, basis: 'inferred', reason: `${why}: ${o.reason.replace(/^The result category is /, '')}` };
}

/** The calling service whose code + subcode scheme the mention comes in, as far as the paste shows. */
export function serviceOf(m: Mention, { context, graph }: ResolveContext): CallingService | undefined {
  if (graph || (m.format === 'diag-code' && context !== 'acs')) return 'graph';
  return context === 'acs' ? 'acs' : undefined;
}


const PARTY_WORDS: Record<Party, string> = {
  sbc: 'the SBC',
  tenant: "the tenant's Teams configuration",
  carrier: 'the carrier',
  client: 'the client',
  microsoft: 'Microsoft',
  none: 'nowhere (not a failure)',
  unknown: 'an unknown place',
};

/** Fewer Teams codes than this with one SIP code say too little to read a lone SIP code by. */
const MIN_TEAMS_CODES = 3;

/**
 * A lone SIP code in a Teams Direct Routing paste, when every code the Teams pages document with
 * it has the same origin and the same party to act (504: nine codes, all Microsoft failing to
 * reach the SBC): the likeliest reading, marked inferred.
 */
function teamsFamilyAnswer(kb: Kb, sipCode: number): { origin: Origin; fixOn: FixOn } | undefined {
  const a = teamsAnswersOf(kb, sipCode);
  if (a.codes.length < MIN_TEAMS_CODES || !a.side || !a.party || a.side === 'unknown') return undefined;
  const codes = a.codes.length > 5 ? `${a.codes.slice(0, 5).join(', ')}, …` : a.codes.join(', ');
  const who = { sbc: "the customer's SBC", microsoft: 'Microsoft', client: 'the client', none: 'not a failure', unknown: '' }[a.side];
  const reason = `No Microsoft code was given. The Teams Direct Routing pages document ${a.codes.length} codes with SIP ${sipCode} (${codes}), and in every one the response comes from ${who}: most likely this one too. The call's Microsoft code (the usage report's Final Microsoft subcode) or the SBC's trace says for certain.`;
  const source = kb.withPair(a.codes[0]!, sipCode).find((e) => e.catalog === 'teams-direct-routing');
  return {
    origin: { side: a.side, basis: 'inferred', reason, ...(source?.origin.ruleUrl ? { ruleUrl: source.origin.ruleUrl } : {}) },
    fixOn: {
      party: a.party,
      basis: 'inferred',
      rule: 'code-sip-teams-family',
      reason: `Every code the Teams pages document with SIP ${sipCode} is fixed in the same place, ${PARTY_WORDS[a.party]}; the call's Microsoft code says which of them it is, and so what to change.`,
    },
  };
}

/** The row of a catalog that lists a code alone, with no Microsoft code (Call Automation's "404 Not Found"). */
const codeAloneIn = (kb: Kb, catalog: Catalog, sipCode: number): KbEntry | undefined => kb.withSipCode(sipCode).find((e) => e.catalog === catalog && e.msCode === null);

/**
 * The ACS row that lists the code alone, for a pair no ACS table has: in the paste's own table
 * first (the SDK's, Call Automation's), then in the call end codes.
 */
function acsCodeAlone(kb: Kb, sipCode: number, prefer: Catalog | undefined): KbEntry | undefined {
  if (kb.withPair(0, sipCode).some((e) => e.catalog.startsWith('acs-'))) return undefined;
  const catalogs: Catalog[] = prefer?.startsWith('acs-') ? [prefer, 'acs-call-end'] : ['acs-call-end', 'acs-calling-sdk'];
  for (const c of catalogs) {
    const row = codeAloneIn(kb, c, sipCode);
    if (row) return row;
  }
  return undefined;
}

/**
 * `message`: the Calling SDK entry whose message the code's line holds, for a lone code in an SDK
 * paste (sdk-message.ts): the SDK gives its message with its code, so the message names the entry.
 */
export function resolveMention(m: Mention, rc: ResolveContext, words?: WordsOrigin, message?: KbEntry): Omit<Finding, 'count' | 'firstLine' | 'formats'> {
  const { kb, context } = rc;
  const service = serviceOf(m, rc);
  const notes: string[] = [];
  let sipCode = m.sipCode;
  let sipCodeImplied = false;
  const byDigits = impliedSipCode(m.msCode);
  const documented = byDigits !== undefined ? documentedSipCodeOf(kb, m.msCode!) : undefined;
  // The last three digits, unless the code's own entries give another SIP code (540200: 487, not 200).
  const implied = documented !== undefined && documented !== byDigits ? documented : byDigits;
  if (sipCode === null && implied !== undefined) {
    sipCode = implied;
    sipCodeImplied = true;
    if (implied !== byDigits) notes.push(`Microsoft documents ${m.msCode} with SIP ${implied}, so that is its SIP code (its last three digits would say ${byDigits}).`);
  } else if (sipCode !== null && implied !== undefined && implied !== sipCode) {
    notes.push(`The last three digits of ${m.msCode} say the SBC answered SIP ${implied}, but the SIP code given is ${sipCode}.`);
  }

  let match: MatchKind = 'none';
  let entries: readonly KbEntry[] = [];
  const prefer: Catalog | undefined = service === 'graph' ? 'graph-call-end' : rc.sdk ? 'acs-calling-sdk' : rc.automation ? 'acs-call-automation' : undefined;
  // ACS gives subcode 0 for none ("callEndReason.code = 408, subcode = 0"): where no ACS table has
  // the pair, its row that lists the code alone ("408 | x | Call controller timed out") is the one.
  const acsAlone = m.msCode === 0 && sipCode !== null && context === 'acs' ? acsCodeAlone(kb, sipCode, prefer) : undefined;
  if (acsAlone) {
    entries = [acsAlone];
    match = 'pair';
  } else if (m.msCode !== null) {
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
  }
  // The row of the paste's own service that lists the code alone (Call Automation's "404 Not Found");
  // in an ACS paste of no one service, the ACS row that lists a code pasted alone (the call end
  // table's "410 | x | Local media stack or media infrastructure error").
  let alone: KbEntry | undefined;
  if (sipCode !== null && prefer) alone = codeAloneIn(kb, prefer, sipCode);
  else if (sipCode !== null && m.msCode === null && context === 'acs') alone = acsCodeAlone(kb, sipCode, undefined);
  if (m.msCode === null && sipCode !== null) {
    // The code pasted alone, as that row lists it: an exact match, as a pair is. Otherwise entries
    // with a Microsoft code; generic rows (a status code and its name, no Microsoft code) only when
    // nothing else has this SIP code: their meaning is already in `sip`.
    const specific = alone ? [] : entriesOfCodesWithSip(kb, sipCode);
    entries = alone ? [alone] : specific.length ? specific : kb.withSipCode(sipCode);
    if (entries.length) match = alone ? 'pair' : 'sip-code';
  }
  const ranked = rankEntries(kb, entries, m.phrase, context, prefer);
  // A Microsoft code no table lists (5234 / 487 in a Call Automation event): the row that lists its
  // code alone ("487 Canceled") says what the code means.
  if (alone && !ranked.length && m.msCode !== null) {
    ranked.push(alone);
    notes.push(`${m.msCode} is not in Microsoft's tables; the ${CATALOG_LABELS[prefer!]} table lists code ${sipCode} alone: “${alone.phrase}”.`);
  }
  // The SDK's message on the code's line names the entry: it leads, and says who answered.
  const byMessage = message !== undefined && match === 'sip-code' && ranked.includes(message) ? message : undefined;
  if (byMessage) {
    ranked.splice(ranked.indexOf(byMessage), 1);
    ranked.unshift(byMessage);
    notes.push(
      `Your text gives the Calling SDK's message for ${byMessage.msCode} / ${byMessage.sipCode} (“${firstSentence(byMessage.phrase)}”) without its subcode: this is that error, the only one the SDK's table documents with these words and code ${byMessage.sipCode}.`,
    );
  }
  const top = ranked[0];
  if (top?.slip) notes.push(top.slip.note);
  if (m.sipDetail !== undefined) {
    const info = sipInfo(m.sipDetail);
    notes.push(`The record also carries the SBC's or carrier's own SIP code: ${m.sipDetail}${info ? ` ${info.reason}` : ''}.`);
  }
  // A Graph or ACS subcode documented only with another code, where the pasted code says the
  // opposite outcome (500 / 7000: Graph lists 7000 only as a normal end with code 200; 200 / 8515:
  // a completed action the tables list without a code): the pasted code decides.
  const outcomeDiffers =
    match === 'ms-code' &&
    top !== undefined &&
    sipCode !== null &&
    (isServiceSubcode(m.msCode) || m.msCode === 0) &&
    (isSuccessStatus(sipCode) ? top.origin.side !== 'none' : isFailureStatus(sipCode) && top.origin.side === 'none');
  // A failure the tables do not describe: no entry backs it (the normal end they document is said in a note).
  const undocumentedFailure = outcomeDiffers && sipCode !== null && !isSuccessStatus(sipCode);
  if (outcomeDiffers && sipCode !== null) {
    notes.push(
      isSuccessStatus(sipCode)
        ? `Code ${sipCode} is a success: ${m.msCode} says how the operation or call ended, not that it failed.`
        : `Microsoft documents ${m.msCode} only as a normal end (“${top!.phrase}”, code ${top!.sipCode ?? 'none'}); with code ${sipCode} it is a failure the tables do not describe.`,
    );
  }
  if (undocumentedFailure) {
    match = 'none';
    ranked.length = 0;
    // Nothing is listed as matching the Microsoft code only: the note above says what it documents.
    notes.splice(0, notes.length, ...notes.filter((n) => !n.endsWith('these entries match the Microsoft code only.')));
  }
  const entryBacked = ((match === 'pair' || match === 'ms-code') && top !== undefined && !outcomeDiffers) || (byMessage !== undefined && top === byMessage);
  const familyDocumented = m.msCode !== null && kb.hasMsFamily(m.msCode);
  // Not for a trace's response (an SBC's log shows its own 504s too) nor where words say who answered.
  const family =
    !entryBacked && m.msCode === null && sipCode !== null && context === 'teams' && !m.said && !m.trace ? teamsFamilyAnswer(kb, sipCode) : undefined;
  // An ACS SDK error with its result category, whose code only another product's table lists
  // (10202 / 404 is a Direct Routing row): the SDK's category says which side it is.
  const categoryOrigin =
    entryBacked && service === 'acs' && !top!.catalog.startsWith('acs-')
      ? pastedCategoryOrigin(rc.resultCategory, m.msCode, sipCode, service, `${m.msCode} / ${sipCode} is in the ${CATALOG_LABELS[top!.catalog]} table, not in the ACS tables, and your paste gives the SDK's result category`)
      : undefined;
  const origin =
    categoryOrigin ??
    (entryBacked
      ? top!.origin
      : m.msCode === null && sipCode === null && m.q850Cause !== null
        ? q850Origin(m.q850Cause)
        : (family?.origin ?? pastedCategoryOrigin(rc.resultCategory, m.msCode, sipCode, service) ?? inferOrigin(m.msCode, sipCode, familyDocumented, service)));
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
    fixOn: categoryOrigin ? fixOnFromOrigin(categoryOrigin, 'inferred') : entryBacked ? top!.fixOn : (family?.fixOn ?? inferFixOn({ msCode: m.msCode, sipCode, q850Cause: m.q850Cause, origin, familyDocumented, ...(service ? { service } : {}) })),
    notes,
  };
  // A documented pair stays what its entry says (a CallDisconnected beside a PlaySucceeded); a SIP code alone is the action's outcome.
  if (rc.succeeded && sipCode !== null && isFailureStatus(sipCode) && (!entryBacked || m.msCode === null)) completedAction(resolved, rc.succeeded);
  const didYouMean = m.msCode !== null && !entryBacked ? nearMisses(kb, m.msCode, sipCode) : [];
  if (didYouMean.length) resolved.didYouMean = didYouMean;
  if (sip) resolved.sip = sip;
  if (q850) resolved.q850 = q850;
  if (m.phrase) resolved.phrase = m.phrase;
  // What a trace, an SBC log or the words around the code show about who answered.
  const evidenced = m.trace || m.said ? applyEvidence(resolved, m, kb) : resolved;
  return words && !m.trace ? applyWords(evidenced, words) : evidenced;
}

/**
 * A failure code in a Call Automation success event (CancelAddParticipantSucceeded with 487): the
 * action the application asked for was done, and the code says how the thing it acted on ended.
 */
function completedAction(r: Omit<Finding, 'count' | 'firstLine' | 'formats'>, event: string): void {
  const codes = [r.sipCode, r.msCode].filter((c) => c !== null).join(' / ');
  const reason = `Your paste is a ${event} event: the action succeeded, and ${codes} says how what it acted on ended.`;
  r.origin = { side: 'none', basis: 'inferred', reason };
  r.fixOn = { party: 'none', basis: 'inferred', rule: 'completed-action', reason: 'Nothing to fix: the event reports an action that succeeded.' };
}

const firstSentence = (phrase: string) => phrase.split(/\.(?:\s|$)/)[0]!;

/**
 * What the words of the paste say about a lone SIP code (words.ts), where nothing stronger
 * decided: no documented entry, no trace, no words the prose reader attached.
 */
function applyWords(r: Omit<Finding, 'count' | 'firstLine' | 'formats'>, w: WordsOrigin): Omit<Finding, 'count' | 'firstLine' | 'formats'> {
  if (r.msCode !== null || r.origin.basis !== 'inferred') return r;
  r.origin = {
    side: w.side,
    basis: 'prose',
    reason: `${w.reason} From your text: “${w.quote}”`,
    ...(w.ruleUrl ? { ruleUrl: w.ruleUrl } : {}),
  };
  // An inferred party the words do not settle stays as the code's own rules had it.
  if (w.party !== 'unknown' || r.fixOn.party === 'unknown' || r.fixOn.rule === 'code-call-outcome') {
    r.fixOn = { party: w.party, basis: 'inferred', rule: `words-${w.rule}`, reason: w.fix ?? w.reason };
  }
  return r;
}
