// More forms people paste, one rule per block, each from varied examples of its format and with
// what must not become a code: tables whose header names SIP (`| SIP Code | SIP Reason |`), web
// tables copied with their cells run together, call-flow diagrams, codes listed in prose, ACS
// tables with code 0, and the log noise of syslog tags, byte counts and port ranges.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index';

/** The codes of the findings, in order: "ms/sip" with "-" for none. */
const codes = (text: string) => diagnose(text).findings.map((f) => `${f.msCode ?? '-'}/${f.sipCode ?? '-'}`);
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
