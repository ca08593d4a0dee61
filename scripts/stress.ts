// `npm run stress`: what hostile traffic costs the real server process, in numbers.
//   tokens   RSS and request rate over 20,000 requests with forged tokens (random 11,000-character
//            `tid` claims), authentication on, keys from a local OpenID server
//   health   /healthz latency while 200 messages of 3.7 MB are posted at once, authentication off
//   cli      time and peak RSS of `sipdoc` reading 64 MB of NUL bytes on stdin
// `npm run stress -- tokens` runs one part; STRESS_ROOT=<checkout with dist/> measures another build.
// STRESS_TOKENS sets the number of forged-token requests (default 20,000).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { freePort } from '../test/helpers/free-port';

const ROOT = path.resolve(process.env.STRESS_ROOT ?? path.join(__dirname, '..', '..'));
const TOKENS = Number(process.env.STRESS_TOKENS ?? 20_000);

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4096)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4096)));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return { child, port, output: () => out };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${out}`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(port: number, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: -1, ms: performance.now() - started }));
    req.end(body);
  });
}

const message = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: `stress-${randomUUID()}`,
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  deliveryMode: 'expectReplies',
  from: { id: '29:stress-user', name: 'Stress' },
  recipient: { id: '28:sipdoc', name: 'SIP Doc' },
  conversation: { id: 'a:stress-conversation', conversationType: 'personal', tenantId: 't' },
  text,
  ...extra,
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function tokens(): Promise<void> {
  const appId = randomUUID();
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const openId = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/keys') res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', endorsements: ['msteams'] }] }));
    else res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/keys` }));
  });
  await new Promise<void>((r) => openId.listen(0, '127.0.0.1', r));
  const metadata = `http://127.0.0.1:${(openId.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
  const srv = await startServer({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: 'x',
    ToBotFromChannelOpenIdMetadataUrl: metadata,
    ToBotFromEmulatorOpenIdMetadataUrl: metadata,
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    ValidateAuthority: 'true',
  });
  const body = JSON.stringify(message('510559 403', { deliveryMode: undefined }));
  const pid = srv.child.pid!;
  console.log(`\nforged tokens (random 11,000-character tid), ${TOKENS.toLocaleString('en-US')} requests, 32 at a time`);
  console.log('requests   server RSS   req/s (last batch)   statuses');
  console.log(`${'0'.padStart(8)}   ${String(status(pid, 'VmRSS')).padStart(6)} MB`);
  const statuses = new Map<number, number>();
  const step = Math.max(1, Math.floor(TOKENS / 10));
  let sent = 0;
  let done = 0;
  let batchStart = performance.now();
  const worker = async () => {
    while (sent < TOKENS) {
      sent++;
      const token = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({ iss: 'x', aud: appId, tid: randomBytes(5_500).toString('hex') })}.${randomBytes(256).toString('base64url')}`;
      const res = await post(srv.port, body, { authorization: `Bearer ${token}` });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (++done % step === 0) {
        const rate = step / ((performance.now() - batchStart) / 1000);
        batchStart = performance.now();
        console.log(`${String(done).padStart(8)}   ${String(status(pid, 'VmRSS')).padStart(6)} MB   ${rate.toFixed(0).padStart(18)}   ${JSON.stringify(Object.fromEntries(statuses))}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  srv.child.kill('SIGKILL');
  openId.close();
}

function bigMessage(): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 1_000_000; i++) {
    const l = `2026-11-20 08:01:${String(i % 60).padStart(2, '0')}.123 INFO callId=${i.toString(16)} CallEndReason=403 CallEndSubReason=510559 from=+14255550100`;
    lines.push(l);
    size += l.length + 1;
  }
  const text = lines.join('\n');
  // The HTML copy Teams attaches to a pasted block: one styled paragraph per line.
  const html = lines.map((l) => `<p style="margin-left:0px;margin-right:0px;margin-top:0px;margin-bottom:0px;"><span style="font-family:Consolas,'Courier New',monospace;font-size:14px;white-space:pre-wrap;">${l}</span></p>`).join('\n');
  return JSON.stringify(message(text, { attachments: [{ contentType: 'text/html', content: html }] }));
}

async function health(): Promise<void> {
  const srv = await startServer({});
  const body = bigMessage();
  const pid = srv.child.pid!;
  const url = `http://127.0.0.1:${srv.port}/healthz`;
  // The probe runs in its own process: this one is busy sending 780 MB.
  const probe = spawn(
    process.execPath,
    [
      '-e',
      `const url = ${JSON.stringify(url)}; const out = [];
       process.on('message', () => { process.send(out); process.exit(0); });
       (async () => { for (;;) { const t = performance.now(); try { await (await fetch(url)).text(); } catch {} out.push(performance.now() - t); await new Promise((r) => setTimeout(r, 100)); } })();`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  const bigAgent = new http.Agent({ keepAlive: false, maxSockets: 1000 });
  const results = await Promise.all(
    Array.from(
      { length: 200 },
      () =>
        new Promise<number>((resolve) => {
          const req = http.request(
            { host: '127.0.0.1', port: srv.port, path: '/api/messages', method: 'POST', agent: bigAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', () => resolve(-1));
          req.end(body);
        }),
    ),
  );
  const wall = performance.now() - started;
  const latencies = await new Promise<number[]>((resolve) => {
    probe.once('message', (m) => resolve(m as number[]));
    probe.send('stop');
  });
  const counts = new Map<number, number>();
  for (const s of results) counts.set(s, (counts.get(s) ?? 0) + 1);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0);
  console.log(`\n/healthz while 200 messages of ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB are posted at once`);
  console.log(`  messages: ${JSON.stringify(Object.fromEntries(counts))} in ${(wall / 1000).toFixed(1)} s; server peak RSS ${status(pid, 'VmHWM')} MB`);
  console.log(`  /healthz: ${latencies.length} probes, p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
  srv.child.kill('SIGKILL');
}

async function cli(): Promise<void> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'sipdoc.js')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, status(child.pid!, 'VmHWM'))), 20);
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const chunk = Buffer.alloc(1024 * 1024);
  child.stdin!.on('error', () => undefined); // it may stop reading early
  let running = true;
  void exited.then(() => (running = false));
  for (let i = 0; i < 64 && running; i++) {
    if (!child.stdin!.write(chunk)) await Promise.race([new Promise((r) => child.stdin!.once('drain', r)), exited]);
  }
  child.stdin!.end();
  const code = await exited;
  clearInterval(timer);
  console.log(`\nsipdoc on 64 MB of NUL bytes: exit ${code} in ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${peak} MB`);
  console.log(`  stderr: ${JSON.stringify(err.slice(0, 200))}  stdout: ${out.length} characters`);
}

async function main() {
  const parts = process.argv.slice(2);
  const all = { tokens, health, cli };
  const chosen = parts.length ? parts : Object.keys(all);
  console.log(`measuring ${ROOT}`);
  for (const p of chosen) {
    const run = all[p as keyof typeof all];
    if (!run) throw new Error(`unknown part "${p}" (tokens, health, cli)`);
    await run();
  }
  agent.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
