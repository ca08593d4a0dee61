// SIP response codes: the project's own summary (not Microsoft's docs), used when Microsoft's tables do not list a code.

export type SipClass =
  | 'provisional'
  | 'success'
  | 'redirection'
  | 'client-failure'
  | 'server-failure'
  | 'global-failure';

export interface SipCodeInfo {
  code: number;
  /** The standard reason phrase (the IANA registry's wording). */
  reason: string;
  /** The RFC the IANA registry cites for the code. */
  rfc: string;
  cls: SipClass;
  /** What the code means in general. */
  meaning: string;
  /** What it usually means in a Teams Direct Routing / ACS PSTN call through an SBC, and where to look first. */
  inTeamsCall: string;
}

type Row = Omit<SipCodeInfo, 'cls'>;

const ROWS: readonly Row[] = [
  // 1xx
  {
    code: 100,
    reason: 'Trying',
    rfc: 'RFC 3261',
    meaning: 'The next hop got the request and is working on it; it only stops the sender from retransmitting.',
    inTeamsCall:
      'Shows the INVITE reached the Teams SIP proxy or the SBC over TLS. If an INVITE never gets a 100, the problem is transport: DNS, firewall, port 5061 or the TLS handshake.',
  },
  {
    code: 180,
    reason: 'Ringing',
    rfc: 'RFC 3261',
    meaning: 'The called device is alerting the user; the caller should hear locally generated ringback.',
    inTeamsCall:
      'The Teams client or the PSTN phone is ringing. If the caller hears silence, check whether a 183 with SDP arrived too and whether the SBC plays ringback itself.',
  },
  {
    code: 181,
    reason: 'Call Is Being Forwarded',
    rfc: 'RFC 3261',
    meaning: 'An optional hint that the call is being sent on to other destinations.',
    inTeamsCall:
      'Purely informational, seen when Teams forwarding or a carrier diversion sends the call elsewhere. Follow the History-Info or Diversion headers in later messages to see where it went.',
  },
  {
    code: 182,
    reason: 'Queued',
    rfc: 'RFC 3261',
    meaning: 'The callee cannot take the call right now, so the server is holding it in a queue instead of failing it.',
    inTeamsCall:
      'Rare on Direct Routing trunks; it may come from a carrier or contact-centre platform. No action needed unless the call then times out.',
  },
  {
    code: 183,
    reason: 'Session Progress',
    rfc: 'RFC 3261',
    meaning: 'Call setup is progressing; it often carries SDP so early media (ringback, announcements) can flow before answer.',
    inTeamsCall:
      'Normal for PSTN calls: carrier announcements and ringback arrive as early media on a 183 with SDP. If callers hear silence or a wrong tone before answer, compare the SDP in the 183 with the final 200 and check the SBC early-media settings.',
  },
  {
    code: 199,
    reason: 'Early Dialog Terminated',
    rfc: 'RFC 6228',
    meaning: 'Tells upstream that one early dialog of a forked request has ended while others may still continue.',
    inTeamsCall:
      'Seldom seen; it can appear when a carrier or SBC forks a call and one branch gives up. Not a failure on its own: look at the final response.',
  },
  // 2xx
  {
    code: 200,
    reason: 'OK',
    rfc: 'RFC 3261',
    meaning: 'The request succeeded; for an INVITE it means the call was answered.',
    inTeamsCall:
      'The call was answered, or the OPTIONS, BYE or re-INVITE succeeded. If a call still failed after a 200, look at the ACK, the media path or the BYE and its Reason header.',
  },
  {
    code: 202,
    reason: 'Accepted',
    rfc: 'RFC 6665',
    meaning:
      'The request was accepted for processing but the outcome is not known yet; first defined for event subscriptions (RFC 3265) and deprecated there by RFC 6665, but still used for REFER.',
    inTeamsCall:
      'Normal answer to a REFER during a call transfer: the SBC accepted it and reports progress in NOTIFY messages. If a transfer fails after a 202, read the sipfrag in the NOTIFYs.',
  },
  {
    code: 204,
    reason: 'No Notification',
    rfc: 'RFC 5839',
    meaning: 'A subscription refresh was accepted, but no NOTIFY will follow because the state has not changed.',
    inTeamsCall: 'Not part of normal Direct Routing call flows; harmless if a peer uses conditional event notification.',
  },
  // 3xx
  {
    code: 300,
    reason: 'Multiple Choices',
    rfc: 'RFC 3261',
    meaning: 'The target resolved to several possible locations, listed in Contact, and the caller may pick one.',
    inTeamsCall:
      'Rare in Teams calls. If it comes from a carrier, the SBC has to act on the redirect or turn it into a failure; check its 3xx handling.',
  },
  {
    code: 301,
    reason: 'Moved Permanently',
    rfc: 'RFC 3261',
    meaning: 'The user is no longer at this address; retry at the Contact given and remember the new one.',
    inTeamsCall:
      'Usually from a carrier (for example a changed number). Redirects are unusual in Teams calls, so check whether the SBC follows it, relays it or turns it into a failure.',
  },
  {
    code: 302,
    reason: 'Moved Temporarily',
    rfc: 'RFC 3261',
    meaning: 'Retry the request at the Contact address given, for now only.',
    inTeamsCall:
      'Seen when a carrier or an IP-PBX behind the SBC forwards a call by redirect. Check the SBC can recurse on 3xx (or is set to convert it), and that the new target is routable.',
  },
  {
    code: 305,
    reason: 'Use Proxy',
    rfc: 'RFC 3261',
    meaning: 'The target must be reached through the proxy named in Contact.',
    inTeamsCall: 'Almost never used in practice; if a carrier sends it, treat it like a redirect the SBC must handle.',
  },
  {
    code: 380,
    reason: 'Alternative Service',
    rfc: 'RFC 3261',
    meaning: 'The call failed, but an alternative service (described in the body) is possible.',
    inTeamsCall:
      'Rare; some IMS networks use it for emergency-call handling. If seen on an emergency call, check the SBC emergency routing with the carrier.',
  },
  // 4xx
  {
    code: 400,
    reason: 'Bad Request',
    rfc: 'RFC 3261',
    meaning: 'The request was malformed or had invalid headers, so the receiver could not parse it.',
    inTeamsCall:
      'Usually a header the SBC built or altered wrongly (From, To, Contact, Request-URI, SDP). Capture the exact request on the SBC and review recent message-manipulation rules.',
  },
  {
    code: 401,
    reason: 'Unauthorized',
    rfc: 'RFC 3261',
    meaning: 'The receiver (a registrar or UA) wants the sender to authenticate with credentials.',
    inTeamsCall:
      'Teams Direct Routing authenticates the SBC by mutual TLS, not digest, so a 401 normally comes from the carrier side. Check the trunk username, password and realm configured on the SBC.',
  },
  {
    code: 402,
    reason: 'Payment Required',
    rfc: 'RFC 3261',
    meaning: 'Reserved for future use; some operators send it when an account is out of credit.',
    inTeamsCall: 'If a carrier sends it, check the SIP trunk account balance or billing status.',
  },
  {
    code: 403,
    reason: 'Forbidden',
    rfc: 'RFC 3261',
    meaning: 'The server understood the request but refuses it; authenticating again will not help.',
    inTeamsCall:
      'From Teams: the SBC FQDN in Contact is not a paired gateway for the tenant, or the user is not enabled or licensed for PSTN calls. From a carrier: the calling number, destination or country is not allowed on the trunk.',
  },
  {
    code: 404,
    reason: 'Not Found',
    rfc: 'RFC 3261',
    meaning: 'The requested user or number does not exist at this domain.',
    inTeamsCall:
      'Inbound: no Teams user or resource account has the dialled number assigned, or it is not in E.164 form. Outbound: the carrier says the number is unallocated; check the number format after SBC normalization.',
  },
  {
    code: 405,
    reason: 'Method Not Allowed',
    rfc: 'RFC 3261',
    meaning: 'The method is understood but not allowed for this target; the Allow header lists what is.',
    inTeamsCall:
      'One side sent a method the other does not support for this dialog (for example INFO, SUBSCRIBE or UPDATE). Compare the Allow header with the SBC configuration.',
  },
  {
    code: 406,
    reason: 'Not Acceptable',
    rfc: 'RFC 3261',
    meaning: 'The target can only produce responses whose content is not acceptable per the request Accept headers.',
    inTeamsCall: 'Uncommon; check Accept headers and body types the SBC adds or strips.',
  },
  {
    code: 407,
    reason: 'Proxy Authentication Required',
    rfc: 'RFC 3261',
    meaning: 'Like 401, but a proxy on the path wants credentials.',
    inTeamsCall:
      'Comes from the carrier proxy, not from Teams. Verify the SBC has the right trunk credentials and answers the challenge.',
  },
  {
    code: 408,
    reason: 'Request Timeout',
    rfc: 'RFC 3261',
    meaning: 'No final response came back in time, for example because the target could not be found or did not answer.',
    inTeamsCall:
      'Often the far side never replied: an unreachable SBC or carrier, firewall or TLS issues, or no answer before the ringing timer ran out. Check reachability between Teams and the SBC and the SBC timers; Teams can retry another SBC for codes in the gateway failover list (408, 503 and 504 by default).',
  },
  {
    code: 410,
    reason: 'Gone',
    rfc: 'RFC 3261',
    meaning: 'The user used to exist here but is permanently unavailable, with no forwarding address.',
    inTeamsCall: 'From a carrier this usually means the number was disconnected or changed. Confirm the dialled number is still in service.',
  },
  {
    code: 412,
    reason: 'Conditional Request Failed',
    rfc: 'RFC 3903',
    meaning: 'A conditional PUBLISH referred to an entity tag that the server no longer has.',
    inTeamsCall: 'Presence publishing; not part of Direct Routing calls.',
  },
  {
    code: 413,
    reason: 'Request Entity Too Large',
    rfc: 'RFC 3261',
    meaning: 'The message body is bigger than the server will handle.',
    inTeamsCall:
      'Can happen when an INVITE carries large SDP (many ICE candidates or codecs) or big bodies. Trim codecs or candidates on the SBC.',
  },
  {
    code: 414,
    reason: 'Request-URI Too Long',
    rfc: 'RFC 3261',
    meaning: 'The Request-URI is longer than the server can interpret.',
    inTeamsCall: 'Rare; check SBC rules that add parameters to the Request-URI.',
  },
  {
    code: 415,
    reason: 'Unsupported Media Type',
    rfc: 'RFC 3261',
    meaning: 'The body type or encoding of the request is not supported by the receiver.',
    inTeamsCall:
      'A body the other side cannot handle, such as a multipart body or a non-SDP content type. Check the Content-Type the SBC sends and its body manipulation.',
  },
  {
    code: 416,
    reason: 'Unsupported URI Scheme',
    rfc: 'RFC 3261',
    meaning: 'The Request-URI uses a scheme (for example tel: or sips:) that the server does not support.',
    inTeamsCall:
      'Direct Routing does not support sips: URIs and most carriers expect sip: with a phone-number user part. Check the URI scheme after SBC manipulation.',
  },
  {
    code: 417,
    reason: 'Unknown Resource-Priority',
    rfc: 'RFC 4412',
    meaning: 'The request carried a Resource-Priority value the server does not recognise.',
    inTeamsCall: 'Only relevant on priority-service (government or emergency) networks; check Resource-Priority headers the SBC passes.',
  },
  {
    code: 420,
    reason: 'Bad Extension',
    rfc: 'RFC 3261',
    meaning: 'The request required an extension (a Require or Proxy-Require option tag) that the server does not support.',
    inTeamsCall:
      'A Require header lists something the far end lacks (for example 100rel, timer or precondition). Remove or relax that option tag on the SBC for this peer.',
  },
  {
    code: 421,
    reason: 'Extension Required',
    rfc: 'RFC 3261',
    meaning: 'The server needs an extension, named in its Require header, that the request did not offer.',
    inTeamsCall:
      'The carrier or Teams wants an option tag the SBC did not list in Supported. Check the Require header in the response and enable that feature on the SBC.',
  },
  {
    code: 422,
    reason: 'Session Interval Too Small',
    rfc: 'RFC 4028',
    meaning: 'The session-timer interval requested is below the minimum the server accepts (given in Min-SE).',
    inTeamsCall:
      'The SBC Session-Expires value is shorter than the peer minimum. Raise the SBC session-timer setting to at least the Min-SE in the response.',
  },
  {
    code: 423,
    reason: 'Interval Too Brief',
    rfc: 'RFC 3261',
    meaning: 'A registration or subscription asked for an expiry shorter than the server minimum.',
    inTeamsCall: 'Seen on carrier trunk registration. Raise the REGISTER Expires value on the SBC to the Min-Expires given.',
  },
  {
    code: 424,
    reason: 'Bad Location Information',
    rfc: 'RFC 6442',
    meaning: 'The location information in the request was malformed or unsuitable.',
    inTeamsCall:
      'Relevant to emergency calls carrying a location (PIDF-LO). Check the emergency location configuration in Teams and how the SBC passes location to the emergency provider.',
  },
  {
    code: 425,
    reason: 'Bad Alert Message',
    rfc: 'RFC 8876',
    meaning: 'A non-interactive emergency alert body was missing, corrupt or could not be processed.',
    inTeamsCall: 'Not used in ordinary Teams calls.',
  },
  {
    code: 428,
    reason: 'Use Identity Header',
    rfc: 'RFC 8224',
    meaning: 'The server requires a signed Identity header (STIR) and the request had none.',
    inTeamsCall:
      'A carrier insists on caller-ID signing (STIR/SHAKEN). Check with the carrier who signs calls from your trunk and that the calling number is one you own.',
  },
  {
    code: 429,
    reason: 'Provide Referrer Identity',
    rfc: 'RFC 3892',
    meaning: 'The referee wants a valid Referred-By token before acting on a REFER-initiated request.',
    inTeamsCall: 'Can show up in transfers. Check how the SBC handles Referred-By when it acts on a REFER from Teams.',
  },
  {
    code: 430,
    reason: 'Flow Failed',
    rfc: 'RFC 5626',
    meaning: 'A proxy could not use the specific connection (flow) it was told to route over.',
    inTeamsCall: 'SIP outbound is not used by Direct Routing; if a carrier sends it, the registered connection dropped and must be re-established.',
  },
  {
    code: 433,
    reason: 'Anonymity Disallowed',
    rfc: 'RFC 5079',
    meaning: 'The callee refuses calls whose caller identity is hidden.',
    inTeamsCall:
      'The caller ID was withheld (Teams caller ID policy or Privacy header from the SBC) and the callee rejects anonymous calls. Check the caller ID policy and SBC privacy handling.',
  },
  {
    code: 436,
    reason: 'Bad Identity Info',
    rfc: 'RFC 8224',
    meaning: 'The certificate reference in the Identity header could not be fetched or used.',
    inTeamsCall: 'A STIR/SHAKEN signing problem on the carrier side; raise it with the carrier.',
  },
  {
    code: 437,
    reason: 'Unsupported Credential',
    rfc: 'RFC 8224',
    meaning: 'The verifier could not validate the credential (certificate) that signed the Identity header.',
    inTeamsCall: 'A STIR/SHAKEN certificate problem on the originating carrier; raise it with the carrier.',
  },
  {
    code: 438,
    reason: 'Invalid Identity Header',
    rfc: 'RFC 8224',
    meaning: 'The Identity header signature did not verify against the request.',
    inTeamsCall:
      'Often the signed calling number or date no longer matches because something changed the From or Date after signing. Check SBC manipulation of the calling number and raise it with the carrier.',
  },
  {
    code: 439,
    reason: 'First Hop Lacks Outbound Support',
    rfc: 'RFC 5626',
    meaning: 'The registrar supports SIP outbound, but the first proxy on the path does not.',
    inTeamsCall: 'Not used by Direct Routing; only relevant to carrier registrations that use SIP outbound.',
  },
  {
    code: 440,
    reason: 'Max-Breadth Exceeded',
    rfc: 'RFC 5393',
    meaning: 'Forking would exceed the allowed number of parallel branches, so the request was stopped.',
    inTeamsCall: 'Suggests a forking loop between proxies; check SBC and PBX routing for calls that fan out repeatedly.',
  },
  {
    code: 469,
    reason: 'Bad Info Package',
    rfc: 'RFC 6086',
    meaning: 'An INFO request used an Info Package the receiver did not agree to.',
    inTeamsCall:
      'Usually DTMF sent as SIP INFO. Teams uses RTP telephone-events for DTMF, so configure the SBC to convert INFO DTMF to RFC 4733.',
  },
  {
    code: 470,
    reason: 'Consent Needed',
    rfc: 'RFC 5360',
    meaning: 'The request would relay to targets that have not given permission yet.',
    inTeamsCall: 'Not seen in normal Teams calling.',
  },
  {
    code: 480,
    reason: 'Temporarily Unavailable',
    rfc: 'RFC 3261',
    meaning: 'The callee exists but cannot be reached right now (not signed in, do-not-disturb, no answer).',
    inTeamsCall:
      'Inbound: the Teams user has no reachable endpoint and no voicemail or forwarding took the call. Outbound: the PSTN party was unreachable or did not answer; check the Reason header for the carrier Q.850 cause.',
  },
  {
    code: 481,
    reason: 'Call/Transaction Does Not Exist',
    rfc: 'RFC 3261',
    meaning: 'The request refers to a dialog or transaction the receiver does not know.',
    inTeamsCall:
      'Typically a BYE, re-INVITE or session refresh arriving after the other side already ended the call, or sent to the wrong proxy. Check session-timer refreshes and whether in-dialog requests go to the right Teams SIP proxy.',
  },
  {
    code: 482,
    reason: 'Loop Detected',
    rfc: 'RFC 3261',
    meaning: 'The server saw the same request come back to it: a routing loop.',
    inTeamsCall:
      'A call is bouncing between the SBC, Teams and a PBX or carrier, often through forwarding back to the PSTN. Review SBC routing rules for the number involved.',
  },
  {
    code: 483,
    reason: 'Too Many Hops',
    rfc: 'RFC 3261',
    meaning: 'Max-Forwards reached zero before the request got to its target.',
    inTeamsCall: 'Usually a routing loop or a very low Max-Forwards set by the SBC; check routing rules and the Max-Forwards value.',
  },
  {
    code: 484,
    reason: 'Address Incomplete',
    rfc: 'RFC 3261',
    meaning: 'The dialled address has too few digits to route.',
    inTeamsCall:
      'The number is not in the format the next hop expects. Check Teams dial-plan normalization and SBC number manipulation (E.164 with + towards Teams; carrier format outbound).',
  },
  {
    code: 485,
    reason: 'Ambiguous',
    rfc: 'RFC 3261',
    meaning: 'The address matched more than one target and the server will not guess.',
    inTeamsCall: 'Rare; a short or partial number matches several entries. Dial the full number.',
  },
  {
    code: 486,
    reason: 'Busy Here',
    rfc: 'RFC 3261',
    meaning: 'The callee is busy at this location.',
    inTeamsCall:
      'The PSTN line is busy, or the Teams user is already in a call with busy-on-busy enabled in their calling policy. Usually not a fault.',
  },
  {
    code: 487,
    reason: 'Request Terminated',
    rfc: 'RFC 3261',
    meaning: 'The request was cancelled (usually by a CANCEL) before it completed.',
    inTeamsCall:
      'Normally the caller hung up before answer, or another forked leg (simultaneous ring, another device) answered. Only investigate if callers did not hang up themselves.',
  },
  {
    code: 488,
    reason: 'Not Acceptable Here',
    rfc: 'RFC 3261',
    meaning: 'The session description (codecs, media types, encryption) cannot be accepted at this endpoint.',
    inTeamsCall:
      'A media negotiation failure: no common codec, RTP vs SRTP mismatch, or ICE/media-bypass settings. Compare the SDP offer and answer on the SBC, starting with crypto and codec lines.',
  },
  {
    code: 489,
    reason: 'Bad Event',
    rfc: 'RFC 6665',
    meaning: 'The SUBSCRIBE or NOTIFY named an event package the server does not support.',
    inTeamsCall:
      'Seen when a peer subscribes to an event Teams or the SBC does not offer (message waiting, dialog state) or with REFER notifications. Usually harmless to call setup.',
  },
  {
    code: 491,
    reason: 'Request Pending',
    rfc: 'RFC 3261',
    meaning: 'Both sides tried to change the session at the same time (glare); retry after a short random wait.',
    inTeamsCall:
      'Happens when Teams and the SBC send re-INVITEs at once, for example hold, resume or transfer. One-off 491s are normal; repeated ones point to clashing session refresh or hold settings.',
  },
  {
    code: 493,
    reason: 'Undecipherable',
    rfc: 'RFC 3261',
    meaning: 'The receiver could not decrypt an S/MIME body.',
    inTeamsCall: 'S/MIME is not used in Direct Routing; check for unusual body encryption added on the carrier side.',
  },
  {
    code: 494,
    reason: 'Security Agreement Required',
    rfc: 'RFC 3329',
    meaning: 'The server requires a security mechanism agreement (Security-Client / Security-Server) before proceeding.',
    inTeamsCall: 'Appears with IMS-style carrier trunks; the SBC must support sec-agree or the carrier must disable it for the trunk.',
  },
  // 5xx
  {
    code: 500,
    reason: 'Server Internal Error',
    rfc: 'RFC 3261',
    meaning: 'The server hit an unexpected condition and could not complete the request.',
    inTeamsCall:
      'A fault inside whichever element sent it. Find who generated it (Teams, SBC or carrier) from the headers, then check that element logs; if Teams, check service health and open a ticket with the call ID.',
  },
  {
    code: 501,
    reason: 'Not Implemented',
    rfc: 'RFC 3261',
    meaning: 'The server does not support the functionality (often the method) the request needs.',
    inTeamsCall: 'One side sent a method the other does not implement at all. Check which request got it and disable that feature on the SBC for this peer.',
  },
  {
    code: 502,
    reason: 'Bad Gateway',
    rfc: 'RFC 3261',
    meaning: 'A gateway or proxy got an invalid response from the next hop downstream.',
    inTeamsCall:
      'Something beyond the responder failed, often the carrier network or the far PSTN switch (destination out of order). Check the SBC carrier leg and the Reason header.',
  },
  {
    code: 503,
    reason: 'Service Unavailable',
    rfc: 'RFC 3261',
    meaning: 'The server is temporarily overloaded or down; Retry-After may say when to try again.',
    inTeamsCall:
      'An overloaded or out-of-service SBC or trunk, an SBC session licence limit, or carrier congestion (no circuit available). Check SBC capacity and trunk status, and whether Teams could fail over to another SBC.',
  },
  {
    code: 504,
    reason: 'Server Time-out',
    rfc: 'RFC 3261',
    meaning: 'A server did not get a timely answer from a server it contacted (or from DNS) while handling the request.',
    inTeamsCall:
      'The next hop after the responder did not answer in time, commonly the carrier behind the SBC or the SBC behind Teams. Check the SBC routes, DNS and timers for that leg.',
  },
  {
    code: 505,
    reason: 'Version Not Supported',
    rfc: 'RFC 3261',
    meaning: 'The server does not support the SIP version in the request.',
    inTeamsCall: 'Practically never seen; it suggests a corrupted or non-SIP/2.0 message from the SBC.',
  },
  {
    code: 513,
    reason: 'Message Too Large',
    rfc: 'RFC 3261',
    meaning: 'The message was longer than the server can handle.',
    inTeamsCall:
      'Usually a big INVITE (many SDP lines or headers) sent over UDP on the carrier leg. Use TCP or TLS towards the carrier or trim the SDP.',
  },
  {
    code: 555,
    reason: 'Push Notification Service Not Supported',
    rfc: 'RFC 8599',
    meaning: 'The proxy does not support the push notification service the UA asked for.',
    inTeamsCall: 'Not part of Direct Routing or ACS PSTN trunks.',
  },
  {
    code: 580,
    reason: 'Precondition Failure',
    rfc: 'RFC 3312',
    meaning: 'Media preconditions required for the session (such as QoS reservation) could not be met.',
    inTeamsCall:
      'Seen with IMS carriers that use preconditions. Make the SBC handle or strip precondition negotiation on the carrier leg.',
  },
  // 6xx
  {
    code: 600,
    reason: 'Busy Everywhere',
    rfc: 'RFC 3261',
    meaning: 'The callee is busy and knows no other location would answer either.',
    inTeamsCall: 'The called party is busy on all devices; not a fault.',
  },
  {
    code: 603,
    reason: 'Decline',
    rfc: 'RFC 3261',
    meaning: 'The callee deliberately declined the call and does not want it sent elsewhere.',
    inTeamsCall:
      'Usually a user pressed decline, or a policy or call-screening service rejected it. Check the callee, their Teams call handling settings, or the carrier call-blocking.',
  },
  {
    code: 604,
    reason: 'Does Not Exist Anywhere',
    rfc: 'RFC 3261',
    meaning: 'The callee is known not to exist anywhere, so retrying elsewhere is pointless.',
    inTeamsCall: 'The dialled number does not exist. Verify the number and the normalization applied.',
  },
  {
    code: 606,
    reason: 'Not Acceptable',
    rfc: 'RFC 3261',
    meaning: 'The callee accepts calls, but none of the offered session parameters work for it anywhere.',
    inTeamsCall: 'A media negotiation failure at the far end; compare codecs and SRTP/RTP settings in the SDP on the SBC.',
  },
  {
    code: 607,
    reason: 'Unwanted',
    rfc: 'RFC 8197',
    meaning: 'The callee marked the call as unwanted (for example spam); it feeds call-blocking analytics.',
    inTeamsCall:
      'The called party flagged your caller ID as unwanted. Check that the calling number is valid and not spoofed or misused, and whether your carrier reports reputation issues.',
  },
  {
    code: 608,
    reason: 'Rejected',
    rfc: 'RFC 8688',
    meaning: 'An intermediary such as a call-analytics or blocking service rejected the call, not the callee.',
    inTeamsCall:
      'A carrier spam or fraud filter blocked the call. Check caller-ID attestation and reputation; the Call-Info header may say who to contact for redress.',
  },
];

