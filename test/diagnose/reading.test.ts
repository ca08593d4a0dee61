// How people write codes, one rule per block, from varied examples of each form: SIP codes named
// in words, tables read by their header, the keys of Microsoft's translated pages, numbers that
// are no code, Reason headers pasted without their response, wrapped SIP headers, JSON in a code
// fence. Each example is checked in a long paste (where a bare number does not count) and, where
// it matters, as a short question.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index';
import { sipStatuses } from '../../src/diagnose/read/sip-status';
import { codes, first } from '../helpers/findings';

/** Lines of prose without digits: the paste is no longer a short question. */
const FILLER = ['We opened a ticket with the vendor last week.', 'Inbound calls work, outbound calls do not.', 'Nothing else changed on the SBC.', 'Any idea where to look next?', 'Thanks in advance for any help.', 'Regards,', 'the voice team'];
const long = (text: string) => [FILLER[0], text, ...FILLER.slice(1)].join('\n');

describe('a SIP code named in words counts in a long paste', () => {
  it.each([
    ['with its reason phrase', 'Every second inbound call gets 486 Busy Here from the trunk.', ['-/486']],
    ['with its phrase in capitals, in brackets', 'unexpected status from INVITE response: SIP Status: 480 (TEMPORARILY UNAVAILABLE)', ['-/480']],
    ['with a dash before a lower-case phrase', 'the call was rejected with 415 – unsupported media type by the PBX', ['-/415']],
    ['with a phrase written apart ("Time-out")', 'the proxy then sends 408 Request Time-out to the caller', ['-/408']],
    ['after the word SIP and an error word', 'the carrier answered with SIP error 404 on every call', ['-/404']],
    ['after an error word', 'The client shows error 503 after ringing.', ['-/503']],
    ['before an error word (a title)', 'Inbound 480 Error on Teams calls', ['-/480']],
    ['before "code"', 'Most callers receive a 487 code at that point.', ['-/487']],
    ['with its Q.850 cause ("404 / 26")', 'Teams sends a 404 / 26 response to the carrier.', ['-/404']],
    ['as an SDK failure constant', 'CALL_DECLINED = 603', ['-/603']],
    ['as a constant with its number in the name', 'NETWORK_ERROR_496 = 496', ['-/496']],
    ['in a logged message string', '  "message": "Sip non-success response: 606",', ['-/606']],
    ['as a cause on a SIP line', 'chan_sip.c:1234 hangup: Cause: 480', ['-/480']],
    ['after a verb of answering', 'Teams returns a 403 on every outbound call.', ['-/403']],
    ['after a verb, as a plural', 'we keep getting 503s from the carrier', ['-/503']],
    ['after "fails with"', 'it fails with 480 when the user is offline', ['-/480']],
    ['after "replied with", ending the sentence', 'The carrier replied with 486.', ['-/486']],
    ['after "error code"', 'The app shows error code 487 right away', ['-/487']],
    ['"code" with a subcode on the line', 'the call ended with code 487 and subcode 10003 as expected', ['10003/487']],
    ['in FreeSWITCH channel variables', 'variable_sip_term_status: [486] variable_proto_specific_hangup_cause: [sip:486]', ['-/486']],
    ['joined to SIP by a hyphen', 'FreeSWITCH maps Cause 47 to SIP-480 instead of SIP-503.', ['-/480', '-/503']],
    ['in PJSIP\'s log of a response', 'sip_endpoint.c  Processing incoming message: Response msg 403/INVITE/cseq=5853 (rdata0x7f87ef0fd140)', ['-/403']],
    ['in PJSIP\'s dialog log of a response', 'PJSIP(5): dlg0x7f87ef089  ...Received Response msg 486/INVITE/cseq=5853 (rdata0x7f87ef0fd140)', ['-/486']],
    ['as a SIP line\'s status value', '18:28:35.600    pjsua_acc.c  ....SIP registration failed, status=403 (Device not whitelisted)', ['-/403']],
    ['with a slash before its phrase', 'the status information (486 / Busy here) appears on the screen for about 2 seconds', ['-/486']],
    ["as a key's value with its own phrase", '>>> 11:24:58.834            pjsua_app.c  .....Call 0 is DISCONNECTED [reason=488 (Not Acceptable Here)]', ['-/488']],
    ["after a verb, with a server's own phrase in backticks", 'sip.linhome.org answers `403 Domain forbidden`  so INVITE (SDP) not reached intercom.', ['-/403']],
    ['after a Chinese verb, with no space', '2025-11-14 17:44:19.904 [async-16]  INFO --- c.g.i.v.g.t.e.r.impl.RegisterRequestProcessor: 128 [注册请求] 设备：11010700492000000002, 回复401: 36.112.39.138:15060', ['-/401']],
    ['as a SIP line\'s status value, after a full-width colon', '2024-01-08 11:35:49.501 [wvp-10]  WARN --- c.g.iot.vmp.gb28181.transmit.SIPProcessorObserver: 119 接收到失败的response响应！status：400,message:Bad Request', ['-/400']],
    ['as a status after "with", on a SIP line', 'drachtio:srf Dialog#modifySession: received response to reINVITE with status 477', ['-/477']],
    ['as a status in a JSON log record with a SIP error', '{"level":50,"err":{"type":"SipError","message":"Sip non-success response: 488","status":488},"msg":"Error handling reinvite"}', ['-/488']],
    ['as the subject of a sentence about it', '  • 487 is a termination result, not a root cause by itself.', ['-/487']],
    ['as the subject, "an ... error"', 'A 500 is an internal server error of the proxy.', ['-/500']],
    ['with a failure in the writer\'s words, in brackets', 'I want to send the decline reason 480(Not Answered), currently it sends 486 (Busy).', ['-/480', '-/486']],
    ['with "not found" in brackets after a space', 'the lookup ends in 404 (User not found) on every transfer', ['-/404']],
    ['as a method\'s response', 'SIP invite failed: Unexpected StatusCode from INVITE response 403', ['-/403']],
    ['as a method\'s reply, with a colon', 'the BYE reply: 481 came back from the far end', ['-/481']],
    ["as Kamailio's or OpenSIPS's reply status", 'Oct 26 15:57:55 [27073] DEBUG-T_FAILED1 rs=408', ['-/408']],
    ['in a Wireshark packet list, by its Info column (not the frame length)', '654\t8.011049\t10.100.1.10\t10.124.19.10\tSIP\t568\tStatus: 401 Unauthorized | ', ['-/401']],
    ['in a packet list copied with spaces', '676   8.065615   10.100.1.10   10.124.19.10   SIP/SDP   504   Status: 423 Interval Too Brief', ['-/423']],
    ['in brackets after "response"', '[linphone/liblinphone] MESSAGE Op [0x7f843ac3c820] receiving call response [403], dialog is [0x0]', ['-/403']],
    ["with belle-sip's reason after it", '[doorpi.sipphone.from_linphone] Register refresher  [503] reason [io error] for proxy [sip:192.168.1.1]', ['-/503']],
    ['as a markdown link to the SIP RFC', '* [480](https://tools.ietf.org/html/rfc3261#section-21.4.18)', ['-/480']],
    ['as what a failure is changed into', 'Our solution has been to translate retried failures at a single node into a 504 (which is not retried).', ['-/504']],
    ['in brackets after a code key', 'Call failed with cause: Code: [503], Cause: SIP Failure Code, Reason: Service Unavailable', ['-/503']],
    ['as a Fritz!Box\'s cause', '21.10.24    10:16:44    Internettelefonie mit ab-0065 über 128.140.84.131:50060 war nicht erfolgreich. Ursache: (408)', ['-/408']],
    ['after "rejects" and its object, "with"', 'A party rejects the in-dialog invite with 488', ['-/488']],
    ['after a reply from someone and a colon', 'May 29 14:53:36 host /usr/sbin/kamailio[31782]: INFO: <script>: REPLY_TO_WS Reply from softphone: 488', ['-/488']],
    ['after "response from" an address', 'got response from 10.0.0.5:5060: 503 and gave up', ['-/503']],
    ['in bold after a verb', 'All inbound SIP INVITEs to our inbound trunk return **404 "No trunk found"** (`AuthNoTrunkFound`)', ['-/404']],
    ['after a verb whose subject ends in brackets', 'same test calling the Telnyx number (with a matching inbound trunk) returns 404', ['-/404']],
    ['in brackets after a response word', 'the call is hung up due to timeout or a “flood” response (486).', ['-/486']],
    ['before "Status" on a SIP line', 'Inbound SIP Call Rejected as Flood with 486 Status', ['-/486']],
    ['with the older phrase of 481', 'Add extra info after terminated on 481 - Dialog Does Not Exist', ['-/481']],
    ['with its phrase after a cell\'s bar, in a table with no leading bar', 'Code | Response | Common cause |\n400 | Bad Request | Malformed SIP request |\n408 | Request Timeout | No response |', ['-/400', '-/408']],
    ["with its phrase wrapped onto the next lines (a manual's page copied)", '480 Temporarily\nUnavailable\nSee comments\n481 Call\nLeg/Transaction\nDoes Not Exist\n488 Not\nAcceptable\nYes', ['-/480', '-/481', '-/488']],
    ['as a value after an arrow', '[2024-12-22 18:49:26,997] INFO in main: Code:->400, Subcode:-> 8581', ['8581/400']],
    ['in brackets after its own reason phrase', 'If PSTN side (e.g. mobile phone) reject the call BUSY (486) not reaching the app', ['-/486']],
    ['after the word SIP in backticks, with the next of its list', 'Destination is busy — a SIP `486` or `600`; the far end refused — SIP `401`, `403`, or `608`.', ['-/486', '-/600', '-/401', '-/403', '-/608']],
    ["as a key's value with its documented subcode 0 after a slash", 'Call ended. CallEndReason: 487/0 (the caller cancelled)', ['0/487']],
    ["as a key's value with a subcode 0 no table lists with it: the code alone", 'Call ended. CallEndReason: 480 / 0', ['-/480']],
    ['after "failure"', '{"level":30,"callId":"33f59221-8ff8-123e-ffb3-0ae563bc2ea9","msg":"final call failure  486"}', ['-/486']],
    ['as a plural, from a party', 'This post involves creating an alternative routing reason to handle 404s from Teams to re-route to an Auto Attendant', ['-/404']],
    ['after "errors", with the next of its list', 'I also want to ask why version 0.20 often has errors 486 and 430', ['-/486', '-/430']],
    ['after a verb, before a full-width stop', 'I call out number, but when pstn number hold, fs will give 500。like this', ['-/500']],
    ["as a table's example value on a line that speaks of SIP", '|Причина окончания звонка по ТСОП|Int|Дополнительные сведения см. в [списке кодов ответа SIP](https://www.wikipedia.org/wiki/List_of_SIP_response_codes). <br/>**Пример:** 404||', ['-/404']],
    ["as a value list's entry with a failure's quoted name", '| Motif de la réponse cdr | Énumération <br/>**Valeurs possibles :** <br/> 410 = « MediaConnectivityErrors »<br/> 480 = « UserUnavailable »<br/> 487 = 「PickupTimedOut」 | x |', ['-/410', '-/480', '-/487']],
    ['after "failing call with"', '11:25:02.129  WARN  B2BUA: answer timeout — no final response from B-leg, failing call with 408', ['-/408']],
    ['in brackets after "failure", with a colon and its words', 'SIP registration failure (423: Interval too brief)', ['-/423']],
    ["as a status value on a record wrapped after the SIP line", "IDS_LOG]INVITE from source 192.168.222.1:5060 to dest 192.168.222.50:5060[UDP] realm=access;\ntarget=sip <omitted message> rejected!;\nstatus=513 (Message Too Big)", ['-/513']],
    ['in FreeSWITCH\'s channel state', '2021-06-09 14:30:21.341716 [DEBUG] sofia.c:7406 Channel sofia/internal/2001@192.168.0.107 entering state [terminated][487]', ['-/487']],
    ['in brackets after a status and its name', 'a SIP user-agent client (UAC) has to return the status User-Busy (486).', ['-/486']],
    ['after "give"', 'other SIP-client creators give a 486 in that case as well', ['-/486']],
    ['as what another code is overridden with', 'mod_sofia.c:431 sofia/default/12345678@1.2.3.4 Overriding SIP cause 480 with 488 from the other leg', ['-/480', '-/488']],
    ['after "responding to" a method "with:"', '2016-08-05 03:56:31.014522 [DEBUG] mod_sofia.c:576 Responding to INVITE with: 488', ['-/488']],
    ["quoted, before PJSIP's \"fatal response\"", "WARNING[16761] res_pjsip_outbound_registration.c: '401' fatal response received from 'sip:sip.tg:5060' on registration attempt", ['-/401']],
    ['after "answer" with no "with"', 'In case if REGISTRAR answer 404 on first REGISTER kamailio just ignore it', ['-/404']],
    ["after a verb, with a server's own reason phrase", 'when jigasi try to hang up it, the PBX responds 403 Invalid Password message.', ['-/403']],
    ['after "finished with code", before brackets', 'DBG:dispatcher:ds_options_callback: OPTIONS-Request was finished with code 408 (to sip:4.55.19.33:5060, group 2)', ['-/408']],
  ])('%s: %s', (_label, line, want) => {
    expect(codes(long(line))).toEqual(want);
  });

  it('the Q.850 cause written with it goes with it', () => {
    const [f] = diagnose(long('instead sends a 403 / 63 response to the INVITE')).findings;
    expect(f).toMatchObject({ sipCode: 403, q850Cause: 63 });
  });

  it.each([
    ['a count', 'Last week 486 users and 503 devices were moved to the new policy.'],
    ['a number before an ordinary word', 'Room 401 (Conference) and room 404 (Lobby) have phones.'],
    ['a constant that names no failure', 'MAX_RETRIES = 408'],
    ['a cause beyond Q.850 with no SIP word', 'ISDN disconnect, Cause: 488'],
    ['a version, a time, a decimal', 'build 5.403 Forbidden, at 10:403 Busy Here, 1.486 Busy'],
    ['a plural after the number (a count of errors)', 'we logged 500 errors and 404 responses yesterday'],
    ['a count after a verb', 'We sent 404 invitations and it returned 500 results.'],
    ['an error count after a verb', 'we got 500 errors overnight'],
    ['numbers in Chinese prose (a line number, a count)', '见第486行，共503个设备，其中403台在线。'],
    ['a key\'s value with no phrase of its own', 'retry=503 timeout=408 max=486'],
    ['a count after a verb, before capitalised words', 'We sent 404 Christmas Cards and got 500 New Followers.'],
    ['an HRESULT after "error code"', 'error code 0x80004005 in the client log'],
    ['a hyphen after another word', 'see page SBC-480 of the manual, model X-403'],
    ['an HTTP status on a line with no SIP word', 'GET /v1/calls failed, status=503, retrying in 5 s'],
    ['a state, not a status value', 'SIP trunk status: 3 of 4 up, status 404 pages served by the portal'],
    ['PJSIP\'s log of a request', 'Request msg INVITE/cseq=5853 (tdta0x7f87) sent to 52.114.75.24:5061'],
    ['a number as the subject of a sentence about something else', '500 is the number of users per policy, 403 is a room.'],
    ['a number with ordinary words in brackets', 'Room 480 (Conference Hall) and 404 (Lobby East) have phones.'],
    ['a count with a failure word in brackets, in lower case', 'we moved 480 (not all) of the users'],
    ['FreeSWITCH\'s state of a provisional response', 'Channel sofia/external/1000@10.0.0.1 entering state [proceeding][180]'],
    ['a bracketed number after another word', 'worker [terminated][487] pool and pid [487]'],
    ['a frame length of a request in a packet list', '1\t0.000000\t192.168.2.147\t217.10.79.9\tSIP\t524\tRequest: REGISTER sip:sipgate.de  (1 binding) | '],
    ['"rs" inside a word', 'users=408 and hours=486 this week'],
    ['a bracketed number after no response word', 'worker [503] started, pool [404] idle'],
    ['a markdown link to something else', 'see [404](https://example.com/pages/missing) and [486](#busy)'],
    ['a number changed into a count', 'we changed the limit into 500 calls per trunk'],
    ['a cause beyond Q.850 with no VoIP word', 'Der Router meldet Ursache: (408) beim Update'],
    ['a count after a reply label', 'Views: 1200, Replies: 450, last reply 3 days ago'],
    ['a function\'s return value', 'nta_msg_send() returns 487 and tport_vsend(msg) returned 564'],
    ['a status word after a number on a line with no SIP word', 'the portal shows a 404 Status page for the REST API'],
    ['the parties of a dialog drawn with a two-way arrow', 'Ideally, there should be two SIP `625 <---> PBX` and `PBX <---> 638` dialogs.'],
    ['a number in brackets after no response word', 'the trunk (486) is the second one'],
    ['a status with a number in brackets that is a count', 'the status page lists calls (486) and users (503) per site'],
    ['a count given', 'they gave 500 licences to the branch office'],
    ['a phrase\'s first word at the line\'s end, the next line saying something else', 'the proxy counted 480 Temporarily\nblocked users in the portal'],
    ['a plural that is a decade', 'in the 1990s from the vendor, 500s of them'],
    ["a value list's entry whose name is no failure", 'Rooms: 404 = « Lobby », 410 = "Conference"'],
    ['an example value on a line with no SIP word', '|Сайт|String|Номер офиса.<br/>**Пример:** 404||'],
    ["a broken link's 404", 'When I click on this link, I get a "404 not found" error:'],
    ["a number in an attachment's file name", '[sip server 500 tst call issue.zip](https://github.com/jambonz/sbc-inbound/files/12515336/sip.server.500.tst.call.issue.zip)'],
    ["a transaction's code so far under the tail of another name", ' [22871] DBG:tm:t_should_relay_response: T_code=0, new_code=1'],
    ["a database dump's row of zeros", '|  1 |       2532 |    3569 | abc | sip:a@b | x | sip:c@d | y |           1 |           2 | NULL | NULL | sip:e@f | sip:g@h | udp:1 | udp:2 |     4 | 1700000000 | 1700003600 |      0 |      0 | NULL | sip:i@j | NULL |'],
    ['a time after "failure (", with a colon', 'the failure (500:30 into the run) was a crash'],
    ['a count something is replaced with', 'we replaced the old phones with 500 new ones'],
    ['a job finished with a count', 'the import finished with 404 records and 500 warnings'],
    ['a count answered', 'the agents answered 500 calls and replied 403 emails'],
    ['a fatal count', 'there were 401 fatal crashes and 403 fatal errors in total last year'],
  ])('not %s: %s', (_label, line) => {
    expect(codes(long(line))).toEqual([]);
  });

  it('leaves a pair to the pair reader, which keeps the phrase', () => {
    expect(codes(long('510559 403 Forbidden'))).toEqual(['510559/403']);
    expect(codes(long('403 Forbidden 510559'))).toEqual(['510559/403']);
    expect(codes('| 401 (Unauthorized)          | 44110 | Failed to get AccessToken | UnexpectedClientError |')).toEqual(['44110/401']);
    const [f] = diagnose(long('560403 403 Forbidden; Call rejected')).findings;
    expect(f!.phrase).toContain('Call rejected');
  });

  it('a SIP code in words that a pair of the paste holds is that failure', () => {
    const text = ['## 560487 487 Request terminated', '- Microsoft response code: 560487', '- SIP response code: 487', '- Check why the SBC returns the "487" response.', ...FILLER].join('\n');
    expect(codes(text)).toEqual(['560487/487']);
  });

  it('hard-wrapped prose: the words before a number may end the line before', () => {
    const text = ['the service begins to refuse calls and so far I have', 'not been able to find out why. Typically, before clients start receiving', '503, many before them receive a 408 code. Once the proxy starts responding with', '503, it does not recover on its own.', ...FILLER].join('\n');
    expect(codes(text)).toEqual(['-/503', '-/408']);
  });

  it('reads the span it names (the number and its words), nothing after', () => {
    expect(sipStatuses('got a 491 Request Pending, then the BYE')).toEqual([{ code: 491, start: 6, end: 25 }]);
  });
});

