// More forms people paste, one rule per block, each from varied examples of its format and with
// what must not become a code: tables whose header names SIP (`| SIP Code | SIP Reason |`), web
// tables copied with their cells run together, call-flow diagrams, codes listed in prose, ACS
// tables with code 0, and the log noise of syslog tags, byte counts and port ranges.
import { describe, expect, it } from 'vitest';
import { codes } from '../helpers/findings';
import { diagnose } from '../../src/diagnose/index';

/** Lines of prose without digits: the paste is no longer a short question. */
const FILLER = ['We opened a ticket with the vendor last week.', 'Inbound calls work, outbound calls do not.', 'Nothing else changed on the SBC.', 'Any idea where to look next?', 'Thanks in advance for any help.', 'Regards,', 'the voice team'];
const long = (text: string) => [FILLER[0], text, ...FILLER.slice(1)].join('\n');

describe('a table whose header names SIP in a cell ("SIP Code", "SIP Reason") is read by its header', () => {
  it.each([
    [
      'centred columns, padded cells',
      ['| SIP Code |   SIP Reason   | Details |', '|:--------:|:--------------:|:-------:|', '|    404   | No Route       | The number has no route.   |', '|    486   | Busy           | The callee is busy.         |'],
      ['-/404', '-/486'],
    ],
    [
      'right-aligned code column, a reason column after it',
      ['| Description | SIP Response Code | SIP Reason |', '|---|---:|---|', '| Caller blocked | 603 | Declined |', '| Trunk down | 503 | Service Unavailable |'],
      ['-/603', '-/503'],
    ],
    [
      'a header naming "Sent" and "Received" columns (words the trace reader looks at)',
      ['| SIP Code | Sent by | Received by |', '| --- | --- | --- |', '|   480   | the carrier | the SBC |'],
      ['-/480'],
    ],
  ])('%s', (_label, rows, want) => {
    expect(codes(long(rows.join('\n')))).toEqual(want);
  });

  it('numbers in other columns of such a table are not codes', () => {
    const rows = ['| SIP Code | SIP Reason | Port |', '|:---:|:---:|:---:|', '|   403   | Forbidden | 5061 |'];
    expect(codes(long(rows.join('\n')))).toEqual(['-/403']);
  });
});

describe('a web table copied with its cells run together: a code glued to a word counts with its own reason phrase', () => {
  it.each([
    ['a Q.850-to-SIP table, the code glued to the cause\'s words', ['Cause Q.850 SIP response', '21 call rejected403 Forbidden', '1 unallocated number404 Not Found'], ['-/403', '-/404']],
    ['the phrase glued to the code', ['Q.850 SIP', '17 user busy 486Busy Here', '102 recovery on timer expiry 504Server Time-out'], ['-/486', '-/504']],
    ['lower-case phrase, glued on both sides', ['cause sip', '20 subscriber absent480Temporarily unavailable'], ['-/480']],
    ["an app's message, the code glued to the word before and its phrase in lower case", ['Linphone shows "Unknown error403 forbidden for caller"'], ['-/403']],
  ])('%s', (_label, rows, want) => {
    expect(codes(long(rows.join('\n')))).toEqual(want);
  });

  it.each([
    ['a number glued to a word with no phrase after it', 'We moved room403 to the second floor and ext486 to sales.'],
    ['a glued number whose words are not its phrase', 'The queue busy486 calls today, trunk503 users online.'],
    ['a code glued on both sides to an identifier', 'build abc503xyz Service pack installed'],
    ['a glued number before lower-case words that are not its phrase', 'see error403 for details and room486 booked tonight'],
  ])('not a code: %s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
  });
});

describe('call-flow diagrams: a response labelled with its message number or written on an arrow', () => {
  it('an RFC-style ladder, one message a line', () => {
    const flow = ['Alice            Proxy            Bob', '  |   INVITE F1    |                |', '  |--------------->|   INVITE F2    |', '  |    100 F3      |--------------->|', '  |<---------------|    486 Busy Here F4', '  |                |<---------------|', '  |    486 F5      |                |', '  |<---------------|                |', '  |     ACK F6     |                |'];
    expect(codes(long(flow.join('\n')))).toEqual(['-/486']);
  });

  it('a ladder flattened onto one line (a page that lost its line breaks)', () => {
    const flat = 'UA1 Proxy UA2 | | | | INVITE F1 | | |--------------->| INVITE F2 | | 100 F3 |--------------->| | | 180 F4 | | 180 F5 |<---------------| | | | 480 F6 | | |<---------------| | 480 F7 | ACK F8 | |<---------------|--------------->| | ACK F9 | | |--------------->| Page 12 of RFC 5359, section 2.4';
    expect(codes(long(flat))).toEqual(['-/480']);
  });

  it('responses written on their arrows, with the label in brackets', () => {
    const flow = ['SBC                          Teams', ' |-------- INVITE (F1) ------->|', ' |<------ 100 Trying (F2) -----|', ' |<---603 Decline--------------|', ' |--------- ACK (F4) --------->|', ' |<------ 404 Not Found (F5) --|'];
    expect(codes(long(flow.join('\n')))).toEqual(['-/603', '-/404']);
  });

  it('a ladder sketched with each response\'s CSeq', () => {
    const flow = ['```', 'REGISTER ( CSeq: 1 REGISTER ) ->', '401 ( CSeq: 1 REGISTER ) <-', 'REGISTER ( CSeq: 2 REGISTER )->', '200 ( CSeq: 2 REGISTER ) <- ', '', 'SUBSCRIBE ( CSeq: 1 SUBSCRIBE )  ->', '407 (CSeq: 1 SUBSCRIBE) <-', 'SUBSCRIBE ( CSeq: 2 SUBSCRIBE )  ->', '486 ( CSeq 2 SUBSCRIBE ) <-', '```'];
    expect(codes(long(flow.join('\n')))).toEqual(['-/401', '-/407', '-/486']);
  });

  it.each([
    ['a response per line, its arrow after it', ['Using 1.3.1', 'INVITE ->', '100 <-', '180 <-', '480 <-', 'ACK ->'], ['-/480']],
    ['with phrases and longer arrows', ['INVITE --->', '<--- 100 Trying', '<--- 486 Busy Here', 'ACK --->'], ['-/486']],
    ['two failures, an authentication challenge first', ['REGISTER ->', '401 Unauthorized <-', 'REGISTER ->', '403 Forbidden <-'], ['-/401', '-/403']],
  ])('a ladder sketched one message a line: %s', (_label, lines, want) => {
    expect(codes(long(lines.join('\n')))).toEqual(want);
  });

  it('a lone status with an arrow is no ladder, nor is a status inside a sentence with an arrow', () => {
    expect(codes(long('Port 486 <- the old one'))).toEqual([]);
    expect(codes(long(['We moved it to room 486 ->', 'next week.'].join('\n')))).toEqual([]);
  });

  it.each([
    ['requests, provisional and 2xx labels, page and section numbers', '| INVITE F1 | 100 F2 | 180 F3 | 200 F4 | ACK F5 | BYE F6 | 200 F7 | Page 68, section 3.8, RFC3665'],
    ['a number before a label that is no message number', 'Press 486 FAST to redial, see Figure F2 for the wiring.'],
    ['a CSeq with no response before it', 'CSeq: 102 INVITE (CSeq: 102 INVITE) and room 486 (CSeq 7)'],
  ])('not a code: %s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
  });
});

