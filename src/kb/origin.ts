// Who generated the final response, and whose side the fix is on. One place for the rules, used
// at build time (each KB entry) and at run time (codes the tables do not list).
import { ORIGIN_RULE_URLS } from './ingest/sources';
import type { Catalog, Origin } from './types';

// The documented rules, said of the code at hand ("560403 starts with 560: ...").
const teamsSbc = (ms: number | null) =>
  `${ms} starts with 560: the customer's SBC generated the final SIP response (its last three digits are the SBC's SIP code), per the Teams Direct Routing docs.`;
const teamsMicrosoft = (ms: number | null) =>
  `${ms} does not start with 560: a Microsoft service generated the final response, per the Teams Direct Routing docs.`;
const acsSbc = (ms: number | null) =>
  `${ms} starts with ${prefixOf(ms)}: the SBC generated the final response on an ${prefixOf(ms) === 560 ? 'outbound' : 'inbound'} call, per the ACS PSTN docs.`;
const acsMicrosoft = (ms: number | null) =>
  `${ms === null ? 'This code has no subcode that starts with 560 or 540' : `${ms} does not start with 560 or 540`}: the Microsoft service generated the final response, per the ACS PSTN docs.`;
const teams = { ruleUrl: ORIGIN_RULE_URLS.teams };
const acs = { ruleUrl: ORIGIN_RULE_URLS.acs };
const graph = { ruleUrl: ORIGIN_RULE_URLS.graph };

/** The six-digit prefix family of a Microsoft code, e.g. 560 for 560403; undefined for shorter codes. */
export function prefixOf(msCode: number | null): number | undefined {
  if (msCode === null || msCode < 100000 || msCode > 999999) return undefined;
  return Math.floor(msCode / 1000);
}

/**
 * Entries whose own text says something the prefix rule does not. Keyed `msCode/sipCode`.
 * Each reason quotes or paraphrases the entry it comes from.
 */
const TEAMS_EXCEPTIONS: Record<string, Omit<Origin, 'basis'>> = {
  '0/408': {
    side: 'client',
    reason: 'The entry itself says "This code indicates a client error": check the network between the Teams client and the service.',
  },
  '540998/503': {
    side: 'microsoft',
    fixOn: 'sbc',
    reason: 'Microsoft\'s own SIP endpoint was draining for maintenance (the entry says so). Nothing to fix unless it is frequent; then make the SBC re-resolve the Microsoft SIP FQDNs more often.',
  },
};

/** Origin of a Teams Direct Routing entry. */
export function teamsEntryOrigin(msCode: number | null, sipCode: number | null): Origin {
  const exception = TEAMS_EXCEPTIONS[`${msCode}/${sipCode}`];
  if (exception) return { ...exception, basis: 'entry' };
  const prefix = prefixOf(msCode);
  if (prefix === 560) return { ...teams, side: 'sbc', basis: 'documented', reason: teamsSbc(msCode) };
  if (prefix === 569 || prefix === 549) {
    return {
      ...teams,
      side: 'microsoft',
      fixOn: 'sbc',
      basis: 'entry',
      reason: `Microsoft generated the response because it could not deliver the request to the SBC (connection, TLS certificate or DNS): every documented ${prefix}xxx code's actions are on the SBC side.`,
    };
  }
  if (prefix === 540) {
    return {
      ...teams,
      side: 'microsoft',
      fixOn: 'sbc',
      basis: 'entry',
      reason: `Microsoft answered a request the SBC sent: on the Teams pages the 540 entries' actions point at the SBC configuration. (The ACS PSTN page reads 540 as "SBC, inbound call".)`,
    };
  }
  return { ...teams, side: 'microsoft', basis: 'documented', reason: teamsMicrosoft(msCode) };
}