describe('a table copied one cell a line', () => {
  it('reads a code alone on its line whose reason phrase starts the next', () => {
    const didww = ['480 |', 'Temporarily Unavailable |', 'Destination is currently unavailable. |', '486 |', 'Busy Here |', 'The destination is busy. |'].join('\n');
    expect(codes(long(didww))).toEqual(['-/480', '-/486']);
    const manual = ['SIP Response Description', 'ISDN Release', '400', '*', 'Bad request 31 Normal, unspecified', '401 Unauthorized 21 Call rejected'].join('\n');
    expect(codes(long(manual))).toEqual(['-/400', '-/401']);
    expect(codes(long('404\n\tNot Found\n'))).toEqual(['-/404']);
  });

  it('reads a list of codes whose names are partly translated, by its headings that give the reason phrase', () => {
    const es = ['480 Temporalmente no disponible', 'Algún tipo de problema temporal por parte del ISP.', '', '486 Ocupado Aquí', 'El usuario está hablando.', '', '500 Internal Server Error', '503 Service Unavailable'].join('\n');
    expect(codes(long(es))).toEqual(['-/480', '-/486', '-/500', '-/503']);
    // Without a heading that gives its own phrase nearby, a number before words is no code.
    expect(codes(long(['480 Benutzer im Büro', 'Die Zahl der Lizenzen', '', '486 Geräte am Standort'].join('\n')))).toEqual([]);
  });

  it("reads a phrase that goes on over the next lines (a manual's page copied)", () => {
    const hp = ['406 Not acceptable. 79', '407', 'Proxy authentication', 'required.', '21 Call rejected!', '481', 'Call/Transaction Does not', 'Exist.', '41 Temporary failure!'].join('\n');
    expect(codes(long(hp))).toEqual(['-/406', '-/407', '-/481']);
    // Not a phrase's start that the next line does not finish.
    expect(codes(long(['407', 'Proxy settings', 'were changed'].join('\n')))).toEqual([]);
  });

  it('not a number alone whose next line is something else', () => {
    expect(codes(long(['480', 'calls were made yesterday', '486', 'phones in the building'].join('\n')))).toEqual([]);
    expect(codes(long('Total\n500\n\nInternal'))).toEqual([]);
  });
});

