// `sipdoc digest`: the daily digest job, for a scheduler (a Container Apps job, an App Service
// WebJob, cron) to run every hour or so. Each subscribed channel gets yesterday's digest (UTC) at
// its first run after the channel's time of day; a run with nothing due costs no Graph request.
//   sipdoc digest                  post what is due
//   sipdoc digest --day 2026-11-19 post that day's digest to every channel that has not had it
//   --json                         the run's outcomes as JSON
// It reads the server's settings: the bot (MicrosoftAppId ...), Graph (GRAPH_*), the store.
import * as fs from 'node:fs';
import pino from 'pino';
import type { CliIo } from '../cli';
import { ConfigError, readConfig } from '../config';
import { createProactiveSender } from '../digest/bot-connector';
import { checkDay, runDigest, type DigestRun } from '../digest/job';
import { GraphClient } from '../graph/client';
import { GraphConfigError, GRAPH_ENV, readGraphConfig } from '../graph/config';
import { defaultKb } from '../kb/load';
import { openStore } from '../store';
import { parseArgs } from './args';

export const DIGEST_USAGE = `Usage:
  sipdoc digest [--day YYYY-MM-DD] [--json]

Posts the daily digest of Graph call records to every channel subscribed with "daily digest here",
once per channel and day. Run it every hour from a scheduler.
`;

export function digestSummary(run: DigestRun): string {
  const count = (r: string) => run.outcomes.filter((o) => o.result === r).length;
  const lines = [`Digest of ${run.day}: ${count('posted')} posted, ${count('already-posted')} already posted, ${count('not-yet')} not due yet, ${count('unsubscribed')} unsubscribed, ${count('failed')} failed.`];
  for (const o of run.outcomes) if (o.result === 'failed' || o.result === 'unsubscribed') lines.push(`  ${o.conversationId}: ${o.reason}`);
  for (const [tenant, n] of Object.entries(run.graphRequests)) lines.push(`  Graph requests for tenant ${tenant}: ${n}`);
  return lines.join('\n') + '\n';
}

export async function runDigestCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['--day'], ['--json', '--help']);
  if (args.flags.has('--help')) {
    io.stdout(DIGEST_USAGE);
    return 0;
  }
  if (args.problem || args.rest.length) {
    io.stderr(`sipdoc digest: ${args.problem ?? `unexpected "${args.rest[0]}"`}\n\n${DIGEST_USAGE}`);
    return 2;
  }
  const day = args.values.get('--day');
  if (day && checkDay(day)) {
    io.stderr(`sipdoc digest: ${checkDay(day)}\n`);
    return 2;
  }
  const env = io.env ?? process.env;
  let run: DigestRun;
  try {
    const server = readConfig(env);
    const graph = readGraphConfig(env);
    if (!graph) {
      io.stderr(`sipdoc digest: Microsoft Graph is not configured (${GRAPH_ENV.tenantId}, ${GRAPH_ENV.clientId}, ${GRAPH_ENV.clientSecret}); the digest reads the call records through it.\n`);
      return 2;
    }
    const caFile = (env[GRAPH_ENV.authorityCaFile] ?? '').trim();
    const store = openStore(env);
    // Logs go to stderr as JSON lines; stdout carries the summary.
    const log = pino({ level: (env.LOG_LEVEL ?? 'info').trim() || 'info', base: { service: 'sipdoc-digest' } }, pino.destination(2));
    run = await runDigest(
      {
        store,
        kb: defaultKb(),
        graphFor: (tenantId) => (tenantId === graph.tenantId ? new GraphClient(graph) : undefined),
        sender: createProactiveSender(server, caFile ? fs.readFileSync(caFile, 'utf8') : undefined),
        log,
      },
      day ? { day } : {},
    );
    await store.close?.();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GraphConfigError) {
      io.stderr(`sipdoc digest: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  io.stdout(args.flags.has('--json') ? JSON.stringify(run, null, 2) + '\n' : digestSummary(run));
  return run.outcomes.some((o) => o.result === 'failed') ? 1 : 0;
}