describe('codes listed in prose: "480 or 487", "503, 504 and 408"', () => {
  it.each([
    ['after "return code of"', 'the transfer fails and receives a return code of 480 or 487 from the server', ['-/480', '-/487']],
    ['after SIP, a comma list with "or"', 'the call fails with SIP 486, 480 or 408 depending on the callee', ['-/486', '-/480', '-/408']],
    ['after "response code of", joined by "and"', 'we get a response code of 503 and 504 intermittently', ['-/503', '-/504']],
    ['"the error code is" and a slash', 'the error code is 404/484 on every outbound call', ['-/404', '-/484']],
    ['with phrases, the list collapsed onto one line', 'Teams returns 480 Temporarily Unavailable or 486 Busy Here, and the REFER fails. REFER sip:104@10.0.0.108:5070 SIP/2.0 CSeq: 15358 REFER', ['-/480', '-/486']],
  ])('%s: %s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });

  it.each([
    ['a count after the conjunction', 'The SBC returned 404 and 500 users could not call out.', ['-/404']],
    ['a duration after the comma', 'Teams returns 403, 2 hours later it works again', ['-/403']],
    ['a success after the conjunction', 'it fails with 487 or 200 OK at random', ['-/487']],
    ['"code of" with a count after it', 'a return code of 480 for 600 users', ['-/480']],
  ])('not a second code: %s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });
});

describe("407 Proxy Authentication Required, as lists shorten it", () => {
  it.each([
    ['"Proxy Auth Required" in a list of codes', ['Common SIP responses', '404 Not Found: the number is wrong.', '407 Proxy Auth Required: the INVITE had no credentials.', '486 Busy Here: the callee is busy.'], ['-/404', '-/407', '-/486']],
    ['the IANA phrase', ['The carrier answers every INVITE with 407 Proxy Authentication Required.'], ['-/407']],
    ['"Proxy Authorization Required", as some UIs name it', ['Last response: 407 Proxy Authorization Required (retrying with credentials)'], ['-/407']],
  ])('%s', (_label, rows, want) => {
    expect(codes(long(rows.join('\n')))).toEqual(want);
  });
});

describe('ACS tables with the code 0: the subcode, then the real code 0, as table cells', () => {
  it('rows of the Calling Server table without their header', () => {
    const rows = [
      '| 5000 | 0 | Call ended for this participant as it was removed from the conversation by another participant. | Success | |',
      '| 4507 | 495 | Call ended as application didn\'t provide valid Azure Communication Services token. | UnexpectedClientError | |',
      '| 0 | 0 | Call ended successfully by local participant. | Success | |',
    ];
    expect(codes(long(rows.join('\n'))).sort()).toEqual(['0/0', '4507/495', '5000/0']);
  });

  it('tab-separated rows (copied from the rendered page)', () => {
    const rows = ['4097\t0\tCall ended for all users by the meeting organizer.\tSuccess', '7000\t0\tCall ended by Azure Communication Services platform.\tSuccess'];
    expect(codes(long(rows.join('\n'))).sort()).toEqual(['4097/0', '7000/0']);
  });

  it('the code 0 and a documented subcode written with a slash, in either order', () => {
    expect(codes(long('The call ended with 0/540000 after the caller hung up.'))).toEqual(['540000/0']);
    expect(codes(long('Call summary: 540000 / 0'))).toEqual(['540000/0']);
  });

  it.each([
    ['a port table row (an undocumented pair)', '| 5060 | 0 | SIP over UDP, no TLS |'],
    ['zeros with a slash (a count of packets)', 'Packets lost 0/0, jitter 12 ms, 0 / 10 retries'],
    ['a 0 and a code that is not documented with it', 'queue 0/10003 pending'],
    ['a documented subcode and a 0 in a log line, not table cells', '2024-05-01 10:00:01 queue 5003 0 items pending'],
  ])('not a code-0 pair: %s', (_label, line) => {
    expect(codes(long(line)).filter((c) => c.endsWith('/0'))).toEqual([]);
  });
});

describe('number ranges, in the words of any language, name no code', () => {
  it.each([
    ['Portuguese "a"', 'Abra a porta UDP no intervalo 49152 a 53247 para os intervalos de IP 52.112.0.0/14.'],
    ['French "à"', 'Ouvrez les ports UDP de 49152 à 53247 vers 52.112.0.0/14.'],
    ['German "bis"', 'Die UDP-Ports 49152 bis 53247 müssen offen sein.'],
    ['Spanish "del ... al"', 'Abra los puertos del 49152 al 53247 en el firewall.'],
    ['English "to"', 'Allow media ports 50000 to 50019 on the SBC.'],
    ['an en dash with blanks', 'Media: UDP 49152 – 53247 from Microsoft'],
    ['"between ... and"', 'the SBC uses ports between 50000 and 50019 for media'],
    ['Portuguese "entre ... e"', 'portas entre 49152 e 53247'],
  ])('%s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
    // Also as a short question, where a lone 5-digit number counts.
    expect(codes(line)).toEqual([]);
  });

  it('codes joined by words that make no range still count', () => {
    expect(codes('SIP 410 appears with 531000, 531004 and 531005')).toEqual(['531000/410', '531004/410', '531005/410']);
    expect(codes('510559 a 403?')).toEqual(['510559/403']);
    // SIP codes side by side are no range of ports.
    expect(codes('486 - 487')).toEqual(['-/486', '-/487']);
    // A smaller number after the word is no range: two codes.
    expect(codes('560403 to 510559')).toEqual(['560403/403', '510559/-']);
  });
});

describe('syslog process ids name no code', () => {
  it.each([
    ['OpenSIPS', 'Aug 4 21:43:38 debian10 /usr/sbin/opensips[10076]: DBG:core:parse_msg: SIP Request:'],
    ['Kamailio', 'Jan 12 08:01:02 sbc kamailio[10202]: INFO: <script>: routing OPTIONS from 52.114.75.24'],
    ['Asterisk', '[Aug  4 21:43:38] VERBOSE[10076][C-00000001] pbx.c: Executing [s@default:1] Dial'],
    ['a process and its thread', '2017-07-06 15:02:37.388 restcomm-olympus[10076:252259] (common.m:45) nta: sent BYE'],
  ])('%s', (_label, line) => {
    expect(codes(long([line, line].join('\n')))).toEqual([]);
  });

  it('a code on the same line still counts', () => {
    expect(codes(long('Aug 4 21:43:38 sbc opensips[10076]: ERROR: call failed, subcode 560403'))).toEqual(['560403/403']);
  });
});

describe("Sofia-SIP's byte counts and functions' return values are no SIP code", () => {
  it.each([
    ['"N bytes of N"', 'tport_vsend(0x11fd119a0): 564 bytes of 564 to tcp/192.168.2.24:5080'],
    ['"recv N bytes from"', 'recv 480 bytes from udp/[52.114.7.24]:5061 at 03:25:41.238211:'],
  ])('%s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
    expect(codes(line)).toEqual([]);
  });

  it.each([
    ['an underscore function returning a count', 'tport_vsend returned 487'],
    ['a call returning a count', 'nta_msg_send() returned 486 after retry'],
  ])('in a log: %s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
  });

  it('a party that returns a code still sends it', () => {
    expect(codes(long('the trunk returned 486 on every call'))).toEqual(['-/486']);
  });
});