describe("PowerShell's Format-Table output is read by its column names", () => {
  // Microsoft's Direct Routing SIP tester script (OfficeDocs-SkypeForBusiness issue 7299).
  const tester = [
    'Test: Outbound to Inbound',
    '',
    'result.state result.code result.phrase',
    '------------ ----------- -------------',
    'failed              1511 TeamsIn did not receive media renegotiation for holding call',
    '',
    '',
    'teamsOut.chainId                     teamsOut.trunkFqdn      teamsOut.callEndReasonPhrase teamsOut.callEndReason teamsOut.callEndSubReason teamsOut.state teamsOut.code',
    '----------------                     ------------------      ---------------------------- ---------------------- ------------------------- -------------- -------------',
    '323cb595-a8dc-4a53-affd-8325afc65932 tc001.connect.domore.ch LocalUserInitiated                                0                         0 signedOut',
  ].join('\n');

  it('a code column beside a phrase, and a call end reason with its subreason', () => {
    expect(codes(tester)).toEqual(['1511/-', '0/0']);
    const d = diagnose(tester);
    expect(d.findings[0]!.phrase).toBe('TeamsIn did not receive media renegotiation for holding call');
  });

  it('a row of a failed call, a row of a successful one (a normal end, listed last), and rows to the blank line', () => {
    const table = [
      'startDateTime        finalSipCode finalSipCodePhrase               callEndSubReason',
      '-------------        ------------ ------------------               ----------------',
      '2024-05-02 10:01:12           403 Forbidden                                  510559',
      '2024-05-02 10:03:40           200 OK                                              0',
      '2024-05-02 10:04:02           503 Service Unavailable                        560503',
      '',
      'Port  Count',
      '----  -----',
      '5061    480',
    ].join('\n');
    expect(codes(table)).toEqual(['510559/403', '560503/503', '0/200']);
  });

  it('not a table whose columns name no code', () => {
    expect(codes(['Name      Value', '----      -----', 'SipPort   5061', 'Retries   480', ...FILLER].join('\n'))).toEqual([]);
    expect(codes(['Identity  Fqdn', '--------  ----', 'sbc1      sbc1.contoso.com 403', ...FILLER].join('\n'))).toEqual([]);
  });
});

