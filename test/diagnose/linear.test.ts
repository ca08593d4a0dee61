// Every reader stays linear: inputs built from runs of each character class and of each keyword a
// pattern starts with, at 10 KB and 100 KB; ten times the input may cost at most ~20 times the
// time. Each size is timed several times and the fastest run counts (a loaded machine slows runs
// down, it does not speed them up), and a failing ratio is measured again before it fails.
import { describe, expect, it } from 'vitest';
import { DOCUMENT_READERS, LINE_READERS, extractMentions } from '../../src/diagnose/extract';
import { diagnose } from '../../src/diagnose/index';
import type { Lines, Sink } from '../../src/diagnose/read/types';
import { defaultKb } from '../../src/kb/load';
import { messageText } from '../../src/teams/text';

const kb = defaultKb();
const options = { isKnownMsCode: (c: number) => kb.hasMsCode(c), isKnownPair: (m: number, s: number) => kb.withPair(m, s).length > 0 };

const KB10 = 10 * 1024;
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Character classes: digits, letters, blanks, the punctuation the patterns use, wide characters. */
const CLASSES = ['0', '7', 'a', 'Z', ' ', '\t', ':', ';', '=', ',', '.', '-', '/', '|', '#', '@', '+', '"', "'", '`', '<', '>', '[', ']', '(', ')', '{', '}', '*', '\u201c', '\u00e9', '\u{1F600}'];

