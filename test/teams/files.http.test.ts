// Files sent to the bot, over real HTTP: recorded Teams file-attachment activities (personal chat,
// channel, iOS sharing link, inline image) posted to the real server, which downloads from a local
// HTTPS server standing in for SharePoint.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onServer, startDownloadServer, type DownloadServer } from '../helpers/download-server';
import { cardActions, cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from '../helpers/server';

const PASTES = path.join(__dirname, '..', 'fixtures', 'pastes');
const CAP = 256 * 1024;

let files: DownloadServer;
let bot: TestServer;
const served = new Map<string, { type: string; body: Buffer | string }>();

beforeAll(async () => {
  files = await startDownloadServer();
  const serve = (pathname: string, type: string, body: Buffer | string) => served.set(pathname, { type, body });
  for (const p of ['/personal/adele_contoso_com/_layouts/15/download.aspx', '/file']) {
    files.route(p, (req, res) => {
      const name = new URL(req.url!, 'https://x').searchParams.get('f') ?? 'dr-usage-report.csv';
      const s = served.get(name);
      res.writeHead(s ? 200 : 404, { 'content-type': s?.type ?? 'text/plain' });
      res.end(s?.body ?? 'no such file');
    });
  }
  serve('dr-usage-report.csv', 'application/octet-stream', fs.readFileSync(path.join(PASTES, 'dr-usage-report.csv')));
  files.route('/:x:/g/personal/adele_contoso_com/EYppPe2kQ8dHnVb7Rz0mT1wB4xk5uJ9aLcN4p9A', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>PSTN.calls.2024-11-05.csv</title></head><body></body></html>');
  });
  bot = await startTestServer({
    FILE_DOWNLOAD_HOSTS: `localhost:${files.port}`,
    FILE_DOWNLOAD_CA_FILE: files.caFile,
    FILE_MAX_BYTES: String(CAP),
    FILE_DOWNLOAD_TIMEOUT_MS: '2000',
  });
}, 30_000);

afterAll(async () => {
  await bot?.close();
  await files?.close();
});

/** The personal-chat file activity, pointed at the local server (and at one served file). */
function sent(name: string, fileName = name, fileType = path.extname(fileName).slice(1)) {
  const a = fixture('file-personal');
  const att = a.attachments[0];
  att.name = fileName;
  att.content.fileType = fileType;
  att.content.downloadUrl = `${onServer(att.content.downloadUrl, files.origin)}&f=${encodeURIComponent(name)}`;
  return a;
}

async function send(activity: unknown) {
  const res = await bot.post(expectingReplies(activity));
  expect(res.status).toBe(200);
  return res.body;
}

const replyText = (body: any) => (body.activities ?? []).map((a: any) => a.text ?? '').join('\n');

