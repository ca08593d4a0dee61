// `npm run loadtest`: drives POST /api/messages with autocannon at 10 and 50 connections and
// prints requests/s, p50/p99 latency, errors and the server's RSS before and after, next to two
// floors measured in the same run on the same machine:
//   bare restify JSON route, and a CloudAdapter answering every message with one plain text reply.
// Each server runs in its own process; autocannon runs here.
// LOADTEST_SECONDS sets the duration of each run (default 10).
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import autocannon from 'autocannon';
import type { Activity } from 'botbuilder';
import { readConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createServer } from '../src/server';

const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const SOAK_SECONDS = Number(process.env.LOADTEST_SOAK_SECONDS ?? 45);

type Kind = 'bare' | 'adapter' | 'sipdoc';

function activity(text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: 'load-1',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: '29:load-user', name: 'Load' },
    recipient: { id: '28:sipdoc', name: 'SIP Doc' },
    conversation: { id: 'a:load-conversation', conversationType: 'personal', tenantId: 't' },
    text,
    ...extra,
  };
}

const SHORT_QUERIES = ['510559 403', '560403', '403 510532', 'CallEndReason=503 CallEndSubReason=560503', '569008 504', 'DiagCode: 480#10076'];
const PASTED_LOG = Array.from(
  { length: 40 },
  (_, i) => `2026-11-20T08:${String(i).padStart(2, '0')}:12Z callId=${i} CallEndReason=${[403, 504, 503, 487][i % 4]} CallEndSubReason=${[510559, 569008, 560503, 540487][i % 4]}`,
).join('\n');
const ME_QUERY = {
  ...activity(''),
  type: 'invoke',
  name: 'composeExtension/query',
  deliveryMode: undefined,
  value: { commandId: 'searchCodes', parameters: [{ name: 'query', value: '5695' }], queryOptions: { skip: 0, count: 25 } },
};