/** What the readers' patterns start with (and the framing lines of the trace formats). */
const KEYWORDS = [
  // bare numbers and pairs
  '403 ', '510559 ', '403 510559 ', '403 with ', '410 appears with 531000, ', '| 401 | 44110 ', '+1', 'x-ms-', 'sip:', 'tel:', '0x', 'cseq=', 'port ',
  // log noise
  '(N  ', '[S=', '[SID=', '[Time:', '339 09202018 165651.570846:', '123 bytes ', '<133>',
  // key=value
  'code', 'code: ', 'subCode: ', '"code": ', '_subCode:', 'CallEndReason=', 'Final SIP Code \u201c', 'cause=', 'q.850 ', 'message: "', 'phrase="',
  // DiagCode
  '480#', 'DiagCode: ', 'DiagCode: 480#',
  // prose
  'the SBC returns ', 'SBC ', 'Teams sends back ', 'we get 403 from ', 'get ',
  // SIP traces and their framing
  'SIP/2.0 ', 'SIP/2.0 486 ', 'INVITE sip:', 'BYE sip:a@b SIP/2.0 ', 'Via: SIP/2.0/TLS ', 'Call-ID: ', 'CSeq: 1 INVITE ', 'Server: ', 'Reason: ', 'Reason header: ', 'Q.850;cause=17;text="',
  '#012', '---- Incoming SIP Message from ', '<--- Received SIP response (', 'recv 1 bytes from tls/[', 'RX 1 bytes Request msg ', 'Received:', 'Sent:', 'On [1:0]',
  'sent msg for CallId:', 'Sent out tm request:', 'received [1] new bytes from [', 'message sent to [', 'Src: ', ' -> ', 'a:1 -> ', 'v=0 ', 'a=rtpmap:',
  '1\t0.1\ta\tb\tSIP\t5\t', '0.1 a -> b SIP ', 'Status: 403 ', 'Request: INVITE sip:', ' \u2192 ', '\\u0022code\\u0022:', '"body": "{\\"code\\":1}"', '"Body" : "{\\"code\\":\\"1', '401 ( CSeq: 1 REGISTER ) <-', '(CSeq: 1 A)', '回复401', 'reason=488 (Not Acceptable Here) ', '(486 / Busy here) ', 'code=1007(SocketRead)', 'status：400', '最終 SIP 代碼 「487」', 'Microsoft 子代碼 「', '[code=1] Unknown error 1 ', 'HTTP/1.1 403 Forbidden\n', '(PJSIP_EUNSUPTRANSPORT) ', 'Warning: 399 ', 'sip:00493', 'SBC が SIP コード "504 ', 'SBC 在传入邀请上回复了代码“408',
  // CDRs
  '|CALL_END |', '[S=1] |CALL_END |SBC |', '|SBCReportType |', '|',
  // JSON and CSV
  '{', '[', '{"code":', '"', 'Final SIP code,Final Microsoft subcode,Final SIP Phrase\n', '403,510559,"',
  // SIP codes in words, tables by their header, translated keys, noise, fenced JSON, wrapped headers
  '403 Forbidden ', '488 \u2013 not acceptable here ', '401 (Unauthorized) | 44110 ', 'SIP error ', 'SIP Status: 403 (', 'error 503 ', 'returns a 403 ', 'getting 503s ',
  'a 404 / 26 response ', 'CALL_TIMEOUT = 408\n', 'NETWORK_ERROR_', 'Cause: 488 sip ', 'code === 410 && subCode === ', '| code | 401 |\n',
  '| Subcode | Code | Message |\n|---|---|---|\n', '| 7 | 496 | ', 'Code de r\u00e9ponse Microsoft : ', 'C\u00f3digo de resposta SIP: ', 'Microsoft 応答コードが ', 'サブコード "',
  // source code, PowerShell tables, FreeSWITCH states, replies, two-way arrows
  'switch (e.callEndReason.subCode) {\n', '    case 10037:\n', 'case 1:', 'result.code result.phrase\n', '---- ', '-- ', 'entering state [terminated][', '][487]',
  'Reply from a: ', 'response (', '480(Not ', '<---> ', 'PCMU/8000 ', '160 samples ', 'poort ', 'DiagCode: 7112 ', 'NO_ANSWER | 19 | 480 | ', '| 400, 414, 416 | ', 'rejects the in-dialog invite with ', '[480](https://', 'translate it into a ', 'Ursache: (', 'INFO | ', 'Code: [', 'response [', '[503] reason [', 'https://a/', 'uid/pid ', '"resultInformation": {', 'Error 400 code ', 'rs=', '\\"code\\": ', '1\t0.1\ta\tb\tSIP\t', '04-09 09:04:56.358: ', 'failing call with ', 'failure (500: ', ';\nstatus=513 ', '400 | Bad Request ', '480 Temporarily\n', 'Code:->', ' -PickupRangeStart ', '500 à ', '| or 487 on ', 'call failure  ', '404s from ', '410 = « MediaConnectivityErrors »', '480 = « ', '**Пример:** ', 'has errors ', 'give 500。', '[a 500 b.zip](', 'T_code=0, ', 'this link, I get a "404 ', '| Código | Subcódigo | Motivo da terminação |\n', '"code": "90018",\n      "title": ', '"errors":[{"code":"1","title":"',  '| 代码 | 子代码 | 终止原因 |\n', '| Код | Sub-code | Причина прекращения |\n', 'CallEndReason: 487/', '0/540000 ', 'Unknown error403 f', 'we get 503 from sip2.pstnhub.microsoft.com', 'a.b.c.', '52.114.14.70:5061 ', '480 Temporalmente no disponible\n', 'call BUSY (', 'SIP `486` or `', 'Microsoft 365 ', '407\nProxy authentication\n',
  '\u00ab ', 'starts with 560 ', 'range of 400 to ', '180 calls ', '0x484 ', 'MEDIA_END |', '```json\n{"code": 403,\n', '```\n', 'FROM:\n', 'VIA: SIP/2.0/TLS\n',
  // quoted replies, other scripts' spaces and digits, collapsed logs and packet lists
  '> ', '> > 403 ', '\u00a0', '\u3000', '\uff14\uff10\uff13 ', 'Dec  2 10:45:50 ', '2024-05-01 10:45:50.123 ', '[10:45:50 ', '10:45:50.123 ',
  '    1 0.000000 a \u2192 b SIP/SDP 1 Request: INVITE sip:x ', '2 0.1 a b SIP 3 Status: 503 x ',
  // a JSON document after words
  'the event:\n{\n', '[{\n', '{\n  "ResultInformation": {\n',
  // SIPp scenarios, class headings, sketches, picked values
  '<recv response="422"/>\n', '<recv a="b" response="4', '    ]]>\n', '5xx = ', '<-407 Auth ', 'select 503 Service Unavailable from the ', '报错:408 ', 'I (365063) SIP: [1970-01-01/00:06:02]', '| Code | Meaning |\n',
  // one object's fields a line, sketched ladders, Apple SDK errors
  'code:"7505"\n', 'requestId:"b"\n', 'INVITE ->\n', '480 <-\n', '<--- 486 Busy Here\n', 'Error Domain=a.b Code=31000 "a 31000" ',
  // forum typography, packet lengths, Kamailio's process prefix, Diameter
  '\u2018603 Decline\u2019 ', '\u201ccode\u201d: ', '<\u2014 Received SIP response (1 bytes) from UDP:a \u2014>\n', 'SIP 573 Status: ', '1(2) ERROR: ', 'DIAMETER_ERROR_USER_UNKNOWN: 5001 ',
  // WebSocket handshakes, sign-in pages, quoted arguments
  'Unexpected server response: 401 ', 'Unexpected response code: 403 ', 'Error Code: 50196\nRequest Id: ', 'AADSTS', 'f("1", "2", ', ' [22867] DBG:', ' 1(2) ERROR:', 'cause: 1(',
  'Twilio 32113 ', 'cbID 1 ', 'closure codes\n| 4002 |', 'subcode 0/5003: ', 'code 0   subCode 1', '"status": 486, ', 'sip status 491: 491, status=500', 'with the 480 Unavailable', 'because of the 503 (', '401 authentication challenge ', '403 or 402 errors ', '**403** or **', '"callControllerSubCode":1,', 'CallControllerCode\n---- ', 'width="642" ', 'value of 300 ', 'b发送给了c 477。', 'CallEndReasonSubCode: 1 ', '"StatusCode": "404", "Body": "{\\"error\\":{\\"code\\":\\"8522\\"}}" ',
  'registration failed:403 ', 'Failed: 403 Succeeded: 5', '400 customers ', 'replied to by the CUBE with a 504 ', 'das 401 der ', 'ein 481 zurück ', '400错误', '„Busy Here“ ',
  // lists and table rows of codes, ladders in words, response words, pjlib statuses
  '**403** of **402** ', '403或', '487\u2014Request Terminated\n', '503\n', 'Response 403 ', 'REGISTER \u2192 `401` \u2192 ', '380 または 400~699 の SIP エラー応答 ', 'SIP 応答 608 ',
  'Code | Reason |\n---|---|\n', '17, 600, 486 | ', 'Connection refused [code=120061] ', 'Gegenstelle meldet Ursache 500 ', '`7504 Insufficient enterprise tenant permissions` ', 'ORIGINATOR_CANCEL 487) ', '486 vs 408 ', '回應碼403 ', 'times out (408) ', '401 unauthorised ', 'Wireshark shows a 486 ', 'keep seeing 480s ', 'Der SBC liefert 503 zurück ', 'renvoie 486 à ', 'sehe ich ', '503 が返って ', '486을 반환 ', '통화 시 503 오류 ',
];

