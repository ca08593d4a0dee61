// Who must act: a different question from who generated the response (origin.ts).
// - A documented entry: the reviewed exceptions (fix-on/exceptions.ts), else the first of the
//   reviewed rules over its actions, phrase and codes (fix-on/rules.ts). Called at build time only.
// - A code no entry backs: the rules over the code's shape below, marked inferred.
import { FIX_ON_EXCEPTIONS } from './fix-on/exceptions';
import { FIX_ON_RULES, entryText, type FixOnInput } from './fix-on/rules';
import { isAcsSdkClientError, isServiceSubcode, isSuccessStatus, prefixOf, type CallingService } from './origin';
import type { FixOn, Origin, Party, Side } from './types';

export { FIX_ON_RULES, type FixOnInput } from './fix-on/rules';
export { FIX_ON_EXCEPTIONS } from './fix-on/exceptions';

/** The rule id of an entry that no rule or exception covers. The coverage test fails on it. */
export const UNCOVERED = 'uncovered';

/** The rule or exception that decides who must act on an entry. */
export function entryFixOn(entry: FixOnInput): FixOn {
  const exception = FIX_ON_EXCEPTIONS[entry.id];
  if (exception) {
    return withWhere({ party: exception.party, basis: 'exception', rule: entry.id, reason: exception.reason }, exception.where);
  }
  const text = entryText(entry);
  const rule = FIX_ON_RULES.find((r) => r.test(text));
  if (!rule) return { party: 'unknown', basis: 'rule', rule: UNCOVERED, reason: 'No reviewed rule or exception covers this entry yet.' };
  const where = typeof rule.where === 'function' ? rule.where(entry) : rule.where;
  return withWhere({ party: rule.party, basis: 'rule', rule: rule.id, reason: rule.reason }, where);
}

function withWhere(f: FixOn, where: string | undefined): FixOn {
  if (where) f.where = where;
  return f;
}

/** What the inferred rules read: the codes of a finding no entry backs, and its origin. */
export interface InferredFixOnInput {
  msCode: number | null;
  sipCode: number | null;
  q850Cause: number | null;
  origin: Origin;
  /** Some documented Microsoft code shares the code's first three digits (510xxx, 560xxx, ...). */
  familyDocumented: boolean;
  /** The calling service whose code + subcode scheme the paste shows (Graph, ACS), when it shows one. */
  service?: CallingService;
}

export interface InferredFixOnRule {
  id: string;
  party: Party;
  matches: string;
  test(f: InferredFixOnInput): boolean;
  reason: string;
  where?: string;
}

const TEAMS_SUPPORT_WHERE =
  'Microsoft 365 admin center > Support > New service request, with the call\'s correlation ID and time (UTC), the caller and callee numbers, the SBC FQDN and the SBC\'s SIP trace of the call.';

const SERVICE_SUPPORT_WHERE =
  'Graph calling bots: Microsoft 365 admin center > Support > New service request; ACS: Azure portal > Help + support > Create a support request. Give the call id, the correlation id (scenarioId / x-ms-client-request-id), the time (UTC) and the resultInfo or callEndReason as logged.';

const isNormalClearing = (ms: number | null) => ms === null || ms === 0 || isServiceSubcode(ms) || ((prefixOf(ms) === 560 || prefixOf(ms) === 540) && ms % 1000 === 0);
/** The SIP code a finding carries, or the one its 560xxx / 540xxx code implies. */
const sipOf = (f: InferredFixOnInput) => f.sipCode ?? (prefixOf(f.msCode) === 560 || prefixOf(f.msCode) === 540 ? f.msCode! % 1000 : null);
/** Busy, cancelled by the caller, declined: answers of the called party, not faults. */
const OUTCOME_SIP = new Set([486, 487, 600, 603]);
/** Q.850 user busy, no user responding, no answer, call rejected. */
const OUTCOME_Q850 = new Set([17, 18, 19, 21]);

