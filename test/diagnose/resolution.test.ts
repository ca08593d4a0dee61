// How mentions become findings: one finding per failure (halves of a pair, restatements), the
// origin of codes no table lists by the scheme of the service that reported them (Graph, ACS),
// a lone SIP code read by its documented Teams family and by the words around it, the entry a
// context or a pasted phrase chooses. The examples are written for these tests, in the shapes
// people paste; each rule is shown applying and not applying.
import { describe, expect, it } from 'vitest';
import { detectContext, detectGraphCalling } from '../../src/diagnose/context';
import { diagnose } from '../../src/diagnose/index';
import { microsoftHttpAnswers, wordsOrigin } from '../../src/diagnose/words';
import { defaultKb } from '../../src/kb/load';
import { codes, first } from '../helpers/findings';

const kb = defaultKb();

describe('one failure, one finding: halves of a pair', () => {
  it('a translated page repeating the pair\'s codes on lines of their own is one finding', () => {
    const text = [
      '569008 504 Zustellung von INVITE nicht möglich: Das Remotezertifikat ist abgelaufen',
      '- Microsoft-Antwortcode: 569008',
      '- SIP-Antwortcode: 504',
      '- Empfohlene Maßnahmen: Erneuern Sie das Zertifikat des SBC.',
    ].join('\n');
    const d = diagnose(text);
    expect(d.findings.map((f) => `${f.msCode}/${f.sipCode}`)).toEqual(['569008/504']);
    // The heading's pair, and the two keyed lines read together as the same pair.
    expect(d.findings[0]).toMatchObject({ count: 2, firstLine: 1 });
  });

  it('a subcode repeated by a DiagCode on the same line is one finding', () => {
    expect(codes('Error: 480 Temporarily Unavailable, subcode: 10037, diagcode: 480#10037')).toEqual(['10037/480']);
  });

  it('the pair takes the place of the half that came first', () => {
    const d = diagnose('subcode 531000 first, then DiagCode: 488#531000 and later 503 560503');
    expect(d.findings.map((f) => `${f.msCode}/${f.sipCode}`)).toEqual(['531000/488', '560503/503']);
  });

  it('a SIP code named before every pair that has it is their topic, not a failure of its own', () => {
    const page = ['SIP response code 408', '', 'This article provides troubleshooting information.', '', '1106 408 The acknowledgment was not received', '', '  - Microsoft response code: 1106', '  - SIP response code: 408', '', '500001 408 Gateway (SBC) failover timer expired', '', '  - Microsoft response code: 500001', '', '  - SIP response code: 408'].join('\n');
    expect(codes(page)).toEqual(['1106/408', '500001/408']);
  });

  it('a SIP code named once before a list of Microsoft codes documented with it pairs with each', () => {
    const text = 'In Teams Phone the documented 408 cases are tied to Direct Routing. Microsoft lists 1106, 500001, 560408 and more, and each one points to a different part of the call path.\nWe opened a ticket last week.\nNothing else changed on the SBC.\nThanks for any help.\nRegards,\nthe voice team';
    expect(codes(text)).toEqual(['1106/408', '500001/408', '560408/408']);
    // Numbers of a list with no trusted code among them stay what they are (counts, ids).
    expect(codes('We saw 1106, 1107, 1108 and 1109 calls yesterday.\nWe opened a ticket last week.\nNothing else changed.\nThanks.\nRegards,\nthe voice team\n.')).toEqual([]);
  });

  it('a lone SIP code stays its own finding when more than one pair of the paste has it', () => {
    expect(codes('403 510559 on some calls, 403 510562 on others, and a plain 403 on the rest')).toEqual(['510559/403', '510562/403', '-/403']);
  });

  it('a lone SIP code whose words name another sender than the pair\'s stays its own finding', () => {
    const d = diagnose('Inbound calls: 511404 404 for one number.\n\nOutbound calls get 404 Unallocated Number from the PSTN provider.');
    expect(d.findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode}/${f.origin.side}`)).toEqual(['511404/404/microsoft', '-/404/sbc']);
    expect(d.findings[1]!.fixOn.party).toBe('carrier');
    // The same with no reason phrase, and with the sender's own one.
    for (const words of ['get 404 from the PSTN provider', 'get 404 Number Unknown from the PSTN provider']) {
      const other = diagnose(`Inbound calls: 511404 404 for one number.\n\nOutbound calls ${words}.`);
      expect(other.findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode}/${f.origin.side}`)).toEqual(['511404/404/microsoft', '-/404/sbc']);
    }
    // Named again with nothing of its own, it is the pair's failure.
    expect(diagnose('Inbound calls: 511404 404 for one number.\n\nSo every call gets 404 now.').findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode}`)).toEqual(['511404/404']);
  });

  it('a report row is a call of its own: a row with a SIP code only is not folded into another row', () => {
    const csv = ['Final SIP code,Final Microsoft subcode,Final SIP Phrase', '403,510559,Forbidden', '403,,Forbidden', '403,510559,Forbidden'].join('\n');
    const d = diagnose(csv);
    expect(d.findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode}/${f.count}`)).toEqual(['510559/403/2', '-/403/1']);
  });

  it('a trace\'s final response keeps its call flow: not folded into a pasted pair', () => {
    const text = ['Teams shows 560503 503 for the call. The SBC log:', 'SIP/2.0 503 Service Unavailable', 'Via: SIP/2.0/TLS 52.114.75.24:5061;branch=z9hG4bKabc', 'From: <sip:+15551230000@sip.pstnhub.microsoft.com>;tag=1', 'To: <sip:+15559870000@sbc1.contoso.com>;tag=2', 'Call-ID: abc123', 'CSeq: 1 INVITE', 'Server: Mediant SW/v.7.40A.500.775', ''].join('\n');
    const d = diagnose(text);
    expect(d.findings.length).toBe(2);
    expect(d.findings[1]!.flow?.length).toBeGreaterThan(0);
  });

  it('the same lone SIP code said twice is one finding; the one whose words say who answered leads', () => {
    const d = diagnose('Inbound calls to Teams fail, 480 in the logs.\n\nAlso: 480 Temporarily Unavailable shown in the portal.');
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ sipCode: 480, count: 2 });
    expect(d.findings[0]!.origin).toMatchObject({ side: 'microsoft', basis: 'prose' });
  });

  it('"starts with 540 ... 540487": the prefix talked about is no SIP code of its own', () => {
    expect(codes('If the subcode starts with 540, the SBC answered; for example 540487 means the caller hung up.')).toEqual(['540487/487']);
    // 500 is a SIP code: "500" beside 500001 is not the code's prefix.
    expect(codes('We see 500 errors and also 500001 in the report')).toEqual(['-/500', '500001/-']);
  });

  it("a lone 540xxx / 560xxx code's SIP code: its last three digits, unless Microsoft documents it with another", () => {
    const lone = (t: string) => {
      const f = first(t)!;
      return [f.msCode, f.sipCode, f.sipCodeImplied];
    };
    expect(lone('560403')).toEqual([560403, 403, true]);
    // Direct Routing's call notifications page records a call completed elsewhere as 487 / 540200.
    expect(lone('{"code":"540200"}')).toEqual([540200, 487, true]);
    expect(first('540200')!.notes.join(' ')).toContain('documents 540200 with SIP 487');
    // A SIP code given beside it is kept, never replaced.
    expect(lone('540200 / 200')).toEqual([540200, 200, false]);
  });

  it('a lone Microsoft code and a lone SIP code of a documented pair on neighbouring lines are that pair', () => {
    expect(codes('Código de respuesta de Microsoft: 10199\nCódigo de respuesta SIP: 480')).toEqual(['10199/480']);
    expect(codes('1106 Um reconhecimento não foi recebido (SIP 408)')).toEqual(['1106/408']);
    // Not documented together, and not labelled as one response's two codes: two codes.
    expect(codes('The call failed with 10199.\nThe trunk logs show 503.')).toEqual(['10199/-', '-/503']);
    // Labelled as the Microsoft and the SIP code of one response: one pair, documented or not.
    expect(codes('Código de respuesta de Microsoft: 10199\nCódigo de respuesta SIP: 503')).toEqual(['10199/503']);
    // Named side by side with "and": two codes.
    expect(codes('10199 and 480')).toEqual(['10199/-', '-/480']);
  });
});