interface Input {
  label: string;
  /** The text at a size. */
  make: (size: number) => string;
}

/** Runs of each character class and of each keyword. */
const RUNS: Input[] = [...CLASSES, ...KEYWORDS].map((u) => ({ label: `run of ${JSON.stringify(u)}`, make: (size) => fill(u, size) }));
/** A keyword, a run of a blank class, the keyword again and a code (the shape of the PAIR_GAP blowup). */
const GAPS: Input[] = KEYWORDS.flatMap((k) =>
  [' ', '\t', 'a', '0'].map((c) => ({ label: `${JSON.stringify(k)}, a run of ${JSON.stringify(c)}, ${JSON.stringify(k)} 403`, make: (size: number) => `${k}${fill(c, Math.max(0, size - 2 * k.length - 4))}${k} 403` })),
);

/** The fastest of `n` timings of `run`, in ms. */
function fastest(run: () => void, n: number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Below this a large run is too short to judge growth by (timer noise, a GC pause). */
const FLOOR_MS = 3;
// A quadratic cost gives ~100; linear runs measure 6 to 16 here (the small run stays in cache), so 20 keeps the margin on a loaded machine.
const MAX_RATIO = 20;

/**
 * 100 KB costs at most MAX_RATIO times 10 KB. The 10 KB time is that of ten runs in a row divided
 * by ten (one short run alone is below the timer's and the collector's noise). A ratio over the
 * limit is measured again, up to three times, before it fails.
 */
function expectLinear(label: string, make: (size: number) => () => void) {
  const small = make(KB10);
  const large = make(10 * KB10);
  small();
  // A large run this fast cannot hide a quadratic cost worth measuring.
  if (fastest(large, 2) < FLOOR_MS) return;
  let ratio = Infinity;
  let t10 = 0;
  let t100 = 0;
  for (let attempt = 0; attempt < 3 && ratio > MAX_RATIO; attempt++) {
    t10 = fastest(() => {
      for (let i = 0; i < 10; i++) small();
    }, 3) / 10;
    t100 = fastest(large, 3);
    ratio = t100 < FLOOR_MS ? 0 : t100 / t10;
  }
  expect(ratio, `${label}: 10 KB ${t10.toFixed(3)} ms, 100 KB ${t100.toFixed(2)} ms`).toBeLessThanOrEqual(MAX_RATIO);
}

const sinkOf = (): Sink => ({ mentions: [], calls: [], said: [], traced: false });
const linesOf = (text: string): Lines => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return { text, starts, count: starts.length };
};

