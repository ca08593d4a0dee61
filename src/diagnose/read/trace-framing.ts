// The lines SBCs and SIP servers write around each SIP message they log, and what each says about
// the message's direction. One entry per log format; each pattern is bounded (linear) and only
// runs on lines that hold its literal hint.
//
// Formats (examples in test/fixtures/traces/, each with its source):
// - AudioCodes syslog:  ---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS TO(#134) SocketID(200) ----
// - Asterisk PJSIP:     <--- Received SIP response (648 bytes) from UDP:188.241.120.36:5060 --->
// - FreeSWITCH sofia:   recv 365 bytes from tls/[52.114.7.24]:5061 at 03:25:41.238211:
// - Cisco CUBE:         //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:  then  Sent:  or  Received:
// - Oracle/Acme Packet: Nov 23 14:51:34.530 On [0:0]10.0.0.1:5060 received from 52.114.75.24:5061
// - Ribbon/Sonus TRC:   sent msg for CallId:1234 to IP/port:52.114.75.24/5061, Local IP/port:...
// - Kamailio/OpenSIPS:  INFO: <script>: Sent out tm request: OPTIONS sip:sip.pstnhub.microsoft.com ...
// - pjsua:              TX 491 bytes Request msg REGISTER/cseq=60121 (tdta0x18ba354) to TLS 178.208.113.136:5061:
// - belle-sip:          received [322] new bytes from [UDP://tel.t-online.de:5060]:
// - ngrep / sngrep / capture exports:  U 2020/04/02 10:47:02.345372 77.77.77.77:5060 -> 88.88.88.88:7060
// - Wireshark text:     Internet Protocol Version 4, Src: 52.114.75.24, Dst: 10.0.0.1
// - packet lists:       654  8.011049  52.114.75.24  10.0.0.1  SIP  568  Status: 403 Forbidden
//                       (Wireshark's window: No., Time, Source, Destination, Protocol, Length, Info)
//                       0.079757 66.153.246.92 -> 74.63.41.218 SIP Status: 401 Unauthorized (tshark)

import type { StartLine } from './sip-message';

export interface Frame {
  /** The log format. */
  format: string;
  /** `in`: the logging system received the message; `out`: it sent it. */
  dir?: 'in' | 'out';
  /** Sender and receiver addresses, when the line names them. */
  from?: string;
  to?: string;
  /** The framing line's text, as pasted (for the evidence). */
  quote: string;
  /** Where the frame starts and ends on its line (text may come before it, a message after it). */
  start: number;
  end: number;
  /** The SBC's own session id (AudioCodes SID), linking the legs of one session. */
  session?: string;
}

interface FrameFormat {
  format: string;
  /** A literal the line must contain before the pattern runs. */
  hint: string;
  re: RegExp;
  frame(m: RegExpExecArray): Omit<Frame, 'format' | 'quote' | 'start' | 'end'>;
}

const dirOf = (word: string): 'in' | 'out' => (/^(?:in|rec|rx|received|recv)/i.test(word) ? 'in' : 'out');