describe('codes no table lists: the service that reported them', () => {
  it('an ACS failure pasted with its result category is read by it, as the documented SDK errors are', () => {
    const error = (category: string) => `Response:\n{\n  "operationFailure": {\n    "code": 403,\n    "subCode": 5222,\n    "phrase": "Acs user is not allowed to create conversation.",\n    "resultCategories": [\n      "${category}"\n    ]\n  }\n}`;
    expect(first(error('ExpectedError')).origin).toMatchObject({ side: 'client', basis: 'inferred' });
    expect(first(error('ExpectedError')).origin.reason).toMatch(/your paste gives its result category/);
    expect(first(error('UnexpectedServerError')).origin).toMatchObject({ side: 'microsoft' });
    // Two categories that disagree say nothing about this one code.
    const two = `${error('ExpectedError')}\n${error('UnexpectedClientError').replace('5222', '5223')}`;
    expect(diagnose(two).findings.map((f) => f.origin.reason)).not.toContainEqual(expect.stringMatching(/your paste gives/));
  });

  it('a failure code in a Call Automation success event is how the action ended, not a failure', () => {
    const event = (type: string) =>
      `{"type": "Microsoft.Communication.${type}", "data": {"operationContext": "ctx", "invitationId": "f4b3c8a2", "resultInformation": {"code": 487, "subCode": 5234, "message": "addParticipants failed for participant 8:acs:x. Underlying reason: The Call Has Been Cancelled."}}}`;
    const f = first(event('CancelAddParticipantSucceeded'));
    expect(f).toMatchObject({ msCode: 5234, sipCode: 487, known: false });
    expect(f.origin).toMatchObject({ side: 'none', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/CancelAddParticipantSucceeded event/);
    expect(f.fixOn).toMatchObject({ party: 'none', rule: 'completed-action' });
    // 5234 is in no table; Call Automation's table lists 487 alone, and says so.
    expect(f.entries[0]!.id).toBe('automation-x-487-canceled');
    expect(f.notes).toContainEqual(expect.stringMatching(/^5234 is not in Microsoft's tables; the ACS Call Automation table lists code 487 alone/));
    // A failed event is a failure; so is the code when the paste also gives a failed event.
    expect(first(event('AddParticipantFailed')).origin.side).toBe('microsoft');
    expect(diagnose(`${event('CancelAddParticipantSucceeded')}\n${event('AddParticipantFailed').replace('5234', '5235')}`).findings.map((x) => x.origin.side)).toEqual(['microsoft', 'microsoft']);
    // With no subcode, 487 is the row Call Automation lists alone: in a success event, still the action's outcome.
    const alone = first(event('CancelAddParticipantSucceeded').replace('"subCode": 5234, ', ''));
    expect(alone).toMatchObject({ msCode: null, sipCode: 487, known: true });
    expect(alone.fixOn).toMatchObject({ party: 'none', rule: 'completed-action' });
    expect(first(event('AddParticipantFailed').replace('"subCode": 5234, ', '')).origin.side).toBe('microsoft');
  });

  it("a code alone in a Call Automation paste is the row its table lists alone, also when only the SDK's package name says so", () => {
    const recording = '"Headers" : {\n  "User-Agent" : "azsdk-java-azure-communication-callautomation/1.0.0-beta.4 (1.8.0_291; Windows 10; 10.0)"\n},\n"Response" : {\n  "Server" : "Microsoft-HTTPAPI/2.0",\n  "StatusCode" : "404"\n}';
    const f = first(recording);
    expect(f).toMatchObject({ msCode: null, sipCode: 404, match: 'pair', known: true });
    expect(f.entries.map((e) => e.id)).toEqual(['automation-x-404-not-found']);
    expect(f.origin.side).toBe('microsoft');
    expect(f.fixOn.party).toBe('client');
    // Elsewhere a lone 404 still lists the codes documented with it.
    expect(first('"Response" : {\n  "StatusCode" : "404"\n}').match).not.toBe('pair');
  });

  it("a Call Automation event's resultInformation 200 / 0 is a completed action, pretty-printed or not", () => {
    const event = '  {\n    "type": "Microsoft.Communication.RemoveParticipantSucceeded",\n    "data": {\n      "resultInformation": {\n        "code": 200,\n        "subCode": 0,\n        "message": ""\n      }\n    }\n  },';
    expect(diagnose(event).findings.map((x) => `${x.msCode}/${x.sipCode}/${x.origin.side}`)).toEqual(['0/200/none']);
    expect(diagnose(`[${event.replace(/,$/, '')}]`).findings.map((x) => `${x.msCode}/${x.sipCode}/${x.origin.side}`)).toEqual(['0/200/none']);
    // A 200 / 0 that is no event's result is no finding.
    expect(diagnose('{\n  "status": {\n    "code": 200,\n    "subCode": 0\n  }\n}').findings).toEqual([]);
  });

  it('a Graph resultInfo failure is Microsoft\'s calling platform (inferred, Graph\'s page cited)', () => {
    const f = first('"resultInfo": { "@odata.type": "#microsoft.graph.resultInfo", "code": 503, "subcode": 4242, "message": "Service unavailable." }');
    expect(f).toMatchObject({ msCode: 4242, sipCode: 503, known: false });
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.origin.ruleUrl).toMatch(/graph\/api\/call-delete/);
    expect(f.origin.reason).toMatch(/via notification when call is terminated/);
    expect(f.fixOn).toMatchObject({ party: 'microsoft', rule: 'code-service-server-error' });
  });

  it('a Teams calling platform DiagCode is Microsoft\'s, in any words around it', () => {
    expect(first('Call ended: Forbidden. DiagCode: 403#12345').origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(first('bot log: terminated, DiagCode: 408#54321.@').fixOn).toMatchObject({ party: 'unknown', rule: 'code-service-unlisted' });
  });

  it("an exception of Graph's Communications SDK is the calling platform's", () => {
    const f = first('Microsoft.Graph.Communications.Core.Exceptions.ServiceException: Code: 500\nMessage: Unexpected \'Failed\' status for operation 033a359b-81bf-400f-9de0-7869c4124519');
    expect(f).toMatchObject({ msCode: null, sipCode: 500 });
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/Microsoft Graph call end reason/);
  });

  it('a Graph DiagCode written without its code is the calling platform\'s too', () => {
    const text = '"message": "MediaControllerConversationAddParticipantFailed. DiagCode: 7112"\nTraceType: HttpResponse\nresponse: 202 Accepted';
    const f = first(text);
    expect(f).toMatchObject({ msCode: 7112, sipCode: null, known: false });
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/^Subcode 7112 is a Microsoft Graph call end reason/);
    // Not a DiagCode: a bare 4-digit number in a log stays no code.
    expect(diagnose(`${text.replace('DiagCode: 7112', 'after 7112 ms')}\n${'filler line\n'.repeat(8)}`).findings).toEqual([]);
  });

  it("an ACS SDK error that only another product's table lists is read by its pasted result category", () => {
    const reason = (category: string) =>
      `azure:ACS-calling:info 2024-01-23T11:10:44.942Z CallClient1:CallStack [onCallStatusChanged] [status=RemoteTerminated][reason={\n  "code": 404,\n  "subCode": 10202,\n  "phrase": "Replacement call was not found.",\n  "resultCategories": [\n    "${category}"\n  ]\n}]`;
    const f = first(reason('ExpectedError'));
    expect(f).toMatchObject({ msCode: 10202, sipCode: 404, known: true });
    expect(f.entries[0]!.catalog).toBe('teams-direct-routing');
    expect(f.origin).toMatchObject({ side: 'client', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/Teams Direct Routing table, not in the ACS tables/);
    expect(f.fixOn.party).toBe('client');
    // Without a category the table's own origin stands.
    expect(first(reason('ExpectedError').replace(/,\n  "resultCategories": \[\n    "ExpectedError"\n  \]/, '')).origin).toMatchObject({ side: 'microsoft', basis: 'documented' });
  });

  it('an ACS code + subcode failure no table lists is the ACS service\'s answer', () => {
    const f = first('ACS web app: Call end reason: code: 403, subcode: 5299');
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/ACS service's answer/);
  });

  it('an unlisted code in the Calling SDK\'s own client error range is the client', () => {
    const f = first('CallAgent creation failed: callEndReason: { code: 412, subCode: 40999 }');
    expect(f.origin).toMatchObject({ side: 'client', basis: 'inferred' });
    expect(f.fixOn).toMatchObject({ party: 'client', rule: 'code-sdk-client-error' });
  });

  it('without a service\'s shape around it, an unlisted short code says nothing of its origin', () => {
    expect(first('4242 503').origin.side).toBe('unknown');
  });

  it('code 200 with any subcode is no failure: a completed action, a normal end', () => {
    for (const text of [
      '"resultInformation": { "code": 200, "subCode": 8531, "message": "Action completed, max digits received." } (RecognizeCompleted)',
      '"resultInfo": { "@odata.type": "#microsoft.graph.resultInfo", "code": 200, "subcode": 8515, "message": "Action completed, max record duration reached." }',
      '"resultInfo": { "code": 200, "subcode": 9876, "message": "Completed." }',
    ]) {
      const f = first(text);
      expect(f.origin.side, text).toBe('none');
      expect(f.fixOn.party, text).toBe('none');
    }
  });

  it('a failure code with a subcode documented only as a normal end is a failure no entry backs', () => {
    const f = first('{"resultInfo": { "@odata.type": "#microsoft.graph.resultInfo", "code": 500, "subCode": 7015, "message": "Transfer failed." }}');
    expect(f).toMatchObject({ msCode: 7015, sipCode: 500, match: 'none', known: false, entries: [] });
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.notes.join(' ')).toMatch(/documents 7015 only as a normal end/);
  });

  it('the paste\'s service is read from its shapes', () => {
    expect(detectGraphCalling('"@odata.type": "#microsoft.graph.commsNotification"')).toBe(true);
    expect(detectGraphCalling('Server Internal Error. DiagCode: 500#7106.@')).toBe(true);
    expect(detectGraphCalling('"resultInformation": { "code": 500 }')).toBe(false);
    expect(detectContext('| SubCode | Code | Message | Result Categories | Advice |\n| 560403 | 403 | Call forbidden | | check your direct routing setup |')).toBe('acs');
    expect(detectContext('| 401 (Unauthorized) | 44110 | Failed to get AccessToken | UnexpectedClientError |')).toBe('acs');
    expect(detectContext('When the application calls `createCallAgent` API, if the token is expired, SDK throws an error.')).toBe('acs');
    expect(detectContext('switch (endedCall?.callEndReason?.subCode) {')).toBe('acs');
    expect(detectGraphCalling('Microsoft.Graph.Communications.Core.Exceptions.ServiceException: Code: 500')).toBe(true);
    // Words alone that both products use decide nothing.
    expect(detectContext('the call agent ended the call with an expected error')).toBe('unknown');
  });

  it("a Call Automation event leads with the Call Automation table's entry, its DiagCode notwithstanding", () => {
    const event = '"resultInformation": {\n  "code": 408,\n  "subCode": 10057,\n  "message": "addParticipants failed for participant 8:acs:(redacted) Underlying reason: Request Timeout. DiagCode: 408#10057.@"\n}';
    expect(detectGraphCalling(event)).toBe(false);
    const f = first(event);
    expect(f).toMatchObject({ msCode: 10057, sipCode: 408 });
    expect(f.entries[0]!.catalog).toBe('acs-call-automation');
    // The DiagCode alone, outside an ACS paste, is still Graph's.
    expect(detectGraphCalling('Call ended: Forbidden. DiagCode: 403#12345')).toBe(true);
    expect(codes('### Error 400 code 8523 Invalid request: SourceCallerIdNumber and SourceDisplayName are not supported')).toEqual(['8523/400']);
  });

  it("an ACS SDK row with its result category: the category's side, even for a code no table lists", () => {
    const f = first('| 401 (Unauthorized) | 44110 | Failed to get AccessToken | UnexpectedClientError |');
    expect(f.origin).toMatchObject({ side: 'client' });
    expect(f.fixOn.party).toBe('client');
  });
});

describe('a lone SIP code in a Direct Routing paste: the Teams codes documented with it', () => {
  it('504 (every documented Teams code is Microsoft failing to reach the SBC): Microsoft generated it, the SBC must act', () => {
    const f = first('Teams Direct Routing: outbound calls fail with SIP 504');
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'inferred' });
    expect(f.origin.reason).toMatch(/9 codes with SIP 504/);
    expect(f.fixOn).toMatchObject({ party: 'sbc', rule: 'code-sip-teams-family' });
  });

  it('403 (codes of the tenant and one the SBC sent): nothing to infer', () => {
    expect(first('Teams Direct Routing: outbound calls fail with SIP 403').origin.side).toBe('unknown');
  });

  it('outside a Teams paste, or in a trace, the family does not decide', () => {
    expect(first('SIP 504 on every call').origin.side).toBe('unknown');
    expect(first('the SBC returns 504 on every call').origin).toMatchObject({ side: 'sbc', basis: 'prose' });
  });
});

