// ITU-T Q.850 cause values: the project's own summary (not Microsoft's docs), with the usual SIP mapping from RFC 3398.

export type Q850Class =
  | 'normal'
  | 'resource-unavailable'
  | 'service-unavailable'
  | 'service-not-implemented'
  | 'invalid-message'
  | 'protocol-error'
  | 'interworking';

export interface Q850Cause {
  cause: number;
  name: string;
  cls: Q850Class;
  /** Practical meaning for a Teams / SBC admin. */
  meaning: string;
  /** Usual SIP response for this cause (RFC 3398 section 8.2.6.1); absent when that table has none. */
  sipEquivalent?: number;
}

type Row = Omit<Q850Cause, 'cls'>;

const ROWS: readonly Row[] = [
  // Normal event (1-31)
  {
    cause: 1,
    name: 'Unallocated (unassigned) number',
    meaning: 'The dialled number is not assigned to anyone. Check the digits and the number format the SBC sends to the carrier.',
    sipEquivalent: 404,
  },
  {
    cause: 2,
    name: 'No route to specified transit network (national use)',
    meaning: 'The network cannot reach the transit carrier that was selected. Usually a carrier routing or carrier-select prefix problem.',
    sipEquivalent: 404,
  },
  {
    cause: 3,
    name: 'No route to destination',
    meaning: 'The network has no route towards the destination, for example a number range it does not serve. Check the number format and raise it with the carrier.',
    sipEquivalent: 404,
  },
  {
    cause: 4,
    name: 'Send special information tone',
    meaning: 'The callee cannot be reached for a long-term reason and the caller should hear a special information tone.',
  },
  {
    cause: 5,
    name: 'Misdialled trunk prefix (national use)',
    meaning: 'A trunk prefix (such as a leading 0) was included where it should not be. Fix the number manipulation on the SBC.',
  },
  {
    cause: 6,
    name: 'Channel unacceptable',
    meaning: 'The B-channel proposed for the call cannot be used by the other side. Typical of ISDN PRI channel-selection mismatches on a gateway.',
  },
  {
    cause: 7,
    name: 'Call awarded and being delivered in an established channel',
    meaning: 'The call is being delivered on a channel already set up for similar calls (packet-mode). Rarely seen on voice trunks.',
  },
  {
    cause: 8,
    name: 'Preemption',
    meaning: 'The call was cut off to make room for a higher-priority call.',
  },
  {
    cause: 9,
    name: 'Preemption - circuit reserved for reuse',
    meaning: 'The call was preempted and the circuit is being kept for the preempting call.',
  },
  {
    cause: 14,
    name: 'QoR: ported number',
    meaning: 'A number-portability query found the number was ported, so the call is released and rerouted to the new network.',
  },
  {
    cause: 16,
    name: 'Normal call clearing',
    meaning: 'One of the parties hung up. This is the normal end of an answered call, not a fault.',
  },
  {
    cause: 17,
    name: 'User busy',
    meaning: 'The called party is busy. Not a fault unless every call to the number gets it.',
    sipEquivalent: 486,
  },
  {
    cause: 18,
    name: 'No user responding',
    meaning: 'The called side did not respond at all within the allowed time (no alerting). Check that the far end is reachable.',
    sipEquivalent: 408,
  },
  {
    cause: 19,
    name: 'No answer from user (user alerted)',
    meaning: 'The phone rang but nobody answered before the timer expired. Normal; check ring timers if calls are cut short.',
    sipEquivalent: 480,
  },
  {
    cause: 20,
    name: 'Subscriber absent',
    meaning: 'The callee is not reachable, for example a mobile that is switched off or out of coverage.',
    sipEquivalent: 480,
  },
  {
    cause: 21,
    name: 'Call rejected',
    meaning: 'The callee or the network refused the call though it could have taken it (declined, barred, screening). Some gateways map it to 603 instead of 403.',
    sipEquivalent: 403,
  },
  {
    cause: 22,
    name: 'Number changed',
    meaning: 'The number is no longer in use because the subscriber moved to a new number. Update the number you are dialling.',
    sipEquivalent: 410,
  },
  {
    cause: 23,
    name: 'Redirection to new destination',
    meaning: 'The call was released so it can be redirected to another destination.',
    sipEquivalent: 410,
  },
  {
    cause: 25,
    name: 'Exchange routing error',
    meaning: 'An exchange could not route the call, often because of a loop or hop limit. Check for routing loops between the SBC, PBX and carrier.',
  },
  {
    cause: 26,
    name: 'Non-selected user clearing',
    meaning: 'The call was offered to several devices and another one answered, so this leg was released.',
    sipEquivalent: 404,
  },
  {
    cause: 27,
    name: 'Destination out of order',
    meaning: 'The far-end line or equipment is not working (signalling link down). Usually a fault at the destination, not in your setup.',
    sipEquivalent: 502,
  },
  {
    cause: 28,
    name: 'Invalid number format (address incomplete)',
    meaning: 'The number is malformed or incomplete for the network. Check normalization and the number type/format the SBC sends.',
    sipEquivalent: 484,
  },
  {
    cause: 29,
    name: 'Facility rejected',
    meaning: 'A supplementary service the call asked for was refused by the network.',
    sipEquivalent: 501,
  },
  {
    cause: 30,
    name: 'Response to STATUS ENQUIRY',
    meaning: 'Sent in a STATUS message answering a status enquiry; it reports state, not a failure.',
  },
  {
    cause: 31,
    name: 'Normal, unspecified',
    meaning: 'A normal release with no more specific cause. Often used by carriers as a catch-all; look at the SIP code alongside it.',
    sipEquivalent: 480,
  },
  // Resource unavailable (32-47)
  {
    cause: 34,
    name: 'No circuit/channel available',
    meaning: 'No trunk channel was free to carry the call. Check channel or session capacity on the SBC, gateway and carrier trunk.',
    sipEquivalent: 503,
  },
  {
    cause: 38,
    name: 'Network out of order',
    meaning: 'The network is failing and will probably stay down for a while, so an immediate retry is unlikely to help.',
    sipEquivalent: 503,
  },
  {
    cause: 39,
    name: 'Permanent frame mode connection out of service',
    meaning: 'A permanent frame-mode connection is out of service; not used on voice trunks.',
  },
  {
    cause: 40,
    name: 'Permanent frame mode connection operational',
    meaning: 'A permanent frame-mode connection is working again; not used on voice trunks.',
  },
  {
    cause: 41,
    name: 'Temporary failure',
    meaning: 'A short-lived network fault; retrying soon may work. Repeated occurrences point to a carrier or gateway problem.',
    sipEquivalent: 503,
  },
  {
    cause: 42,
    name: 'Switching equipment congestion',
    meaning: 'A switch on the path is overloaded. Usually carrier-side; check SBC capacity too if it is yours.',
    sipEquivalent: 503,
  },
  {
    cause: 43,
    name: 'Access information discarded',
    meaning: 'Some user information (for example a subaddress or user-to-user data) was dropped by the network; the call itself may still work.',
  },
  {
    cause: 44,
    name: 'Requested circuit/channel not available',
    meaning: 'The specific channel asked for is not free. Typical of PRI channel-selection settings on a gateway.',
  },
  {
    cause: 46,
    name: 'Precedence call blocked',
    meaning: 'No preemptable circuit was available, or the callee is busy with an equal or higher-priority call.',
  },
  {
    cause: 47,
    name: 'Resource unavailable, unspecified',
    meaning: 'Some resource needed for the call was unavailable, with no more detail. Check capacity, licences and transcoding resources.',
    sipEquivalent: 503,
  },
  // Service or option not available (48-63)
  {
    cause: 49,
    name: 'Quality of service not available',
    meaning: 'The requested quality of service cannot be provided.',
  },
  {
    cause: 50,
    name: 'Requested facility not subscribed',
    meaning: 'The caller asked for a service the line is not subscribed to. Check the trunk features with the carrier.',
  },
  {
    cause: 53,
    name: 'Outgoing calls barred within CUG',
    meaning: 'The caller belongs to a closed user group that is not allowed to make this outgoing call.',
  },
  {
    cause: 55,
    name: 'Incoming calls barred within CUG',
    meaning: 'The callee belongs to a closed user group that does not accept this incoming call.',
    sipEquivalent: 403,
  },
  {
    cause: 57,
    name: 'Bearer capability not authorized',
    meaning: 'The bearer service requested (for example unrestricted digital data instead of speech) is not allowed for this line.',
    sipEquivalent: 403,
  },
  {
    cause: 58,
    name: 'Bearer capability not presently available',
    meaning: 'The requested bearer service exists but cannot be provided right now.',
    sipEquivalent: 503,
  },
  {
    cause: 62,
    name: 'Inconsistency in designated outgoing access information and subscriber class',
    meaning: 'The outgoing access requested conflicts with the subscriber class of the line.',
  },
  {
    cause: 63,
    name: 'Service or option not available, unspecified',
    meaning: 'A service or option is unavailable with no more detail. Check what the call asked for (for example a caller ID or international barring) with the carrier.',
  },
  // Service or option not implemented (64-79)
  {
    cause: 65,
    name: 'Bearer capability not implemented',
    meaning: 'The equipment does not support the bearer service requested. Check the bearer capability the gateway signals (speech vs 3.1 kHz audio vs data).',
    sipEquivalent: 488,
  },
  {
    cause: 66,
    name: 'Channel type not implemented',
    meaning: 'The equipment does not support the channel type requested.',
  },
  {
    cause: 69,
    name: 'Requested facility not implemented',
    meaning: 'The equipment does not support the supplementary service requested.',
  },
  {
    cause: 70,
    name: 'Only restricted digital information bearer capability is available',
    meaning: 'Only restricted digital data is supported, but the call asked for an unrestricted bearer.',
    sipEquivalent: 488,
  },
  {
    cause: 79,
    name: 'Service or option not implemented, unspecified',
    meaning: 'A service or option is not implemented, with no more detail.',
    sipEquivalent: 501,
  },
  // Invalid message (80-95)
  {
    cause: 81,
    name: 'Invalid call reference value',
    meaning: 'A message referred to a call reference not in use on this interface. Usually an ISDN signalling state mismatch on a gateway.',
  },
  {
    cause: 82,
    name: 'Identified channel does not exist',
    meaning: 'A message referred to a channel that is not on the interface, for example a PRI channel range misconfiguration.',
  },
  {
    cause: 83,
    name: 'A suspended call exists, but this call identity does not',
    meaning: 'A resume attempt used a call identity that does not match the suspended call.',
  },
  {
    cause: 84,
    name: 'Call identity in use',
    meaning: 'A suspend attempt used a call identity that is already taken.',
  },
  {
    cause: 85,
    name: 'No call suspended',
    meaning: 'A resume attempt was made but no call is suspended.',
  },
  {
    cause: 86,
    name: 'Call having the requested call identity has been cleared',
    meaning: 'The suspended call being resumed was cleared in the meantime.',
  },
  {
    cause: 87,
    name: 'User not member of CUG',
    meaning: 'The call was to a closed user group member but the caller is not in that group.',
    sipEquivalent: 403,
  },
  {
    cause: 88,
    name: 'Incompatible destination',
    meaning: 'The destination cannot accept this kind of call (for example a data terminal receiving a voice call), or the bearer attributes do not match.',
    sipEquivalent: 503,
  },
  {
    cause: 90,
    name: 'Non-existent CUG',
    meaning: 'The closed user group named in the call does not exist.',
  },
  {
    cause: 91,
    name: 'Invalid transit network selection',
    meaning: 'The transit network identifier in the call was badly formatted.',
  },
  {
    cause: 95,
    name: 'Invalid message, unspecified',
    meaning: 'An invalid message was received, with no more detail. Look at the ISDN or ISUP trace on the gateway.',
  },
  // Protocol error (96-111)
  {
    cause: 96,
    name: 'Mandatory information element is missing',
    meaning: 'A required field was missing from a signalling message, often after a number or header manipulation left it empty.',
  },
  {
    cause: 97,
    name: 'Message type non-existent or not implemented',
    meaning: 'The equipment received a message type it does not know or support.',
  },
  {
    cause: 98,
    name: 'Message not compatible with call state or message type non-existent or not implemented',
    meaning: 'A message arrived that is unknown, or is not allowed in the current call state.',
  },
  {
    cause: 99,
    name: 'Information element / parameter non-existent or not implemented',
    meaning: 'A message carried a field the equipment does not recognise; it was ignored.',
  },
  {
    cause: 100,
    name: 'Invalid information element contents',
    meaning: 'A field was present but its contents were invalid, for example a badly coded calling number. Check number type and plan settings on the gateway.',
  },
  {
    cause: 101,
    name: 'Message not compatible with call state',
    meaning: 'A message arrived that is not allowed in the current call state, which points to a signalling state mismatch.',
  },
  {
    cause: 102,
    name: 'Recovery on timer expiry',
    meaning: 'A protocol timer expired while waiting for the other side, so the call was cleared. Check reachability and timers between SBC or gateway and carrier.',
    sipEquivalent: 504,
  },
  {
    cause: 103,
    name: 'Parameter non-existent or not implemented, passed on',
    meaning: 'An unknown parameter was received and passed on unchanged.',
  },
  {
    cause: 110,
    name: 'Message with unrecognized parameter, discarded',
    meaning: 'A message was thrown away because it contained a parameter the equipment did not recognise.',
  },
  {
    cause: 111,
    name: 'Protocol error, unspecified',
    meaning: 'A signalling protocol error with no more detail. Capture the signalling on the gateway or SBC and compare with the carrier interface spec.',
    sipEquivalent: 500,
  },
  // Interworking (112-127)
  {
    cause: 127,
    name: 'Interworking, unspecified',
    meaning: 'The call crossed into a network that gave no reason for the failure. Often a SIP-to-ISDN conversion with no cause to map; look at the SIP code and the carrier side.',
    sipEquivalent: 500,
  },
];