describe('a sentence that lists the report\'s column names is prose, not a header row', () => {
  it('reads the codes of the prose around it', () => {
    const text = ['• 487 is a termination result, not a root cause by itself.', '• For repeated failures, the most useful fields are Final SIP Code, Final Microsoft Subcode, Final SIP Phrase, Event Type, and SBC FQDN.', ...FILLER].join('\n');
    expect(codes(text)).toEqual(['-/487']);
  });

  it('a real header row still makes a report', () => {
    const csv = ['Start time,Final SIP Code,Final Microsoft Subcode,Final SIP Phrase', '2024-05-01T10:00:00Z,403,510559,Forbidden', '2024-05-01T10:05:00Z,404,511404,Not Found'].join('\n');
    expect(codes(csv)).toEqual(['510559/403', '511404/404']);
  });
});

describe('SIP mapping tables of SBC and switch docs', () => {
  it("a hangup-cause table's rows, with or without the leading bar and the header", () => {
    const rows = ['NONE | 0 | 480* | No cause recorded |', 'UNALLOCATED_NUMBER | 1 | 404 | Unallocated (unassigned) number |', 'USER_BUSY | 17 | 486 | User busy |'];
    expect(codes(rows.join('\n'))).toEqual(['-/480', '-/404', '-/486']);
    expect(codes(rows.map((r) => `| ${r}`).join('\n'))).toEqual(['-/480', '-/404', '-/486']);
    // A cause name with no SIP code in its row, or a lower-case first cell, is no such row.
    expect(codes(['NORMAL_CLEARING | 16 | 200 | Normal |', 'normal | 16 | 480 | x |', ...FILLER].join('\n'))).toEqual([]);
  });

  it('several SIP codes in one cell, one answer each', () => {
    const table = ['| SIP Response | ISUP Cause Value |', '|---|---|', '| 400, 414, 416 | 111 (Protocol Error, Unspecified) |', '| 404/485 | 1 (Unallocated number) |'].join('\n');
    expect(codes(table)).toEqual(['-/400', '-/414', '-/416', '-/404', '-/485']);
  });

  it("a header cell over two columns: the code is in the unnamed column after it, and a comment's code is read", () => {
    const table = [
      '| Q.850 Cause Value | SIP Status | Comments | ||',
      '|---|---|---|---|---|',
      '| 1 | Unallocated number | 404 | Not found | |',
      '| 21 | Call rejected | 603 | Decline (if location indicates user; otherwise 403 Forbidden is used) | |',
    ].join('\n');
    expect(codes(table)).toEqual(['-/404', '-/603', '-/403']);
  });
});

describe('markdown tables are read by their header', () => {
  it('the Calling SDK\'s "Error code" column, in the languages its page is translated into', () => {
    const table = (code: string, description: string) => [`| ${code} | ${description} | Åtgärd |`, '| -------- | ---------------| ---------------|', '| 403 | Förbjuden/autentiseringsfel. | Se till att din token är giltig. |', '| 430 | Det gick inte att leverera meddelandet. | Kontrollera klienten. |'].join('\n');
    for (const [code, description] of [['Error code', 'Description'], ['Felkod', 'Beskrivning'], ['Kód chyby', 'Popis'], ['Fehlercode', 'Beschreibung'], ["Code d'erreur", 'Description'], ['Código de error', 'Descripción'], ['Код ошибки', 'Описание'], ['エラー コード', '説明'], ['错误代码', '描述'], ['오류 코드', '설명']]) {
      expect(codes(long(table(code!, description!)))).toEqual(['-/403', '-/430']);
    }
    // A hex value under the column is no code.
    expect(codes(long(['| Felkod | Beskrivning |', '|---|---|', '| 0x80096004 | Fel certifikat |'].join('\n')))).toEqual([]);
  });

  it('beside a column named as the SIP code, a "Code" column is another code of the row', () => {
    const table = [
      '| Code | SIP Status | Description | Resolution |',
      '|---|---|---|---|',
      '| D1 | 403 | Concurrent outbound calls exceed global limit | Reduce active calls |',
      '| D18 | 404 | SIP connection inactive | Enable the SIP connection |',
      '| D21 | 480 | No destination/forwarding number associated | Verify destination number |',
    ].join('\n');
    expect(codes(table)).toEqual(['-/403', '-/404', '-/480']);
    expect(codes(table.replace('| D1 |', '| 510559 |'))).toEqual(['510559/403', '-/404', '-/480']);
  });

  it('a subcode-first table pairs each row by the columns its header names', () => {
    const text = ['| Subcode | Code | Message | Result Categories |', '|---|---|---|---|', '| 7 | 496 | Call ended as client lost network connection | ExpectedError |', '| 10037 | 480 | No callee endpoints were found | ExpectedError |'].join('\n');
    expect(codes(text)).toEqual(['7/496', '10037/480']);
  });

  it("a 200 row with subcode 0 is a completed action, listed after the failures; a 200 row with no subcode is no finding", () => {
    const text = ['|Status|Code|Subcode|Message|', '|----|--|-----|-----|', '|PlayCompleted|200|0|Action completed successfully.|', '|PlayFailed|400|8535|Action failed, file format is invalid.|'].join('\n');
    expect(codes(text)).toEqual(['8535/400', '0/200']);
    expect(codes(['| Code | Message |', '|---|---|', '| 200 | OK |', '| 486 | Busy Here |'].join('\n'))).toEqual(['-/486']);
  });

  it("Graph's call end table in Portuguese: 'Código', 'Subcódigo', 'Motivo da terminação'", () => {
    const pt = ['| Código | Subcódigo | Motivo da terminação                    |', '| :--- | :------  | :--- |', '| 480  | 10037    | Nenhum ponto de extremidade do chamador foi encontrado. |'].join('\n');
    expect(codes(pt)).toEqual(['10037/480']);
    expect(diagnose(pt).findings[0]!.entries[0]!.id).toBe('graph-10037-480-no-callee-endpoints-were');
  });

  it("Graph's call end table, its header translated, is read and answered from Graph's table", () => {
    const ru = ['| Код | Sub-code | Причина прекращения |', '| :--- | :------  | :--- |', '| 408  | 8537     | Keep Alive timeout, cleaned up inactive call. |', '| 410  | 301005   | Сбой подключения к мультимедиа. |'].join('\n');
    expect(codes(ru)).toEqual(['8537/408', '301005/410']);
    const zh = ['| 代码 | 子代码 | 终止原因                       |', '| :--- | :------  | :--- |', '| 480  | 10076    | 无法联系被叫方。 |'].join('\n');
    expect(diagnose(zh).findings[0]!.entries[0]!.id).toBe('graph-10076-480-callee-could-not-be');
  });

  it('a cell of words under the SIP column names its code among them', () => {
    const text = ['| Cause | SIP response |', '|---|---|', '| `normal` | BYE on an established dialog, or 487 on an early dialog. |', '| `busy` | 486 Busy Here. |'].join('\n');
    expect(codes(text)).toEqual(['-/487', '-/486']);
  });

  it('a code column with its reason phrase, and a subcode column after it', () => {
    const text = ['|Code | Subcode| Message|', '|-----|--------|--------|', '| 412 (Precondition Failed) |  40115 | Failed to create CallAgent |', '| 500 (Internal Server Error) | 40102 | Failed to create CallAgent |'].join('\n');
    expect(codes(text)).toEqual(['40115/412', '40102/500']);
  });

  it('several Microsoft codes in one cell pair each with the row\'s SIP code', () => {
    const text = ['| Code | Sub-code | Termination reason |', '| :--- | :------ | :--- |', '| 480 | 10037/10076 | No answer |'].join('\n');
    expect(codes(text)).toEqual(['10037/480', '10076/480']);
  });

  it('a table whose "Code" column says nothing of SIP is not read as SIP codes', () => {
    expect(codes(long(['| City | Code |', '|---|---|', '| San Francisco | 415 |', '| Portland | 503 |'].join('\n')))).toEqual([]);
  });

  it('a vertical table: one field per row', () => {
    const text = ['The error code/subcode is', '', '| error | Details |', '|---|---|', '| code    | 403 (FORBIDDEN) |', '| subcode | 40229 |', '| message | CallAgent must be created only with ACS token |'].join('\n');
    expect(codes(text)).toEqual(['40229/403']);
  });

  it('JavaScript conditions (===, ==)', () => {
    expect(codes(long('if (call.callEndReason.code === 487 && call.callEndReason.subCode === 10003) {'))).toEqual(['10003/487']);
    expect(codes(long('if (reason?.code == 410 && reason?.subCode == 3112) retry();'))).toEqual(['3112/410']);
  });
});

