// Who must act on a documented entry, decided from what Microsoft's entry says: its suggested
// actions first, its phrase and result category where the table gives no actions, and the shape
// of its codes last. Rules are tried in order; the first that matches decides. There is no
// catch-all: an entry no rule fits must get a line in exceptions.ts (the coverage test in
// test/fix-on.test.ts fails on an entry that has neither), so a new page or row is reviewed.
import type { Catalog, KbEntry, Party } from '../types';

/** What a rule can read of an entry (the entry before its origin and fixOn are set). */
export type FixOnInput = Pick<KbEntry, 'id' | 'catalog' | 'msCode' | 'sipCode' | 'phrase' | 'description' | 'actions' | 'resultCategory'>;

/** An entry's text, made plain once for the rules. */
export interface EntryText {
  entry: FixOnInput;
  /** All suggested actions, as plain text on one line. */
  actions: string;
  /** The first suggested action (the first bullet, or the prose before the first bullet). */
  primary: string;
  /** The sentences of the actions, in order. */
  sentences: string[];
  phrase: string;
}

export interface FixOnRule {
  id: string;
  party: Party;
  /** What the rule matches, in words, for review. */
  matches: string;
  test(t: EntryText): boolean;
  /** One sentence a support engineer can act on. */
  reason: string;
  /** Where the setting lives, or what to give Microsoft support. */
  where?: string | ((e: FixOnInput) => string);
}

