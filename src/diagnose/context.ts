// Whether a paste reads like Teams Direct Routing or Azure Communication Services. The answer
// chooses the catalog before any pasted phrase does (rank.ts): 511404 in a Teams usage report is
// the Teams entry, not the ACS one with Azure subscription advice.
//
// Strong signs are the shapes only one product writes: the Teams PSTN usage report's columns,
// Graph's directRoutingLogRow, Microsoft's SIP proxy; ACS's ParticipantEndReason, its Calling
// SDK's objects, Call Automation's events and the ACS web UI's "Call end reason: code: N,
// subcode: N". A strong sign on one side only decides. Otherwise the weak signs (product names,
// words of each side) decide when only one side has them.
import type { TextContext } from './rank';

/** Only the start of a paste is looked at: the signs are in headers and first lines. */
const HEAD_CHARS = 64 * 1024;

const TEAMS_STRONG = new RegExp(
  [
    'Final SIP code',
    'Final Microsoft sub ?code',
    'Final SIP Phrase',
    'Shared correlation ID',
    'Azure region for (?:Media|Signaling)',
    'directRoutingLogRow',
    'callEndSubReason',
    'pstnhub(?:\\.gov\\.teams)?\\.microsoft',
    'PSTNHub',
    'Microsoft\\.Teams\\.SIPSBA',
    '\\bByot(?:In|Out)',
  ].join('|'),
  'i',
);
/** Call Automation's actions, whose events are named `<action>Failed`, `<action>Succeeded`, `<action>Completed`. */
const AUTOMATION_ACTIONS = ['CreateCall', 'Answer', 'Connect', 'AddParticipant', 'RemoveParticipant', 'CancelAddParticipant', 'Transfer', 'Recognize', 'Play', 'SendDtmfTones', 'ContinuousDtmfRecognition', 'Hold', 'Unhold'].join('|');

const ACS_STRONG = new RegExp(
  [
    'ParticipantEndReason',
    'ParticipantEndSubCode',
    '\\bcall end reason\\s*:\\s*code\\s*:',
    'callEndReason\\s*[:=]\\s*\\{',
    // The Calling SDK's CallEndReason read in code: `call.callEndReason.code`, `endedCall?.callEndReason?.subCode`.
    '\\.callEndReason\\??\\.(?:code|subCode)\\b',
    '\\b(?:create|Teams)?CallAgent\\b',
    // The ACS SDKs' identifier types and service clients (Azure.Communication, @azure/communication-*): no Teams page names them.
    '\\b(?:PhoneNumber|CommunicationUser|MicrosoftTeamsUser)Identifier\\b',
    '\\b(?:CallAutomation|CallingServer|CommunicationIdentity)Client\\b',
    '@azure/communication-',
    // The SDKs' package names, also in a request's User-Agent: azure-communication-callautomation, Azure.Communication.CallAutomation.
    '\\bazure[-.]communication[-.][a-z]',
    'communication\\.azure\\.com',
    'Azure Communication Services',
    '\\bresultInformation\\b',
    `\\b(?:${AUTOMATION_ACTIONS})Failed\\b`,
    '\\bCallDisconnected\\b',
    // The ACS troubleshooting tables' column ("| Subcode | Code | Message | Result Categories |"): no Teams page has it.
    '\\bResult ?Categor(?:y|ies)\\b',
    // ... and its values, which only the ACS tables use.
    '\\b(?:ExpectedError|UnexpectedClientError|UnexpectedServerError)\\b',
  ].join('|'),
  'i',
);
/** "Direct Routing" in the languages Microsoft's pages are translated into, too. */
const TEAMS_WEAK = /Direct[ -]Routing|прям\S{0,4} маршрутизаци|直接路由|ダイレクト ルーティング|직접 라우팅|Routage direct|Enrutamiento directo|Roteamento Direto|Direktes Routing|Routing diretto|\bTeams\b|\bSBC\b|finalSipCode|Microsoft (?:response )?(?:sub)?code|voice routing|Teams admin center|Calling Plan|Operator Connect/i;
const ACS_WEAK = /Azure Communication|\bACS\b|Call Automation|Calling SDK/i;

export function detectContext(text: string): TextContext {
  const head = text.slice(0, HEAD_CHARS);
  const teamsStrong = TEAMS_STRONG.test(head);
  const acsStrong = ACS_STRONG.test(head);
  if (teamsStrong !== acsStrong) return teamsStrong ? 'teams' : 'acs';
  if (teamsStrong && acsStrong) return 'unknown';
  const teams = TEAMS_WEAK.test(head);
  // The SDKs spell it subCode (case matters here); Graph and prose spell it subcode.
  const acs = ACS_WEAK.test(head) || /\b_?subCode\b/.test(head);
  return acs && !teams ? 'acs' : teams && !acs ? 'teams' : 'unknown';
}