describe("Microsoft's translated pages: keys read like their English ones", () => {
  it.each([
    ['fr', '560503 503 Service indisponible\n- Code de réponse Microsoft : 560503\n- Code de réponse SIP : 503', ['560503/503']],
    ['es', 'Código de respuesta de Microsoft: 510559\nCódigo de respuesta SIP: 403', ['510559/403']],
    ['pt', '- Código de resposta da Microsoft: 560408\n- Código de resposta SIP: 408', ['560408/408']],
    ['it', 'Codice di risposta Microsoft: 569008\nCodice di risposta SIP: 504', ['569008/504']],
    ['de', 'Microsoft-Antwortcode: 510559\nSIP-Antwortcode: 403', ['510559/403']],
    ['nl', 'Microsoft-antwoordcode: 510559\nSIP-antwoordcode: 403', ['510559/403']],
    ['ja', 'Microsoft 応答コード: 510559\nSIP 応答コード: 403', ['510559/403']],
    ['zh-TW, corner brackets', '通話會登錄為「嘗試」，並包含最終 SIP 代碼 「487」、最終 Microsoft 子代碼 「540200」，以及最終 SIP 代碼片語「在其他地方完成通話」。', ['540200/487']],
    ['zh-CN', '最终 SIP 代码：487，最终 Microsoft 子代码：540200', ['540200/487']],
  ])('%s', (_lang, text, want) => {
    // Distinct codes: a pair whose pasted phrase picks another documented variant is a finding of its own.
    expect([...new Set(codes(text))]).toEqual(want);
    expect([...new Set(codes(long(text)))]).toEqual(want);
  });

  it.each([
    ['fr', 'avec le code SIP final « 480 », le sous-code Microsoft final « 10037 » et la phrase', ['10037/480']],
    ['es', 'con el código SIP final "480", el subcódigo final de Microsoft "10037" y la frase', ['10037/480']],
    ['pt', 'com o código SIP final "480", o subcódigo final da Microsoft "10037"', ['10037/480']],
    ['it', 'con il codice SIP finale "480", il sottocodice finale Microsoft "10037"', ['10037/480']],
    ['ja', 'Final SIP Code "480"、Final Microsoft サブコード "10037" で記録されます', ['10037/480']],
    ['ja, a particle', 'Microsoft 応答コードが 560480 の場合、SIP 応答コード 480 です', ['560480/480']],
  ])('in a sentence (%s)', (_lang, text, want) => {
    expect(codes(long(text))).toEqual(want);
  });
});