export const INFERRED_FIX_ON_RULES: readonly InferredFixOnRule[] = [
  {
    id: 'code-normal-clearing',
    party: 'none',
    matches: 'SIP code 0 or 2xx with no Microsoft failure code (none, 0, 560000, 540000) or with a Graph / ACS subcode (200 / 8515: a completed action), or Q.850 cause 16 alone',
    test: (f) =>
      (isSuccessStatus(f.sipCode) && isNormalClearing(f.msCode)) ||
      (f.msCode === null && f.sipCode === null && f.q850Cause === 16),
    reason: 'The call ended normally (0 or 2xx, or Q.850 cause 16, normal call clearing).',
  },
  {
    id: 'code-call-outcome',
    party: 'none',
    matches: 'busy, cancelled or declined (SIP 486, 487, 600, 603; Q.850 17, 18, 19, 21) with no Microsoft code or a 560/540 one',
    test: (f) => {
      if (f.msCode !== null && prefixOf(f.msCode) !== 560 && prefixOf(f.msCode) !== 540) return false;
      const sip = sipOf(f);
      return (sip !== null && OUTCOME_SIP.has(sip)) || (sip === null && f.q850Cause !== null && OUTCOME_Q850.has(f.q850Cause));
    },
    reason: 'The called party was busy, did not answer or declined, or the caller hung up first: an outcome of the call, not a fault.',
  },
  {
    id: 'code-ms-cannot-reach-sbc',
    party: 'sbc',
    matches: 'a 569xxx or 549xxx code',
    test: (f) => prefixOf(f.msCode) === 569 || prefixOf(f.msCode) === 549,
    reason: 'Every documented code of this family is Microsoft failing to reach or talk to the SBC (connection, TLS, DNS): start on the SBC.',
  },
  {
    id: 'code-sbc-answered',
    party: 'sbc',
    matches: 'a 560xxx or 540xxx code',
    test: (f) => prefixOf(f.msCode) === 560 || prefixOf(f.msCode) === 540,
    reason: 'The SBC sent this response (its last three digits): its logs say why; if it passed on the carrier\'s answer, take that to the carrier.',
  },
  {
    id: 'code-q850-network',
    party: 'carrier',
    matches: 'a Q.850 cause alone, other than a normal clearing or a called-party outcome',
    test: (f) => f.msCode === null && f.sipCode === null && f.q850Cause !== null,
    reason: 'A Q.850 cause comes from the telephone network: take it to the carrier, with the SBC\'s trace of the call.',
  },
  {
    id: 'code-sdk-client-error',
    party: 'client',
    matches: 'ACS: an unlisted code in the range of the Calling SDK\'s own client error codes (40000 to 49999)',
    test: (f) => f.service === 'acs' && isAcsSdkClientError(f.msCode),
    reason: 'The Calling SDK in the client reported this error (the range of its own client error codes): check what the app asked of the SDK, its token, devices and network.',
  },
  {
    id: 'code-service-server-error',
    party: 'microsoft',
    matches: 'a 5xx code from Microsoft\'s calling service (a Graph call end reason or an ACS code) that no table lists',
    test: (f) => f.service !== undefined && f.origin.side === 'microsoft' && f.sipCode !== null && f.sipCode >= 500 && f.sipCode < 600,
    reason: 'Microsoft\'s calling service reports a server error it does not document: if it repeats, only Microsoft can say why; open a support case.',
    where: SERVICE_SUPPORT_WHERE,
  },
  {
    id: 'code-service-unlisted',
    party: 'unknown',
    matches: 'a Graph or ACS code + subcode that no table lists, other than a 5xx',
    test: (f) => f.service !== undefined && (f.msCode === null || isServiceSubcode(f.msCode)),
    reason: 'Not in Microsoft\'s tables: the message that came with the code (resultInfo.message, the error\'s message) says what was refused; who must act follows from it.',
  },
  {
    id: 'code-microsoft-unlisted',
    party: 'microsoft',
    matches: 'a six-digit code of a documented Microsoft family (510xxx, 531xxx, ...) that no entry lists',
    test: (f) => f.msCode !== null && f.msCode >= 100000 && f.msCode <= 999999 && f.familyDocumented,
    reason: 'This code is not in Microsoft\'s tables: if none of the documented codes near it fits, only Microsoft can say what it means.',
    where: TEAMS_SUPPORT_WHERE,
  },
  {
    id: 'code-sip-alone',
    party: 'unknown',
    matches: 'a SIP code with no Microsoft code',
    test: (f) => f.msCode === null && f.sipCode !== null,
    reason: 'A SIP code alone does not say who must act: the Microsoft code that comes with it (CallEndSubReason, ParticipantEndSubCode) does.',
  },
  {
    id: 'code-unknown-shape',
    party: 'unknown',
    matches: 'anything else: a code of no documented family',
    test: () => true,
    reason: 'No documented code has this shape: check the code as pasted.',
  },
];

/** Who must act on codes no entry backs, from their shape. Always basis `inferred`. */
export function inferFixOn(f: InferredFixOnInput): FixOn {
  const rule = INFERRED_FIX_ON_RULES.find((r) => r.test(f))!;
  return withWhere({ party: rule.party, basis: 'inferred', rule: rule.id, reason: rule.reason }, rule.where);
}

const PARTY_OF_SIDE: Record<Side, Party> = { sbc: 'sbc', microsoft: 'microsoft', client: 'client', none: 'none', unknown: 'unknown' };

/**
 * Who must act when all that is known is who answered (a trace that shows the sender of the final
 * response, say): the side whose fix the origin names. Entries and unlisted codes use the rules above.
 */
export function fixOnFromOrigin(origin: Origin, basis: FixOn['basis'] = 'rule'): FixOn {
  const side = origin.fixOn ?? origin.side;
  return { party: PARTY_OF_SIDE[side], basis, rule: 'origin-side', reason: origin.reason };
}