describe('each line reader is linear on one long line', () => {
  for (const kind of LINE_READERS) {
    it(kind.name, () => {
      for (const { label, make } of [...RUNS, ...GAPS]) {
        expectLinear(`${kind.name}: ${label}`, (size) => {
          const line = make(size);
          return () => {
            const reader = kind.create(sinkOf(), options);
            if (reader.test(line)) reader.read(line, { line: 1, offset: 0, excerpt: '', query: false, previousTail: '', lineAfter: () => undefined, lineBefore: () => undefined, numberedLines: 0 });
            reader.finish?.();
          };
        });
      }
    }, 600_000);
  }
});

describe('each document reader is linear', () => {
  for (const reader of DOCUMENT_READERS) {
    it(reader.name, () => {
      for (const { label, make } of [...RUNS, ...GAPS]) {
        expectLinear(`${reader.name}: ${label}`, (size) => {
          const text = make(size);
          const lines = linesOf(text);
          return () => {
            if (reader.test(text)) reader.read(text, lines);
          };
        });
      }
    }, 600_000);
  }
});

describe('the whole reading is linear (one line and many lines)', () => {
  it('extractMentions on one line, diagnose on one unit per line', () => {
    for (const [i, { label, make }] of RUNS.entries()) {
      expectLinear(`extractMentions: ${label}`, (size) => {
        const text = make(size);
        return () => extractMentions(text, options);
      });
      const unit = [...CLASSES, ...KEYWORDS][i]!;
      expectLinear(`diagnose, one unit per line: ${label}`, (size) => {
        const text = fill(`${unit}\n`, size);
        return () => diagnose(text, kb);
      });
    }
  }, 900_000);

  // The reproductions of issue 8 item 3: each was quadratic.
  it.each([
    ['"12345", a run of tabs, "x 403"', (n: number) => `12345${'\t'.repeat(n)}x 403`],
    ['"x-ms-" repeated, then " 12345"', (n: number) => `${'x-ms-'.repeat(n / 5)} 12345`],
  ])('%s', (label, make) => {
    expectLinear(label, (size) => {
      const text = make(size);
      return () => diagnose(text, kb);
    });
  });
});

describe('Teams message text is linear (mentions)', () => {
  const activity = (html: string, mention = '<at>SIP Doc</at>') =>
    ({
      text: 'x',
      attachments: [{ contentType: 'text/html', content: html }],
      recipient: { id: 'b', name: 'SIP Doc' },
      entities: [{ type: 'mention', mentioned: { id: 'b', name: 'SIP Doc' }, text: mention }],
    }) as never;
  it.each([
    ['a mention whose text is "<at" repeated', (n: number) => activity('<p>hi</p>', '<at'.repeat(n / 3))],
    ['a mention whose text is "<at>" repeated', (n: number) => activity('<p>hi</p>', '<at>'.repeat(n / 4))],
    ['HTML of "<at " repeated and one ">"', (n: number) => activity(`${'<at '.repeat(n / 4)}>`)],
    ['HTML of "<at>" repeated', (n: number) => activity('<at>'.repeat(n / 4))],
    ['HTML of Mention spans with blanks', (n: number) => activity(`<span itemtype="http://schema.skype.com/Mention">${' '.repeat(n)}`)],
    ['HTML of Mention spans repeated', (n: number) => activity(`<span itemtype="http://schema.skype.com/Mention"> `.repeat(n / 50))],
  ])('%s', (label, make) => {
    expectLinear(label, (size) => {
      const a = make(size);
      return () => messageText(a);
    });
  });
});
