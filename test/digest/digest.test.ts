// The digest job end to end, in process: subscriptions in Azure Table Storage (Azurite), call
// records from the Graph stand-in, the bot's token from the local token endpoint, and posts through
// the real CloudAdapter to the local Bot Framework connector stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { createProactiveSender } from '../../src/digest/bot-connector';
import { runDigest, type DigestDeps } from '../../src/digest/job';
import { GraphClient } from '../../src/graph/client';
import { readGraphConfig } from '../../src/graph/config';
import { defaultKb } from '../../src/kb/load';
import { silentLogger } from '../../src/log';
import { TableStore } from '../../src/store/table-store';
import type { Subscription } from '../../src/store/types';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { cardProblems } from '../helpers/card-check';
import { startConnector, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { DAY, dayBefore, nextDay, pstnCalls, theDay } from '../helpers/digest-fixtures';
import { SECRET, TENANT, graphEnv, startEntra, startGraph, type EntraStandIn, type GraphStandIn } from '../helpers/graph-stand-in';
import { cardText } from '../helpers/server';
import * as fs from 'node:fs';

const BOT_ID = '3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9';
const NOW = new Date('2026-11-20T07:45:00Z');
const kb = defaultKb();

let azurite: Azurite;
let entra: EntraStandIn;
let graph: GraphStandIn;
let connector: ConnectorStandIn;
let prefix = 0;

beforeAll(async () => {
  [azurite, entra, graph, connector] = await Promise.all([startAzurite(), startEntra(), startGraph({ pageSize: 25 }), startConnector()]);
});
afterAll(async () => {
  await Promise.all([azurite?.stop(), entra?.close(), graph?.close(), connector?.close()]);
});
beforeEach(() => {
  graph.scenario.directRouting = [...dayBefore, ...theDay, ...nextDay];
  graph.scenario.pstn = pstnCalls;
  graph.scenario.forbidden = false;
  graph.requests.length = 0;
  connector.posted.length = 0;
  connector.refused.length = 0;
  connector.blocked.clear();
});

const channel = (id: string, timeOfDay = '07:30'): Subscription => ({
  conversationId: `19:${id}@thread.tacv2`,
  tenantId: TENANT,
  teamId: '19:7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b@thread.tacv2',
  channelName: id,
  reference: {
    serviceUrl: connector.serviceUrl,
    channelId: 'msteams',
    conversation: { id: `19:${id}@thread.tacv2`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    bot: { id: `28:${BOT_ID}`, name: 'SIP Doc' },
  },
  timeOfDay,
  requestedBy: { id: '29:1yG7', aadObjectId: '6c4f3e2b-91b4-4c3f-9c52-2f0e3a7b1d11', name: 'Adele Vance' },
  requestedAt: '2026-11-10T09:20:11.555Z',
});

function deps(store: TableStore): DigestDeps {
  const graphConfig = readGraphConfig(graphEnv(entra, graph))!;
  const botConfig = readConfig({ MicrosoftAppId: BOT_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, ToChannelFromBotLoginUrl: `${entra.url}/${TENANT}`,
    // A custom cloud's settings come as a set (src/config.ts); the job only signs in and posts.
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com', ToBotFromChannelOpenIdMetadataUrl: `${entra.url}/openid-unused` });
  return {
    store,
    kb,
    graphFor: (tenantId) => (tenantId === graphConfig.tenantId ? new GraphClient(graphConfig) : undefined),
    sender: createProactiveSender(botConfig, fs.readFileSync(entra.caFile, 'utf8')),
    log: silentLogger,
    now: () => NOW,
  };
}

async function storeWith(...subs: Subscription[]) {
  const store = new TableStore({ connectionString: azurite.connectionString }, { prefix: `Digest${++prefix}`, allowInsecureConnection: true });
  for (const s of subs) await store.putSubscription(s);
  return store;
}

describe('sipdoc digest', () => {
  it('posts one card per due channel, from one Graph query per tenant, as the bot', async () => {
    const store = await storeWith(channel('voice-support'), channel('noc', '06:00'), channel('later', '23:00'));
    const run = await runDigest(deps(store));
    expect(run.day).toBe(DAY);
    const by = Object.fromEntries(run.outcomes.map((o) => [o.conversationId, o.result]));
    expect(by).toEqual({ '19:voice-support@thread.tacv2': 'posted', '19:noc@thread.tacv2': 'posted', '19:later@thread.tacv2': 'not-yet' });
    expect(connector.posted.map((p) => p.conversationId).sort()).toEqual(['19:noc@thread.tacv2', '19:voice-support@thread.tacv2']);
    // One query for both channels: Direct Routing (4 pages of 25) and PSTN, over the two days.
    expect(graph.callRecordRequests().filter((r) => r.path.includes('getDirectRoutingCalls(')).length).toBe(4);
    expect(graph.callRecordRequests()[0]!.path).toContain('(fromDateTime=2026-11-18T00:00:00Z,toDateTime=2026-11-20T00:00:00Z)');
    expect(run.graphRequests[TENANT]).toBe(5);
    // The bot's own token, from the token endpoint, on every post.
    expect(connector.posted.every((p) => p.authorization === `Bearer graph-token-${BOT_ID}`)).toBe(true);
    expect((await store.getPost('19:noc@thread.tacv2', DAY))).toMatchObject({ state: 'posted', activityId: expect.stringMatching(/^1:/) });
  });

  it('says what failed yesterday, by who must act, what is new or rising, with correlation IDs', async () => {
    const store = await storeWith(channel('voice-support'));
    await runDigest(deps(store));
    const activity = connector.posted[0]!.activity;
    const card = activity.attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Daily digest: Direct Routing calls, Thu, 19 Nov 2026');
    // 60 Direct Routing calls + 1 PSTN call; 14 failures (busy and cancelled are not failures).
    expect(text).toMatch(/^61$/m);
    expect(text).toMatch(/^14$/m);
    const tls = theDay.find((r) => r.callEndSubReason === 569008)!;
    expect(text).toContain('569008 / 504');
    expect(text).toContain(String(tls.correlationId));
    expect(text).toMatch(/NEW {2}\n569008 \/ 504 {2}\nUnable to deliver INVITE[^\n]*\n — 5 \(Wed, 18 Nov 2026: 0\)/);
    expect(text).toMatch(/RISING {2}\n560403 \/ 403 {2}\n[^\n]*\n — 6 \(Wed, 18 Nov 2026: 2\)/);
    expect(text).toMatch(/NEW {2}\n510559 \/ 403/);
    expect(text).toContain('Your SBC\n11 (Wed, 18 Nov 2026: 2)');
    expect(text).toContain('Your SBC');
    expect(text).not.toContain('Busy Here');
    expect(text).not.toContain('560503'); // the day after is not in the digest
    const urls = JSON.stringify(card).match(/https:\/\/learn\.microsoft\.com\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    expect(activity.summary).toContain('14 failed calls of 61');
  });

  it('posts nothing twice: a second run the same day sends no post and no Graph request', async () => {
    const store = await storeWith(channel('voice-support'));
    await runDigest(deps(store));
    const graphBefore = graph.requests.length;
    const again = await runDigest(deps(store));
    expect(again.outcomes).toEqual([{ conversationId: '19:voice-support@thread.tacv2', result: 'already-posted' }]);
    expect(connector.posted).toHaveLength(1);
    expect(graph.requests.length).toBe(graphBefore);
    // Two runs at once still post once.
    const store2 = await storeWith(channel('race'));
    await Promise.all([runDigest(deps(store2)), runDigest(deps(store2))]);
    expect(connector.posted.filter((p) => p.conversationId === '19:race@thread.tacv2')).toHaveLength(1);
  });

  it('ends the subscription of a channel that removed the app (403 MessageWritesBlocked)', async () => {
    const store = await storeWith(channel('removed'), channel('voice-support'));
    connector.blocked.add('19:removed@thread.tacv2');
    const run = await runDigest(deps(store));
    expect(run.outcomes.find((o) => o.conversationId === '19:removed@thread.tacv2')).toMatchObject({ result: 'unsubscribed', reason: expect.stringContaining('MessageWritesBlocked') });
    expect(connector.refused).toHaveLength(1);
    expect(await store.getSubscription('19:removed@thread.tacv2')).toBeUndefined();
    expect(await store.getPost('19:removed@thread.tacv2', DAY)).toBeUndefined();
    expect(await store.getSubscription('19:voice-support@thread.tacv2')).toBeDefined();
    expect(connector.posted.map((p) => p.conversationId)).toEqual(['19:voice-support@thread.tacv2']);
  });

  it('posts nothing and claims nothing when Graph refuses (403), and says why', async () => {
    const store = await storeWith(channel('voice-support'));
    graph.scenario.forbidden = true;
    const run = await runDigest(deps(store));
    expect(run.outcomes[0]).toMatchObject({ result: 'failed', reason: expect.stringContaining('CallRecords.Read.All') });
    expect(connector.posted).toHaveLength(0);
    expect(await store.getPost('19:voice-support@thread.tacv2', DAY)).toBeUndefined();
    graph.scenario.forbidden = false;
    const retry = await runDigest(deps(store));
    expect(retry.outcomes[0]).toMatchObject({ result: 'posted' });
  });

  it('posts a digest for a quiet day, and a day given by hand whatever the time of day', async () => {
    const store = await storeWith(channel('later', '23:00'));
    graph.scenario.directRouting = [];
    graph.scenario.pstn = [];
    const run = await runDigest(deps(store), { day: '2026-11-19' });
    expect(run.outcomes[0]).toMatchObject({ result: 'posted' });
    const card = connector.posted[0]!.activity.attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('No Direct Routing calls started on Thu, 19 Nov 2026');
    await expect(runDigest(deps(store), { day: '2026-02-30' })).rejects.toThrow('not a day');
  });
});
