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
  'pstn-560403-403-call-forbidden-call-canceled': {
    party: 'sbc',
    reason: 'The SBC (or the carrier behind it) forbade or rejected the call: start with the SBC\'s logs, which show whether it refused the dialled number itself or passed on the carrier\'s refusal.',
    why: 'The row\'s only advice is to dial a valid E.164 number, which the number-format rule reads as the app\'s fix; but 560403 is the SBC answering 403, and the same page\'s rule for 560 subcodes is "the SBC generated the response code ... check the SBC logs", as the Teams page does for 560403.',
    where: 'The SBC\'s log of the call (its 403 towards Microsoft and, on its other leg, what the carrier answered); the number format the SBC expects.',
  },
  'sms-4010-x-message-was-blocked-due': {
    party: 'tenant',
    reason: 'The toll-free number is not verified for sending: submit its toll-free verification.',
    why: 'The fix is to submit the toll-free number for verification, which is done for the number on the Azure side, not in the application\'s code.',
    where: 'Azure portal > your Communication Services resource: the toll-free verification of the sending number (see "Review unverified sending limits" in the actions).',
  },

  'dr-540200-487-call-completed-elsewhere': {
    party: 'none',
    reason: 'Not a failure: the SBC cancelled Teams\' leg of a forked call because another endpoint answered. To stop the "Missed call" notification, make the SBC send its CANCEL with Reason: SIP;cause=200;text="Call completed elsewhere".',
    why: 'The page documents this pair in prose as the normal outcome of a forked call; its only action is an optional SBC setting, which the SBC rules would read as a fault to fix.',
    where: 'The SBC\'s CANCEL towards Teams on the losing fork (Reason header).',
  },
  // Microsoft Graph's call end reasons: one line per row and no suggested actions to read, so each
  // is decided here, in line with the same code on the Teams and ACS pages. Graph reports them to a
  // calling bot or in Teams call notifications, so "the client" is the bot or the callee's endpoint.
  'graph-8537-408-keep-alive-timeout-cleaned': {
    party: 'client',
    reason: 'The calling bot stopped answering Microsoft\'s keep-alive and the call was cleaned up: check that the bot stays reachable for its whole call.',
    why: 'A Graph row with no actions; the keep-alive is between the Teams calling service and the bot that owns the call.',
  },
  'graph-1106-408-an-acknowledgement-was-not': {
    party: 'sbc',
    reason: 'The callee answered but the far end never acknowledged the 200 OK; on a Direct Routing call that is the SBC: check its ACK to Microsoft (TLS, Record-Route, Contact FQDN).',
    why: 'A Graph row with no actions; the Teams page documents the same code (1106/408) as the SBC not acknowledging Microsoft\'s 200 OK.',
  },
  'graph-10057-408-call-timed-out-due': {
    party: 'client',
    reason: 'The callee\'s endpoints sent no signalling in time: check the callee\'s client and its network.',
    why: 'A Graph row with no actions; the ACS call-end table documents 10057/408 as the callee failing to answer in time, a client or network matter.',
  },
  'graph-301005-410-media-connectivity-failure': {
    party: 'client',
    reason: 'Media could not connect: check the network path of the endpoint (the bot or the client) to Microsoft\'s media relays (UDP 3478-3481, the Teams media subnets).',
    why: 'A Graph row with no actions; 410 media failures in the ACS tables are the endpoint\'s network.',
  },
  'graph-10037-480-no-callee-endpoints-were': {
    party: 'client',
    reason: 'The callee has no signed-in endpoint: ask them to sign in to Teams (or out and in again).',
    why: 'A Graph row with no actions; the Teams page documents 10037/480 with the callee signing in to the Teams client.',
  },
  'graph-10076-480-callee-could-not-be': {
    party: 'client',
    reason: 'The callee was registered but could not be reached: check the callee\'s client and its network.',
    why: 'A Graph row with no actions; the ACS call-end table documents 10076/480 as the target user\'s client not reachable.',
  },
  'graph-10134-480-call-rejected-due-to': {
    party: 'tenant',
    reason: 'Teams found no way to route the call: check the voice routing (voice routing policy, PSTN usages, number patterns) of the calling user.',
    why: 'A Graph row with no actions; "inability to route the call" is the tenant\'s voice routing, as in the Teams 403 "no viable path" entries.',
    where: 'Teams admin center > Voice > Voice routing policies; PowerShell: Get-CsOnlineVoiceRoutingPolicy, Get-CsOnlineVoiceRoute.',
  },
  'graph-10199-480-call-rejected-as-private': {
    party: 'tenant',
    reason: 'Private calling is disabled for the user: turn on "Make private calls" in the calling policy assigned to them.',
    why: 'A Graph row with no actions; the Teams page documents the same subcode (10199, with SIP 403) with the calling-policy fix.',
    where: 'Teams admin center > Voice > Calling policies; PowerShell: Set-CsTeamsCallingPolicy -AllowPrivateCalling $true.',
  },
  'graph-1005-500-server-encountered-connectivity-error': {
    party: 'client',
    reason: 'Microsoft lost media connectivity with the bot: check the media path between the bot and Microsoft (the bot host\'s public IP, ports and certificate).',
    why: 'A Graph row whose own text says to check media connectivity between the bot and Microsoft; the bot is the client of the calling service.',
  },
};