describe('numbers that are no code', () => {
  it.each([
    ['a syslog priority after other words', 'ERROR failed parsing Incoming SIP <134>[S=1718460] [SID=b9027c:24:198171] Route found'],
    ['a range of classes', 'the SBC returns error codes in the range of 400 to 699'],
    ['a range with "between"', 'anything between 500 and 599 means a server failure'],
    ['a prefix in prose', 'If the Microsoft response code starts with 560, the SBC generated the final SIP response.'],
    ['a prefix, French', 'Si le code de réponse Microsoft commence par 560, le SBC a généré la réponse.'],
    ['a prefix, Japanese', 'Microsoft 応答コードが 560 で始まる場合は、SBC によって生成されます。'],
    ['counts', 'one user had a total of 480 calls, of which 460 calls were successful'],
    ["a product's name", 'Multi-tenant is not supported: the FQDN is only valid for one Microsoft 365 Tenant. Is M365 or Office 365 any different?'],
    ['a success named in a sentence', 'Confirm that the SBC receives 200 OK responses to its outgoing OPTIONS messages.'],
    ['an HRESULT and an SDK number', 'HRESULT 0x80096004, internal status 0x1568'],
    ['a hex value inside prose', 'The register holds 0x404 after a reset.'],
    ["PJSIP's status of an error it names", '02-07 13:46:30.972 D PjSipLogWriter: pjsua_core.c  Error creating transport: Unsupported transport (PJSIP_EUNSUPTRANSPORT) [status=171060]\n02-07 13:46:30.973 E PjSipService: Code:        171060'],
    ["a SIP Warning header's warn-code", 'Port 1 call port 2. Warning: 399 No Dialog match.'],
    ['a dialled number with a leading zero after "sip:"', '09:42:35.940 - baresipy:handle_error:275 - ERROR - reg: sip:00493...@sip-b2b.vo... (prio 0)'],
    ["a program's own error code, named by its enum", '[2023-05-23 11:03:19.672][ERROR][805727][3f7nssn4][4] SIP: Receive err code=1007(SocketRead)(Socket read data failed) : parse message'],
    ["a CPaaS's own five-digit error number", 'and Twilio rejects it: error **32113** `Header name is not allowed`.'],
    ['ids named by a word ending in ID', "No callback found with cbID 25851 and callID 12925 for module <unknown>. Args: '[{\"code\":\"callJoin\"}]'"],
    ['WebSocket close codes in a table under their heading', 'For 4XXX codes, always reconnect except for the following messages:\n\n| Closure codes | Can reconnect | Reason |\n| --- | --- | --- |\n| 4002 | No | Client initiated |\n| 4003 | No | Forbidden |'],
    ["a WebSocket handshake's HTTP status (Node's ws)", 'Foundry Realtime WS error: Error: Unexpected server response: 401'],
    ["a WebSocket handshake's HTTP status (a browser)", "WebSocket connection to 'wss://media.example.com/ws' failed: Error during WebSocket handshake: Unexpected response code: 403"],
    ["a sign-in page's error over its Request Id", 'Error Code: 50196\nRequest Id: 836e9516-6d4a-427a-8496-f8b4dc2a1d00\nCorrelation Id: bd3f8fdc-f901-4427-bdc1-e83c5ddcf622'],
    ['an AADSTS sign-in error', 'AADSTS50196: The server terminated an operation because it encountered a client request loop. Error Code: 50196'],
    ['quoted numbers a program passes to a call', 'SIPCallDescriptor callDescriptor = new SIPCallDescriptor("314444", "438800000", DESTINATION, from, null);'],
    ["a process number after a cause's colon (the words before a Kamailio line)", 'i found the cause:  85(1916510) ERROR: <script>: request failed'],
    ["Kamailio's process number and id before the level", '85(1916510) ERROR: <script>: request failed, see 85(1916510) DEBUG: htable [ht_var.c:89]'],
    ['a Diameter result code beside its name', 'Code result 5001 should be:  DIAMETER_ERROR_USER_UNKNOWN: 5001'],
    ["a Diameter result code under a key, the line before naming Diameter", 'Diameter answer from the HSS:\nResult-Code: 5001'],
    ["a packet row's length quoted without its row", 'we see "...SIP 573 Status: x" in the capture'],
    ["an Apple SDK's error code, numbered by its domain", 'didFailWithError: Error Domain=TwilioServicesErrorDomain Code=31000 "Twilio Services Error" UserInfo={NSLocalizedDescription=Twilio Services Error}'],
    ["an Apple SDK's error code in a log line", '[VERBOSE TVOCall] handlePJSIPInviteStateDisconnected. Error: Error Domain=com.twilio.voice.error Code=20151 "Twilio Error 20151"'],
    ['digits with a leading zero (a dialled number, a prefix)', 'Anruf auf 01579 ergibt zwei Minuten lang ein Freizeichen; auch 0403 und 0049 nicht.'],
    ['the code 0 named in words', 'The docs miss error code `0` as well.'],
    ['the user part of a SIP URI after a key-like "sip:"', "kamailio[1787]: NOTICE: Request: INVITE 'sip:1111@company.domain.local' (102 INVITE) from 'sip:8018@192.168.239.246' (192.168.239.246:5060) [udp]"],
  ])('%s', (_label, text) => {
    expect(codes(text)).toEqual([]);
    expect(codes(long(text))).toEqual([]);
  });

  it('a short log excerpt is no question: its codec rates, sample and bit counts are no codes', () => {
    const log = [
      '2022-10-19 07:34:13.561124 99.07% [DEBUG] switch_core_media.c:3883 Set Codec sofia/internal/79739980@172.16.154.33:56580 PCMU/8000 20 ms 160 samples 64000 bits 1 channels',
      '2022-10-19 07:34:13.561124 99.07% [DEBUG] switch_rtp.c:4619 Starting timer [soft] 160 bytes per 20ms',
    ].join('\n');
    expect(codes(log)).toEqual([]);
    expect(codes('a=rtpmap:111 opus/48000/2 and a=rtpmap:9 G722/8000, ptime 20')).toEqual([]);
    expect(codes('Oct 19 07:34:13 sbc1 media: 44100 Hz, 32000 bits\nOct 19 07:34:14 sbc1 media: 16000 samples')).toEqual([]);
    // One stamped line is still a question about its numbers; a code in a log excerpt still counts.
    expect(codes('2022-10-19 07:34:13 call ended 510559 403')).toEqual(['510559/403']);
    expect(codes(`${log}\n2022-10-19 07:34:14.100000 [NOTICE] call failed with 560403`)).toEqual(['560403/403']);
  });

  it("a URL's digits and process ids are no codes", () => {
    expect(codes('REGISTER Received SIP response 403 Forbidden\n\n[log.txt](https://github.com/RestComm/restcomm-android-sdk/files/1426455/log.txt)')).toEqual(['-/403']);
    expect(codes(long('11-20 05:13:03.187  1510  1556 I MediaFocusControl: abandonAudioFocus() from uid/pid 10140/5707 clientId=android.media.AudioManager'))).toEqual([]);
    expect(codes('see https://learn.microsoft.com/answers/questions/560403 and the code 560403')).toEqual(['560403/403']);
  });

  it('ports, durations and counts in the languages people write', () => {
    expect(codes('Het platform luistert op poort 5060 en op poort 38388.')).toEqual([]);
    expect(codes('Porta Invite SIP 5060; o registro expira em 300 segundos (5 minutos).')).toEqual([]);
    expect(codes('Il timer scade dopo 32 secondi; la porta 35060 resta aperta.')).toEqual([]);
    expect(codes('Le délai est de 408 secondes sur le port 5061.')).toEqual([]);
    // A code beside them still counts.
    expect(codes('poort 38388 geeft 480 Temporarily Unavailable')).toEqual(['-/480']);
  });

  it('JSON written inside a program\'s string, with escaped quotes', () => {
    const java = ['String receivedEvent = "[{\\n"', '    + "\\"type\\": \\"Microsoft.Communication.PlayFailed\\",\\n"', '    + "\\"resultInformation\\": {\\n"', '    + "\\"code\\": 400,\\n"', '    + "\\"subCode\\": 8536,\\n"', '    + "\\"message\\": \\"Action failed, file could not be downloaded.\\"\\n"'].join('\n');
    expect(codes(java)).toEqual(['8536/400']);
    expect(first(java).entries[0]!.id).toMatch(/^automation-8536-/);
  });

  it('JSON escaped as .NET writes it (\\u0022), in a line or as a document\'s string value', () => {
    const body =
      '      "body": "[{\\u0022type\\u0022:\\u0022Microsoft.Communication.PlayFailed\\u0022,\\u0022data\\u0022:{\\u0022failedPlaySourceIndex\\u0022:0,\\u0022version\\u0022:\\u00222025-06-15\\u0022,\\u0022resultInformation\\u0022:{\\u0022code\\u0022:400,\\u0022subCode\\u0022:8535,\\u0022message\\u0022:\\u0022Action failed, file format is invalid.\\u0022}}}]",';
    expect(codes(body)).toEqual(['8535/400']);
    const document = `{"entries": [{\n${body}\n"messageId": "39d3a762"}]}`;
    expect(codes(document)).toEqual(['8535/400']);
    expect(first(document).entries[0]!.id).toMatch(/^automation-8535-/);
    // An array of such strings, as a test records the events it received.
    const recorded = JSON.stringify([JSON.stringify({ type: 'IncomingCall', correlationId: '6c08' }), JSON.stringify([{ type: 'Microsoft.Communication.CallDisconnected', data: { resultInformation: { code: 200, subCode: 5002, message: 'The conversation has ended.' } } }])]);
    expect(codes(recorded)).toEqual(['5002/200']);
    // A string value that only looks like JSON is text.
    expect(codes('{"note": "[not json] 8535", "body": "{broken"}')).toEqual([]);
  });

  it("a recorded exchange: the response's status and the subcode in its escaped body are one pair", () => {
    const record = ['    "Response" : {', '      "content-length" : "53",', '      "StatusCode" : "404",', '      "X-Microsoft-Skype-Chain-ID" : "b5027f85-828e-4db3-ad59-f781f2fad712",', '      "Body" : "{\\"error\\":{\\"code\\":\\"8522\\",\\"message\\":\\"Call not found.\\"}}",', '      "Date" : "Fri, 23 Sep 2022 17:56:50 GMT"', '    },', '    "Exception" : null'];
    expect(codes(long(record.join('\n')))).toEqual(['8522/404']);
    // An escaped quote before a value that is no number reads nothing.
    expect(codes(long('      "Body" : "{\\"error\\":{\\"code\\":\\"Forbidden\\"}}",'))).toEqual([]);
  });

  it("keys on separate stamped log lines are separate records; a stack's errno is no code", () => {
    const log = [
      '01:40:53.410   tlsc0000027A3D211E38  TLS connect() error: [code=494258] peer: 10.10.10.1: Unknown error 494258',
      '01:40:53.410    tsx0000027A39D9B278  State changed from Calling to Terminated, event=TRANSPORT_ERROR',
      '01:40:53.410            pjsua_acc.c  ..SIP registration failed, status=503 (Unknown error 494258)',
    ].join('\n');
    expect(codes(log)).toEqual(['-/503']);
    // Two stamped lines of two calls: two findings, not one pair.
    expect(codes('2024-05-02 10:00:01.100 call A ended code=487\n2024-05-02 10:00:03.900 call B ended subCode=560480')).toEqual(['-/487', '560480/480']);
    // A record that goes on below its stamped line is still one record.
    expect(codes('2024-05-02 10:00:01.100 call ended: code=487\n    subCode=10003 phrase="Call ended"')).toEqual(['10003/487']);
  });

  it('a code named by an enum is still a code where a table lists it', () => {
    expect(first(long('call ended code=10037(CallDeclined) after ringing')).msCode).toBe(10037);
  });

  it("an HTTP response's status is a code only where a Microsoft endpoint may have answered", () => {
    const webhook = ['Request:', 'from=4912345&to=499876&direction=in', 'Response:', 'HTTP/1.0 403 Forbidden', 'Server: squid/3.1.20', 'X-Squid-Error: ERR_ACCESS_DENIED 0', 'Via: 1.0 localhost (squid/3.1.20)'].join('\n');
    expect(codes(long(webhook))).toEqual([]);
    expect(codes('HTTP/1.1 503 Service Unavailable')).toEqual([]);
    const graph = ['POST https://graph.microsoft.com/v1.0/communications/calls', 'HTTP/1.1 403 Forbidden', 'Content-Type: application/json'].join('\n');
    expect(codes(long(graph))).toEqual(['-/403']);
    // A SIP status line is SIP's wherever it is.
    expect(codes(long(['SIP/2.0 403 Forbidden', 'Via: SIP/2.0/UDP 10.0.0.1:5060', 'Server: squid-like-pbx'].join('\n')))).toEqual(['-/403']);
  });

  it("an Android logcat excerpt is no question: a tag's process id is no code", () => {
    const log = ['04-09 09:04:56.358: V/[RCS][ImsServiceDispatcher](512): Unknown IMS service: ', 'automatically reject', '04-09 09:04:56.368: V/[RCS][SipInterface](512): >>> Send SIP 606 response'].join('\n');
    expect(codes(log)).toEqual(['-/606']);
  });

  it('a paste that is one log line is no question: its CSeq and thread ids are no codes', () => {
    const line = 'INFO | 20220211-122858.097 | repro | REPRO:APP | 140695501850368 | RequestContext.cxx:717 | req=SipReq:  INVITE 5901@192.168.50.169:25060 cseq=12401 INVITE / 12401 from(wire)    : no targets for sip:5901@192.168.50.169:25060 send 480';
    expect(codes(line)).toEqual(['-/480']);
    expect(codes('DEBUG: call 12401 ended, subcode 560403')).toEqual(['560403/403']);
    // A question with a number is still one.
    expect(codes('what is 12401?')).toEqual(['12401/-']);
  });

  it("a JSON:API error object's code is the API's own; Microsoft's error object still counts", () => {
    const telnyx = ['2025-06-24 11:15:57.588 | ERROR | Failed to terminate Telnyx call: Status 422, Response: {', '  "errors": [', '    {', '      "code": "90018",', '      "title": "Call has already ended",', '      "detail": "This call is no longer active."', '    }', '  ]', '}'].join('\n');
    expect(codes(telnyx)).toEqual([]);
    expect(codes('{"errors":[{"code":"90018","title":"Call has already ended"}]}')).toEqual([]);
    expect(codes('{"error":{"code":"8522","message":"Call not found"}}')).toEqual(['8522/-']);
  });

  it("a question's round count is no code; a round code the tables list still is", () => {
    expect(codes('When this counter reaches 10000, further requests fail with error 503.')).toEqual(['-/503']);
    expect(codes('當此計數器達到10000時，後續的要求會失敗，並顯示錯誤訊息「503-服務無法使用」。')).toEqual(['-/503']);
    expect(codes('what does 560000 mean?')).toEqual(['560000/-']);
    // A range in words, and a PowerShell parameter's value (a setting), in a question.
    expect(codes('Les numéros de prise vont de 500 à 1500.')).toEqual([]);
    expect(codes('PS C:\\> New-CsTeamsCallParkPolicy -Identity "SalesPolicy" -PickupRangeStart 500 -PickupRangeEnd 1500 -ParkTimeoutSeconds 600')).toEqual([]);
    expect(codes('why 500 on every call?')).toEqual(['-/500']);
  });

  it("a log viewer's line numbers before a timestamp are no codes", () => {
    const log = [
      "35915\t[2024-09-10 11:17:06] DTMF[146479][C-000001c6] channel.c: DTMF begin '8' received on PJSIP/Innotel-00000598",
      "35916\t[2024-09-10 11:17:06] DTMF[146479][C-000001c6] channel.c: DTMF begin ignored '8' on PJSIP/Innotel-00000598",
    ].join('\n');
    expect(codes(log)).toEqual([]);
    expect(codes(long(log))).toEqual([]);
    expect(codes(`${log}\n35917\t[2024-09-10 11:17:07] NOTICE: call ended 560403`)).toEqual(['560403/403']);
  });

  it("MRCP's status and Completion-Cause are a speech server's, not SIP's or Q.850's", () => {
    const log = [
      '[11/08 10:47:27.515] DEBUG[1365] src/apt_task.c: Process Message [MRCP Client] [0x7f1c580008c0;2;3]',
      '[11/08 10:47:27.516] DEBUG[1365] app_mrcprecog.c: (ASR-0) RECOGNIZE failed: status = 407, completion-cause = 005',
      '[11/08 10:47:27.516] DEBUG[1365] speech_channel.c: (ASR-0) READY ==> ERROR',
    ].join('\n');
    expect(diagnose(log).findings).toEqual([]);
    // A Q.850 cause keyed as such still counts.
    expect(diagnose(long('Reason: Q.850;cause=34')).findings.map((f) => f.q850Cause)).toEqual([34]);
  });

  it('a status of 0 is no response; a call end reason of 0 is the real code 0', () => {
    expect(codes('\tStatus Code: 0\n\tMicrosoft.Graph.Communications.Core.Exceptions.ServiceException: Code: 500')).toEqual(['-/500']);
    expect(codes(long('Response code: 0'))).toEqual([]);
    expect(codes('callEndReason: { code: 0, subCode: 0 }')).toEqual(['0/0']);
  });

  it('a success under a key is a question only when it is the paste\'s one line with a number', () => {
    expect(codes('Response Status Code: 200')).toEqual(['-/200']);
    expect(codes('### Fail when lobby permission\nResponse Status Code: 200\nResponse Body: {"callId":"07008780-eca9-4999-b30f-edde830db949","port":"443"}')).toEqual([]);
    // A failure counts either way.
    expect(codes('Response Status Code: 403\nResponse Body: {"port":"443"}')).toEqual(['-/403']);
  });

  it('an AudioCodes media record (ports, packet counts, 127 and 255 for "not available")', () => {
    const media = 'MEDIA_END       |1234567@sbc1.contoso.com  |ab12cd:43:2615        |3796 |AUDIO     |N/A            |255  |10.0.0.10       |46184          |52.112.174.44       |52247        |0         |0         |4294967295|127         |127          |46             |2';
    expect(codes(media)).toEqual([]);
    expect(codes(`<134>[S=881] |${media.replace('MEDIA_END       |', 'MEDIA_END |')}`)).toEqual([]);
  });

  it('a success asked about alone is answered', () => {
    expect(codes('200 OK')).toEqual(['-/200']);
    expect(codes('what does SIP 183 mean?')).toEqual(['-/183']);
  });

  it('a device status with its 0x prefix at the start of a line is the SIP code it names', () => {
    expect(codes('0x480 Temporarily not available:\nThe called party cannot be reached.')).toEqual(['-/480']);
    expect(codes(long('0x486 Called party busy'))).toEqual(['-/486']);
  });

  it('a SIP cause 200 in a Reason header is no failure and no pair partner', () => {
    const text = 'configure the SBC to send:\n\nREASON: SIP; cause=200;text"Call completed elsewhere"\n\nThe call is recorded with Final SIP Code "487", Final Microsoft subcode "540200".';
    expect(codes(text)).toEqual(['540200/487']);
    expect(codes(long(text))).toEqual(['540200/487']);
    expect(codes('Reason: SIP;cause=200;text="Call completed elsewhere"')).toEqual([]);
  });

  it('Call Automation\'s ResultCode 200 with ResultSubcode 0 is a completed action; a call\'s 200 / 0 is no finding', () => {
    expect(codes('"ResultCode": "200", "ResultSubcode": "0", "ResultMessage": "Action completed successfully."')).toEqual(['0/200']);
    expect(codes(long('CallEndReason=200 CallEndSubReason=0'))).toEqual([]);
  });

  it("Graph's resultInfo 200 / 0 of an operation is a completed action too", () => {
    const note = JSON.stringify({ value: [{ resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', resultInfo: { code: 200, subcode: 0, message: 'Action completed successfully.' }, status: 'completed' } }] });
    expect(codes(note)).toEqual(['0/200']);
    expect(codes(JSON.stringify({ callEndReason: { code: 200, subCode: 0 } }))).toEqual([]);
  });

  it('a SIP code in words that the paste also names with its Q.850 cause is that one failure', () => {
    const text = ['Usually, 486 Busy Here should be ok towards the PSTN SIP Trunk provider because this says busy.', '', 'Screenshot – SysLog – Reason Header Analysis – Cause 34 is sent in a 486 Busy Here', ...FILLER].join('\n');
    const d = diagnose(text);
    expect(d.findings.map((f) => [f.sipCode, f.q850Cause])).toEqual([[486, 34]]);
    // Two different SIP codes stay two failures.
    expect(codes(['We get 480 Temporarily Unavailable first.', 'Then a 486 Busy Here with Reason: Q.850;cause=17', ...FILLER].join('\n'))).toEqual(['-/480', '-/486']);
  });

  it('a Q.850 cause named again alone is the failure it was named with', () => {
    const text = ['Wrong mapping for Q.850 Cause 47 FS using SIP 480 instead of 503', '', 'For Q.850 Reason Cause 47 Freeswitch is mapping Cause 47 to SIP-480 instead of SIP-503.', ...FILLER].join('\n');
    expect(codes(text)).toEqual(['-/480', '-/503']);
    expect(diagnose(long('the ISDN side logs Cause 47 every hour')).findings.map((f) => f.q850Cause)).toEqual([47]);
  });
});

describe('Reason headers pasted without their response', () => {
  const microsoftReason = 'Reason: Q.850;cause=21;text="4b1e7d2a-6c3f-4f0e-9a8b-2d5c6e7f8a9b;Rejected by the callee."';
  it('a Q.850 cause goes with the SIP code the paste names before it, with its evidence', () => {
    const d = diagnose(['Our users get 480 Temporarily Unavailable on outbound calls.', 'The SBC log shows:', microsoftReason].join('\n'));
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ sipCode: 480, q850Cause: 21, origin: { side: 'microsoft', basis: 'trace' } });
  });

  it("Microsoft's own Reason on a BYE, with no response in the paste, is no finding", () => {
    expect(codes(`Microsoft ends the held call; this is in its BYE: ${microsoftReason}`)).toEqual([]);
  });

  it("another Reason alone still tells its Q.850 cause", () => {
    expect(diagnose('Reason: Q.850;cause=34;text="No circuit available"').findings.map((f) => f.q850Cause)).toEqual([34]);
  });
});

describe('SIP headers wrapped by a page or folded', () => {
  // The shape of a trace copied from a blog: header values on the line after their name.
  const wrapped = ['SIP/2.0 488 Not Acceptable Here', 'FROM:', '<sip:+15551230000@10.0.0.25>;tag=9f8e7d', 'TO: <sip:+15557650000@sbc1.contoso.com>;tag=1a2b3c', 'CSEQ: 2 INVITE', 'CALL-ID: 88112233@sbc1.contoso.com', 'VIA: SIP/2.0/TLS', 'sbc1.contoso.com:5061;branch=z9hG4bKac99', 'REASON:', 'Q.850;cause=65;text="8c1f2e3d-4b5a-4c6d-8e7f-9a0b1c2d3e4f;MediaOfferError"', 'SERVER: Microsoft.Teams.SIPSBA v.2023.1.1.1'];
  it("a wrapped value belongs to its header: the SBA's Server header says Microsoft answered", () => {
    const [f, ...rest] = diagnose(wrapped.join('\n')).findings;
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ sipCode: 488, q850Cause: 65, origin: { side: 'microsoft', basis: 'trace' } });
    expect(f!.origin.reason).toContain('Microsoft.Teams.SIPSBA');
  });

  it('a folded Reason header (the next line starts with a blank) is one header', () => {
    const text = ['SIP/2.0 503 Service Unavailable', 'Call-ID: f1@sbc1.contoso.com', 'CSeq: 1 INVITE', 'Reason: Q.850;cause=41;', '  text="Temporary failure"', 'Content-Length: 0'].join('\n');
    const [f] = diagnose(text).findings;
    expect(f).toMatchObject({ sipCode: 503, q850Cause: 41 });
    expect(f!.phrase).toContain('Temporary failure');
  });

  it('prose after a message is not taken for a wrapped header', () => {
    const text = ['SIP/2.0 404 Not Found', 'Call-ID: n1@sbc1.contoso.com', 'CSeq: 1 INVITE', 'Content-Length: 0', 'After that we also see 486 Busy Here on the second leg.'].join('\n');
    expect(codes(long(text))).toEqual(['-/404', '-/486']);
  });

  it("the words before a log's framing line, collapsed onto one line, are read", () => {
    const text = 'Since the update the re-INVITE ends in 491 Request Pending and nothing is sent on. recv 1024 bytes from tls/[10.1.2.3]:5061 at 10:00:00.000001: INVITE sip:10.1.2.4:5061 SIP/2.0 Via: SIP/2.0/TLS 10.1.2.3:5061;branch=z9hG4bK1 Call-ID: x1@10.1.2.3 CSeq: 2 INVITE Content-Length: 0';
    expect(codes(text)).toEqual(['-/491']);
  });
});