/** Q.850 groups causes by range: 1-31, 32-47, 48-63, 64-79, 80-95, 96-111, 112-127. Undefined outside 1-127. */
export function q850ClassOf(cause: number): Q850Class | undefined {
  if (!Number.isInteger(cause) || cause < 1 || cause > 127) return undefined;
  if (cause <= 31) return 'normal';
  if (cause <= 47) return 'resource-unavailable';
  if (cause <= 63) return 'service-unavailable';
  if (cause <= 79) return 'service-not-implemented';
  if (cause <= 95) return 'invalid-message';
  if (cause <= 111) return 'protocol-error';
  return 'interworking';
}

function classOrThrow(cause: number): Q850Class {
  const cls = q850ClassOf(cause);
  if (!cls) throw new Error(`not a Q.850 cause value: ${cause}`);
  return cls;
}

export const Q850_CAUSES: readonly Q850Cause[] = Object.freeze(
  ROWS.map((r) => Object.freeze({ ...r, cls: classOrThrow(r.cause) })),
);

const BY_CAUSE: ReadonlyMap<number, Q850Cause> = new Map(Q850_CAUSES.map((c) => [c.cause, c]));

/** Exact lookup; undefined when the cause is not defined in the table. */
export function q850Cause(cause: number): Q850Cause | undefined {
  return BY_CAUSE.get(cause);
}
