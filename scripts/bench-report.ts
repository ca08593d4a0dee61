// Part of `npm run bench`: a 100,000-row Direct Routing usage report (the Teams admin center's 21
// columns) sent as a file to the bot, end to end, and the same file through `sipdoc report`.
//   - the bot runs as its own process (dist/src/server.js), downloading from a local HTTPS server
//     that stands in for SharePoint; the time is from the POST of the file activity to the reply
//     (expectReplies), and the memory is the server's RSS growth (peak during the runs minus the
//     RSS at rest before them, from /proc);
//   - `sipdoc report FILE --json` runs as a process too, timed from spawn to exit.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDownloadServer } from '../test/helpers/download-server';
import { freePort } from '../test/helpers/free-port';

const ROOT = path.join(__dirname, '..', '..');
const ROWS = 100_000;

const HEADER =
  'Correlation ID,SIP Address,Display Name,User country,Invite time,Start time,Failure time,End time,Duration (seconds),Success,Caller Number,Callee Number,Call type,Azure region for Media,Azure region for Signaling,Final SIP code,Final Microsoft subcode,Final SIP Phrase,SBC FQDN,Media bypass,Shared correlation ID';

/** Failures and expected outcomes as they occur in real exports; the rest are successes. */
const OUTCOMES: Array<[sip: number, ms: number, phrase: string, weight: number]> = [
  [403, 510559, 'Get Outbound routing - No viable path (Forbidden)', 20],
  [504, 569008, 'Unable to deliver INVITE: Outgoing TLS negotiation failed. Remote certificate expired; HRESULT=0x80090328 SEC_E_CERT_EXPIRED', 8],
  [503, 560503, 'Service unavailable. SBC undergoing maintenance or temporarily overloaded', 6],
  [504, 569002, '"Unable to deliver INVITE: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond"', 4],
  [404, 511404, 'Getting user info by number from RuntimeAPI failed', 4],
  [480, 560480, 'Temporarily Unavailable', 6],
  [486, 560486, 'Busy Here', 14],
  [487, 540487, 'Request Terminated', 12],
  [408, 560408, 'SBC indicated that the user did not respond (request timeout)', 3],
  [500, 560500, 'Internal Server Error', 2],
];
const FAILURE_SHARE = 0.12;

export function usageReport(rows: number): string {
  const total = OUTCOMES.reduce((n, o) => n + o[3], 0);
  const out = [HEADER];
  const t0 = Date.UTC(2024, 10, 1);
  for (let i = 0; i < rows; i++) {
    const t = new Date(t0 + Math.floor((i / rows) * 7 * 86_400_000)).toISOString();
    const user = `user${i % 250}@contoso.com`;
    const id = `${(0x10000000 + i).toString(16)}-5b1d-4c8e-9a61-${String(i).padStart(12, '0')}`;
    const sbc = `sbc${(i % 3) + 1}.contoso.com`;
    const dir = i % 4 === 0 ? 'user_in' : 'user_out';
    let pick = ((i * 7919) % 1000) / 1000 < FAILURE_SHARE ? (i * 104729) % total : -1;
    let fields: [number, number, string] = [200, 0, 'OK'];
    for (const o of OUTCOMES) {
      if (pick < 0) break;
      if (pick < o[3]) {
        fields = [o[0], o[1], o[2]];
        break;
      }
      pick -= o[3];
    }
    const ok = fields[0] === 200;
    out.push(
      [id, user, `User ${i % 250}`, 'US', t, ok ? t : '', ok ? '' : t, t, ok ? String(60 + (i % 900)) : '0', ok ? 'Yes' : 'No', '+14255550100', `+1206555${String(i % 10000).padStart(4, '0')}`, dir, 'USWE', 'USWE', String(fields[0]), String(fields[1]), fields[2], sbc, 'No', ''].join(','),
    );
  }
  return out.join('\r\n') + '\r\n';
}

/** VmRSS or VmHWM of a process, in MB (Linux /proc). */
function memMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function waitReady(url: string, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function benchReport(): Promise<void> {
  const text = usageReport(ROWS);
  const bytes = Buffer.from(text);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-bench-'));
  const file = path.join(dir, 'PSTN.calls.2024-11-01.csv');
  fs.writeFileSync(file, bytes);
  console.log(`usage report: ${ROWS.toLocaleString('en-US')} rows, ${(bytes.length / 1e6).toFixed(1)} MB (${Math.round(bytes.length / ROWS)} bytes a row)`);

  const files = await startDownloadServer();
  files.route('/personal/bench/_layouts/15/download.aspx', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    res.end(bytes);
  });
  const port = await freePort();
  const bot = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', LOG_LEVEL: 'warn', FILE_DOWNLOAD_HOSTS: `localhost:${files.port}`, FILE_DOWNLOAD_CA_FILE: files.caFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(`http://127.0.0.1:${port}/readyz`);
    await new Promise((r) => setTimeout(r, 500));
    const atRest = memMb(bot.pid!, 'VmRSS');
    const activity = {
      type: 'message',
      id: 'bench',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      deliveryMode: 'expectReplies',
      from: { id: '29:bench', name: 'Bench' },
      recipient: { id: '28:sipdoc', name: 'SIP Doc' },
      conversation: { id: 'a:bench', conversationType: 'personal' },
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: path.basename(file),
          content: { downloadUrl: `${files.origin}/personal/bench/_layouts/15/download.aspx?UniqueId=1&tempauth=x`, uniqueId: '1', fileType: 'csv' },
        },
      ],
    };
    const times: number[] = [];
    let summary = '';
    let replyBytes = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      const body = (await res.json()) as { activities?: Array<{ summary?: string; attachments?: unknown[] }> };
      times.push(performance.now() - t0);
      summary = body.activities?.[0]?.summary ?? `HTTP ${res.status}`;
      replyBytes = Buffer.byteLength(JSON.stringify(body));
    }
    const peak = memMb(bot.pid!, 'VmHWM');
    console.log(
      `report sent as a file to the bot, end to end (download + read + analysis + cards): ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}; "${summary}", reply ${(replyBytes / 1024).toFixed(0)} KB`,
    );
    console.log(`bot server RSS: ${atRest.toFixed(0)} MB at rest, peak ${peak.toFixed(0)} MB: grew ${(peak - atRest).toFixed(0)} MB`);
  } finally {
    bot.kill('SIGTERM');
    await files.close();
  }

  const t0 = performance.now();
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'sipdoc.js'), 'report', file, '--json'], { maxBuffer: 64 * 1024 * 1024 });
  const cliMs = performance.now() - t0;
  const parsed = JSON.parse(cli.stdout.toString()) as { calls: number; failures: number; expected: number; kinds: unknown[] };
  const t1 = performance.now();
  spawnSync(process.execPath, [path.join(ROOT, 'bin', 'sipdoc.js'), 'report', file, '--html', path.join(dir, 'report.html')], { maxBuffer: 64 * 1024 * 1024 });
  const htmlMs = performance.now() - t1;
  console.log(
    `sipdoc report (the same file, a new process each): --json ${cliMs.toFixed(0)} ms, --html ${htmlMs.toFixed(0)} ms; ${parsed.calls.toLocaleString('en-US')} calls, ${parsed.failures.toLocaleString('en-US')} failures, ${parsed.expected.toLocaleString('en-US')} expected outcomes, ${parsed.kinds.length} distinct kinds`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
