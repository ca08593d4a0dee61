// SIP traces and SBC logs (test/fixtures/traces, each with its .source.md): who sent what to whom,
// the final response of a failed call and its sender, the equivalent Microsoft code, the entry,
// who must act; and a trace collapsed onto one line gives the same answer as the multi-line one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceCalls } from '../../src/diagnose/extract';
import { diagnose, type Diagnosis, type Finding } from '../../src/diagnose/index';
import { defaultKb } from '../../src/kb/load';
import { findingToJson } from '../../src/report/json';

const DIR = path.join(__dirname, '..', 'fixtures', 'traces');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const kb = defaultKb();
const options = { isKnownMsCode: (c: number) => kb.hasMsCode(c), isKnownPair: (m: number, s: number) => kb.withPair(m, s).length > 0 };

/** What Teams delivers of a pasted trace: the newlines collapsed into spaces. */
const collapse = (text: string) => text.replace(/\n/g, ' ');

/**
 * Everything about a finding except where on the paste it was (a collapsed trace is one line),
 * and, for words outside the trace, the phrase read after a code (it runs to the end of its line).
 */
const answer = (f: Finding) => ({
  ...findingToJson(f),
  firstLine: 0,
  excerpt: null,
  phrase: f.formats.includes('sip') || f.formats.includes('cdr') ? f.phrase : null,
  flow: f.flow?.map((r) => `${r.from}>${r.to} ${r.what}${r.final ? ' (final)' : ''}`) ?? null,
});

const flowOf = (f: Finding) => f.flow!.map((r) => `${r.from}>${r.to} ${r.what.split(' ')[0]}${r.final ? '!' : ''}`);

/** Every number a finding carries was written in the text (the equivalent is its own field). */
function inventsNothing(d: Diagnosis, text: string) {
  const runs = new Set([...text.matchAll(/\d+/g)].map((m) => Number(m[0])));
  for (const f of d.findings) {
    for (const n of [f.msCode, f.sipCode, f.q850Cause]) if (n !== null) expect(runs.has(n), `${n}`).toBe(true);
  }
}

interface Case {
  file: string;
  /** The findings as msCode/sipCode/q850. */
  codes: string[];
  check?: (f: Finding[], d: Diagnosis) => void;
}