describe('JSON in a code fence is read as JSON', () => {
  it("a nested SipDetails is the SBC's detail, not a second failure", () => {
    const text = ['The event looks like this:', '```json', '{', '  "resultInformation": {', '    "code": 500,', '    "subCode": 560480,', '    "message": "Unexpected server error",', '    "sipDetails": { "code": 480, "message": "Temporarily Unavailable" },', '    "q850Details": { "code": 18, "message": "No user responding" }', '  }', '}', '```', ...FILLER].join('\n');
    const d = diagnose(text);
    expect(codes(text)).toEqual(['560480/500']);
    expect(d.findings[0]!.q850Cause).toBe(18);
    expect(d.findings[0]!.notes.join(' ')).toContain("the SBC's or carrier's own SIP code: 480");
  });

  it("a voice gateway's webhook names the SIP status of the leg it dialled", () => {
    const hook = (key: string, value: string) => ['```json', '{', '  "event": "TRANSFER_DIAL_ERROR",', '  "payload": {', '    "from": "+441xxxxxxxxx",', `    "${key}": ${value},`, '    "sip_reason": "Not Acceptable Here",', '    "fs_sip_address": "10.1.193.242:5060"', '  }', '}', '```', ...FILLER].join('\n');
    expect(codes(hook('sip_status', '488'))).toEqual(['-/488']);
    expect(codes(hook('sip_hangup_cause', '"486"'))).toEqual(['-/486']);
    expect(codes(hook('sip_status', '200'))).toEqual([]);
    expect(codes(hook('call_status', '"failed"'))).toEqual([]);
  });

  it('a fence that does not hold JSON is read line by line', () => {
    expect(codes(['```', 'CallEndReason=403 CallEndSubReason=510559', '```', ...FILLER].join('\n'))).toEqual(['510559/403']);
  });
});