const CLASS_BY_HUNDRED: Record<number, SipClass> = {
  1: 'provisional',
  2: 'success',
  3: 'redirection',
  4: 'client-failure',
  5: 'server-failure',
  6: 'global-failure',
};

/** 100-699 -> class; anything else (or a non-integer) -> undefined. */
export function sipClassOf(code: number): SipClass | undefined {
  if (!Number.isInteger(code) || code < 100 || code > 699) return undefined;
  return CLASS_BY_HUNDRED[Math.floor(code / 100)];
}

function classOrThrow(code: number): SipClass {
  const cls = sipClassOf(code);
  if (!cls) throw new Error(`not a SIP response code: ${code}`);
  return cls;
}

export const SIP_CODES: readonly SipCodeInfo[] = Object.freeze(
  ROWS.map((r) => Object.freeze({ ...r, cls: classOrThrow(r.code) })),
);

const BY_CODE: ReadonlyMap<number, SipCodeInfo> = new Map(SIP_CODES.map((c) => [c.code, c]));

/** Exact lookup; undefined when the code is not in the table. */
export function sipCodeInfo(code: number): SipCodeInfo | undefined {
  return BY_CODE.get(code);
}

const CLASS_MEANING: Record<SipClass, string> = {
  provisional:
    'A 1xx provisional response: the request is still being processed and a final answer will follow; it is not a failure.',
  success: 'A 2xx success response: the request worked (for a call, it was answered).',
  redirection:
    'A 3xx redirection: the target is elsewhere and the request should be retried at the address given; the SBC must act on it or turn it into a failure.',
  'client-failure':
    'A 4xx client failure: this request cannot succeed at this server as sent (wrong number, not allowed, bad format, busy); changing the request or target may work.',
  'server-failure':
    'A 5xx server failure: the request was probably valid but a server on the path failed or was unavailable; another server or a later retry may work.',
  'global-failure':
    'A 6xx global failure: the callee side gave a definitive answer that applies everywhere, so the call should not be tried at other locations.',
};

export function sipClassMeaning(cls: SipClass): string {
  return CLASS_MEANING[cls];
}

/**
 * Not a SIP response: the 0 that Teams (Final SIP code, finalSipCode) and ACS (code,
 * ParticipantEndReason) log for a call that connected and ended without a SIP error.
 */
export const SIP_CALL_ENDED_NORMALLY: SipCodeInfo = Object.freeze({
  code: 0,
  reason: 'Call ended normally',
  rfc: 'Teams and ACS call records',
  cls: 'success',
  meaning: 'Not a SIP response code: Teams and Azure Communication Services record 0 when the call connected and ended without an error (one side hung up).',
  inTeamsCall:
    'Not a failure. The Microsoft code that comes with it (540000, 560000 or 0) says which side hung up; look elsewhere only if the user reports a problem with this call.',
});