/** Markdown as one line of plain text: link texts kept, URLs, emphasis and code blocks dropped. */
export function plain(md: string): string {
  return md
    .replace(/```[^`]*```/g, ' ')
    .replace(/^[ \t]*(?:[-*]|\d+\.)[ \t]+/gm, '')
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first item of the actions: the prose before the first top-level bullet, or that bullet. */
function firstAction(md: string): string {
  const lines = md.split('\n');
  const bulletIndent = (l: string) => /^([ \t]*)(?:[-*]|\d+\.)[ \t]/.exec(l)?.[1]!.length;
  const top = Math.min(...lines.map(bulletIndent).filter((n): n is number => n !== undefined));
  const item: string[] = [];
  for (const line of lines) {
    const indent = bulletIndent(line);
    // The ACS tables indent their bullets by 0 or 1 space at random; nested lists use 2 or more.
    if (indent !== undefined && indent <= top + 1 && item.some((l) => l.trim())) break;
    item.push(line);
  }
  return plain(item.join('\n'));
}

export function entryText(entry: FixOnInput): EntryText {
  const actions = plain(entry.actions);
  return {
    entry,
    actions,
    primary: firstAction(entry.actions),
    sentences: actions.split(/(?<=[.!?:])\s+(?=[A-Z])/).filter(Boolean),
    phrase: plain(entry.phrase),
  };
}

const ACS_APP_CATALOGS = new Set<Catalog>(['acs-call-end', 'acs-calling-sdk', 'acs-call-automation', 'acs-chat', 'acs-sms']);
const isTeams = (t: EntryText) => t.entry.catalog === 'teams-direct-routing';
const isAcsApp = (t: EntryText) => ACS_APP_CATALOGS.has(t.entry.catalog);
const prefix = (ms: number | null) => (ms !== null && ms >= 100000 && ms <= 999999 ? Math.floor(ms / 1000) : undefined);

/** Instructions that come before a support request make it a fallback ("if it persists"), not the action. */
const INSTRUCTION_BEFORE = /\b(?:try|retry|ensure|check|verify|make sure|review|validate|double check|if (?:the )?(?:issue|error|problem) persists)\b/i;
const SUPPORT_REQUEST = /\b(?:file a support request|open (?:a )?support (?:ticket|case|request)|contact (?:microsoft |azure communication services )?support)\b/i;

/** The first word of a sentence that tells the application's developer to do something. */
const APP_VERB = /^(?:Check|Confirm|Consider|Double check|Ensure|Log|Make sure|Mark|Recommend|Refer|Reference|Restart|Review|Target must|Try|Use|Validate|Verify|Wait)\b/;

const TEAMS_SUPPORT =
  'Microsoft 365 admin center > Support > New service request. Give the call\'s correlation ID and start time (UTC) from the PSTN usage report or call analytics, the caller and callee numbers, the SBC FQDN, and the SBC\'s SIP trace of the call.';
const ACS_SUPPORT =
  'Azure portal > Help + support > Create a support request. Give the Communication Services resource ID, the call (or message) ID and correlation ID, the time (UTC), the SDK and its version, and the client or server logs of the call.';
const supportWhere = (e: FixOnInput) => (e.catalog === 'teams-direct-routing' ? TEAMS_SUPPORT : ACS_SUPPORT);

export const FIX_ON_RULES: readonly FixOnRule[] = [
  // Not a failure: the tables' own classification first.
  {
    id: 'result-success',
    party: 'none',
    matches: 'result category "Success"',
    test: (t) => t.entry.resultCategory === 'Success',
    reason: 'The table lists this as a successful outcome: the call ended normally.',
  },
  {
    id: 'success-code',
    party: 'none',
    matches: 'SIP code 0 or 2xx; Microsoft code 0 with no SIP code; an SMS 2xxx delivery status',
    test: ({ entry: e }) =>
      (e.sipCode !== null && (e.sipCode === 0 || (e.sipCode >= 200 && e.sipCode < 300))) ||
      (e.msCode === 0 && e.sipCode === null) ||
      (e.catalog === 'acs-sms' && e.msCode !== null && e.msCode >= 2000 && e.msCode < 3000),
    reason: 'A success code: the request succeeded, or the call ended without an error.',
  },
  {
    id: 'no-action-needed',
    party: 'none',
    matches: 'an action sentence that starts "No action needed/required", "Expected behavior" or "This error is expected"',
    test: (t) => t.sentences.some((s) => /^(?:No action (?:is )?(?:needed|required)|Expected behaviou?r|This (?:error|code) is expected)\b/i.test(s)),
    reason: 'Microsoft\'s suggested action says this is expected and needs no action (the actions say when it would).',
  },
  // Microsoft support, when it is the first thing the entry asks (bot-provider first: its entries send only Microsoft's own bots to support).
  {
    id: 'bot-provider',
    party: 'tenant',
    matches: 'the actions name a bot provider or a compliance recorder',
    test: (t) => /\bbot provider\b|\brecorder\b|compliance recording/i.test(t.actions),
    reason: 'A bot in the call (a compliance recorder, your own bot or a partner\'s) failed or refused: its provider must fix it; if it is Microsoft\'s own bot (built-in recording), open a support case.',
    where: 'The bot\'s provider; recording bots are set by the compliance recording policy (PowerShell: Get-CsTeamsComplianceRecordingPolicy, Grant-CsTeamsComplianceRecordingPolicy).',
  },
  {
    id: 'support-case',
    party: 'microsoft',
    matches: 'the actions ask for a support request ("File a support request", "Contact Microsoft Support", "open support ticket") before any other instruction',
    test: (t) => {
      const m = SUPPORT_REQUEST.exec(t.actions);
      return m !== null && !INSTRUCTION_BEFORE.test(t.actions.slice(0, m.index));
    },
    reason: 'Only Microsoft can fix or explain this: open a support case with the details below.',
    where: supportWhere,
  },
  // Your Teams (or Azure) configuration.
  {
    id: 'tenant-voice-routing',
    party: 'tenant',
    matches: 'the first action names a voice route or its number pattern',
    test: (t) => /\bvoice route\b|\bnumber pattern\b/i.test(t.primary),
    reason: 'No voice route in the user\'s voice routing policy matches the dialled number (or a policy of yours bars that destination): add or correct the route, its PSTN usage and number pattern.',
    where: 'Teams admin center > Voice > Voice routing policies (PSTN usages and voice routes); PowerShell: Get-CsOnlineVoiceRoute, Get-CsOnlineVoiceRoutingPolicy, Grant-CsOnlineVoiceRoutingPolicy.',
  },
  {
    id: 'tenant-trunk-config',
    party: 'tenant',
    matches: 'the first action is to verify the trunk (gateway) configuration of the tenant',
    test: (t) => isTeams(t) && /\btrunk \(gateway\) configuration\b/i.test(t.primary),
    reason: 'The tenant\'s Direct Routing configuration has no usable trunk (SBC) for this call: check that the SBC is added and enabled and that the voice routes point at it.',
    where: 'Teams admin center > Voice > Direct Routing > SBCs; PowerShell: Get-CsOnlinePSTNGateway, Set-CsOnlinePSTNGateway, Get-CsOnlineVoiceRoute.',
  },
  {
    id: 'acs-direct-routing-setup',
    party: 'tenant',
    matches: 'ACS: the first action is to check the direct routing setup in the Azure portal',
    test: (t) => t.entry.catalog === 'acs-pstn' && /direct routing setup/i.test(t.primary),
    reason: 'The Communication Services resource has no SIP trunk (SBC) configured for this call: add the SBC and a voice route that matches the number.',
    where: 'Azure portal > your Communication Services resource > Voice Calling - PSTN > Direct routing (Session Border Controller and Voice routes tabs).',
  },
  {
    id: 'sbc-contact-fqdn',
    party: 'sbc',
    matches: 'the actions name the SBC FQDN in the Contact header',
    test: (t) => /\bContact header\b/i.test(t.actions),
    reason: 'The SBC did not identify itself with the FQDN paired with your tenant: send the calls from that SBC and put the paired FQDN in the Contact header of its INVITEs.',
    where: 'The SBC\'s SIP interface or trunk settings (the Contact header FQDN); compare with the FQDN in Get-CsOnlinePSTNGateway.',
  },
  {
    id: 'tenant-licence',
    party: 'tenant',
    matches: 'the first action names a licence or Enterprise Voice',
    test: (t) => /\blicen[cs]e\b|\bEnterprise Voice\b/i.test(t.primary) || /\bEnterprise voice policy\b/i.test(t.phrase),
    reason: 'The user is not licensed or not enabled for Teams Phone (Enterprise Voice): assign the licence and enable the user.',
    where: 'Microsoft 365 admin center > Users > Active users > the user > Licenses and apps (Teams Phone); PowerShell: Set-CsPhoneNumberAssignment -EnterpriseVoiceEnabled $true.',
  },
  {
    id: 'tenant-location-based-routing',
    party: 'tenant',
    matches: 'the first action names Location-Based Routing',
    test: (t) => /Location-Based Routing/i.test(t.primary),
    reason: 'Location-Based Routing (or the calling policy\'s toll-bypass setting) blocked the call for where the user is: expected if your policy means it, otherwise fix the network sites or the policy.',
    where: 'Teams admin center > Locations > Network topology (network sites, Location-Based Routing); PowerShell: Set-CsTenantNetworkSite -EnableLocationBasedRouting, Set-CsOnlinePSTNGateway -GatewaySiteLbrEnabled, Set-CsTeamsCallingPolicy -PreventTollBypass.',
  },
  {
    id: 'tenant-calling-policy',
    party: 'tenant',
    matches: 'the first action names the calling policy',
    test: (t) => /\bcalling policy\b/i.test(t.primary),
    reason: 'A setting of the Teams calling policy assigned to the user blocks this call: change that policy or assign another.',
    where: 'Teams admin center > Voice > Calling policies; PowerShell: Get-CsTeamsCallingPolicy, Set-CsTeamsCallingPolicy (for example -AllowPrivateCalling).',
  },
  {
    id: 'tenant-emergency-routing',
    party: 'tenant',
    matches: 'the actions name the emergency call routing policies',
    test: (t) => /emergency call routing polic/i.test(t.actions),
    reason: 'The emergency call routing policy gives no working route for this user\'s emergency call: fix its emergency numbers and their PSTN usages.',
    where: 'Teams admin center > Voice > Emergency policies (call routing policies); PowerShell: Get-CsTeamsEmergencyCallRoutingPolicy, Set-CsTeamsEmergencyCallRoutingPolicy.',
  },
  {
    id: 'tenant-call-blocking',
    party: 'tenant',
    matches: 'the actions name the inbound call blocking settings',
    test: (t) => /\bcall blocking\b/i.test(t.actions),
    reason: 'The caller\'s number matches one of your inbound blocked number patterns: expected if you meant it, otherwise remove the pattern or add an exemption.',
    where: 'PowerShell: Get-CsInboundBlockedNumberPattern, Get-CsInboundExemptNumberPattern, Test-CsInboundBlockedNumberPattern.',
  },
  {
    id: 'tenant-voicemail',
    party: 'tenant',
    matches: 'the phrase or the actions name voicemail',
    test: (t) => isTeams(t) && /\bvoicemail\b/i.test(`${t.phrase} ${t.primary}`),
    reason: 'The user\'s policy or settings do not let the call go to voicemail: run the Teams Voicemail connectivity test and check the voicemail setting of the calling policy.',
    where: 'Teams admin center > Voice > Calling policies (voicemail for inbound calls); PowerShell: Set-CsTeamsCallingPolicy -AllowVoicemail, Get-CsOnlineVoicemailUserSettings.',
  },
  {
    id: 'tenant-call-forwarding',
    party: 'tenant',
    matches: 'the actions name call forwarding',
    test: (t) => /\bcall forwarding\b/i.test(t.actions),
    reason: 'Call forwarding sends the call round in a loop: break the loop in the forwarding settings of the users involved (or in the routing that sends the call back).',
    where: 'The users\' call forwarding and unanswered-call settings (Teams: Settings > Calls; PowerShell: Get-CsUserCallingSettings).',
  },
  {
    id: 'tenant-dial-plan',
    party: 'tenant',
    matches: 'the actions name normalization rules',
    test: (t) => /\bnormalization rules\b/i.test(t.actions),
    reason: 'The number was rejected as dialled: add normalization rules for how your users dial (extensions, local formats), or teach them to dial in full.',
    where: 'Teams admin center > Voice > Dial plans (normalization rules); PowerShell: Get-CsTenantDialPlan, Set-CsTenantDialPlan.',
  },
  {
    id: 'tenant-outbound-restriction',
    party: 'tenant',
    matches: 'the actions say the user is limited to domestic calls',
    test: (t) => /\bonly domestic calls\b/i.test(t.actions),
    reason: 'The user\'s outbound calling restriction allows domestic calls only: assign a policy that allows international calls if the user needs them.',
    where: 'PowerShell: Get-CsOnlineDialOutPolicy, Grant-CsDialoutPolicy (outbound calling restriction policies).',
  },
  {
    id: 'acs-cognitive-services',
    party: 'tenant',
    matches: 'ACS: the phrase or actions name Cognitive Services or the resource\'s service principal',
    test: (t) => isAcsApp(t) && /\bCognitive\b|\bService Principal\b|\bSpeech Service\b/i.test(`${t.phrase} ${t.actions}`),
    reason: 'The link between the Communication Services resource and its Azure AI (Cognitive Services) resource is missing or refused: connect them and give the resource\'s managed identity access.',
    where: 'Azure portal > your Communication Services resource > Cognitive Services (connect Azure AI services), and the AI resource\'s Access control (IAM): the Cognitive Services User role for the Communication Services resource.',
  },
  {
    id: 'acs-teams-interop',
    party: 'tenant',
    matches: 'ACS: the phrase names an unauthorized Teams interop scenario',
    test: (t) => isAcsApp(t) && /\bTeams (?:Recording )?Interop\b/i.test(t.phrase),
    reason: 'The Teams tenant has not allowed this Communication Services resource for Teams interop: a Teams admin must add it.',
    where: 'Teams PowerShell: Set-CsTeamsAcsFederationConfiguration -EnableAcsUsers $true -AllowedAcsResources <the resource\'s immutable ID>.',
  },
  {
    id: 'acs-not-enabled',
    party: 'tenant',
    matches: 'ACS: the phrase says access is not enabled for the resource',
    test: (t) => isAcsApp(t) && /\bAccess Not Enabled\b/i.test(t.phrase),
    reason: 'The Communication Services resource is not enabled for what the application asked: check the resource\'s settings and the feature\'s prerequisites in Azure.',
    where: 'Azure portal > your Communication Services resource.',
  },
  {
    id: 'acs-resource-number',
    party: 'tenant',
    matches: 'ACS PSTN: the first action is to use a phone number that belongs to (and a resource that is owned by) you',
    test: (t) => t.entry.catalog === 'acs-pstn' && /belongs to the Resource/i.test(t.primary),
    reason: 'The phone number (or the resource it belongs to) is not set up for this call: use a number of this Communication Services resource, and check the resource and its Azure subscription are active.',
    where: 'Azure portal > your Communication Services resource > Phone numbers (and the subscription\'s status).',
  },
  // Your SBC.
  {
    id: 'sbc-certificate',
    party: 'sbc',
    matches: 'Teams: the first action names the SBC certificate or the public root certification authorities',
    test: (t) => isTeams(t) && /\bcertificate\b|certification authorit/i.test(t.primary),
    reason: 'Microsoft refused the SBC\'s TLS certificate (expired, not from a trusted public CA, or issued for another name or use): renew or replace it on the SBC, then re-establish its TLS connections.',
    where: 'The SBC\'s TLS certificate and TLS profile (Direct Routing: Public trusted certificate for the SBC).',
  },
  {
    id: 'sbc-dns',
    party: 'sbc',
    matches: 'Teams: the first action names DNS',
    test: (t) => isTeams(t) && /\bDNS\b/.test(t.primary),
    reason: 'The SBC\'s FQDN does not resolve to an address (no A or AAAA record): fix the SBC\'s public DNS records.',
    where: 'The public DNS zone of the SBC\'s FQDN (A or AAAA record).',
  },
  {
    id: 'sbc-reachability',
    party: 'sbc',
    matches: 'Teams: the first action is to check that the SBC is functional, reachable, or not blocked by a firewall',
    test: (t) => isTeams(t) && /\bSBC\b.*\b(?:functional|reachable)\b|\bfirewall\b/i.test(t.primary),
    reason: 'Microsoft could not connect to the SBC (down, refusing, or blocked by a firewall): check that the SBC is up and reachable on its SIP signalling IP address and port.',
  },
  {
    id: 'sbc-number-format',
    party: 'sbc',
    matches: 'Teams: the first action is about the callee number the SBC sends',
    test: (t) => isTeams(t) && /\bcallee number\b/i.test(t.primary),
    reason: 'The called number from the SBC is not in the form Teams can match to a user or resource account: normalize it on the SBC (E.164, as the number is assigned in Teams).',
    where: 'The SBC\'s number manipulation for calls to Teams; the numbers as assigned in Teams: Get-CsPhoneNumberAssignment.',
  },
  {
    id: 'sbc-media-network',
    party: 'sbc',
    matches: 'Teams or ACS PSTN: the actions say the media path cannot be set up or is broken (network configuration)',
    test: (t) => (isTeams(t) || t.entry.catalog === 'acs-pstn') && /\bmedia path\b/i.test(t.actions),
    reason: 'The media path between the SBC and Microsoft could not be set up or broke: check the firewall rules and media port ranges for the SBC (with media bypass, the clients\' network too).',
    where: 'The SBC\'s firewall and media settings (Direct Routing: media traffic port ranges).',
  },
  {
    id: 'sbc-logs',
    party: 'sbc',
    matches: 'the first action is to check the logs on the SBC',
    test: (t) => /\blogs on the SBC\b/i.test(t.primary),
    reason: 'The SBC itself refused the call: its logs say why (it may be passing on the carrier\'s answer).',
  },
  {
    id: 'sbc-config',
    party: 'sbc',
    matches: 'Teams: the first action names the SBC, its configuration or its vendor',
    test: (t) => isTeams(t) && /\bSBC\b|Session Border Controller/.test(t.primary),
    reason: 'Microsoft\'s suggested action is a change on the SBC (its configuration or SIP stack, with its vendor if needed).',
  },
  // The carrier.
  {
    id: 'carrier-downstream',
    party: 'carrier',
    matches: 'the first action points at a downstream carrier, component or telco provider',
    test: (t) => /\bdownstream\b|\bPSTN carrier\b|\btelco provider\b/i.test(t.primary),
    reason: 'The SBC passed on a failure from further down the line: look for a pattern by destination in the call records and take it to the carrier.',
  },
  {
    id: 'called-party-no-response',
    party: 'carrier',
    matches: 'ACS PSTN: the phrase says the called party did not respond within the time allowed',
    test: (t) => t.entry.catalog === 'acs-pstn' && /\bdidn't respond\b.*\bwithin\b/i.test(t.phrase),
    reason: 'The far end never answered the call setup in time: a timeout beyond the SBC; take the pattern to the carrier (and check the SBC\'s timers).',
  },
  // Outcomes of a call, not faults.
  {
    id: 'called-party-outcome',
    party: 'none',
    matches: 'ACS: the phrase says the callee was busy, did not answer or declined, or the caller cancelled (and nothing failed)',
    test: (t) =>
      !isTeams(t) &&
      !/\bfail/i.test(t.phrase) &&
      /\bbusy\b|\bno answer\b|\bdidn't accept or reject\b|\bdid not accept or reject\b|\bdeclined\b|\bcaller (?:terminated|canceled)\b|\bcanceled by the originator\b|^Callee Unavailable$|^(?:Call )?Canceled$/i.test(t.phrase),
    reason: 'The called party was busy, did not answer or declined, or the caller hung up first: an outcome of the call, not a fault.',
  },
  {
    id: 'operation-outcome',
    party: 'none',
    matches: 'Call Automation, phrase only (no actions): the phrase names how a media operation ended (a match, digits or a tone received, a silence or duration limit, a cancel, a graceful end)',
    test: (t) =>
      t.entry.catalog === 'acs-call-automation' &&
      !t.actions &&
      /\bOption (?:Not )?Matched\b|\bSpeech (?:Not )?Recognized\b|\bMax Digits Received\b|\bTone (?:Detected|Entered)\b|\bSilence Timeout Reached\b|\bInter Digit Timeout Reached\b|\bDuration Reached\b|\bRecord Completed\b|\bCanceled\b|^Graceful$/i.test(t.phrase),
    reason: 'A media operation ended the way it was set up to (the caller\'s input, a timeout or limit you set, a cancel): handle it in the application\'s flow. Not a fault.',
  },
  // The client: the calling app, its device or its network; and the ACS service itself.
  {
    id: 'acs-call-blocked',
    party: 'tenant',
    matches: 'ACS: the actions name both a voice route and the Alternate ID (the "Call blocked" row that lists the four causes)',
    test: (t) => !isTeams(t) && /\bVoice Route\b/i.test(t.actions) && /\bAlternate ?ID\b/i.test(t.actions),
    reason:
      'Check in this order: a voice route for the dialed number in the resource\'s direct routing configuration; the Alternate ID (caller ID) the application passes, a number the resource owns; the numbers the SBC allows; and whether the number was flagged as spam.',
    where: 'Azure portal > your Communication Services resource > Phone numbers / Direct routing (voice routes); the app\'s alternateCallerId.',
  },
  {
    id: 'teams-client',
    party: 'client',
    matches: 'Teams: the first action is about the Teams client (signed in, a client error, its network)',
    test: (t) => isTeams(t) && /\bTeams client\b|\bclient error\b/i.test(t.primary),
    reason: 'The Teams client is where to look: is the user signed in and online, and does its network reach the Teams service?',
  },
  {
    id: 'client-network',
    party: 'client',
    matches: 'ACS apps: the first action or the phrase is about the client\'s (browser\'s, endpoint\'s) network',
    test: (t) => isAcsApp(t) && /\bnetwork\b/i.test(`${t.phrase} ${t.primary}`) && !/\binfrastructure error\b/i.test(t.phrase),
    reason: 'The client (app, browser or device) lost, or could not get, a network path to Azure Communication Services: check its network against the ACS network requirements.',
    where: 'The client\'s network, firewall and proxy (Azure Communication Services network requirements).',
  },
  {
    id: 'client-device-permission',
    party: 'client',
    matches: 'ACS apps: the phrase says the browser or OS did not grant a permission for the camera, microphone or video device',
    test: (t) => isAcsApp(t) && /\bpermissions?\b/i.test(t.phrase) && /\b(?:microphone|camera|video|device)\b/i.test(t.phrase),
    reason: 'The browser or the operating system did not let the app use the camera or microphone: allow it in the browser\'s and the OS\'s settings (and close other apps that hold the device).',
  },
  {
    id: 'client-credentials',
    party: 'client',
    matches: 'ACS apps: the phrase or first action is about a token, an invalid or unsupported identity, missing permissions, a certificate, a tenant mismatch or authorization',
    test: (t) =>
      isAcsApp(t) &&
      /\btoken\b|\bAAD\b|\bHmac\b|\bcertificate\b|\bTenant (?:ID )?Mismatch\b|\bunauthori[sz]ed\b|\bunauthenticated\b|\bInsufficient (?:Application )?Permissions\b|\bIdentity (?:Invalid|Validation)\b|\b(?:Invalid|Unsupported) (?:AAD |ACS )?(?:Source |Target )?Identity\b/i.test(
        `${t.phrase} ${t.primary}`,
      ),
    reason: 'The application\'s credentials or identities were refused (token, connection string, identity, permission or tenant): fix how the app authenticates and which identities it uses.',
  },
  {
    id: 'dialled-number-format',
    party: 'client',
    matches: 'ACS PSTN: the actions ask for a valid number in E.164 format',
    test: (t) => t.entry.catalog === 'acs-pstn' && /\bE\.164\b/.test(t.actions),
    reason: 'The number the application dialled is invalid or badly formatted: dial a valid number in E.164 format.',
  },
  {
    id: 'result-client-category',
    party: 'client',
    matches: 'result category "UnexpectedClientError" (also as misspelt "Unxpected...") or "ExpectedError"',
    test: (t) => /^(?:Unx?pected|Unexpected)ClientError$|^ExpectedError$/.test(t.entry.resultCategory ?? ''),
    reason: 'The table classes this as a client-side outcome: the app, its device or its user\'s situation; follow the suggested action in the app.',
  },
  {
    id: 'service-failure',
    party: 'microsoft',
    matches: 'ACS apps: the phrase names a failure of the service itself (underlying service, fatal error, service shutdown, unknown, exception, temporary unavailability)',
    test: (t) =>
      isAcsApp(t) &&
      /\bUnderlying Service\b|\bFatal Error\b|\bService Shutdown\b|^Unknown$|\bCall Exception\b|\btemporary unavailability\b|\bunknown error\b/i.test(t.phrase),
    reason: 'The service failed on its side: retry; if it keeps happening, open a support case with the details below.',
    where: supportWhere,
  },
  {
    id: 'app-action',
    party: 'client',
    matches: 'ACS apps: a sentence of the actions or phrase tells the developer to check, ensure, validate, review, retry... something in the application',
    test: (t) => isAcsApp(t) && [...t.sentences, ...t.phrase.split(/(?<=\.)\s+/)].some((s) => APP_VERB.test(s)),
    reason: 'Microsoft\'s suggested action is a change in the application (its request, its state or call flow, its data, or how fast it sends).',
  },
  {
    id: 'app-limit',
    party: 'client',
    matches: 'ACS apps: the phrase says a limit was reached (throttled, too many)',
    test: (t) => isAcsApp(t) && /\bThrottled\b|\bToo Many\b|\bLimit Reached\b/i.test(t.phrase),
    reason: 'The application went over a service limit: slow down or queue, or ask for a higher limit with a support request.',
  },
  {
    id: 'acs-generic-5xx',
    party: 'microsoft',
    matches: 'ACS: a generic 5xx row (a status code and its name, no subcode)',
    test: (t) => isAcsApp(t) && t.entry.msCode === null && t.entry.sipCode !== null && t.entry.sipCode >= 500 && t.entry.sipCode < 600,
    reason: 'A 5xx status: a server on Microsoft\'s side failed; retry, and open a support case if it keeps happening.',
    where: supportWhere,
  },
  {
    id: 'app-request-refused',
    party: 'client',
    matches: 'Call Automation: the phrase says the application\'s request was invalid, unsupported, not allowed, in conflict, or made in the wrong state',
    test: (t) =>
      t.entry.catalog === 'acs-call-automation' &&
      /\bInvalid\b|\bNot (?:Supported|Allowed|Valid|Established|Available|Found|Present|Implemented|Acknowledged|Answered)\b|\bConflict\b|\bInactive\b|\bUnavailable\b|\bDoesn't Exist\b|\bWrong\b|\bEmpty\b|\bDuplicate\b|\bNon (?:Compliance|Recorded)\b|\bOut Of Meeting\b|\bisn't Group Call\b|\bCan't Remove\b|\bAlready In Progress\b|\bLocked Meeting\b|\bNo Response From Bot\b|\bFailed\b|\bUnreachable\b|\bTerminated\b|\bTimeout\b|\bClient Error\b|\bMultiple Participants\b|\bSent Invalid Request\b/i.test(t.phrase),
    reason: 'Call Automation could not carry out the application\'s request as sent (invalid input, wrong call state, unsupported or conflicting action, or the target was not there): fix the request or the call flow.',
  },
  {
    id: 'carrier-named',
    party: 'carrier',
    matches: 'the phrase says a carrier blocked or rejected it',
    test: (t) => /\b(?:by|blocked by) (?:the )?(?:destination )?carrier\b/i.test(t.phrase),
    reason: 'The destination carrier blocked it: nothing to change on your side unless the carrier says why.',
  },
  {
    id: 'acs-generic-4xx',
    party: 'client',
    matches: 'ACS: a generic 4xx row (a status code and its name, no subcode)',
    test: (t) => isAcsApp(t) && t.entry.msCode === null && t.entry.sipCode !== null && t.entry.sipCode >= 400 && t.entry.sipCode < 500,
    reason: 'A 4xx status: the service refused the application\'s request as sent; the message and subcode that come with it say why.',
  },
  // The shape of the code, last.
  {
    id: 'ms-cannot-reach-sbc',
    party: 'sbc',
    matches: 'Teams: a 569xxx or 549xxx code (Microsoft could not deliver a request to the SBC)',
    test: (t) => isTeams(t) && (prefix(t.entry.msCode) === 569 || prefix(t.entry.msCode) === 549),
    reason: 'Microsoft could not deliver its request to the SBC (connection, TLS or SIP message format): the fix is on the SBC.',
  },
];