describe('a file in a 1:1 chat', () => {
  it('downloads the recorded downloadUrl byte for byte, with no Authorization header, and answers with the report', async () => {
    const activity = fixture('file-personal');
    const recorded = activity.attachments[0].content.downloadUrl as string;
    activity.attachments[0].content.downloadUrl = onServer(recorded, files.origin);
    const before = files.requests.length;
    const body = await send(activity);
    const req = files.requests[before]!;
    expect(`https://contoso-my.sharepoint.com${req.url}`).toBe(recorded);
    expect(req.headers.authorization).toBeUndefined();

    expect(body.activities).toHaveLength(1);
    expect(body.activities[0].attachmentLayout).toBe('carousel');
    const cards = repliedCards(body);
    const summary = cardText(cards[0]);
    expect(summary).toContain('8 of 11 calls failed (73%)');
    expect(summary).toContain('PSTN.calls.2024-11-05.csv');
    expect(summary).toContain('Who must act on the failures');
    expect(JSON.stringify(cards[0])).toContain('"Chart.Donut"');
    // The most frequent failure comes next, with calls to quote in a ticket.
    const first = cardText(cards[1]);
    expect(first).toContain('510559 / 403');
    expect(first).toContain('3 times in the report, from 2024-11-05 14:05 to 2024-11-05 14:33 UTC.');
    expect(first).toContain('8a41d0c2-77e9-4f0b-b2d5-6c3e1a9f0e11');
    expect(body.activities[0].summary).toBe('SIP Doc: 8 of 11 calls failed');
  });

  it.each([
    ['dr-usage-report.tsv', 'text/tab-separated-values'],
    ['dr-usage-report-noheader.csv', 'text/csv'],
    ['graph-direct-routing-calls.json', 'application/json'],
    ['acs-call-summary.log', 'application/octet-stream'],
  ])('reads %s', async (name, type) => {
    serve(name, type);
    const body = await send(sent(name));
    const summary = cardText(repliedCards(body)[0]);
    expect(summary).toMatch(/\d+ of \d+ calls failed/);
  });

  it('reads the report saved from Excel (.xlsx)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('PSTN calls');
    const lines = fs.readFileSync(path.join(PASTES, 'dr-usage-report.csv'), 'utf8').trim().split('\n');
    for (const l of lines) ws.addRow(l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"|"$/g, '')));
    served.set('report.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await wb.xlsx.writeBuffer()) });
    const body = await send(sent('report.xlsx'));
    expect(cardText(repliedCards(body)[0])).toContain('8 of 11 calls failed');
  });

  it('reads a log file with the same analysis as a paste', async () => {
    serve('multi-failure.log', 'text/plain');
    const body = await send(sent('multi-failure.log'));
    const cards = repliedCards(body);
    expect(cardText(cards[0])).toContain('failures found');
    expect(cards.slice(1).some((c) => cardText(c).includes('569008 / 504'))).toBe(true);
  });

  it('answers a file it cannot read with what to do instead', async () => {
    served.set('empty.csv', { type: 'text/csv', body: '' });
    served.set('capture.csv', { type: 'application/octet-stream', body: Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0, 0, 0, 4, 0, 0, 0, 0]) });
    served.set('big.csv', { type: 'text/csv', body: 'x'.repeat(CAP + 1) });
    expect(replyText(await send(sent('empty.csv')))).toContain('The file is empty. Paste the failing lines instead');
    expect(replyText(await send(sent('capture.csv')))).toContain('The file is not text');
    expect(replyText(await send(sent('big.csv')))).toMatch(/up to 0\.3 MB|larger than/);
    const pdf = replyText(await send(sent('x', 'ticket.pdf')));
    expect(pdf).toContain('ticket.pdf is a .pdf file');
    const zip = replyText(await send(sent('x', 'Calls.Export.1234.zip')));
    expect(zip).toContain('Unzip it');
  });

  it('shows a hostile file name as plain text and never uses it as a path', async () => {
    serve('dr-usage-report.csv', 'text/csv');
    const name = '../../etc/${secret} **x** <b>.csv';
    const body = await send(sent('dr-usage-report.csv', name));
    const card = repliedCards(body)[0];
    const runs: string[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && v.type === 'TextRun') runs.push(v.text);
      return v;
    });
    expect(runs).toContain(name);
    expect(cardText({ body: card.body.filter((b: any) => b.type === 'TextBlock') })).not.toContain('${secret}');
    served.set('empty.csv', { type: 'text/csv', body: '' });
    const refused = (await send(sent('empty.csv', name))).activities[0];
    expect(refused.textFormat).toBe('plain');
    expect(refused.text).toContain(name);
  });
});

