// The daily digest of a busy tenant, end to end on this machine: two days of 25,000 Direct Routing
// calls each, read from the local Graph stand-in 1,000 a page, analysed, and posted to the local
// connector stand-in. Prints the time, the Graph requests and the process's peak RSS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../src/config';
import { createProactiveSender } from '../src/digest/bot-connector';
import { runDigest } from '../src/digest/job';
import { GraphClient } from '../src/graph/client';
import { readGraphConfig } from '../src/graph/config';
import { defaultKb } from '../src/kb/load';
import { silentLogger } from '../src/log';
import { FileStore } from '../src/store/file-store';
import { startConnector } from '../test/helpers/connector-stand-in';
import { SECRET, TENANT, drRow, graphEnv, startEntra, startGraph } from '../test/helpers/graph-stand-in';

const PER_DAY = 25_000;
const CODES: Array<[number, number]> = [[560403, 403], [569008, 504], [510559, 403], [560486, 486], [0, 487], [560503, 503]];

function day(date: string, failShare: number) {
  const start = Date.parse(`${date}T00:00:00Z`);
  return Array.from({ length: PER_DAY }, (_, i) => {
    const fail = i % 100 < failShare * 100;
    const [ms, sip] = CODES[i % CODES.length]!;
    return drRow({ start: new Date(start + Math.floor((i * 86_400_000) / PER_DAY)).toISOString(), ok: !fail, ...(fail ? { ms, sip } : {}) });
  });
}

export async function benchDigest(): Promise<void> {
  const [entra, graph, connector] = await Promise.all([startEntra(), startGraph({ directRouting: [...day('2026-11-18', 0.04), ...day('2026-11-19', 0.09)] }), startConnector()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-bench-digest-'));
  try {
    const store = new FileStore(path.join(dir, 'store.json'));
    const conversationId = '19:bench@thread.tacv2';
    await store.putSubscription({
      conversationId,
      tenantId: TENANT,
      reference: { serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id: conversationId, conversationType: 'channel' }, bot: { id: '28:bench' } },
      timeOfDay: '07:00',
      requestedBy: { id: '29:bench' },
      requestedAt: new Date().toISOString(),
    });
    const graphConfig = readGraphConfig(graphEnv(entra, graph))!;
    const bot = readConfig({ MicrosoftAppId: '3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9', MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, ToChannelFromBotLoginUrl: `${entra.url}/${TENANT}` });
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const run = await runDigest({ store, kb: defaultKb(), graphFor: () => new GraphClient(graphConfig), sender: createProactiveSender(bot, entra.ca), log: silentLogger }, { day: '2026-11-19' });
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const card = JSON.stringify(connector.posted[0]?.activity ?? {});
    console.log(`digest of a tenant with ${PER_DAY.toLocaleString('en-US')} Direct Routing calls a day (two days read): ${(ms / 1000).toFixed(2)} s, ` +
      `${run.graphRequests[TENANT]} Graph requests, ${run.outcomes.map((o) => o.result).join(', ')}, card ${(Buffer.byteLength(card) / 1024).toFixed(1)} KB, ` +
      `RSS +${Math.round((peak - rssBefore) / 1024 / 1024)} MB (peak ${Math.round(peak / 1024 / 1024)} MB)`);
  } finally {
    await Promise.all([entra.close(), graph.close(), connector.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) benchDigest().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
