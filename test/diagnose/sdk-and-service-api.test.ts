// The ACS Calling SDK's messages read by their words (src/diagnose/sdk-message.ts), the SDK's table
// chosen by an SDK paste's words (rank.ts), and an HTTP status a Microsoft service API answered
// quoted without its URL (words.ts). The examples are written for these tests, in the shapes people
// paste (consoles, exceptions, questions, code comments) on several platforms; each rule is shown
// applying and not applying.
import { describe, expect, it } from 'vitest';
import { detectAcsCallingSdk, detectContext } from '../../src/diagnose/context';
import { diagnose } from '../../src/diagnose/index';
import { sdkMessageWithCode, sdkMessageWithoutCode, stem } from '../../src/diagnose/sdk-message';
import { serviceApiAnswers } from '../../src/diagnose/words';
import { defaultKb } from '../../src/kb/load';
import { first } from '../helpers/findings';

const kb = defaultKb();
const searched = (text: string) => diagnose(text).search.map((h) => h.entry.id);

const CALLAGENT_EXISTS = 'sdk-40228-409-failed-to-create-callagent';
const TEAMS_CALLAGENT_EXISTS = 'sdk-40230-409-failed-to-create-teamscallagent';

describe('a Calling SDK paste', () => {
  it('is told by the SDK\'s objects and package, not by a Teams paste', () => {
    expect(detectAcsCallingSdk('const agent = await callClient.createCallAgent(tokenCredential);', 'acs')).toBe(true);
    expect(detectAcsCallingSdk('const dm = await callClient.getDeviceManager();', 'unknown')).toBe(true);
    expect(detectAcsCallingSdk('import { CallClient } from "@azure/communication-calling";', 'unknown')).toBe(true);
    expect(detectAcsCallingSdk('Final SIP code 500, Final Microsoft subcode 560500, CallAgent', 'teams')).toBe(false);
    expect(detectAcsCallingSdk('The call center agent could not take the call: 500', 'unknown')).toBe(false);
  });

  it('stems alike what the SDK and its table write differently', () => {
    expect(stem('instances')).toBe(stem('instance'));
    expect(stem('created')).toBe(stem('create'));
    expect(stem('creating')).toBe(stem('create'));
    expect(stem('creation')).toBe(stem('create'));
    expect(stem('exists')).toBe(stem('existing'));
    expect(stem('process')).toBe('process');
  });
});

describe('a Calling SDK message with no code finds its entry', () => {
  it('another wording of "an instance of CallAgent associated with this identity already exists", on several platforms', () => {
    expect(searched('E/Calling: java.lang.IllegalStateException: callAgent already exists for this user identity')[0]).toBe(CALLAGENT_EXISTS);
    expect(searched('Uncaught (in promise) CallError: CallClient.createCallAgent: Failed to create the call agent: an agent associated with this identity is already running')[0]).toBe(CALLAGENT_EXISTS);
    expect(searched('Exception thrown at Azure.Communication.Calling.WindowsClient: Multiple Call Agent instances for one identity aren\'t supported.')[0]).toBe(CALLAGENT_EXISTS);
  });

  it('inside a console stack, which is too long for the word search', () => {
    const text = [
      'main.js:1204 Uncaught (in promise) Error: CallClient.createCallAgent: a CallAgent instance already exists',
      '    at Ne (sdk.bundle.js:2:10455)',
      '    at async initCalling (main.js:88:21)',
      '    at async HTMLButtonElement.<anonymous> (main.js:140:5)',
      '    at Generator.next (<anonymous>)',
      '    at r (vendor.js:1:2231)',
      '    at o (vendor.js:1:2410)',
    ].join('\n');
    expect(diagnose(text).findings).toEqual([]);
    expect(searched(text)[0]).toBe(CALLAGENT_EXISTS);
    // Who must act comes with the entry: ExpectedError, dispose the existing CallAgent.
    expect(kb.byEntryId(CALLAGENT_EXISTS)!.fixOn.party).toBe('client');
  });

  it('the object named decides between CallAgent and TeamsCallAgent', () => {
    expect(searched('teamsCallAgent: a TeamsCallAgent instance already exists for this identity')[0]).toBe(TEAMS_CALLAGENT_EXISTS);
  });

  it('not what the user was doing, without what went wrong', () => {
    expect(sdkMessageWithoutCode(kb, 'How do I create a CallAgent with a Teams identity?')).toBeUndefined();
    expect(sdkMessageWithoutCode(kb, 'I dispose the CallAgent and then create a new one for the next user')).toBeUndefined();
  });

  it('not in a paste that is no Calling SDK paste', () => {
    expect(searched('our contact center: a call agent instance already exists for that identity, the queue says')).not.toContain(CALLAGENT_EXISTS);
  });
});