describe('source code that branches on a code', () => {
  const handler = (key: string, cases: string[], gap = 0) =>
    [
      'This handler never shows the right title, any idea why?',
      'const getEndedCallStrings = (endedCall?: CallState) => {',
      '  let title = locale.strings.call.leftCallTitle;',
      `  switch (endedCall?.callEndReason?.${key}) {`,
      ...Array.from({ length: gap }, () => '    // nothing here'),
      ...cases.flatMap((c) => [`    case ${c}:`, '      title = locale.strings.call.removedFromCallTitle;', '      break;']),
      '  }',
      '};',
    ].join('\n');

  it('reads each case value under the key the switch tests', () => {
    expect(codes(handler('subCode', ['10037']))).toEqual(['10037/-']);
    expect(codes(handler('subCode', ['5300', '10037'])).sort()).toEqual(['10037/-', '5300/-']);
    expect(codes(handler('code', ['487']))).toEqual(['-/487']);
    // As a diff shows it.
    expect(codes(handler('subCode', ['10037']).split('\n').map((l) => `+${l}`).join('\n'))).toEqual(['10037/-']);
    // The Calling SDK's CallEndReason read in code makes it an ACS paste: the ACS entry.
    expect(first(handler('subCode', ['10037'])).entries[0]?.id).toMatch(/^callend-10037-/);
  });

  it('not a switch on something else, nor cases too far below their switch', () => {
    expect(codes(handler('kind', ['10037']))).toEqual([]);
    expect(codes(handler('subCode', ['10037'], 90))).toEqual([]);
    expect(codes(['  switch (state) {', '    case 480:', '  }', ...FILLER].join('\n'))).toEqual([]);
  });
});