/** Origin of an ACS table row. */
export function acsEntryOrigin(
  catalog: Catalog,
  msCode: number | null,
  sipCode: number | null,
  resultCategory: string | null,
  phrase?: string,
): Origin {
  const prefix = prefixOf(msCode);
  if (prefix === 560 || prefix === 540) {
    if (resultCategory === 'Success' || (sipCode === 0 && msCode !== null && msCode % 1000 === 0)) {
      return { ...acs, side: 'none', basis: 'documented', reason: `Normal call clearing: ${acsSbc(msCode)}` };
    }
    return { ...acs, side: 'sbc', basis: 'documented', reason: acsSbc(msCode) };
  }
  const category = resultCategory?.replace(/^Unxpected/, 'Unexpected');
  if (!category && sipCode !== null && sipCode >= 200 && sipCode < 300) {
    return { side: 'none', basis: 'entry', reason: 'A 2xx code: the request succeeded.' };
  }
  if (!category && phrase !== undefined && /\bended successfully\b/i.test(phrase)) {
    return { side: 'none', basis: 'entry', reason: 'The entry says the call ended successfully.' };
  }
  if (category === 'Success') {
    return { side: 'none', basis: 'entry', reason: 'The result category is Success: the call ended normally.' };
  }
  if (category === 'UnexpectedServerError') {
    return { side: 'microsoft', basis: 'entry', reason: 'The result category is UnexpectedServerError: the Azure Communication Services service failed.' };
  }
  if (category === 'UnexpectedClientError') {
    return { side: 'client', basis: 'entry', reason: 'The result category is UnexpectedClientError: the failure is on the client (app, browser, device or its network).' };
  }
  if (category === 'ExpectedError') {
    return {
      side: 'client',
      basis: 'entry',
      reason: 'The result category is ExpectedError: an expected outcome of what the app or the user did (a precondition, a permission, the callee\'s state); check the app logic or the user\'s situation.',
    };
  }
  switch (catalog) {
    case 'acs-pstn':
      return { ...acs, side: 'microsoft', basis: 'documented', reason: acsMicrosoft(msCode) };
    case 'acs-calling-sdk':
    case 'acs-call-end':
      if (sipCode !== null && sipCode >= 500 && sipCode < 600) {
        return { side: 'microsoft', basis: 'inferred', reason: 'No result category in the table; a 5xx code from the ACS infrastructure points at the service.' };
      }
      return { side: 'client', basis: 'inferred', reason: 'No result category in the table; a 4xx/6xx code in the Calling SDK tables is about an endpoint (the local client or the remote participant).' };
    case 'acs-call-automation':
      if (sipCode !== null && sipCode >= 400 && sipCode < 500) {
        return {
          side: 'microsoft',
          fixOn: 'client',
          basis: 'inferred',
          reason: 'Call Automation codes are returned by the ACS service; a 4xx code means it refused the application\'s request, so the fix is in the application.',
        };
      }
      return { side: 'microsoft', basis: 'inferred', reason: 'Call Automation codes are returned by the ACS service to the application.' };
    case 'acs-chat':
      return {
        side: 'microsoft',
        fixOn: sipCode !== null && sipCode >= 500 ? 'microsoft' : 'client',
        basis: 'inferred',
        reason: 'Chat SDK errors are HTTP statuses returned by the ACS chat service; a 4xx status means the request (token, permission, rate) needs fixing in the app.',
      };
    case 'acs-sms':
      if (msCode !== null && msCode >= 2000 && msCode < 3000) return { side: 'none', basis: 'entry', reason: 'A 2xxx delivery status: the message was delivered.' };
      return { side: 'microsoft', basis: 'inferred', reason: 'SMS delivery status codes are reported by ACS in the delivery report.' };
    default:
      return { side: 'unknown', basis: 'inferred', reason: 'No rule applies.' };
  }
}

/**
 * The Microsoft calling service whose code + subcode scheme a pasted code comes in, when the paste
 * shows it: `graph` for Microsoft Graph's call end reasons (a bot's `resultInfo`, the Teams calling
 * platform's `DiagCode: 500#3002`), `acs` for Azure Communication Services (the Calling SDK's
 * `callEndReason`, Call Automation's `resultInformation`, the ACS web UI's "Call end reason").
 */
export type CallingService = 'graph' | 'acs';

const ACS_CODES_URL =
  'https://learn.microsoft.com/en-us/azure/communication-services/resources/troubleshooting/voice-video-calling/troubleshooting-codes?pivots=callend#understanding-calling-codes-and-subcodes-errors';
const ACS_SDK_CLIENT_ERRORS_URL =
  'https://learn.microsoft.com/en-us/azure/communication-services/resources/troubleshooting/voice-video-calling/troubleshooting-codes?pivots=calling#azure-communication-services-calling-sdk-client-error-codes-and-subcodes';