describe('where no file can be read', () => {
  it('in a channel (Teams delivers only the mention) says to send it in a 1:1 chat', async () => {
    const body = await send(fixture('file-channel'));
    expect(replyText(body)).toContain('send the file to SIP Doc in a personal chat');
  });

  it('a file attachment in a group chat is not downloaded', async () => {
    const a = sent('dr-usage-report.csv');
    a.conversation = { ...a.conversation, conversationType: 'groupChat', isGroup: true };
    const before = files.requests.length;
    expect(replyText(await send(a))).toContain('only open files in a 1:1 chat');
    expect(files.requests.length).toBe(before);
  });

  it('the iOS sharing link (a web page) is refused with what to do instead', async () => {
    const a = fixture('file-ios-sharing-link');
    a.attachments[0].content.downloadUrl = onServer(a.attachments[0].content.downloadUrl, files.origin);
    const text = replyText(await send(a));
    expect(text).toContain('Teams sent a link to the web page of PSTN.calls.2024-11-05.csv, not the file itself');
    expect(text).toContain('paste the failing lines');
  });

  it('a download from a host off the list is never attempted', async () => {
    const a = fixture('file-personal');
    const before = files.requests.length;
    const text = replyText(await send(a)); // the recorded contoso-my.sharepoint.com URL
    expect(text).toContain('points to a host SIP Doc does not download from');
    expect(files.requests.length).toBe(before);
  });

  it('an inline image gets a sentence, not a download', async () => {
    const text = replyText(await send(fixture('image-inline')));
    expect(text).toContain('SIP Doc does not read images');
  });
});

describe('paging through every distinct failure', () => {
  it('"Show all" reaches every one of a 300-failure report, page by page, with no state on the server', async () => {
    const header = 'Correlation ID,Start time,Final SIP code,Final Microsoft subcode,Final SIP Phrase,SBC FQDN,Success';
    const rows = Array.from({ length: 300 }, (_, i) => {
      // 300 distinct pairs: unlisted Microsoft codes with a few SIP codes, seen 1 to 3 times.
      const ms = 520000 + i;
      const sip = [403, 404, 480, 500, 503][i % 5];
      return Array.from({ length: 1 + (i % 3) }, (_, j) => `0b6d4f2e-9c8a-4d1b-a7e3-${String(i * 10 + j).padStart(12, '0')},2024-11-05T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z,${sip},${ms},Failure ${i},sbc${i % 3}.contoso.com,No`);
    }).flat();
    served.set('many.csv', { type: 'text/csv', body: [header, ...rows].join('\n') });
    const body = await send(sent('many.csv'));
    const summary = repliedCards(body)[0];
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(28 * 1024);
    let next = cardActions(summary).find((a) => a.type === 'Action.Submit' && a.title === 'Show all 300 distinct failures');
    expect(next).toBeDefined();
    const seen = new Set<string>();
    for (let page = 0; next && page < 50; page++) {
      const reply = await send({ ...fixture('card-submit'), value: next.data });
      const card = repliedCards(reply)[0];
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
      for (const m of cardText(card).matchAll(/^(52\d{4}) \/ \d{3}$/gm)) seen.add(m[1]!);
      next = cardActions(card).find((a) => a.type === 'Action.Submit' && /^Next/.test(a.title));
    }
    expect(seen.size).toBe(300);
    for (let i = 0; i < 300; i++) expect(seen.has(String(520000 + i))).toBe(true);
  });

  it('a page button with forged data gets a sentence back', async () => {
    for (const value of [
      { verb: 'page', k: [[1, 2, 3]], at: 0 },
      { verb: 'page', k: Array.from({ length: 501 }, () => [510559, 403, null, 0, 1]), at: 0 },
      { verb: 'page', k: [[510559, 403, null, 0, 1]], at: 5 },
      { verb: 'page', k: [[null, null, null, 0, 1]], at: 0 },
      { verb: 'page', k: '[[510559,403,null,0,1]]', at: 0 },
    ]) {
      expect(replyText(await send({ ...fixture('card-submit'), value }))).toContain('does not understand');
    }
  });
});

function serve(name: string, type: string) {
  served.set(name, { type, body: fs.readFileSync(path.join(PASTES, name)) });
}