describe('a code without its subcode and the SDK\'s message: the SDK\'s entry', () => {
  it('"500 - Failed to create CallAgent" is 40216, the one CallAgent row with 500: the client', () => {
    for (const text of [
      'createCallAgent keeps throwing 500 - Failed to create CallAgent. on Chrome 120, Edge works',
      'CallError: CallClient.createCallAgent: Failed to create CallAgent (code 500)',
    ]) {
      const f = first(text);
      expect(f.sipCode, text).toBe(500);
      expect(f.msCode, text).toBeNull();
      expect(f.entries[0]!.id, text).toBe('sdk-40216-500-failed-to-create-callagent');
      expect(f.origin, text).toMatchObject({ side: 'client', basis: 'entry' });
      expect(f.fixOn.party, text).toBe('client');
      expect(f.notes.join(' '), text).toContain('without its subcode');
    }
  });

  it('a condition named in its words picks among the code\'s rows', () => {
    const f = first('callAgent creation fails with 409: an instance of CallAgent associated with this identity already exists');
    expect(f.entries[0]!.id).toBe(CALLAGENT_EXISTS);
    expect(f.origin.side).toBe('client');
    const video = first('localVideoStream: 400 Failed to start video, video is already started');
    expect(video.entries[0]!.id).toBe('sdk-41027-400-failed-to-start-video');
  });

  it('an SDK paste whose words are no SDK message: the SDK\'s table first, nothing decided by it', () => {
    const f = first('callAgent.startCall() returned 500 Internal Server Error after the upgrade');
    expect(f.entries[0]!.catalog).toBe('acs-calling-sdk');
    expect(f.origin.basis).not.toBe('entry');
    expect(sdkMessageWithCode(kb, kb.withSipCode(500), 'callAgent.startCall() returned 500 Internal Server Error')).toBeUndefined();
  });

  it('not an ACS PSTN paste', () => {
    const f = first('ACS PSTN outbound call failed with 500 internal server error');
    expect(f.entries[0]!.catalog).not.toBe('acs-calling-sdk');
  });
});

describe('an HTTP status a Microsoft service API answered, quoted without its URL', () => {
  it('Call Automation, ACS identity, Graph: Microsoft\'s service answered', () => {
    for (const text of [
      'await callAutomationClient.CreateCallAsync(options); // throws RequestFailedException: Status: 401 (Unauthorized)',
      'com.azure.core.exception.HttpResponseException: Status code 403, "{"error":{"code":"Forbidden"}}" when calling answerCall with a CommunicationUserIdentifier',
      'var user = await graphServiceClient.Communications.Calls["abc"].GetAsync(); // ODataError: 404 Not Found',
    ]) {
      const f = first(text);
      expect(f.origin, text).toMatchObject({ side: 'microsoft', basis: 'prose' });
      expect(f.fixOn.rule, text).toBe('words-microsoft-service-api-answered');
    }
  });

  it('a code written as an HTTP status only: its reason phrase after it, or a status label before it', () => {
    const lines = ['CallConnection failed: 403 Forbidden', 'retried after 429 ms', 'Status=503', '404'];
    expect([...serviceApiAnswers(lines.join('\n'), lines).keys()]).toEqual([403, 503]);
  });

  it('not a Calling SDK client paste (its codes are the SDK\'s, read with their subcodes)', () => {
    const f = first('callAgent.startCall([{ phoneNumber: "+15550100" }], { alternateCallerId: new PhoneNumberIdentifier("+15550199") }) ends with 403 Forbidden');
    expect(f.fixOn.rule).not.toBe('words-microsoft-service-api-answered');
  });

  it('not a paste with no service API in it', () => {
    expect(serviceApiAnswers('Our SBC log shows 403 Forbidden on the INVITE', ['Our SBC log shows 403 Forbidden on the INVITE']).size).toBe(0);
    expect(first('Our SBC log shows 403 Forbidden on every outbound INVITE').fixOn.rule).not.toBe('words-microsoft-service-api-answered');
  });

  it('an ACS identifier type makes it an ACS paste', () => {
    expect(detectContext('Target = new CommunicationUserIdentifier(userId); fails with 403')).toBe('acs');
  });
});