/** A subcode of the Graph and ACS schemes (code + subcode), as opposed to a six-digit Teams Direct Routing code. */
export const isServiceSubcode = (msCode: number | null): msCode is number => msCode !== null && msCode > 0 && msCode < 100000;
/** The ACS Calling SDK's own client error codes: the documented ones are all 40xxx to 43xxx, every one a client-side result category. */
export const isAcsSdkClientError = (msCode: number | null): boolean => msCode !== null && msCode >= 40000 && msCode <= 49999;
/** A SIP (or Graph / ACS) code of a failure: 4xx to 6xx. */
export const isFailureStatus = (sipCode: number | null): sipCode is number => sipCode !== null && sipCode >= 400 && sipCode <= 699;
/** A code of no failure: 0 (a call that ended without an error) or a 2xx. */
export const isSuccessStatus = (sipCode: number | null): sipCode is number => sipCode !== null && (sipCode === 0 || (sipCode >= 200 && sipCode < 300));

/**
 * Origin of a code pair no table lists: the documented prefix rules where they apply, the
 * scheme of the calling service the paste shows (Graph, ACS), otherwise what the shape of the
 * code suggests, always marked as such.
 */
export function inferOrigin(msCode: number | null, sipCode: number | null, familyDocumented = true, service?: CallingService): Origin {
  const prefix = prefixOf(msCode);
  if ((msCode === null || msCode === 0) && isSuccessStatus(sipCode)) {
    return {
      side: 'none',
      basis: 'inferred',
      reason: `${sipCode === 0 ? '0 is what Teams and ACS log for a call that ended without a SIP error' : `SIP ${sipCode} is a success`}: a normal call, not a failure.`,
    };
  }
  if (isServiceSubcode(msCode) && isSuccessStatus(sipCode)) {
    return {
      ruleUrl: service === 'acs' ? ACS_CODES_URL : ORIGIN_RULE_URLS.graph,
      side: 'none',
      basis: 'inferred',
      reason: `Code ${sipCode} with subcode ${msCode}: in the code + subcode scheme of Microsoft Graph and ACS, ${sipCode === 0 ? 'code 0 is a call that ended without an error (every ACS call end row with code 0 is a normal or expected end)' : 'a 2xx code is a successful response (ACS: "Successful responses (200-299)"; every Graph call end reason with code 200 is a normal end)'}, so the operation completed or the call ended normally. Not a failure; the subcode only says how it ended.`,
    };
  }
  if (prefix === 560) {
    return { ...teams, side: 'sbc', basis: 'documented', reason: `${teamsSbc(msCode)} The ACS PSTN docs say the same.` };
  }
  if (prefix === 540) {
    return {
      ...acs,
      side: 'sbc',
      basis: 'documented',
      reason: `${acsSbc(msCode)} The Teams pages list 540 codes as Microsoft's answers to the SBC's own requests; either way the SBC is where to look.`,
    };
  }
  if (prefix === 569 || prefix === 549) {
    return {
      side: 'microsoft',
      fixOn: 'sbc',
      basis: 'inferred',
      reason: `Not in Microsoft's tables. Every documented ${prefix}xxx code is Microsoft failing to reach or talk to the SBC (connection, TLS, DNS), so the fix is most likely on the SBC side.`,
    };
  }
  // A Graph subcode written without its code ("DiagCode: 7112") is still the calling platform's.
  const graphSubcodeAlone = sipCode === null && isServiceSubcode(msCode);
  if (service === 'graph' && (isFailureStatus(sipCode) || graphSubcodeAlone) && (msCode === null || isServiceSubcode(msCode) || !familyDocumented)) {
    return {
      ...graph,
      side: 'microsoft',
      basis: 'inferred',
      reason: `${msCode === null ? `Code ${sipCode}` : sipCode === null ? `Subcode ${msCode}` : `Code ${sipCode} with subcode ${msCode}`} is a Microsoft Graph call end reason (resultInfo, or the DiagCode <code>#<subcode> of its message): Graph documents these as the codes a calling bot receives "via notification when call is terminated", set by Microsoft's calling platform, so a Microsoft service generated it. ${msCode === null ? '' : 'This code and subcode are not in the published table; the message that came with them says more.'}`.trim(),
    };
  }
  if (service === 'acs' && msCode !== null && isAcsSdkClientError(msCode)) {
    return {
      ruleUrl: ACS_SDK_CLIENT_ERRORS_URL,
      side: 'client',
      basis: 'inferred',
      reason: `${msCode} is not in the published tables, but it is in the range of the Calling SDK's own client error codes (the ACS page lists them under "Calling SDK client error codes and subcodes", every one with a client-side result category): the SDK in the client reported it.`,
    };
  }
  if (service === 'acs' && isFailureStatus(sipCode) && isServiceSubcode(msCode)) {
    return {
      ruleUrl: ACS_CODES_URL,
      side: 'microsoft',
      basis: 'inferred',
      reason: `Not in Microsoft's tables. ACS reports how a call or an action ended as a code (the "client or server response status") and a subcode ("a unique reason"); the SDK's own errors are documented with their result categories, so ${sipCode} with subcode ${msCode} is taken as the ACS service's answer to the client.`,
    };
  }
  if (msCode !== null && msCode >= 100000 && familyDocumented) {
    return { ...teams, side: 'microsoft', basis: 'documented', reason: teamsMicrosoft(msCode) };
  }
  if (msCode !== null && msCode >= 100000) {
    return {
      side: 'microsoft',
      basis: 'inferred',
      reason: `Not in Microsoft's tables, and no documented code starts with ${prefix ?? String(msCode).slice(0, 3)}: check the code. If it is a Microsoft response code, it does not start with 560, so by the Teams Direct Routing rule a Microsoft service generated it.`,
    };
  }
  if (msCode === null && sipCode !== null) {
    return {
      side: 'unknown',
      basis: 'inferred',
      reason: 'A SIP code alone does not say who generated it; the Microsoft response code (CallEndSubReason / ParticipantEndSubCode) does.',
    };
  }
  return {
    side: 'unknown',
    basis: 'inferred',
    reason: 'Not in Microsoft\'s tables, and the code has no prefix that tells its origin.',
  };
}