describe('the words around a lone SIP code', () => {
  const read = (paragraph: string, sipCode: number, context: 'teams' | 'acs' | 'unknown' = 'unknown') => wordsOrigin({ sipCode, paragraph, context, kb });

  it('a party that answered with the code, in several languages', () => {
    expect(read('Our gateway responded to the re-INVITE with a 488 Not Acceptable Here.', 488)).toMatchObject({ rule: 'party-answered', side: 'sbc', party: 'sbc' });
    expect(read('Then Teams rejects the call with 480 after a few seconds.', 480)).toMatchObject({ rule: 'party-answered', side: 'microsoft' });
    expect(read('El operador rechazó la llamada con el código 403.', 403)).toMatchObject({ rule: 'party-answered', side: 'sbc', party: 'carrier' });
    expect(read('Der Anbieter antwortete mit 404.', 404)).toMatchObject({ side: 'sbc', party: 'carrier' });
  });

  it("Microsoft's Direct Routing hosts and signalling addresses name Microsoft as the party", () => {
    expect(read('We get 503 from sip2.pstnhub.microsoft.com on every outbound call.', 503)).toMatchObject({ side: 'microsoft' });
    expect(read('The SBC receives 403 Forbidden from 52.114.14.70:5061 for each OPTIONS.', 403)).toMatchObject({ side: 'microsoft' });
    expect(read('sip-all.pstnhub.microsoft.com returns 488 to the re-INVITE.', 488)).toMatchObject({ side: 'microsoft' });
    // Another host or an address outside Microsoft's ranges is no party word; a version is no address.
    expect(read('We get 503 from 10.20.30.40 on every outbound call.', 503)).toBeUndefined();
    expect(read('After the upgrade to 7.40.250.1 the calls get 503.', 503)).toBeUndefined();
  });

  it('not when the party only received it, was the object, or the verb is passive', () => {
    expect(read('The SBC sends an INVITE to Teams and gets 403 back.', 403)).toMatchObject({ rule: 'sent-to-got-back', side: 'microsoft' });
    expect(read('When the SBC receives an OPTIONS from Teams, it returns 400.', 400)).toBeUndefined();
    expect(read('The call from the SBC was rejected with 403.', 403)).toBeUndefined();
  });

  it('"the SBC did not answer" and a 408: Microsoft gave up waiting; the SBC must act', () => {
    expect(read('The SBC did not respond within ten seconds, so the caller hears 408.', 408)).toMatchObject({ rule: 'sbc-no-answer-408', side: 'microsoft', party: 'sbc' });
    expect(read('408 after the failover timer ran out.', 408)).toMatchObject({ rule: 'sbc-no-answer-408' });
    // Whereas the SBC answering 408 itself is the SBC's.
    expect(read('The SBC answered our INVITE with 408 because the carrier never replied.', 408)).toMatchObject({ rule: 'party-answered', side: 'sbc' });
  });

  it('in a Teams paste, the side that received the code did not send it: the other side of Direct Routing did', () => {
    // (With a Retry-After header, the documented situation says more: retry-after-503, below.)
    expect(read('When the SBC receives a 503 message with a Warning header in response to an INVITE, the SBC must try the next Microsoft datacenter.', 503, 'teams')).toMatchObject({ rule: 'receiver-peer', side: 'microsoft' });
    expect(read('Cuando el SBC recibe un mensaje 503 con un encabezado Warning, el SBC debe probar el siguiente centro de datos.', 503, 'teams')).toMatchObject({ rule: 'receiver-peer', side: 'microsoft' });
    expect(read('Teams receives a 486 from our gateway for every second call.', 486, 'teams')).toMatchObject({ side: 'sbc' });
    // Japanese: the subject marked by が before the code, the receiving verb after it.
    expect(read('SBC が INVITE に応答して Warning ヘッダーを含む 503 メッセージを受信した場合、SBC は接続を終了します。', 503, 'teams')).toMatchObject({ rule: 'receiver-peer', side: 'microsoft' });
    expect(read('INVITE に応答して 503 メッセージを受信した場合、接続を終了します。', 503, 'teams')).toBeUndefined();
    // Not outside a Teams paste, not where a carrier is named (the SBC's other peer), not for the carrier.
    expect(read('When the SBC receives a 503 message, it tries the next route.', 503)).toBeUndefined();
    expect(read('When the SBC receives a 503 and the carrier is down, calls fail.', 503, 'teams')).toBeUndefined();
    expect(read('The carrier receives a 403 on every call.', 403, 'teams')).toBeUndefined();
  });

  it('a code "from" a party', () => {
    expect(read('We see SIP 404 Unallocated Number from the upstream carrier on every call to that range.', 404)).toMatchObject({ rule: 'code-from-party', party: 'carrier' });
    expect(read('We get 480 on calls from the SBC.', 480)).toBeUndefined();
  });

  it('a declined call retried on 603, in a Teams paste: Teams answered, the SBC must stop retrying (Microsoft\'s "Handling retries")', () => {
    const en = 'If an end user observes multiple missed calls for one call after declining the incoming call, the SBC or PSTN trunk provider retry mechanism is misconfigured. The SBC must be reconfigured to stop the retry efforts on the 603 response.';
    const w = read(en, 603, 'teams');
    expect(w).toMatchObject({ rule: 'declined-603-retries', side: 'microsoft', party: 'sbc' });
    expect(w!.ruleUrl).toMatch(/handling-retries-603-response/);
    expect(read('Le SBC doit être reconfiguré pour arrêter les efforts de nouvelle tentative sur la réponse 603.', 603, 'teams')).toMatchObject({ rule: 'declined-603-retries' });
    // Not without retries, not outside a Teams paste.
    expect(read('The user declined and the SBC logged a 603 response.', 603, 'teams')?.rule).not.toBe('declined-603-retries');
    expect(read(en, 603)?.rule).not.toBe('declined-603-retries');
  });

  it('a code sent "by" a party, in a passive', () => {
    expect(read('The solution is to set up routing based on the 404 code returned by Teams to the SBC.', 404)).toMatchObject({ rule: 'code-from-party', side: 'microsoft' });
    expect(read('Le code 503 renvoyé par le SBC arrive après 10 secondes.', 503)).toMatchObject({ rule: 'code-from-party', side: 'sbc' });
    expect(read('El 486 enviado por el operador llega a Teams.', 486)).toMatchObject({ rule: 'code-from-party', party: 'carrier' });
    // "by" after no sending verb names no sender.
    expect(read('The 404 is shown by Teams in the call history.', 404)).toBeUndefined();
    expect(read('We get 480 when dialled by the SBC users.', 480)).toBeUndefined();
  });

  it('the paragraph says the PSTN provider sends the failure (Microsoft\'s outbound-calls page)', () => {
    const w = read('The ITSP keeps sending a failure response on these calls. The code is SIP 503.', 503);
    expect(w).toMatchObject({ rule: 'provider-sends-failure', side: 'sbc', party: 'carrier' });
    expect(w!.ruleUrl).toMatch(/issues-with-outbound-calls/);
  });

  it('486 with Q.850 cause 34 or 17 beside it: the documented inbound retry issue', () => {
    const w = read('Teams answers the second caller with 486 and the Reason header says Q.850 cause=34, so the carrier retries.', 486);
    expect(w).toMatchObject({ rule: 'q850-486-mapping', side: 'microsoft', party: 'sbc' });
    expect(w!.ruleUrl).toMatch(/issues-with-inbound-calls#multiple-notifications-about-missed-calls/);
  });

  it('486 with busy on busy: the calling policy at work', () => {
    expect(read('Since we enabled Busy on Busy, callers get 486 while the user is on another call.', 486)).toMatchObject({ rule: 'busy-on-busy', side: 'microsoft', party: 'none' });
  });

  it('an inbound call failing with a code the Teams pages document only as Microsoft\'s', () => {
    expect(read('Incoming PSTN calls never ring; the portal shows 480.', 480, 'teams')).toMatchObject({ rule: 'inbound-microsoft-code', side: 'microsoft' });
    // 403 is also the SBC's (560403): no rule; and outside a Teams paste none either.
    expect(read('Incoming PSTN calls never ring; the portal shows 403.', 403, 'teams')).toBeUndefined();
    expect(read('Incoming PSTN calls never ring; the portal shows 480.', 480, 'unknown')).toBeUndefined();
  });

  it('no words about who answered: nothing', () => {
    expect(read('We see 503 on some calls since Monday.', 503)).toBeUndefined();
    expect(read('No code here at all.', 503)).toBeUndefined();
  });

  it('over diagnose: basis "prose", the words quoted, who must act', () => {
    const f = first('Since Monday our SBC replies to every INVITE from Microsoft with 503 Service Unavailable during the backup window');
    expect(f.origin).toMatchObject({ side: 'sbc', basis: 'prose' });
    expect(f.origin.reason).toContain('our SBC replies to every INVITE');
    expect(f.fixOn).toMatchObject({ party: 'sbc', basis: 'inferred', rule: 'words-party-answered' });
  });

  it('never over a documented entry\'s origin', () => {
    expect(first('The carrier sent 403 510559 back').origin).toMatchObject({ side: 'microsoft', basis: 'documented' });
  });
});

describe('HTTP statuses of Microsoft\'s endpoints in a console log', () => {
  it('a Microsoft host answering a request is Microsoft\'s answer', () => {
    const lines = ['vendor.js:12 PATCH https://graph.microsoft.com/v1.0/communications/calls/abc 403 (Forbidden)', 'app.js:3 GET https://cdn.example.org/x.js 404'];
    expect([...microsoftHttpAnswers(lines).keys()]).toEqual([403]);
    const f = first(`Join fails.\n${lines[0]}\nWhat is wrong?`);
    expect(f.origin).toMatchObject({ side: 'microsoft', basis: 'prose' });
  });

  it('another host is not', () => {
    expect(first('POST https://api.example.com/v1/calls 403 (Forbidden)').origin.side).toBe('unknown');
  });
});

describe('which entry leads', () => {
  it('a phrase whose words are not the entries\' language picks no variant: the first documented one leads', () => {
    const f = first('569002 504 Impossibile recapitare INVITE: tentativo di connessione non riuscito, la parte connessa non ha risposto');
    expect(f.entries[0]!.id).toBe('dr-569002-504-unable-to-deliver-invite');
  });

  it('a distinctive pasted phrase still picks its variant', () => {
    expect(first('569002 504 Unable to deliver INVITE: TLS decryption failed').entries[0]!.id).toBe('dr-569002-504-unable-to-deliver-invite-5');
  });

  it('an error message quoted in a question leads the search, whatever else the question says', () => {
    const question = 'Starting from last week, my bot cannot answer calls and will run into error "Callee could not be reached". I did not change the server for more than half year. I checked my connections and bot configurations, but everything seems fine. Can you tell me what might be the problem and how to fix this?';
    expect(diagnose(question).search[0]!.entry.id).toBe('graph-10076-480-callee-could-not-be');
    expect(diagnose(question.replace(/"/g, '\u201c').replace('reached\u201c', 'reached\u201d')).search[0]!.entry.id).toBe('graph-10076-480-callee-could-not-be');
    // A quote that names no error finds nothing of its own.
    expect(diagnose('My bot stopped answering since last week, the log only says "see attached screenshot please". Any idea?').search).toEqual([]);
  });

  it('searched words found word for word in a documented phrase lead the search', () => {
    const d = diagnose('RuntimeApi trunk config not found');
    expect(d.search[0]!.entry.id).toBe('dr-510532-403-get-inbound-direct-routing');
  });

  it('a Graph calling paste leads with Graph\'s call end reasons', () => {
    const f = first('"resultInfo": { "code": 480, "subcode": 10076, "message": "Callee could not be reached." }');
    expect(f.entries[0]!.catalog).toBe('graph-call-end');
  });

  it("with nothing failing, how the call ended leads, not an action's plain success", () => {
    const events = JSON.stringify({
      TranscriptionStopped: { type: 'Microsoft.Communication.TranscriptionStopped', data: { resultInformation: { code: 200, subCode: 0, message: 'Action completed successfully.' } } },
      CallDisconnected: { type: 'Microsoft.Communication.CallDisconnected', data: { resultInformation: { code: 200, subCode: 7000, message: 'The conversation has ended. DiagCode: 0#7000.@' } } },
    });
    const d = diagnose(events);
    expect(d.findings.map((f) => `${f.msCode}/${f.sipCode}/${f.origin.side}`)).toEqual(['7000/200/none', '0/200/none']);
    expect(d.findings[0]!.entries[0]!.id).toBe('automation-7000-200-call-ended-by-azure');
    // A failure still leads whatever follows it.
    const failed = events.replace('"code":200,"subCode":0', '"code":400,"subCode":8535');
    expect(diagnose(failed).findings.map((f) => `${f.msCode}/${f.sipCode}`)).toEqual(['8535/400', '7000/200']);
  });

  it('540200 alone is 540200 / 487, as documented (not 200 by its last three digits)', () => {
    const f = first('Final Microsoft subcode 540200');
    expect(f).toMatchObject({ msCode: 540200, sipCode: 487, sipCodeImplied: true, match: 'pair' });
    expect(f.origin.side).toBe('none');
    // The 560 rule still holds where the entries agree.
    expect(first('560403')).toMatchObject({ sipCode: 403, sipCodeImplied: true });
  });
});

describe('who answered, in the word order of other languages', () => {
  const said = (text: string) => {
    const f = diagnose(text).findings[0]!;
    return `${f.sipCode} ${f.origin.side}/${f.origin.basis}`;
  };
  it('a Japanese sentence puts the answering verb after the code, spaced or not', () => {
    expect(said('SBC が 503 で応答しました。')).toBe('503 sbc/prose');
    expect(said('Microsoftが403を返します。')).toBe('403 microsoft/prose');
    expect(said('Teams から 404 が返ってきます')).toBe('404 microsoft/prose');
    expect(said('キャリアが 486 を返しているようです')).toBe('486 sbc/prose');
    // The subject, then its code quoted with a long phrase, then the verb.
    expect(said('たとえば、ダイレクト ルーティングが SBC に呼び出しを送信し、SBC が SIP コード "504 Server Time-out - サーバーが要求を処理しようとして別のサーバーにアクセスしようとし、プロンプト応答を受信しなかった" を返したとします。')).toBe('504 sbc/prose');
    // The code described first, who answered with it after.
    expect(said('"408 Request Timeout (408 要求タイムアウト)"、受信した招待に対して SBC が応答した場合を想定します。')).toBe('408 sbc/prose');
    // The code of a request sent to someone else is not the subject's answer.
    expect(said('SBCからTeamsにINVITEを送ると403が返ります')).toBe('403 unknown/inferred');
  });

  it('a Russian sentence: who answered, who it came from', () => {
    expect(said('Предположим, что SBC ответил на входящее приглашение с кодом "408 Request Timeout".')).toBe('408 sbc/prose');
    expect(said('Мы получаем 403 от Microsoft.')).toBe('403 microsoft/prose');
    expect(said('Провайдер отклоняет вызов с 486.')).toBe('486 sbc/prose');
    // Whoever received the code did not send it.
    expect(said('SBC отправляет INVITE и получает 403.')).not.toBe('403 sbc/prose');
  });

  it('a Chinese sentence: the party that receives the code did not send it (Direct Routing named in Chinese)', () => {
    expect(said('直接路由：當 SBC 收到含有Retry-After標頭的 503 郵件以回應 INVITE 時，SBC 必須終止該連線。')).toBe('503 microsoft/prose');
    expect(said('直接路由：當SBC收到含有Retry-After標頭的503郵件以回應INVITE時，SBC必須終止該連線。')).toBe('503 microsoft/prose');
    // The party, a verb of answering or sending in its clause, then the code.
    expect(said('假设 SBC 在传入邀请上回复了代码“408 请求超时”。')).toBe('408 sbc/prose');
    expect(said('例如，假設直接路由傳送呼叫給 SBC，而 SBC 會傳送 SIP 代碼"504 Server Time out"。')).toBe('504 sbc/prose');
    expect(said('微软返回 403。')).toBe('403 microsoft/prose');
    expect(said('假設 SBC 在傳入邀請上回複了代碼「408 要求超時」。')).toBe('408 sbc/prose');
  });

  it("Microsoft's SIP proxy rejects a Contact header with an IP address: in English and in translation", () => {
    const en = 'For Direct Routing, an incoming INVITE or OPTIONS to the SIP proxy with a Contact header where the host name is an IP address instead of an FQDN. The connection will be rejected with 403 Forbidden.';
    const ru = 'Как правило, для прямой маршрутизации важно, чтобы полное доменное имя использовалось для заполнения URI SIP вместо IP-адреса. Входящее сообщение INVITE или OPTIONS к прокси-серверу SIP с заголовком Contact, где имя узла представлено IP-адресом. Подключение будет отклонено с 403 Запрещено.';
    const ko = '직접 라우팅에 대한 엄지 손가락의 규칙으로, FQDN을 사용하여 IP 대신 SIP URI를 채우는 것이 중요합니다. 호스트 이름이 FQDN이 아닌 IP로 표시되는 연락처 헤더가 있는 SIP 프록시에 들어오는 초대 또는 옵션 메시지로, 403 사용할 수 없음으로 연결이 거부됩니다.';
    const de = 'Als Faustregel für Direct-Routing ist es wichtig, dass der FQDN zum Auffüllen von SIP-URI anstelle von IP verwendet wird. Eine eingehende EINLADUNG oder OPTIONS-Nachricht an SIP-Proxy mit Kontaktkopfzeile, wobei Hostname durch IP und nicht durch FQDN dargestellt wird, wird die Verbindung mit "403 Forbidden" verweigert.';
    for (const text of [en, ru, ko, de]) {
      const f = diagnose(text).findings[0]!;
      expect(f.origin.side).toBe('microsoft');
      expect(f.fixOn).toMatchObject({ party: 'sbc', rule: 'words-contact-ip-403' });
    }
    // Outside Direct Routing the words settle nothing.
    expect(said('Our PBX rejects the call with 403 when the Contact header holds an IP address.')).not.toBe('403 microsoft/prose');
  });

  it("a busy datacenter's 503 with Retry-After: Microsoft answered, the SBC must fail over", () => {
    for (const text of ['Direct Routing: when the SBC receives a 503 message with a Retry-After header in response to an INVITE, the SBC must terminate that connection and try the next available Microsoft datacenter.', '直接路由：當 SBC 收到含有Retry-After標頭的 503 郵件以回應 INVITE 時，SBC 必須終止該連線，並嘗試下一個可用的 Microsoft 資料中心。']) {
      const f = diagnose(text).findings[0]!;
      expect(f.origin.side).toBe('microsoft');
      expect(f.fixOn).toMatchObject({ party: 'sbc', rule: 'words-retry-after-503' });
    }
    // A carrier's 503 with Retry-After, outside Direct Routing, is not Microsoft's.
    expect(diagnose('Our carrier answers 503 with Retry-After: 30 during peaks.').findings[0]!.origin.side).not.toBe('microsoft');
  });

  it('a German clause puts the answering verb after the code: the subject before the code answered', () => {
    expect(said('Wenn das SBC mit 503 antwortet, ist der Trunk überlastet.')).toBe('503 sbc/prose');
    expect(said('Der Carrier lehnt den Anruf ab, worauf das Gateway mit "486 Busy Here" antwortet.')).toBe('486 sbc/prose');
    // A dative object is not the subject: Teams answered the SBC.
    expect(said('Wenn Teams dem SBC mit 404 antwortet, fehlt die Nummer.')).toBe('404 microsoft/prose');
    // Negated, or received: no one is named as the sender.
    expect(said('Das SBC hat nicht mit 408 geantwortet.')).toBe('408 unknown/inferred');
    expect(said('Wenn wir vom SBC 503 erhalten, antwortet Teams nicht.')).toBe('503 unknown/inferred');
  });
  it('German\'s separable "gibt ... zurück": the verb\'s stem before the code, its particle after it', () => {
    expect(said('Angenommen, der SBC gibt den SIP-Code "504-Servertimeout zurück".')).toBe('504 sbc/prose');
    // The particle alone says nothing of who sent the code.
    expect(said('Der SBC leitet den Anruf mit 486 zurück an die Warteschlange.')).toBe('486 unknown/inferred');
  });
  it('the subjunctive of "suppose the SBC returns", and a sentence naming the code twice is read at each place', () => {
    expect(said('Por exemplo, suponha que o SBC retorne o código SIP "504 tempo limite do servidor".')).toBe('504 sbc/prose');
    // A translated page's sentence run into its English original: the English one says who answered.
    expect(said('o SBC recebe o código "504 tempo limite".For example, the SBC returns SIP code \u201c504 Server Time-out\u201d.')).toBe('504 sbc/prose');
  });
  it("a code's plural is the code: who it came from still counts", () => {
    expect(said('This post creates an alternative routing reason to handle 404s from Teams.')).toBe('404 microsoft/prose');
  });
  it('Italian and Portuguese past participles of answering', () => {
    expect(said('Il gateway ha risposto con 486 Busy Here.')).toBe('486 sbc/prose');
    expect(said('O SBC tem respondido com 503 a todas as chamadas.')).toBe('503 sbc/prose');
  });
});

describe("ACS's subcode 0 is no subcode: its table's row for the code alone is the entry", () => {
  it('an ACS paste with 408 / 0 gets "Call controller timed out", not a Direct Routing row', () => {
    const f = first('After the second sign-in, callAgent.join stays in CallState.connecting; the call ends with callEndReason.code = 408, subcode = 0.');
    expect(f).toMatchObject({ msCode: 0, sipCode: 408, match: 'pair' });
    expect(f.entries[0]!.id).toBe('callend-x-408-call-controller-timed-out');
  });

  it('outside ACS, 0 / 408 stays the Direct Routing row that lists that pair', () => {
    expect(first('Teams Direct Routing: the SBC logs 0 / 408 for the call').entries[0]!.id).toBe('dr-0-408-establishment-timeout');
  });

  it('a pair an ACS table lists with 0 keeps its own row', () => {
    const f = first('ACS call ended: callEndReason code 0, subCode 0');
    expect(f.entries[0]!.catalog.startsWith('acs-')).toBe(true);
  });
});

describe('a code pasted alone in an ACS paste: the ACS row that lists the code alone is the entry', () => {
  const android = [
    'During ongoing call if network on Android device is disconnected, OnCallState change receives "NONE" event with 410.',
    '',
    '`com.azure.android:azure-communication-calling:1.2.0-beta.2`',
  ].join('\n');
  it("an Android Calling SDK issue's lone 410 is the call end table's 410 row, not a PSTN row with a subcode", () => {
    const f = first(android);
    expect(f).toMatchObject({ msCode: null, sipCode: 410, match: 'pair' });
    expect(f.entries.map((e) => e.id)).toEqual(['callend-x-410-local-media-stack-or']);
  });
  it('a Direct Routing paste with a lone 410 keeps its own rows', () => {
    expect(first('Teams Direct Routing: the SBC log shows 410 for the call').entries[0]!.catalog).toBe('teams-direct-routing');
  });
});

describe('"the proxy" in words is Microsoft\'s SIP proxy only in a Teams paste', () => {
  it('a Kamailio setup: the proxy answering 404 says nothing about Microsoft', () => {
    expect(first('UA -> KAMAILIO PROXY -> REGISTRAR: the proxy answers 404 on the first REGISTER').origin.side).toBe('unknown');
  });

  it('in Direct Routing, the proxy answering is Microsoft', () => {
    expect(first('Direct Routing: the proxy answers 404 on every INVITE from our SBC').origin).toMatchObject({ side: 'microsoft', basis: 'prose' });
  });
});
