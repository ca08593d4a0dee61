// A paste reaches SIP Doc in forms its author never chose: Windows line ends, the no-break spaces
// of a web page, the "> " of a quoted reply, a code fence round a question, the curly quotes a
// forum makes of typed ones. Over every case of the
// corpus, each such form gets the answer the paste as published gets.
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../scripts/accuracy';
import { answerOf } from '../../scripts/paste-forms';
import { diagnose } from '../../src/diagnose';
import { uncollapse } from '../../src/diagnose/uncollapse';

/** A case as LF lines: a few were published with CRLF already. */
const lf = (t: string) => t.replace(/\r\n?/g, '\n');

const FORMS: ReadonlyArray<[string, (text: string) => string]> = [
  ['with CRLF line ends', (t) => lf(t).replace(/\n/g, '\r\n')],
  ['with no-break spaces', (t) => t.replace(/ /g, '\u00a0')],
  ['quoted in a reply ("> ")', (t) => lf(t).replace(/^/gm, '> ')],
  ['in a code fence', (t) => (t.includes('```') ? t : `\`\`\`\n${t.trim()}\n\`\`\``)],
  ["with a forum's curly quotes", (t) => t.replace(/"([^"\n]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019')],
];

const cases = loadCorpus();

describe('a paste in another form gets the same answer', () => {
  it.each(FORMS)('every case %s', (_form, transform) => {
    const differ = cases.filter((c) => answerOf(diagnose(transform(c.text))) !== answerOf(diagnose(c.text)));
    expect(differ.map((c) => c.id)).toEqual([]);
  });
});

/** The codes of a diagnosis, as `ms/sip`. */
const codes = (text: string) => diagnose(text).findings.map((f) => `${f.msCode}/${f.sipCode}`);

describe('the invisible differences of a paste are read through', () => {
  it('full-width digits and punctuation from a Japanese or Chinese IME are the digits they show', () => {
    expect(codes('ＳＩＰ ４０３：Ｆｏｒｂｉｄｄｅｎ、サブコード ５１０５５９')).toEqual(['510559/403']);
  });

  it("a web page's no-break spaces and a console's CRLF line ends change nothing", () => {
    expect(codes('SIP/2.0\u00a0403\u00a0Forbidden\r\nReason: Q.850;cause=21\r\n')).toEqual(codes('SIP/2.0 403 Forbidden\nReason: Q.850;cause=21\n'));
    expect(diagnose('403\u00a0510559\r\n').input.chars).toBe(12);
  });

  it("a forum's curly quotes are the quotes their author typed", () => {
    expect(codes('the phone sends a \u2018603 Decline\u2019 message to the PBX\nand the trunk keeps calling\n' + 'It does not stop.\n'.repeat(8))).toEqual(['null/603']);
    expect(codes('{\u201ccode\u201d: 403, \u201csubCode\u201d: 510559}')).toEqual(['510559/403']);
  });

  it('the quote marks of a reply, nested or not, are no part of the paste', () => {
    expect(codes('> we get 403 510559 on every call\n> > since Monday')).toEqual(['510559/403']);
  });

  it('a question pasted in a code fence is still a question', () => {
    expect(codes('```\nwhy do users get 480 with 10037?\n```')).toEqual(['10037/480']);
  });

  it('blank lines round a greeting and a "Thanks" do not make a question a log', () => {
    const asked = 'Hi all,\n\nwhy do users get 480 with 10037?\n\nWe checked the voice routing policy.\n\nThanks';
    expect(codes(asked)).toEqual(['10037/480']);
  });

  it("an issue template's sections are measured whole: its lone numbers are no question about codes", () => {
    const template = ['call.place(to: id, from: userId);', '', '### Issue Summary', '', 'when i make a call i get error code 31603 call decline', '', '### Steps to Reproduce', '', '1.', '', 'Any other relevant information.'].join('\n');
    expect(codes(template)).toEqual([]);
  });

  it('a long log record is no question with a greeting before it or a question after it: its CSeq and thread ids are no codes', () => {
    const record = 'INFO | 20220211-122858.097 | repro | REPRO:APP | 140695501850368 | RequestContext.cxx:717 | numtrans=1 final=0 req=SipReq:  INVITE 5901@192.168.50.169:25060 tid=Pj2e22 cseq=12401 INVITE contact=5908@192.168.50.168:35090 / 12401 from(wire)    : no targets for sip:5901@192.168.50.169:25060 send 480';
    expect(codes(record)).toEqual(['null/480']);
    expect(codes(`Hi all, we see this since Monday:\n\n${record}`)).toEqual(['null/480']);
    expect(codes(`${record}\n\nAny idea? Thanks.`)).toEqual(['null/480']);
  });

  it("a documented phrase inside a greeting and a thank-you is found by its sentence", () => {
    const { search } = diagnose('Hello team!\nOur calls fail with No viable path.\nAny idea?');
    expect(search[0]?.entry.msCode).toBe(510559);
  });
});

describe('a log collapsed onto one line is read as the lines it had', () => {
  // BelledonneCommunications/linphone-iphone#652: a logcat of the 603 FreePBX sent (test/corpus/cases).
  const logcat = loadCorpus().find((c) => c.id === 'github-linphone-iphone-652-logcat-603-decline-fpbx')!.text;

  it('each time stamp starts a record again, and the answer is the multi-line one', () => {
    const collapsed = logcat.replace(/\n/g, ' ');
    expect(collapsed).not.toContain('\n');
    const d = diagnose(collapsed);
    expect(answerOf(d)).toEqual(answerOf(diagnose(logcat)));
    expect(d.findings[0]).toMatchObject({ sipCode: 603, firstLine: 1 });
  });

  it("FreeSWITCH's records start with the call's UUID before the time stamp: the UUID stays with its record", () => {
    // A FreeSWITCH debug log from an ASTPP forum thread (test/corpus/cases).
    const log = loadCorpus().find((c) => c.id === 'sbc-log-freeswitch-astpp-terminated-503-temporary-failure')!.text;
    const restored = uncollapse(log.replace(/\n/g, ' '))!;
    expect(restored.split('\n').map((l) => l.slice(0, 8))).toEqual(['6627a988', '6627a988', '6627a988']);
    expect(codes(log.replace(/\n/g, ' '))).toEqual(codes(log));
    expect(codes(log)).toEqual(['null/503']);
  });

  it("a log without time stamps splits at each record's process and level (OpenSIPS's [pid] DBG:, Kamailio's N(pid) ERROR:)", () => {
    const kamailio = ['From pcscf log, i found the cause:', '', '85(1916510) ERROR: <script>: request sent to sip:460091328205001@172.10.0.13:32468 completed with code: 408, Type 2', '85(1916510) DEBUG: htable [ht_var.c:89]: pv_set_ht_cell(): set value for $sht(natpingfail=>sip:172.10.0.13:32468;transport=tcp)', '85(1916510) ERROR: <script>:   request sent to sip:460091328205001@172.10.0.13:32468: Fail Counter is 1'].join('\n');
    expect(uncollapse(kamailio.replace(/\n/g, ' '))!.split('\n').filter((l) => l.startsWith('85(')).length).toBe(3);
    expect(codes(kamailio.replace(/\n/g, ' '))).toEqual(codes(kamailio));
    expect(codes(kamailio)).toEqual(['null/408']);
    const opensips = loadCorpus().find((c) => c.id === 'github-altanai-opensipsexamples-tm-408-register')!.text;
    expect(codes(opensips.replace(/\n/g, ' '))).toEqual(codes(opensips));
  });

  it("Go's log stamps (\"2025/06/25 13:04:53 INFO ...\") start records too", () => {
    const log = loadCorpus().find((c) => c.id === 'j-diago-go-register-401-no-www-authenticate')!.text;
    expect(codes(log)).toEqual(['null/401']);
    expect(codes(log.replace(/\n/g, ' '))).toEqual(codes(log));
  });

  it('a table row or a header with a date in it is not cut', () => {
    const stamp = (m: number) => `2024-05-01 10:0${m}:00`;
    const row = `| ${stamp(0)} | 403 | 510559 | ${stamp(1)} | ${stamp(2)} | ${'x'.repeat(200)} |`;
    expect(codes(row)).toEqual(['510559/403']);
    expect(uncollapse(row)).toBeUndefined();
    const header = `Date: ${stamp(0)} ${'x'.repeat(200)} Expires: ${stamp(1)} Last-Modified: ${stamp(2)}`;
    expect(uncollapse(header)).toBeUndefined();
  });
});

describe('a JSON document after a few lines of words is read as JSON', () => {
  const event = JSON.stringify({ ResultInformation: { Code: 500, SubCode: 560503, Message: 'Unexpected server error', SipDetails: { Code: 486, Message: 'Busy Here' } } }, null, 2);

  it("its nested objects keep their meaning: SipDetails is the SBC's detail, not a second failure", () => {
    expect(codes(event)).toEqual(['560503/500']);
    expect(codes(`This is the event we get since Monday:\n${event}\nAny idea?`)).toEqual(['560503/500']);
  });

  it('the words before it are still read', () => {
    expect(codes(`We also see 403 510559 on outbound calls, and this:\n${event}`)).toEqual(['510559/403', '560503/500']);
  });

  it('NDJSON lines and a document that does not parse are left to the line readers', () => {
    expect(codes('log:\n{"code": 403, "subCode": 510559}\n{"code": 500, "subCode": 560503}')).toEqual(['510559/403', '560503/500']);
    expect(codes('intro\n{\n "code": 403,\n "subCode": 510559,\n cut here')).toEqual(['510559/403']);
  });
});