/**
 * Origin of a Microsoft Graph call end reason (`resultInfo` code + subcode, as Graph calling bots
 * and Teams call notifications report them). Code 200 is a normal end; any other code is the
 * Teams calling service ending the call.
 */
export function graphEntryOrigin(msCode: number | null, sipCode: number | null, phrase: string): Origin {
  if (sipCode !== null && sipCode >= 200 && sipCode < 300) {
    return {
      ...graph,
      side: 'none',
      basis: 'entry',
      reason: `Code ${sipCode} in Microsoft Graph's call end reasons: the call ended normally ("${phrase}").`,
    };
  }
  if (/\bbot's media\b/i.test(phrase)) {
    return {
      ...graph,
      side: 'microsoft',
      fixOn: 'client',
      basis: 'entry',
      reason: 'The entry says the Microsoft service lost media connectivity with the bot: check the media path between the bot and Microsoft.',
    };
  }
  return {
    ...graph,
    side: 'microsoft',
    basis: 'entry',
    reason: `Microsoft Graph reports code ${sipCode} with subcode ${msCode} when the Teams calling service ends the call ("${phrase}"): a Microsoft service generated it.`,
  };
}

/** Pairs a Teams page documents in prose, whose text says what the prefix rule cannot. Keyed `msCode/sipCode`. */
const TEAMS_PROSE_EXCEPTIONS: Record<string, Omit<Origin, 'basis'>> = {
  '540200/487': {
    side: 'none',
    reason:
      'Not a failure, the page says: the SBC cancelled Teams\' leg of a forked call because another endpoint answered it (CANCEL with "Call completed elsewhere"), and Teams records the call as an attempt.',
  },
};

/** Origin of a pair a Teams page documents in a sentence rather than under a code heading. */
export function teamsProseEntryOrigin(msCode: number | null, sipCode: number | null): Origin {
  const exception = TEAMS_PROSE_EXCEPTIONS[`${msCode}/${sipCode}`];
  return exception ? { ...exception, basis: 'entry' } : teamsEntryOrigin(msCode, sipCode);
}

/** Origin of a Q.850 cause read on its own (a Reason header with no SIP or Microsoft code). */
export function q850Origin(cause: number): Origin {
  if (cause === 16) {
    return { side: 'none', basis: 'inferred', reason: 'Q.850 cause 16 is "normal call clearing": one side hung up. Not a failure.' };
  }
  return {
    side: 'sbc',
    basis: 'inferred',
    reason: 'A Q.850 cause comes from the telephone network (the carrier or the PSTN gateway) and reaches Teams through the SBC: start with the SBC and the carrier.',
  };
}