describe('a provisional response in a JSON field is the record\'s state, not a question', () => {
  it.each([
    ['jambonz action hook', 'The dial timed out and we got a 487 final response, the hook says\n"dial_call_status": "early-media",\n"dial_sip_status": 183,'],
    ['a quoted string value', 'the call ends with 486 Busy Here but the webhook has\n"sip_status": "180",'],
    ['single quotes (a Python dict)', "we see 480 on the trunk and the event shows\n'status_code': 100,"],
  ])('%s', (_label, text) => {
    const got = codes(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^-\/4\d\d$/);
  });

  it('a question about that one code is still answered', () => {
    expect(codes('what does SIP status 183 mean?')).toEqual(['-/183']);
  });
});

describe('ranges of SIP classes name no code', () => {
  it('x00 to y99, with a dash or a word of any language, in parentheses or not', () => {
    expect(codes('  • Client error (400-499)')).toEqual([]);
    expect(codes('- Serverfel (500–599)')).toEqual([]);
    expect(codes('Global failures are 600 to 699.')).toEqual([]);
    expect(codes('Fehler des Clients: 400 bis 499')).toEqual([]);
  });
  it('a class range beside a real code keeps the code; codes side by side stay codes', () => {
    expect(codes('Server error (500-599): we get 503 Service Unavailable')).toEqual(['-/503']);
    expect(codes('We saw 486 - 487 in the log')).toEqual(['-/486', '-/487']);
    expect(codes('SIP 400-403 on every call')).not.toEqual([]);
  });
});

describe('a code written just before its subcode key pairs with it, in a question and in a long paste', () => {
  it.each([
    ['a dash', '401 - Subcode 8565', ['8565/401']],
    ['a comma', 'the action fails with 403, subcode 8565', ['8565/403']],
    ['a bracket', 'we get 500 (subCode 511404) on every call', ['511404/500']],
  ])('%s', (_form, text, expected) => {
    expect(codes(text)).toEqual(expected);
    expect(codes(long(text))).toEqual(expected);
  });

  it('a number that is no SIP code, or one that ends another number, pairs with nothing', () => {
    expect(codes(long('build 2024 - subcode 8565'))).toEqual(['8565/-']);
    expect(codes(long('version 1.403 - subcode 8565'))).toEqual(['8565/-']);
  });
});

describe("a result a message quotes (Graph's 'code=580 subcode=5201') is a finding after the record's own", () => {
  // The invite operation's notification in Microsoft Graph's docs (participant-invite.md).
  const message = 'addParticipantsfailed for participants: 28:8A34A46B reason: Audio-video modality controller could not invite participant to this conversation., code=580 subcode=5201';
  const record = { '@odata.type': '#microsoft.graph.resultInfo', code: 500, subCode: 0, message };

  it('in a JSON document', () => {
    expect(codes(JSON.stringify({ status: 'failed', resultInfo: record }, null, 2))).toEqual(['0/500', '5201/580']);
  });

  it('in JSON the parser cannot read (the docs\' trailing comma), line by line', () => {
    const broken = `{\n  "resultInfo": {\n    "code": 500,\n    "subCode": 0,\n    "message": ${JSON.stringify(message)}\n  },\n}`;
    expect(codes(broken)).toEqual(['0/500', '5201/580']);
  });

  it('a message without both keys quotes nothing', () => {
    expect(codes(JSON.stringify({ resultInfo: { code: 500, subCode: 0, message: 'failed, code=580' } }))).toEqual(['0/500']);
  });
});

describe('a table cell listing codes with the Japanese enumeration comma', () => {
  it('reads each code of "490、491、496"', () => {
    const table = ['| エラー コード | 説明 | 実行するアクション |', '| -------- | ---------------| ---------------|', '| 490、491、496、487、498 | ローカル エンドポイント ネットワークの問題。 | ネットワークを確認します。 |'];
    expect(codes(table.join('\n'))).toEqual(['-/490', '-/491', '-/496', '-/487', '-/498']);
  });
});