const FORMATS: FrameFormat[] = [
  {
    format: 'audiocodes',
    hint: 'SIP Message',
    re: /-{2,8} (Incoming|Outgoing) SIP Message (?:from|to) ([^\s]{1,80}) (?:to|from) SIPInterface #\d{1,4}(?: \([^)\n]{0,60}\))?(?: (?:UDP|TCP|TLS))?/,
    frame: (m) => (m[1] === 'Incoming' ? { dir: 'in', from: m[2] } : { dir: 'out', to: m[2] }),
  },
  {
    format: 'asterisk-pjsip',
    hint: ' SIP ',
    // A forum's typography may render the marker's "---" as an em dash and "--" as an en dash ("<— Received ... —>").
    re: /<(?:-{2,3}|[\u2013\u2014]{1,2}) (Received|Transmitting) SIP (?:request|response) \((?:\d{1,7}|\.{1,8}) bytes\) (?:from|to) ((?:UDP|TCP|TLS|WSS?):[^\s]{1,80}) (?:-{2,3}|[\u2013\u2014]{1,2})>/i,
    frame: (m) => (dirOf(m[1]!) === 'in' ? { dir: 'in', from: m[2] } : { dir: 'out', to: m[2] }),
  },
  {
    format: 'freeswitch-sofia',
    hint: ' bytes ',
    re: /\b(recv|send) \d{1,7} bytes (?:from|to) ((?:udp|tcp|tls|sctp|wss?)\/\[?[^\s\]]{1,64}\]?:\d{1,5})/i,
    frame: (m) => (dirOf(m[1]!) === 'in' ? { dir: 'in', from: m[2] } : { dir: 'out', to: m[2] }),
  },
  {
    format: 'pjsua',
    hint: ' bytes ',
    re: /\b(RX|TX) \d{1,7} bytes (?:Request|Response) msg [^\s]{1,60} \([^)\n]{0,40}\) (?:from|to) ((?:UDP|TCP|TLS) [^\s]{1,64}:\d{1,5})/,
    frame: (m) => (m[1] === 'RX' ? { dir: 'in', from: m[2] } : { dir: 'out', to: m[2] }),
  },
  {
    format: 'cisco-cube',
    hint: 'eceived',
    re: /^[ \t]{0,8}Received:[ \t]{0,8}$/,
    frame: () => ({ dir: 'in' }),
  },
  {
    format: 'cisco-cube',
    hint: 'Sent',
    re: /^[ \t]{0,8}Sent:[ \t]{0,8}$/,
    frame: () => ({ dir: 'out' }),
  },
  {
    format: 'oracle-acme',
    hint: 'On [',
    re: /\bOn \[\d{1,3}:\d{1,3}\]([\d.]{7,15}:\d{1,5}) (received from|sent to) ([\d.]{7,15}:\d{1,5})/,
    frame: (m) => (m[2] === 'received from' ? { dir: 'in', from: m[3] } : { dir: 'out', to: m[3] }),
  },
  {
    format: 'ribbon-sonus',
    hint: 'msg for CallId',
    re: /\b(sent|received|recv) msg for CallId:\d{1,12} (?:to|from) IP\/port:([\d.]{7,15})\/(\d{1,5})/i,
    frame: (m) => (dirOf(m[1]!) === 'in' ? { dir: 'in', from: `${m[2]}:${m[3]}` } : { dir: 'out', to: `${m[2]}:${m[3]}` }),
  },
  {
    format: 'kamailio',
    hint: 'Sent out tm request',
    re: /Sent out tm request:/,
    frame: () => ({ dir: 'out' }),
  },
  {
    format: 'kamailio',
    hint: 'received sip message',
    re: /received sip message - (?:request|reply)/,
    frame: () => ({ dir: 'in' }),
  },
  {
    format: 'belle-sip',
    hint: 'new bytes from',
    re: /received \[\d{1,7}\] new bytes from \[((?:UDP|TCP|TLS):\/\/[^\]\s]{1,80})\]/i,
    frame: (m) => ({ dir: 'in', from: m[1] }),
  },
  {
    format: 'belle-sip',
    hint: 'message sent to',
    re: /message sent to \[((?:UDP|TCP|TLS):\/\/[^\]\s]{1,80})\]/i,
    frame: (m) => ({ dir: 'out', to: m[1] }),
  },
  {
    format: 'wireshark',
    hint: 'Src: ',
    re: /\bSrc: ([\w.:[\]-]{3,64}), Dst: ([\w.:[\]-]{3,64})/,
    frame: (m) => ({ from: m[1], to: m[2] }),
  },
  {
    // A packet list's row up to its Info column, which holds the message's start line in Wireshark's
    // words (packetInfo below). The frame number is optional (tshark leaves it out); the length
    // comes after the protocol (Wireshark's window, newer tshark) or not at all (older tshark).
    format: 'packet-list',
    hint: 'SIP',
    re: /^[ \t]{0,8}(?:\d{1,9}[ \t]{1,12})?-?\d{1,9}\.\d{1,9}[ \t]{1,12}([\w.:[\]-]{1,80})(?:[ \t]{1,4}(?:->|\u2192)[ \t]{1,4}|[ \t]{1,12})([\w.:[\]-]{1,80})[ \t]{1,12}SIP(?:\/SDP)?(?:[ \t]{1,12}\d{1,6})?(?:[ \t]{1,12}|$)/,
    frame: (m) => ({ from: m[1], to: m[2] }),
  },
  {
    // "A:5061 -> B:5061", with the resolved address in brackets after each name (sngrep, ngrep,
    // HOMER and many SBC exports).
    format: 'capture',
    hint: ' -> ',
    re: /(?<![\w.-])((?:\[[0-9a-fA-F:.]{2,45}\]|[\w.-]{1,80}):\d{1,5})(?: \(([\d.]{7,15}:\d{1,5})\))? -> ((?:\[[0-9a-fA-F:.]{2,45}\]|[\w.-]{1,80}):\d{1,5})(?: \(([\d.]{7,15}:\d{1,5})\))?/,
    frame: (m) => ({ from: m[2] ?? m[1], to: m[4] ?? m[3] }),
  },
];

/** One pass for all the hints above (cheaper on every log line than a test per format). */
const ANY_HINT = /S(?:IP Message|ent|rc: |tatus: \d)| (?:SIP |bytes |-> )|eceived|On \[|msg for CallId|received sip message|new bytes from|message sent to|Request: [A-Z]|\tSIP/;

/** A cheap test: can this line be a framing line of any format? */
export function mayFrame(line: string): boolean {
  return ANY_HINT.test(line);
}

const AUDIOCODES_SID = /\[SID=([0-9a-fA-F]{1,12}:\d{1,6}:\d{1,12})\]/;

/** The framing a line holds, if any. */
export function frameOf(line: string): Frame | undefined {
  for (const f of FORMATS) {
    if (!line.includes(f.hint)) continue;
    const m = f.re.exec(line);
    if (!m) continue;
    const frame: Frame = { format: f.format, quote: m[0].trim(), start: m.index, end: m.index + m[0].length, ...f.frame(m) };
    if (f.format === 'audiocodes') frame.session = AUDIOCODES_SID.exec(line)?.[1];
    return frame;
  }
  return undefined;
}

/**
 * A packet list's Info column: "Request: INVITE sip:+15551234567@sip.pstnhub.microsoft.com:5061 | ",
 * "Status: 200 OK (INVITE) | ", "Status: 401 Unauthorized (0 bindings)".
 */
const PACKET_INFO = /^Request: ([A-Z]{3,10}) ([^\s,|]{1,200})|^Status: ([1-6]\d\d)(?:[ \t]{1,4}([^|(\n]{0,80}))?/;

/** The start line a packet list's Info column gives, in parseStart's shape. */
export function packetInfo(info: string): StartLine | undefined {
  const m = PACKET_INFO.exec(info);
  if (!m) return undefined;
  if (m[1]) return { kind: 'request', at: 0, end: m[0].length, method: m[1], uri: m[2] };
  return { kind: 'response', at: 0, end: m[0].length, code: Number(m[3]), phrase: (m[4] ?? '').trim() };
}

/** The framing patterns, for the static ReDoS check. */
export const FRAME_PATTERNS: readonly RegExp[] = [...FORMATS.map((f) => f.re), AUDIOCODES_SID, ANY_HINT, PACKET_INFO];