/**
 * Microsoft Graph's calling API or the Teams calling platform it fronts: a bot's `resultInfo`, a
 * `commsNotification`, a call resource, an exception of Graph's Communications SDK
 * (`Microsoft.Graph.Communications.Core.Exceptions.ServiceException`), or (outside an ACS paste)
 * the platform's `DiagCode: <code>#<subcode>` in a message, or the header of Graph's table of call
 * end reasons (`| Code | Sub-code | Termination reason |`, also translated). Codes read from such a paste are Graph
 * call end reasons (code + subcode), whatever the Teams or ACS words around them say.
 */
const GRAPH_CALLING = /\bresultInfo\b|\bcommsNotifications?\b|#microsoft\.graph\.(?:call|participant|commsOperation|recordOperation|playPromptOperation)\b|\bMicrosoft\.Graph\.Communications\b|\|[ \t]{0,4}(?:Termination reason|终止原因|終止原因|Причина прекращения|Motivo da terminação)[ \t]{0,160}\|/i;
/** The platform's DiagCode. ACS Call Automation's messages carry it too ("... DiagCode: 408#10057.@"). */
const DIAG_CODE_WORD = /\bDiagCode\b/i;

/**
 * The ACS Calling SDK in a client (web, Android, iOS, Windows): its objects (CallClient, CallAgent,
 * DeviceManager, the video stream classes), its package. Such a paste's codes and messages are the
 * SDK's own, documented in the Calling SDK's error table: that catalog comes first (rank.ts) and
 * the SDK's messages are read by their words (sdk-message.ts).
 */
const ACS_CALLING_SDK =
  /\b(?:create|get)?(?:Teams)?CallAgent\b|\bCallClient\b|\b(?:get)?DeviceManager\b|\b(?:Local|Remote)VideoStream\b|\bVideoStreamRenderer\b|@azure\/communication-calling\b|\bAzureCommunicationCalling\b|\bcommunication\.calling\b/i;

/**
 * ACS Call Automation: its events and their result (`resultInformation`, `callConnectionId`,
 * `operationContext`, `Microsoft.Communication.CallDisconnected`, `AddParticipantFailed`, ...).
 */
const CALL_AUTOMATION = new RegExp(
  String.raw`\bresultInformation\b|\bcallConnectionId\b|\boperationContext\b|\bMicrosoft\.Communication\.[A-Z]|\b(?:${AUTOMATION_ACTIONS})(?:Failed|Succeeded|Completed)\b|\bCallAutomationClient\b|\b[Cc]ommunication[-.][Cc]all-?[Aa]utomation\b`,
);

/** The paste is an ACS Call Automation event or its result (and not a Graph or Teams paste). */
export function detectCallAutomation(text: string, context: TextContext): boolean {
  return context === 'acs' && CALL_AUTOMATION.test(text.slice(0, HEAD_CHARS));
}

/** A Call Automation event named by its type: `CancelAddParticipantSucceeded`, `Microsoft.Communication.PlayFailed`. */
const AUTOMATION_EVENT = /\b([A-Z][A-Za-z]{2,40}?)(Succeeded|Failed)\b/g;

/**
 * The success event a Call Automation paste gives, when it names no failed one: its result code
 * says how the action ended (`CancelAddParticipantSucceeded` carries 487, the add it cancelled).
 */
export function succeededEvent(text: string): string | undefined {
  let succeeded: string | undefined;
  for (const m of text.slice(0, HEAD_CHARS).matchAll(AUTOMATION_EVENT)) {
    if (m[2] === 'Failed') return undefined;
    succeeded ??= m[0];
  }
  return succeeded;
}

/** The paste shows the ACS Calling SDK in a client (and is not a Teams Direct Routing paste). */
export function detectAcsCallingSdk(text: string, context: TextContext): boolean {
  return context !== 'teams' && ACS_CALLING_SDK.test(text.slice(0, HEAD_CHARS));
}

export function detectGraphCalling(text: string, context: TextContext = detectContext(text)): boolean {
  const head = text.slice(0, HEAD_CHARS);
  return GRAPH_CALLING.test(head) || (context !== 'acs' && DIAG_CODE_WORD.test(head));
}

/** An ACS result category as SDK errors print it: "resultCategories": ["ExpectedError"], resultCategory: 'UnexpectedClientError'. */
const RESULT_CATEGORY = /resultCategor(?:y|ies)["']?[ \t]{0,8}[:=][ \t\n]{0,8}\[?[ \t\n]{0,16}["']?(ExpectedError|UnexpectedClientError|UnexpectedServerError|Success)\b/g;
const CATEGORY_SCAN_CHARS = 64 * 1024;

/** The one result category the paste gives, or undefined (none, or several that disagree). */
export function pastedResultCategory(text: string): string | undefined {
  if (!text.includes('esultCategor')) return undefined;
  const found = new Set<string>();
  for (const m of text.slice(0, CATEGORY_SCAN_CHARS).matchAll(RESULT_CATEGORY)) found.add(m[1]!);
  return found.size === 1 ? [...found][0] : undefined;
}