describe('a SIP code joined to a Microsoft code by "+" in a table of signals', () => {
  it('each row is its pair, and a row that restates its SIP code in words is the same failure', () => {
    const table = [
      '| Signal You See | What It Usually Points To |',
      '|---|---|',
      '| 503 + Microsoft response code 540998 | Microsoft SIP endpoint is temporarily unavailable |',
      '| 503 + Microsoft response code 560503 | The SBC returned the 503 because of overload |',
    ];
    expect(codes(table.join('\n'))).toEqual(['540998/503', '560503/503']);
  });
});

describe("an HTTP status of Teams' PowerShell remoting is no call's code", () => {
  it('a WinRM 403 from the admin endpoint', () => {
    const error = [
      'Get-CsTenant : Connecting to remote server api.interfaces.records.teams.microsoft.com failed with the following error',
      'message : The WinRM client received an HTTP status code of 403 from the remote WS-Management service.',
    ].join('\n');
    expect(codes(error)).toEqual([]);
  });

  it('an HTTP status a Microsoft calling endpoint gave is still read', () => {
    expect(codes('POST https://contoso.communication.azure.com/calling/callConnections failed: HTTP status code of 403 (Forbidden)')).toEqual(['-/403']);
  });
});

describe('a user name, an extension or a ticket given as a number is no code', () => {
  it.each([
    ['a user name', 'We get 403 Forbidden on the BYE; the username is 11001, not webrtc2sip'],
    ['an extension', 'Calls to ext. 40312 fail with 403 Forbidden'],
    ['a ticket', 'Opened ticket 2412031 for the 403 Forbidden on outbound calls'],
  ])('%s', (_what, text) => {
    expect(codes(text)).toEqual(['-/403']);
  });

  it('a key that names a code still reads it ("user ... subcode 10037" is no user name)', () => {
    expect(codes('The user gets 480 with subcode 10037')).toEqual(['10037/480']);
  });
});

describe('more forms of SIP material from other stacks', () => {
  it("an ESP-IDF log's date after its tag is no code", () => {
    const log = ['I (365063) SIP: [1970-01-01/00:06:02]=======================>>', 'I (365093) SIP: [1970-01-01/00:06:02]<<=====READ 0282 bytes==', 'SIP/2.0 403 Forbidden', 'CSeq: 2 OPTIONS', 'Content-Length: 0'].join('\n');
    expect(codes(log)).toEqual(['-/403']);
    expect(codes(long('SIP: [1970-01-01/00:06:02] sent OPTIONS'))).toEqual([]);
  });

  it("a ladder sketched with an arrow's head before each answer", () => {
    const sketch = ['INVITE->', '<-407 Auth required', 'INVITE with Proxy-Authorization ->', '<-407 Auth required', '...'].join('\n');
    expect(codes(long(sketch))).toEqual(['-/407']);
    // An arrow's head before a number that has no words of its own is no answer.
    expect(codes(long('timeout <-408'))).toEqual([]);
  });

  it('two status lines in one sentence are two answers', () => {
    expect(codes('im also having this error SIP/2.0 401 Unauthorized and when i dial SIP/2.0 407 Proxy Authentication Required')).toEqual(['-/401', '-/407']);
  });

  it('the Chinese word for an error with its colon before the code ("报错:408")', () => {
    expect(codes(long('呼叫外部用户时,才会触发fs的30秒呼叫超时,报错:408 RECOVERY_ON_TIMER_EXPIRE'))).toEqual(['-/408']);
    expect(codes(long('配置文件:408 行'))).toEqual([]);
  });

  it("a list of codes under its class's heading, their names in a language without capitals", () => {
    const list = ['5xx = 서버 오류', '', '500 서버 내부 오류 ', '501 구현되지 않음: SIP 요청 메소드가 구현되지 않음 ', '503 서비스를 사용할 수 없음 ', '6xx = 전체 실패', '', '600 모두 사용 중', '603 거부'].join('\n');
    expect(codes(list)).toEqual(['-/500', '-/501', '-/503', '-/600', '-/603']);
    // A 4xx under a 5xx heading is no item of that list.
    expect(codes(['5xx = 서버 오류', 'x', 'y', 'z', 'w', 'v', '404 찾을 수 없음'].join('\n'))).toEqual([]);
  });

  it("a column of another product's error numbers: the few that Microsoft lists too are coincidences", () => {
    const rows = [10002, 10003, 10004, 10006, 10007, 10008, 10009, 10010, 10011, 10012, 10013, 10014, 10015, 10016, 10017].flatMap((n) => [`| ${n} |`, 'The extension does not exist. |']);
    expect(codes(rows.join('\n'))).toEqual([]);
    // A column of codes Microsoft lists is read.
    const acs = [10003, 10004, 10009].flatMap((n) => [`| ${n} |`, 'Call ended. |']);
    expect(codes(acs.join('\n'))).not.toEqual([]);
  });

  it('a value picked from a configuration list is no answer', () => {
    expect(codes(long("5. Click New and select 503 Service Unavailable from the 'Release Cause Code' drop-down list."))).toEqual([]);
    expect(codes(long('The SBC returned 503 Service Unavailable from the carrier list of routes'))).toEqual(['-/503']);
  });
});

describe("a SIPp scenario's expected answers", () => {
  // The shape of Asterisk's testsuite scenarios (tests/channels/pjsip/session_timers/...).
  const scenario = (recv: string) =>
    ['<?xml version="1.0" encoding="ISO-8859-1" ?>', '<scenario name="session timer">', '  <send retrans="500">', '    <![CDATA[', '      INVITE sip:test@[remote_ip]:[remote_port] SIP/2.0', '      CSeq: 1 INVITE', '    ]]>', '  </send>', '  <recv response="100" optional="true"/>', recv, '</scenario>'].join('\n');

  it('a failure the scenario waits for is a code of the call', () => {
    expect(codes(scenario('  <recv response="422"/>'))).toEqual(['-/422']);
    expect(codes(scenario('  <recv response="486" rrs="true"/>'))).toEqual(['-/486']);
  });

  it('an optional answer, a success, and the retransmission timer are none', () => {
    expect(codes(scenario('  <recv response="487" optional="true"/>'))).toEqual([]);
    expect(codes(scenario('  <recv response="200" rtd="true"/>'))).toEqual([]);
  });
});