const post = (body: unknown) => ({ method: 'POST' as const, path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const WORKLOADS: Record<string, Array<ReturnType<typeof post>>> = {
  // A message with no text: SIP Doc answers with one plain sentence, through the same server,
  // adapter, router and logging as a card. The floor for what a card costs.
  text: [post(activity(''))],
  short: SHORT_QUERIES.map((q) => post(activity(q))),
  mixed: [...SHORT_QUERIES.map((q) => post(activity(q))), post(activity(PASTED_LOG)), post(ME_QUERY), post(activity('no viable path'))],
};

const LABELS: Partial<Record<Kind, string>> = {
  bare: 'floor: bare restify JSON',
  adapter: 'floor: CloudAdapter plain text reply',
};

function startServer(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, 'loadtest-servers.js'), [kind, '0'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** CPU time the process has used, in ms, user and system (from /proc; clock ticks are 1/100 s). */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Run {
  label: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU per request: what an answer costs, whatever the load generator can push. */
  cpuUsPerRequest: number;
  /** The share of it spent in the kernel (sending the response over loopback, mostly). */
  systemShare: number;
  rssBefore: number;
  rssAfter: number;
}

async function drive(kind: Kind, workload: keyof typeof WORKLOADS, connections: number, seconds = SECONDS): Promise<Run> {
  const { child, port } = await startServer(kind);
  try {
    const requests = kind === 'sipdoc' ? WORKLOADS[workload]! : [post(activity('510559 403'))];
    // Warm up (JIT, card caches, heap sizing), then measure, sampling RSS twice a second.
    await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: WARMUP_SECONDS, requests });
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(child.pid!)), 500);
    const cpuBefore = cpuMs(child.pid!);
    const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests });
    const cpuAfter = cpuMs(child.pid!);
    const user = cpuAfter.user - cpuBefore.user;
    const system = cpuAfter.system - cpuBefore.system;
    clearInterval(sampler);
    // RSS swings with garbage collection; growth is the mean of the last third of the samples
    // against the mean of the first third.
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rssBefore = mean(samples.slice(0, third));
    const rssAfter = mean(samples.slice(-third));
    return {
      label: LABELS[kind] ?? `sipdoc ${workload}`,
      connections,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts + r.non2xx,
      cpuUsPerRequest: ((user + system) * 1000) / Math.max(1, r.requests.total),
      systemShare: system / Math.max(1, user + system),
      rssBefore,
      rssAfter,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function row(r: Run): string {
  const growth = ((r.rssAfter - r.rssBefore) / r.rssBefore) * 100;
  return [
    r.label.padEnd(38),
    String(r.connections).padStart(5),
    r.rps.toFixed(0).padStart(9),
    `${r.p50.toFixed(1)} ms`.padStart(10),
    `${r.p99.toFixed(1)} ms`.padStart(10),
    String(r.errors).padStart(7),
    `${r.cpuUsPerRequest.toFixed(0)} µs`.padStart(10),
    `${(r.systemShare * 100).toFixed(0)}%`.padStart(6),
    `${r.rssBefore.toFixed(0)} -> ${r.rssAfter.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`.padStart(28),
  ].join(' ');
}

/**
 * The bot's turn alone, in this process: the adapter and the teams-ai Application with the
 * activity handed over directly, no HTTP. CPU per turn for a card answer and a plain text one.
 */
async function turnCost(text: string, turns: number): Promise<number> {
  const bot = createServer({ config: readConfig({}), log: silentLogger });
  const run = () => bot.adapter.handle('', activity(text) as unknown as Activity, (c) => bot.app.run(c).then(() => undefined));
  for (let i = 0; i < 2000; i++) await run();
  const before = process.cpuUsage();
  for (let i = 0; i < turns; i++) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / turns;
}

async function main() {
  console.log(`autocannon, ${SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up, POST /api/messages (expectReplies); RSS: mean of the first vs the last third of the run\n`);
  console.log(['server / workload'.padEnd(38), 'conns'.padStart(5), 'req/s'.padStart(9), 'p50'.padStart(10), 'p99'.padStart(10), 'errors'.padStart(7), 'CPU/req'.padStart(10), 'sys'.padStart(6), 'RSS first -> last third'.padStart(28)].join(' '));
  const runs: Run[] = [];
  for (const connections of [10, 50]) {
    for (const [kind, workload] of [
      ['bare', 'short'],
      ['adapter', 'short'],
      ['sipdoc', 'text'],
      ['sipdoc', 'short'],
      ['sipdoc', 'mixed'],
    ] as Array<[Kind, keyof typeof WORKLOADS]>) {
      const r = await drive(kind, workload, connections);
      runs.push(r);
      console.log(row(r));
    }
  }
  const find = (label: string, c: number) => runs.find((r) => r.label === label && r.connections === c)!;
  const adapter50 = find('floor: CloudAdapter plain text reply', 50);
  const bare50 = find('floor: bare restify JSON', 50);
  const text50 = find('sipdoc text', 50);
  const short50 = find('sipdoc short', 50);
  const short10 = find('sipdoc short', 10);
  const adapter10 = find('floor: CloudAdapter plain text reply', 10);
  console.log('\nRatios');
  console.log(`  sipdoc short / CloudAdapter floor at 50 connections: ${(short50.rps / adapter50.rps).toFixed(2)}x  (target >= 0.80)`);
  const text10 = find('sipdoc text', 10);
  console.log(
    `  cost of a code card over SIP Doc's plain text reply, server CPU per request: ${short10.cpuUsPerRequest.toFixed(0)} vs ${text10.cpuUsPerRequest.toFixed(0)} µs at 10 connections (${((short10.cpuUsPerRequest / text10.cpuUsPerRequest - 1) * 100).toFixed(0)}%), ${short50.cpuUsPerRequest.toFixed(0)} vs ${text50.cpuUsPerRequest.toFixed(0)} µs at 50 (${((short50.cpuUsPerRequest / text50.cpuUsPerRequest - 1) * 100).toFixed(0)}%)  (target <= 25%)`,
  );
  console.log(`    the same against the stock CloudAdapter's plain text reply at 50 connections: ${short50.cpuUsPerRequest.toFixed(0)} vs ${adapter50.cpuUsPerRequest.toFixed(0)} µs (${((short50.cpuUsPerRequest / adapter50.cpuUsPerRequest - 1) * 100).toFixed(0)}%)`);
  console.log(`  CloudAdapter floor / bare restify at 50 connections: ${(adapter50.rps / bare50.rps).toFixed(2)}x  (what the framework itself costs)`);
  console.log(`  sipdoc short p99 at 10 connections: ${short10.p99.toFixed(1)} ms  (target < 20 ms; CloudAdapter floor ${adapter10.p99.toFixed(1)} ms)`);
  const textTurn = Math.min(await turnCost('', 10_000), await turnCost('', 10_000));
  const cardTurn = Math.min(await turnCost('510559 403', 10_000), await turnCost('510559 403', 10_000));
  console.log(
    `  the bot's turn alone, in process (no HTTP): ${cardTurn.toFixed(0)} µs CPU for a code card vs ${textTurn.toFixed(0)} µs for plain text (${((cardTurn / textTurn - 1) * 100).toFixed(0)}%)`,
  );
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  console.log(`  errors in all runs: ${errors}`);
  // RSS swings by a third with garbage collection over a few seconds: growth is judged on a
  // longer run of the mixed workload.
  const soak = await drive('sipdoc', 'mixed', 50, SOAK_SECONDS);
  console.log(`\nSoak: sipdoc mixed, 50 connections, ${SOAK_SECONDS} s: ${soak.rps.toFixed(0)} req/s, ${soak.errors} errors, RSS ${soak.rssBefore.toFixed(0)} -> ${soak.rssAfter.toFixed(0)} MB (${(((soak.rssAfter - soak.rssBefore) / soak.rssBefore) * 100).toFixed(1)}%, target < 20%)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