const CASES: Case[] = [
  {
    // Real: sipcapture/paStash#75. Microsoft answers the SBC's OPTIONS; no failure; AudioCodes'
    // sequence numbers (N  6891753), [S=1718478] and the session id are never codes.
    file: 'audiocodes-syslog-teams-options.log',
    codes: [],
  },
  {
    file: 'audiocodes-syslog-teams-invite-503.log',
    codes: ['null/503/34'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
      expect(f!.origin.reason).toContain('SERVER: SBC/v.7.20A.260.012');
      expect(f!.equivalent).toMatchObject({ msCode: 560503, sipCode: 503, basis: 'rule' });
      expect(f!.entries[0]!.id).toBe('dr-560503-503-service-unavailable-sbc-undergoing');
      expect(f!.match).toBe('pair');
      expect(f!.fixOn).toMatchObject({ party: 'sbc', basis: 'trace', rule: 'trace-sbc-answered' });
      expect(flowOf(f!)).toEqual(['Microsoft>SBC INVITE', 'SBC>Microsoft 503!']);
    },
  },
  {
    // Real: the AudioCodes manual's CDR example: a call cancelled before answer is no failure.
    file: 'audiocodes-cdr-manual.log',
    codes: [],
  },
  {
    // Two legs of one session: the carrier's leg is the same 404 passed on, not a second finding.
    file: 'audiocodes-cdr-teams-legs.log',
    codes: ['null/404/null'],
    check: ([f]) => {
      expect(f!.formats).toEqual(['cdr']);
      expect(f!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(f!.origin.reason).toContain('TrmSd RMT');
      expect(f!.origin.reason).toContain('52.114.76.76');
      expect(f!.equivalent).toBeUndefined(); // "404 Not Found" names no documented entry
      expect(f!.fixOn).toMatchObject({ party: 'unknown', basis: 'trace' });
      // Microsoft answered: none of the SBC's own 560xxx entries is offered.
      expect(f!.entries.every((e) => Math.floor((e.msCode ?? 0) / 1000) !== 560)).toBe(true);
    },
  },
  {
    // Real: jambonz/jambonz-docs docs/teams.md. Byte counts (372, 376) and CSeq 23765299 are no codes.
    file: 'freeswitch-sofia-teams-options.log',
    codes: [],
  },
  {
    file: 'kamailio-teams-options.log',
    codes: [],
  },
  {
    // Real: OpenSIPS/opensips#1647. The process id 34825 and connection id 276844070 are no codes.
    file: 'opensips-teams-options-send-failed.log',
    codes: [],
  },
  {
    // Real: a carrier's 486 on a PBX's trunk (not a Teams leg): the peer sent it; busy is no failure to fix.
    file: 'asterisk-pjsip-486.log',
    codes: ['null/486/null'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
      expect(f!.origin.reason).toMatch(/^The peer on the SBC's other leg/);
      expect(f!.equivalent).toBeUndefined();
      expect(f!.fixOn).toMatchObject({ party: 'none', basis: 'trace' });
      expect(flowOf(f!)).toEqual(['10.9.33.2>SBC 180', '10.9.33.2>SBC 486!']);
    },
  },
  {
    file: 'asterisk-pjsip-teams-403.log',
    codes: ['null/403/21'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(f!.origin.reason).toContain('<--- Received SIP response (688 bytes) from TLS:52.114.76.76:5061 --->');
      expect(f!.equivalent).toMatchObject({ msCode: 510532, sipCode: 403, basis: 'reason-text' });
      expect(f!.entries[0]!.id).toBe('dr-510532-403-get-inbound-direct-routing');
      expect(f!.fixOn).toBe(f!.entries[0]!.fixOn);
      expect(f!.notes.join(' ')).toMatch(/Q\.850 cause 21 is in Microsoft's own Reason header/);
    },
  },
  {
    // Real: Cisco's own sample of debug ccsip messages (Sent: INVITE, Received: 100 Trying).
    file: 'cisco-cube-ccsip.log',
    codes: [],
  },
  {
    file: 'oracle-acme-sipmsg.log',
    codes: ['null/500/null'],
    check: ([f]) => {
      // No Server header: the log's own direction line is the evidence.
      expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
      expect(f!.origin.reason).toContain('On [1:0]203.0.113.45:5061 sent to 52.114.14.70:5061');
      expect(f!.equivalent).toMatchObject({ msCode: 560500, sipCode: 500 });
      expect(f!.entries[0]!.msCode).toBe(560500);
      // The slip note of a 500 entry the trace ruled out is not shown.
      expect(f!.notes.join(' ')).not.toMatch(/540500/);
    },
  },
  {
    // Real: a Ribbon DBG log: record lengths (339), the date field 09202018, session counts are no codes.
    file: 'ribbon-sbc-dbg.log',
    codes: [],
  },
  {
    file: 'ribbon-trc-teams-488.log',
    codes: ['null/488/null'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
      expect(f!.equivalent).toMatchObject({ msCode: 560488, sipCode: 488 });
      // 560488 is not in Microsoft's tables, and Microsoft's own 488 entries do not apply: explained by the SIP code.
      expect(f!.match).toBe('none');
      expect(f!.sip?.code).toBe(488);
      expect(flowOf(f!)).toEqual(['Microsoft>SBC INVITE', 'SBC>Microsoft 488!']);
    },
  },
  {
    file: 'sngrep-teams-options-403.txt',
    codes: ['null/403/null'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(f!.origin.reason).toContain('SERVER: Microsoft.PSTNHub.SIPProxy');
      expect(f!.entries.every((e) => Math.floor((e.msCode ?? 0) / 1000) !== 560)).toBe(true);
      expect(flowOf(f!)).toEqual(['SBC>Microsoft OPTIONS', 'Microsoft>SBC 403!']);
    },
  },
  {
    // Real: MicrosoftDocs/OfficeDocs-SkypeForBusiness#9021: the Reason text is word for word 10037/480.
    file: 'teams-480-no-callee-endpoints.txt',
    codes: ['null/480/31'],
    check: ([f]) => {
      expect(f!.equivalent).toMatchObject({ msCode: 10037, sipCode: 480, basis: 'reason-text' });
      expect(f!.entries[0]!.id).toBe('dr-10037-480-no-callee-endpoints-were');
      expect(f!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(f!.origin.reason).toContain('5e19725b-7fad-4e89-bae3-dfc5df88bb96;No callee endpoints were found.');
    },
  },
  {
    // Real: Call2Teams support page: prose with Microsoft's Reason header; the phrase is 10500/403's.
    // The Reason header pasted alone goes with the 403 the prose names before it: one failure.
    file: 'teams-403-call-site-state.txt',
    codes: ['null/403/63'],
    check: ([reason]) => {
      expect(reason!.equivalent).toMatchObject({ msCode: 10500, sipCode: 403, basis: 'reason-text' });
      expect(reason!.entries[0]!.id).toBe('dr-10500-403-current-call-site-state');
      // The Q.850 cause in Microsoft's Reason header is Microsoft's, not a carrier's.
      expect(reason!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(reason!.fixOn.party).not.toBe('carrier');
    },
  },
  {
    file: 'teams-invite-404-runtimeapi.txt',
    codes: ['null/404/1'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
      expect(f!.origin.reason).toContain('Server: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3');
      expect(f!.equivalent).toMatchObject({ msCode: 511404, sipCode: 404, basis: 'reason-text' });
      expect(f!.entries[0]!.id).toBe('dr-511404-404-getting-user-info-by');
      expect(f!.msCode).toBeNull();
      expect(f!.fixOn).toBe(f!.entries[0]!.fixOn);
      expect(flowOf(f!)).toEqual(['SBC>Microsoft INVITE', 'Microsoft>SBC 100', 'Microsoft>SBC 404!', 'SBC>Microsoft ACK']);
    },
  },
  {
    file: 'wireshark-teams-invite.txt',
    codes: ['null/480/null'],
    check: ([f]) => {
      expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
      expect(f!.origin.reason).toContain('Src: 203.0.113.45, Dst: 52.114.14.70');
      expect(f!.equivalent).toMatchObject({ msCode: 560480, sipCode: 480 });
      expect(flowOf(f!)).toEqual(['Microsoft>SBC INVITE', 'SBC>Microsoft 480!']);
    },
  },
];

describe('SIP traces and SBC logs', () => {
  it('has a source note for every fixture, and a case for every fixture', () => {
    const files = fs.readdirSync(DIR).filter((f) => !f.endsWith('.source.md'));
    for (const f of files) expect(fs.existsSync(path.join(DIR, f.replace(/\.(log|txt)$/, '.source.md'))), f).toBe(true);
    expect(CASES.map((c) => c.file).sort()).toEqual(files.sort());
  });

  it.each(CASES)('$file', ({ file, codes, check }) => {
    const text = read(file);
    const d = diagnose(text);
    expect(d.findings.map((f) => `${f.msCode}/${f.sipCode}/${f.q850Cause}`)).toEqual(codes);
    inventsNothing(d, text);
    // A trace is not a question: no word search on it.
    expect(d.search).toEqual([]);
    check?.(d.findings, d);
  });

  it.each(CASES)('$file collapsed onto one line gives the same answer', ({ file }) => {
    const full = diagnose(read(file)).findings.map(answer);
    const one = diagnose(collapse(read(file))).findings.map(answer);
    expect(one).toEqual(full);
  });
});

describe('who sent what to whom, in traces without a failure', () => {
  it('AudioCodes syslog: Microsoft (52.114.75.24) answered the SBC\'s OPTIONS with 200', () => {
    const calls = traceCalls(read('audiocodes-syslog-teams-options.log'), options);
    const ok = calls.find((c) => c.flow.some((r) => r.what.startsWith('200')))!;
    expect(ok.teams).toBe(true);
    expect(ok.flow).toMatchObject([{ from: 'Microsoft', to: 'SBC', what: '200 OK' }]);
    expect(ok.senders[0]!.quote).toContain('---- Incoming SIP Message from 52.114.75.24:5061 to SIPInterface #2 (Teams) TLS');
  });

  it('FreeSWITCH sofia: the SBC sent OPTIONS to 52.114.148.0, Microsoft answered with its Server string', () => {
    const [call] = traceCalls(read('freeswitch-sofia-teams-options.log'), options);
    expect(call!.teams).toBe(true);
    expect(call!.flow.map((r) => `${r.from}>${r.to} ${r.what}`)).toEqual(['SBC>Microsoft OPTIONS', 'Microsoft>SBC 200 OK']);
    expect(call!.senders[0]!.quote).toBe('send 372 bytes to tls/[52.114.148.0]:5061');
    expect(call!.senders[1]!.quote).toBe('SERVER: Microsoft.PSTNHub.SIPProxy v.2020.7.31.1 i.USWE2.3');
  });

  it('Kamailio: "Sent out tm request" to sip.pstnhub.microsoft.com is the SBC\'s', () => {
    const [call] = traceCalls(read('kamailio-teams-options.log'), options);
    expect(call!.flow.map((r) => `${r.from}>${r.to} ${r.what}`)).toEqual(['SBC>Microsoft OPTIONS']);
  });

  it('Cisco CUBE: Sent: is the gateway\'s own message, Received: the peer\'s', () => {
    const [call] = traceCalls(read('cisco-cube-ccsip.log'), options);
    expect(call!.teams).toBe(false);
    expect(call!.flow.map((r) => `${r.from}>${r.what}`)).toEqual(['SBC>INVITE', 'Peer>100 Trying']);
  });
});

describe('evidence in words: who answered, weaker than a trace', () => {
  it.each([
    ['the SBC returns 504', 504, 'sbc'],
    ['Teams sends back 404', 404, 'microsoft'],
    ['we get 403 from Microsoft', 403, 'microsoft'],
    ['our carrier returns 486 Busy Here for every call', 486, 'sbc'],
  ] as const)('%s', (text, sip, side) => {
    const [f] = diagnose(text).findings;
    expect(f).toMatchObject({ sipCode: sip, origin: { side, basis: 'prose' } });
    expect(f!.origin.reason).toContain(text.split(' ').slice(0, 3).join(' ').replace(/^we /, ''));
  });

  it('a trace wins over the words', () => {
    const text = `the SBC returns 404\n${read('teams-invite-404-runtimeapi.txt')}`;
    const f = diagnose(text).findings.find((x) => x.formats.includes('sip'))!;
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
  });

  it('a documented Microsoft code wins over the words', () => {
    const [f] = diagnose('the SBC returns 403 510559').findings;
    expect(f!.origin.basis).toBe('documented');
  });
});

describe('the final failure of a call', () => {
  const msg = (start: string, cseq: string, more = '') => `${start}\nCall-ID: c1@sbc1.contoso.com\nCSeq: ${cseq}\n${more}\n`;
  it('a fork that failed before another answered is no failure', () => {
    expect(diagnose(msg('SIP/2.0 486 Busy Here', '1 INVITE') + msg('SIP/2.0 200 OK', '1 INVITE')).findings).toEqual([]);
  });
  it('an authentication challenge answered by a new INVITE is no failure', () => {
    const text = msg('INVITE sip:+1@carrier.example SIP/2.0', '1 INVITE') + msg('SIP/2.0 407 Proxy Authentication Required', '1 INVITE') + msg('INVITE sip:+1@carrier.example SIP/2.0', '2 INVITE') + msg('SIP/2.0 200 OK', '2 INVITE');
    expect(diagnose(text).findings).toEqual([]);
  });
  it('an authentication challenge whose retry the paste shows no answer to is the failure', () => {
    const text = msg('SIP/2.0 407 Proxy Authentication Required', '1 INVITE') + msg('ACK sip:+1@carrier.example SIP/2.0', '1 ACK') + msg('INVITE sip:+1@carrier.example SIP/2.0', '2 INVITE') + msg('SIP/2.0 100 Trying', '2 INVITE');
    expect(diagnose(text).findings.map((f) => f.sipCode)).toEqual([407]);
  });
  it('a failed INVITE stays the failure when a later request of the call fails too', () => {
    const text = msg('SIP/2.0 503 Service Unavailable', '1 INVITE') + msg('SIP/2.0 481 Call/Transaction Does Not Exist', '2 BYE');
    expect(diagnose(text).findings.map((f) => f.sipCode)).toEqual([503]);
  });
  it('a BYE that says why (not normal clearing) is the failure when nothing else failed', () => {
    const text = msg('BYE sip:+1@sbc1.contoso.com SIP/2.0', '2 BYE', 'Reason: Q.850;cause=41;text="Temporary failure"') + msg('SIP/2.0 200 OK', '2 BYE');
    const [f] = diagnose(text).findings;
    expect(f).toMatchObject({ sipCode: null, q850Cause: 41, formats: ['sip'] });
  });
});

describe("packet lists (Wireshark's window, tshark): each row is a message between two addresses", () => {
  // Written in the shapes Wireshark's packet list and tshark print (the columns No., Time, Source,
  // Destination, Protocol, Length, Info; tshark with an arrow and without the frame number).
  const wireshark = [
    'No.\tTime\tSource\tDestination\tProtocol\tLength\tInfo',
    '12\t3.100254\t10.20.0.5\t52.114.75.24\tSIP/SDP\t1480\tRequest: INVITE sip:+14255550123@sip.pstnhub.microsoft.com:5061 | ',
    '13\t3.131870\t52.114.75.24\t10.20.0.5\tSIP\t512\tStatus: 100 Trying | ',
    '14\t3.402113\t52.114.75.24\t10.20.0.5\tSIP\t688\tStatus: 403 Forbidden | ',
    '15\t3.402500\t52.114.75.24\t10.20.0.5\tSIP\t466\tContinuation | ',
    '16\t3.402990\t10.20.0.5\t52.114.75.24\tSIP\t430\tRequest: ACK sip:+14255550123@sip.pstnhub.microsoft.com:5061 | ',
  ].join('\n');

  it("a Teams call's final response is read with who sent it, and frame numbers and lengths are no codes", () => {
    const { findings } = diagnose(wireshark);
    expect(findings.map((f) => `${f.msCode}/${f.sipCode}`)).toEqual(['null/403']);
    const f = findings[0]!;
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'trace' });
    expect(f.origin.reason).toContain('52.114.75.24');
    expect(flowOf(f)).toEqual(['SBC>Microsoft INVITE', 'Microsoft>SBC 100', 'Microsoft>SBC 403!', 'SBC>Microsoft ACK']);
  });

  it("tshark's rows, with the arrow: the SBC answering Microsoft's INVITE gives the 560 code Teams logs", () => {
    const tshark = [
      '    1 0.000000 52.114.14.70 → 203.0.113.45 SIP/SDP 1422 Request: INVITE sip:+3225550100@sbc1.contoso.com:5061',
      '    2 0.020417 203.0.113.45 → 52.114.14.70 SIP 380 Status: 503 Service Unavailable (INVITE)',
    ].join('\n');
    const [f] = diagnose(tshark).findings;
    expect(f).toMatchObject({ msCode: null, sipCode: 503 });
    expect(f!.origin).toMatchObject({ side: 'sbc', basis: 'trace' });
    expect(f!.equivalent).toMatchObject({ msCode: 560503, sipCode: 503 });
    expect(flowOf(f!)).toEqual(['Microsoft>SBC INVITE', 'SBC>Microsoft 503!']);
  });

  it('a packet list collapsed onto one line reads row by row, as the multi-line one', () => {
    const rows = [
      '    1 0.000000 52.114.14.70 → 203.0.113.45 SIP/SDP 1422 Request: INVITE sip:+3225550100@sbc1.contoso.com:5061',
      '    2 0.020417 203.0.113.45 → 52.114.14.70 SIP 380 Status: 503 Service Unavailable (INVITE)',
    ];
    const [f] = diagnose(rows.join(' ')).findings;
    expect(f!.equivalent).toMatchObject({ msCode: 560503, sipCode: 503 });
    expect(flowOf(f!)).toEqual(['Microsoft>SBC INVITE', 'SBC>Microsoft 503!']);
  });

  it("outside a Teams call the rows go between the addresses shown, and each distinct failure is listed", () => {
    const rows = [
      '0.000000 192.0.2.10 -> 198.51.100.7 SIP Request: REGISTER sip:voip.example.net',
      '0.031122 198.51.100.7 -> 192.0.2.10 SIP Status: 401 Unauthorized',
      '0.062010 192.0.2.10 -> 198.51.100.7 SIP Request: REGISTER sip:voip.example.net',
      '0.090301 198.51.100.7 -> 192.0.2.10 SIP Status: 423 Interval Too Brief',
    ].join('\n');
    const { findings } = diagnose(rows);
    expect(findings.map((f) => f.sipCode)).toEqual([401, 423]);
    expect(findings[1]!.origin.basis).not.toBe('trace');
    expect(flowOf(findings[1]!)).toEqual(['192.0.2.10>198.51.100.7 REGISTER', '198.51.100.7>192.0.2.10 401', '192.0.2.10>198.51.100.7 REGISTER', '198.51.100.7>192.0.2.10 423!']);
  });
});

describe("a packet list with times before the reference packet (Wireshark's negative relative time)", () => {
  it('its frame lengths are no codes', () => {
    const rows = [
      'No.\tTime\tSource\tDestination\tProtocol\tLength\tInfo',
      '12\t-17.455802\t10.10.10.60\t10.10.10.48\tSIP\t520\tRequest: REGISTER sip:10.10.10.48  (1 binding) | ',
      '13\t-17.448670\t10.10.10.48\t10.10.10.60\tSIP\t571\tStatus: 401 Unauthorized | ',
    ].join('\n');
    expect(diagnose(rows).findings.map((f) => f.sipCode)).toEqual([401]);
  });
});

describe("a PJSIP log a forum rendered with typographic dashes (\"<— Received ... —>\") is the log as typed", () => {
  // Discourse's typographer makes "---" an em dash and "--" an en dash; the byte count is no code.
  const log = (open: string, close: string) =>
    [
      `[Mar 10 17:27:02] VERBOSE[35916] res_pjsip_logger.c: ${open} Received SIP response (493 bytes) from UDP:20.74.168.34:5060 ${close}`,
      'SIP/2.0 503 Service Unavailable',
      'Via: SIP/2.0/UDP 20.74.168.6:5060;rport;branch=z9hG4bKPj87870831',
      'Call-ID: db07712c-28ab-42d2-9b4e-45b86d99c1a3',
      'CSeq: 22733 INVITE',
      'Reason: Q.850;cause=41',
      'Content-Length: 0',
      '',
    ].join('\n');

  it.each([
    ['em dashes', '<\u2014', '\u2014>'],
    ['en dashes', '<\u2013', '\u2013>'],
  ])('%s', (_label, open, close) => {
    const typed = diagnose(log('<---', '--->')).findings.map((f) => `${f.msCode}/${f.sipCode}/${f.q850Cause}`);
    expect(typed).toEqual(['null/503/41']);
    expect(diagnose(log(open, close)).findings.map((f) => `${f.msCode}/${f.sipCode}/${f.q850Cause}`)).toEqual(typed);
  });
});

describe('a question with a trace in it, collapsed onto one line: the words after the trace are still read', () => {
  const corpus = (id: string) => fs.readFileSync(path.join(__dirname, '..', 'corpus', 'cases', `${id}.txt`), 'utf8');
  const codesOf = (text: string) => diagnose(text).findings.filter((f) => f.sipCode !== null || f.msCode !== null).map((f) => `${f.msCode}/${f.sipCode}`);
  it.each([
    // "Content-Length: 0" ends the message; the question after it names the 486.
    ['github-freeswitch-2522-183-q850-17-486', ['null/486']],
    ['github-sipjs-1121-hold-hangup-bye-reason-488', ['null/488', 'null/486', 'null/430']],
    // A code fence closes the pasted request: "Phone always responding with `404 not found`" follows it.
    ['question-cisco-8945-pjsip-invite-404-request-uri', ['null/404']],
    // A Reason header quoted in a sentence: the sentence after its value names the pair.
    ['learn-callnotifications-487-540200-curly-quotes', ['540200/487']],
  ])('%s', (id, codes) => {
    const text = corpus(id);
    expect(codesOf(text)).toEqual(codes);
    expect(codesOf(text.replace(/\s*\n\s*/g, ' '))).toEqual(codes);
  });

  it('headers after "Content-Length: 0" stay with their message (ngrep\'s "Content-Length: 0." too)', () => {
    const trace = corpus('github-kamailio-918-ngrep-cancel-200-487');
    const [f] = diagnose(trace).findings;
    expect(f).toMatchObject({ sipCode: 487, q850Cause: 16 });
    const collapsed = 'SIP/2.0 487 Request Terminated Call-ID: a84b4c76e66710 CSeq: 1 INVITE Content-Length: 0 X-CTMG-HangupCause: Normal Clearing Reason: Q.850 ;cause=16 ;text="Normal Clearing"';
    expect(diagnose(collapsed).findings[0]).toMatchObject({ sipCode: 487, q850Cause: 16 });
  });
});