describe('a table whose header names the code and what it means ("| Code | Meaning |")', () => {
  it('is read as SIP codes in a long paste too', () => {
    const table = ['# Common SIP Response Codes', '', '| Code | Meaning | Use Case |', '|------|---------|----------|', '| 100  | Trying  | Provisional |', '| 403  | Forbidden | Request rejected |', '| 486  | Busy Here | Callee is busy |'];
    expect(codes(long(table.join('\n')))).toEqual(['-/403', '-/486']);
  });

  it('a code column without a meaning column is not ("| City | Code |")', () => {
    expect(codes(long(['| City | Code |', '|---|---|', '| Berlin | 404 |', '| Paris | 486 |'].join('\n')))).toEqual([]);
  });
});

describe("an object's fields dumped one per line are one record however many fields stand between its code and its status", () => {
  // A console's dump of a Graph SDK error (code first, statusCode last), and PowerShell's list view.
  it('a JavaScript console dump', () => {
    const dump = ['code:"7505"', 'date:Fri Jan 24 2020 22:11:49 GMT+0100 (Central European Standard Time) {}', 'message:"Mismatch between request authorization tenant and call tenant."', 'requestId:"b2b70403-4538-4e0e-8a13-0422545c41bc"', 'statusCode:403'];
    expect(codes(long(dump.join('\n')))).toEqual(['7505/403']);
  });

  it('a PowerShell list', () => {
    const list = ['CallEndSubReason : 560403', 'StartTime        : 2024-03-01 10:00:00', 'EndTime          : 2024-03-01 10:00:04', 'CallerNumber     : +15551234567', 'CalleeNumber     : +15557654321', 'CallEndReason    : 403'];
    expect(codes(long(list.join('\n')))).toEqual(['560403/403']);
  });

  it('a blank line or a line of prose between them ends the record', () => {
    const apart = ['code:"7505"', 'date:Fri Jan 24 2020', 'message:"Mismatch"', '', 'requestId:"b2b7"', 'statusCode:403'];
    expect(codes(long(apart.join('\n')))).toEqual(['7505/-', '-/403']);
    const prose = ['code:"7505"', 'date:Fri Jan 24 2020', 'and then the retry failed again', 'requestId:"b2b7"', 'statusCode:403'];
    expect(codes(long(prose.join('\n')))).toEqual(['7505/-', '-/403']);
  });
});

