// Entries the rules in rules.ts do not fit: one line per entry, with why. Reviewed by reading the
// entry, its page and the neighbouring entries of the same code. The test suite checks that each
// line names an entry that exists and that it overrides what the rules would have said.
import type { Party } from '../types';

export interface FixOnException {
  party: Party;
  /** What the support engineer reads: one sentence to act on. */
  reason: string;
  /** For review: why the rules' answer (or their silence) is wrong for this entry. */
  why: string;
  where?: string;
}

export const FIX_ON_EXCEPTIONS: Readonly<Record<string, FixOnException>> = {
  'pstn-500001-408-user-gateway-timeout-azure': {
    party: 'sbc',
    reason: 'Microsoft\'s timer expired while it waited for the SBC to answer its INVITE: find out why the SBC (or the carrier behind it) answered so late.',
    why: 'The row only says to check why the called party did not respond; 500001 is Microsoft\'s timer expiring while it waits for the SBC to answer its INVITE (the Teams page for 500001: FailoverTimeSeconds), so the SBC is where to look.',
    where: 'The SBC\'s answer time to INVITEs; the trunk\'s FailoverTimeSeconds (Teams: Set-CsOnlinePSTNGateway).',
  },
  'pstn-560503-503-call-failed-because-of': {
    party: 'sbc',
    reason: 'The SBC answered 503: its logs say why (maintenance, overload, its session licence, or a failure it passed on from the carrier).',
    why: 'No rule reads "check your network and routing configuration" as a party; 560503 is the SBC answering 503, and the Teams page for the same code sends you to the SBC\'s logs, its session licence and the destination.',
  },
  'automation-560503-503-unexpected-server-error': {
    party: 'sbc',
    reason: 'The SBC answered 503: its logs say why (maintenance, overload, or a failure it passed on from the carrier); open a support case only if they show nothing.',
    why: 'The row\'s generic advice is to open a support ticket, but 560503 is the SBC (or the carrier behind it) answering 503, per the 560 rule: its logs come first.',
  },
  'sms-4010-x-message-was-blocked-due': {
    party: 'tenant',
    reason: 'The toll-free number is not verified for sending: submit its toll-free verification.',
    why: 'The fix is to submit the toll-free number for verification, which is done for the number on the Azure side, not in the application\'s code.',
    where: 'Azure portal > your Communication Services resource: the toll-free verification of the sending number (see "Review unverified sending limits" in the actions).',
  },
};