describe("a server's own reason phrase after a verb: one or two words, one naming a failure", () => {
  it.each([
    ['wrong', '5. JsSip answers 403 Wrong Status.', ['-/403']],
    ['expired', 'the registrar responds 401 Nonce Expired every time', ['-/401']],
    ['blocked', 'the carrier returns 403 Number Blocked on calls to the UK', ['-/403']],
  ])('%s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });

  it('a count after the verb, its words naming no failure, is still no code', () => {
    expect(codes(long('we sent 404 Christmas Cards'))).toEqual([]);
    expect(codes(long('the query returned 500 Matching Rows'))).toEqual([]);
  });
});

describe('codes and subcodes written the ways release notes and SIP servers write them', () => {
  it.each([
    ['code/subcode after "subcode", and a pair before a label\'s colon', ['- Updated message for subcode 0/5003: "Call was ended by Azure Communication Service as the call has ended."', '- Added a new subcode for 401/71005: "Call failed due to a validation error in Azure Communication Services."'], ['71005/401', '5003/0']],
    ['"code 0   subCode 5003" laid out in columns', ['/call/end/                            code 0   subCode 5003  "Removing modality controller"'], ['5003/0']],
    ["a SIP server's JSON log field", ['2025-10-03T07:58:31.248Z\tINFO\tsip\tsip/inbound.go:782\tClosing inbound call\t{"nodeID": "NE_1", "sipTrunk": "ST_x4", "status": 486, "reason": "flood"}'], ['-/486']],
    ['a SIP status named apart from the API\'s HTTP status', [': TwirpError(code=internal, message=twirp error unknown: sip status 491: 491, status=500,'], ['-/491']],
    ['a one-word reason phrase of its own after a verb', ['If you run out of retries, calls terminate with the 480 Unavailable', 'error code.'], ['-/480']],
  ])('%s', (_label, lines, want) => {
    expect(codes(long(lines.join('\n'))).sort()).toEqual([...want].sort());
  });
});

describe('a code named as a cause, or as the challenge it is', () => {
  it.each([
    ['because of the', "Normally I'd say it's a bug on Webex side because of the 503 (I'm assuming the Locus service is theirs).", ['-/503']],
    ['due to a', 'the call drops due to a 480, then the trunk retries', ['-/480']],
    ['a 401 challenge, in words of another language', '- Server 401 challenge yuborayapti', ['-/401']],
    ['an authentication challenge', 'we get the 407 authentication challenge and then nothing', ['-/407']],
  ])('%s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });

  it('a count after "due to the" is no code', () => {
    expect(codes(long('the outage was due to the 500 users calling at once'))).toEqual([]);
    expect(codes(long('it took 401 challenges to get there'))).toEqual([]);
  });
});

describe('codes of a list that the words after the last one name', () => {
  it.each([
    ['"or", then the noun', 'We see a 403 or 402 error from Twilio.', ['-/403', '-/402']],
    ['a comma and "or"', 'The registrar sends 401, 403 or 407 response codes to unknown devices.', ['-/401', '-/403', '-/407']],
    ['"and", then the noun and its kind', 'We see 403 and 402 error responses from the trunk.', ['-/403', '-/402']],
    ['in bold, after a verb', 'Without credit Twilio returns **403** or **402** at once.', ['-/403', '-/402']],
    ['in Dutch, "en"', 'De trunk geeft fout 480 en 486.', ['-/480', '-/486']],
    ['the list ending its sentence', 'The trunk sends error 480 and 486.', ['-/480', '-/486']],
  ])('%s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });

  it('a number glued to what is before it is no code of the list', () => {
    expect(codes(long('Firmware 1.403 or 402 error since the update'))).toEqual(['-/402']);
    expect(codes(long('The trunk sends error 480 and 486.5 seconds later'))).toEqual(['-/480']);
  });
});

describe("an ACS call's end reason written as CallEndReasonCode and CallEndReasonSubCode", () => {
  it('as JSON after a heading, and as key=value', () => {
    const json = ['Call Disconnected...', 'Call1 Details:', '{', '"Id": "2f46e848-deb3-4b2a-b185-dedcd8af42eb",', '"CallEndReasonCode": 410,', '"CallEndReasonSubCode": 10216,', '"Participants": []', '}'];
    expect(codes(long(json.join('\n')))).toEqual(['10216/410']);
    expect(codes(long('call ended CallEndReasonCode=487 CallEndReasonSubCode=0'))).toEqual(['0/487']);
  });
});

describe("a recorded HTTP response: its status and its body's error code are one answer", () => {
  const record = (status: string, body: string) =>
    JSON.stringify({ networkCallRecords: [{ Method: 'GET', Uri: 'https://x.communication.azure.com/calling/callConnections/1', Response: { 'content-length': '53', StatusCode: status, Body: body } }] }, null, 2);
  it('404 with {"error":{"code":"8522"}} is 8522/404', () => {
    expect(codes(record('404', '{"error":{"code":"8522","message":"Call not found."}}'))).toEqual(['8522/404']);
  });
  it('a body with its own status keeps it, and a success status pairs with nothing', () => {
    expect(codes(record('400', '{"resultInformation":{"code":400,"subCode":8535}}'))).toEqual(['8535/400']);
    expect(codes(record('200', '{"id":"1","state":"connected"}'))).toEqual([]);
  });
});

describe("the Teams client's call controller code and subcode", () => {
  it('in its diagnosticsCode JSON, and as a table column of a parsed debug log', () => {
    expect(codes('# diagnosticsCode: {"callControllerCode":403,"callControllerSubCode":10105,"phrase":"On-behalf-of authorization failed.","resultCategories":["UnexpectedClientError"]}')).toEqual(['10105/403']);
    const table = [
      'TimeStartUTC        TimeEnd  Direction TerminatedReason CallControllerCode',
      '------------        -------  --------- ---------------- ------------------',
      '2021-03-25 13:44:38 13:44:46 Outbound  12               487',
    ];
    expect(codes(long(table.join('\n')))).toEqual(['-/487']);
  });
});

describe('numbers of a question that are settings, not codes', () => {
  it.each([
    ["an image's width in HTML", 'the remote server responds with 408 Request timeout\n<img width="642" alt="screenshot" src="https://github.com/x/assets/1/2">', ['-/408']],
    ["a setting's value", 'I am getting a 423 error from my SIP server. The default value of 300 for the registration timeout should be fine.', ['-/423']],
  ])('%s', (_label, text, want) => {
    expect(codes(text)).toEqual(want);
  });
});

describe('a code sent to a party, in Chinese', () => {
  it('"b发送给了c 477": sent to c, then the code', () => {
    expect(codes(long('在通话建立后,c给b发送了bye请求,但是b发送给了c 477。正常来说b应该把bye转发给a.'))).toEqual(['-/477']);
  });
  it('a count sent to someone is no code', () => {
    expect(codes(long('我们发送给了UAC 500 条消息'))).toEqual([]);
  });
});

describe('a failure and a colon before the code, as an app logs it', () => {
  it('"SIP registration failed:403" in a console line with a stack trace', () => {
    const log = [
      '2018-17-04 15:07:11.284 ERROR Connector:processSipRegisterResponse(): SIP registration failed:403  [object Object] ',
      '    at commonLog (file:///C:/app/scripts/WebRTComm.js:4852:10)',
      '    at console.error (file:///C:/app/scripts/WebRTComm.js:4925:4)',
    ];
    expect(codes(log.join('\n'))).toEqual(['-/403']);
  });
  it('"call failed: 486" with a space', () => {
    expect(codes(long('12:01:02 WARN [ua] call failed: 486'))).toEqual(['-/486']);
  });
  it('a tally of counters is no code', () => {
    expect(codes(long('12:01:02 INFO batch done. Total: 1000 Failed: 403 Succeeded: 597'))).toEqual([]);
  });
});

describe('a count of people is no code', () => {
  it('"A total of 400 customers are deployed", pasted alone', () => {
    expect(codes('A total of 400 customers are deployed, 271 of these have the aggregated OK status, 66 have errors.')).toEqual([]);
  });
});

describe('the low quotes of German, Czech and Slovak', () => {
  it('a reason phrase in „...“ after the code: "486 „Busy Here“"', () => {
    expect(codes(long('- Výsledok: 180 Ringing → 183 Session Progress → **486 „Busy Here“ z 195.28.88.42:5060**'))).toEqual(['-/486']);
  });
});

describe('codes named in words, in more of the ways people write them', () => {
  it.each([
    ['a passive answer with its answerer: "replied to by the CUBE with a 504"', '8) The outbound call on the CUBE is dropped, and the inbound call is replied to by the CUBE with a 504 (internal server error)', ['-/504']],
    ['German\'s singular article: "bestätigt das 401 der FRITZ!Box", "geben ein 481 zurück"', 'Dieser bestätigt das 401 der FRITZ!Box fälschlicherweise mit einem ACK.\nDieses ACK können wir nicht zuordnen und geben daraufhin ein 481 zurück,', ['-/401', '-/481']],
    ['the Chinese word for an error after the code: "400错误"', '但是后面会每个一分钟左右持续发送注册请求，且都是400错误BadRequest', ['-/400']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['a German count takes the plural article', 'die 500 Anrufe von gestern liefen durch'],
    ['"one 500 of 1000" is a count', 'ein 500 von 1000 Versuchen'],
  ])('%s', (_label, text) => {
    expect(codes(long(text))).toEqual([]);
  });
});

describe('codes of a list in prose where one member is named as a code', () => {
  it('"treating 484, 485, and 486 as if ..." after "Error Code 485"', () => {
    const text = long('Error Code 485 in Microsoft Teams Phone usually means the number is ambiguous.\nMany admins lose time by treating 484, 485, and 486 as if they point to the same family of failure.');
    expect(codes(text)).toEqual(['-/485', '-/484', '-/486']);
  });
  it.each([
    ['in bold, with Dutch "of" (or)', 'Zonder tegoed geeft Twilio direct **403** of **402** errors.\n### 403 Forbidden / SIP 403', ['-/403', '-/402']],
    ['in backticks, with German "oder"', 'Der Trunk antwortet mit `480` oder `486`.\nSIP 486 Busy Here kommt vom Carrier.', ['-/480', '-/486']],
    ['with Chinese "或" and no spaces', 'SBC 有时返回 486或480。\nSIP 486 Busy Here', ['-/486', '-/480']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['with no member named as a code elsewhere', 'Many admins lose time by treating 484, 485, and 486 as one family.'],
    ["a setting's values after a label: \"Default values: 408, 503, 504\"", 'The SBC answered with 408 Request Timeout.\nDefault values: 408, 503, 504'],
    ['a PowerShell parameter\'s values', 'The SBC answered with 408 Request Timeout.\nSet-CsOnlinePSTNGateway -Identity sbc1 -FailoverResponseCodes 408,503,504'],
  ])('not %s', (_label, text) => {
    expect(codes(long(text)).filter((c) => c !== '-/408')).toEqual([]);
  });
});

describe('more ways an answer is named', () => {
  it('"will be replied back with 503 by the SD"', () => {
    expect(codes(long('Any new requests destined to that IP address will be replied back with 503 by the SD.'))).toEqual(['-/503']);
  });
  it("a table's column of what the code means, named in a sentence (\"What It Usually Means\")", () => {
    expect(codes(long('| Code | What It Usually Means | What to Inspect First |\n|---|---|---|\n| 484 | The dialed address is incomplete. | Dialed digits. |'))).toEqual(['-/484']);
  });
  it("an account number in a SIP URI's user part is no code (\"'sip:185060_prod-foo@sanjose.voip.ms:5060'\")", () => {
    expect(codes(long("[Oct  5 01:22:36] WARNING[478618] res_pjsip_outbound_registration.c: No response received from 'sip:sanjose.voip.ms:5060' on registration attempt to 'sip:185060_prod-foo@sanjose.voip.ms:5060', retrying in '60'"))).toEqual([]);
  });
});

describe('a lone Microsoft code in a long paste, followed by its own documented phrase', () => {
  it('"returns `7504 Insufficient enterprise tenant permissions`" in a work log', () => {
    expect(codes(long('- Create Call in the personal chat returns `7504 Insufficient enterprise tenant permissions`, but that path creates a call.'))).toEqual(['7504/-']);
  });
  it('not a known code followed by words of another phrase', () => {
    expect(codes(long('- The bot listens on 7504 for the media platform and the rest of the permissions are fine.'))).toEqual([]);
  });
});

describe('a list in the prose round a trace', () => {
  it('"di solito 401, 403, 404 o 407" after a REGISTER challenged with 401', () => {
    const text = 'REGISTER sip:sip.example.it SIP/2.0\nCall-ID: a1@pbx\nCSeq: 1 REGISTER\n\nSIP/2.0 401 Unauthorized\nCall-ID: a1@pbx\nCSeq: 1 REGISTER\nContent-Length: 0\n\nLa richiesta verrà rifiutata dal provider con una risposta negativa 4xx, di solito 401, 403, 404 o 407.';
    expect(codes(text)).toEqual(['-/401', '-/403', '-/404', '-/407']);
  });
  it("not a header's values (after its colon)", () => {
    const text = 'SIP/2.0 503 Service Unavailable\nCall-ID: a1@pbx\nCSeq: 1 INVITE\nX-Failover-Codes: 408, 503, 504\nContent-Length: 0\n';
    expect(codes(text)).toEqual(['-/503']);
  });
});

describe("a FRITZ!Box's cause beyond Q.850's range is the SIP code", () => {
  it('"Gegenstelle meldet Ursache 500" with no SIP word on the line', () => {
    expect(codes(long('Anmeldung der Internetrufnummer 493039037205 war nicht erfolgreich. Gegenstelle meldet Ursache 500'))).toEqual(['-/500']);
  });
  it('a cause in Q.850\'s range stays a cause, not a code ("Ursache 16")', () => {
    expect(diagnose(long('Anruf beendet. Ursache 16')).findings.map((f) => [f.sipCode, f.q850Cause])).toEqual([[null, 16]]);
  });
});

describe('a table copied one cell per line: where one row\'s code is read, the other rows\' codes are codes', () => {
  it('"487—Request Terminated", "500—Server Failure", a bare "503"', () => {
    const text = '487—Request Terminated\n\n被叫无法接通、被叫关机。\n\n500—Server Failure\n\n服务错误、超并发。\n\n503\n\n超时未接,可能是被叫拒接。';
    expect(codes(text)).toEqual(['-/487', '-/500', '-/503']);
  });
  it('not lines of numbers where no row is read as a code', () => {
    expect(codes(long('Calls per hour\n500\nPeak\n503'))).toEqual([]);
  });
});

describe('more ways a response is named: a response word, a ladder in words, Japanese', () => {
  it.each([
    ['"Response 403" in a vendor table\'s cell', 'Request error: REGISTER failed : Authentication is wrong\nIncorrect login/password\nResponse 403', ['-/403']],
    ['a ladder with arrows on a line naming the request', 'Fehlerzustand: `REGISTER (ohne Auth)` → `401` (frische Nonce) → `REGISTER mit Auth` → **`403`**, und das endlos.', ['-/401', '-/403']],
    ['the same ladder without marks', 'Fehlerzustand: REGISTER → 401 → REGISTER mit Auth → 403, und das endlos.', ['-/401', '-/403']],
    ['"SIP 応答 608"', '不審なコールバック番号を検出した場合、SIP 応答 608 を Webex に渡して、PSTN フォールバックを停止できます。', ['-/608']],
    ['"380 または 400~699 の SIP エラー応答" (the range names no code)', 'あるいは通話で 380 または 400~699 の SIP エラー応答が生じた場合', ['-/380']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['a count after a response word', 'The trunk sent the response 500 times before it gave up.'],
    ['an arrow with no request named', 'Step 3 → 404 pages are served by the web server.'],
  ])('not %s', (_label, text) => {
    expect(codes(long(text))).toEqual([]);
  });
});

describe('a table copied without its outer bars, its code cells listing causes of several kinds', () => {
  it("IntelePeer's disconnect reasons: the SIP codes of each cell, not its Q.850 causes", () => {
    const text = 'DisconnectReasonCode | Disconnect Reason | Disconnect Description |\n---|---|---|\n17, 600, 486 | Busy | The called party is busy. |\n16, 0, 1000 AND RecordType = 1 | Call Success | The call completed without error. |\n1, 2, 3, 26, 404 | Not Found | The number does not exist. |\n102, 504, 1011, 1024 | Timeout | A server fails to respond in time. |';
    expect(codes(text)).toEqual(['-/600', '-/486', '-/404', '-/504']);
  });
  it('not rows without bars under no header', () => {
    expect(codes(long('17, 600, 486 | Busy | The called party is busy. |'))).toEqual([]);
  });
});

describe("pjlib's status in brackets after its error text is no Microsoft code", () => {
  it('"Connection refused [code=120061]" then "SIP registration failed, status=503"', () => {
    const text = 'INFO 10:35:37.182 tcpc0x17393614 !TCP connect() error: Connection refused [code=120061]\nINFO 10:35:37.182 tsx0x17394a64 Failed to send Request msg REGISTER/cseq=46739 (tdta0x17391400)! err=120061 (Connection refused)\nWARNING 10:35:37.183 pjsua_acc.c ..SIP registration failed, status=503 (Connection refused)';
    expect(codes(text)).toEqual(['-/503']);
  });
});

describe('a SIP failure code a paste about SIP names on three lines or more, in words no reader knows', () => {
  const mail = (lines: string[]) => long(['Trunk 0232399030 — presmerované hovory cez SIP trunk', ...lines, 'Ďakujeme.'].join('\n'));
  it('Slovak: "(486 vyriešené)", "odmietnutia 486", "prvý pokus 486"', () => {
    expect(codes(mail(['hovory sa už spájajú (486 vyriešené), ale', 'zmizli aj odmietnutia 486, aj potreba', 'CLI 00491723627488 → prvý pokus 486, druhý pokus spojený']))).toEqual(['-/486']);
  });
  it.each([
    ['named on two lines only', ['hovory sa už spájajú (486 vyriešené), ale', 'zmizli aj odmietnutia 486, aj potreba']],
    ["a process id in a syslog's brackets", ['mmpbxd[412]: Info: reallocated', 'mmpbxd[412]: switchRelay', 'mmpbxd[412]: registerStateChanged']],
    ['a count', ['we had 500 calls on Monday', 'and 500 calls on Tuesday', 'and 500 calls again today']],
  ])('not %s', (_label, lines) => {
    expect(codes(mail(lines))).toEqual([]);
  });
  it('not in a paste that does not speak of SIP', () => {
    expect(codes(long(['Room 486 is booked.', 'Meet in 486 at ten.', 'Bring the keys to 486.'].join('\n')))).toEqual([]);
  });
});

describe('more of how a code is written: British spelling, a cause name, "vs", Chinese "response code", "times out (408)"', () => {
  it.each([
    ['"\'401 unauthorised\'" (British spelling)', "when making a call the sip debug reads '401 unauthorised' and 'Forbidden'.", ['-/401']],
    ["a hangup cause's constant name before the code", '312 Caller cancelled the call (Freeswitch HGC ORIGINATOR_CANCEL 487)', ['-/487']],
    ['"486 vs 408" after "486 response triggers"', '> it seems that 486 response triggers the failure route\n> always seem to be the case in the example of 486 vs 408.', ['-/486', '-/408']],
    ['Chinese "回應碼403"', '例如,回應碼403是在 SIP 裝置提出要求時產生,但是伺服器會謝絕該要求。', ['-/403']],
    ['"times out (408)"', 'At this point it just sits there and times out (408)', ['-/408']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['a setting named like a cause', 'Set MAX_TIMEOUT 500 in the config file and restart'],
    ['a constant without an underscore', 'The BUSY 486 lamp is lit'],
  ])('not %s', (_label, text) => {
    expect(codes(long(text))).toEqual([]);
  });
});

describe('a verb of seeing or showing before the code', () => {
  it.each([
    ["the log says '403'", "The log says '403' every time.", ['-/403']],
    ['Wireshark shows a 486 from the carrier', 'Wireshark shows a 486 from the carrier', ['-/486']],
    ['our SBC logs show 503 on every call', 'Our SBC logs show 503 on every outbound call', ['-/503']],
    ['I keep seeing 480s in the report', 'I keep seeing 480s in the report', ['-/480']],
    ['we see lots of 404 in the usage report', 'we see lots of 404 in the PSTN usage report', ['-/404']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['a count', 'we see 500 calls per day'],
    ['a share', 'the report shows 403 of them'],
    ['web pages', 'The dashboard shows 404 pages'],
  ])('not %s', (_label, text) => {
    expect(codes(long(text))).toEqual([]);
  });
});

describe('a verb of answering or seeing before the code, in the other languages people write', () => {
  it.each([
    ['German', 'Im Trace sehe ich 403 vom Provider.', ['-/403']],
    ['German, with "zurück"', 'Der SBC liefert 503 zurück.', ['-/503']],
    ['French', 'Le SBC renvoie 486 à Teams.', ['-/486']],
    ['Spanish', 'El SBC devuelve 503 en las llamadas salientes', ['-/503']],
    ['Portuguese', 'O SBC retorna 403 para as chamadas', ['-/403']],
    ['Italian', 'Il centralino restituisce 486 quando chiamo', ['-/486']],
    ['Dutch', 'De SBC geeft 503 terug', ['-/503']],
    ['Polish', 'SBC zwraca 486 przy połączeniach', ['-/486']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it.each([
    ['a count in German', 'Der SBC liefert 500 Anrufe pro Tag'],
    ['a count in Spanish', 'Recibimos 400 llamadas cada hora'],
  ])('not %s', (_label, text) => {
    expect(codes(long(text))).toEqual([]);
  });
});

describe('Japanese and Korean words after the code', () => {
  it.each([
    ['"503 が返ってきます"', 'SBC から 503 が返ってきます', ['-/503']],
    ['"503 오류가 발생합니다"', '통화 시 503 오류가 발생합니다', ['-/503']],
    ['"486을 반환합니다"', 'SBC가 486을 반환합니다', ['-/486']],
  ])('%s', (_label, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
  it('not a count ("500 を超える通話")', () => {
    expect(codes(long('500 を超える通話がありました'))).toEqual([]);
  });
});
