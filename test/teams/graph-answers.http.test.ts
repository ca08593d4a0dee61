// "failures last 24h", "daily digest here" and "stop digest" over real HTTP (the restify server and
// the Bot Framework adapter, replies in the HTTP body), with recorded Teams activities, Graph and
// token stand-ins, and the connector stand-in for the team's details.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { readGraphConfig } from '../../src/graph/config';
import { silentLogger } from '../../src/log';
import { createServer, type BotServer } from '../../src/server';
import { FileStore } from '../../src/store/file-store';
import { NOT_CONFIGURED, graphCommand, type GraphAnswers } from '../../src/teams/graph-answers';
import { cardProblems } from '../helpers/card-check';
import { startConnector, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { dayBefore, theDay } from '../helpers/digest-fixtures';
import { graphEnv, startEntra, startGraph, type EntraStandIn, type GraphStandIn } from '../helpers/graph-stand-in';
import { cardActions, cardText, expectingReplies, fixture, repliedCards } from '../helpers/server';

const ADELE = '6c4f3e2b-91b4-4c3f-9c52-2f0e3a7b1d11'; // from.aadObjectId of the recorded activities
const TEAM_THREAD = '19:7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b@thread.tacv2';
const TEAM_GROUP = '02bd9fd6-8f93-4758-87c3-1fb73740a315';
const CHANNEL = '19:b3c1d2e4f5a6b7c8d9e0f1a2b3c4d5e6@thread.tacv2';
const ADMINS = 'a1b2c3d4-0000-4000-8000-00000000ad01';
const NOW = new Date('2026-11-20T07:00:00Z');

let entra: EntraStandIn;
let graph: GraphStandIn;
let connector: ConnectorStandIn;
let tmp: string;
const servers: BotServer[] = [];

beforeAll(async () => {
  [entra, graph, connector] = await Promise.all([startEntra(), startGraph({ directRouting: [...dayBefore, ...theDay] }), startConnector()]);
  connector.teams.set(TEAM_THREAD, TEAM_GROUP);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-graph-answers-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([entra?.close(), graph?.close(), connector?.close()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  graph.scenario.owners = {};
  graph.scenario.groups = {};
  graph.scenario.membersForbidden = false;
});

let n = 0;
async function bot(options: { configured?: boolean; admins?: boolean } = {}) {
  const store = new FileStore(path.join(tmp, `store-${++n}.json`));
  const answers: GraphAnswers = {
    store,
    now: () => NOW,
    ...(options.configured === false ? {} : { graph: readGraphConfig(graphEnv(entra, graph))! }),
    ...(options.admins ? { adminGroupId: ADMINS } : {}),
  };
  const server = createServer({ config: readConfig({ PORT: '0' }), log: silentLogger, graph: answers });
  servers.push(server);
  const port = await server.listen(0, '127.0.0.1');
  const post = async (activity: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(expectingReplies(activity)) });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };
  return { store, post };
}

/** The recorded personal message, saying `text`. */
function personal(text: string) {
  return { ...fixture('personal-message'), text };
}

/** The recorded channel @mention, saying `text` after the mention, in a reply thread of the channel. */
function inChannel(text: string, aadObjectId = ADELE) {
  const a = fixture('channel-mention');
  a.text = `<at>SIP Doc</at> ${text}`;
  a.attachments = [{ contentType: 'text/html', content: `<p><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">SIP Doc</span>&nbsp;${text}</p>` }];
  a.entities = a.entities.filter((e: any) => e.type !== 'mention' || e.mentioned.name === 'SIP Doc');
  a.serviceUrl = connector.serviceUrl;
  a.from = { ...a.from, aadObjectId };
  return a;
}

const texts = (body: any) => (body?.activities ?? []).map((a: any) => a.text ?? '').join('\n');

describe('Graph answers in Teams', () => {
  it('reads the commands people type, and nothing else', () => {
    expect(graphCommand('failures last 24h')).toEqual({ kind: 'failures' });
    expect(graphCommand('Failures in the last 24 hours?')).toEqual({ kind: 'failures' });
    expect(graphCommand('daily digest here')).toEqual({ kind: 'subscribe' });
    expect(graphCommand('daily digest here at 7:30 UTC')).toEqual({ kind: 'subscribe', timeOfDay: '07:30' });
    expect(graphCommand('daily digest here at 25:00')).toEqual({ kind: 'subscribe', badTime: true });
    expect(graphCommand('stop digest')).toEqual({ kind: 'unsubscribe' });
    expect(graphCommand('510559 403 failures last 24h')).toBeUndefined();
    expect(graphCommand('failures last 24h '.repeat(10))).toBeUndefined();
  });

  it('says what to configure when Graph is not set up', async () => {
    const { post } = await bot({ configured: false });
    for (const text of ['failures last 24h', 'daily digest here']) {
      const r = await post(personal(text));
      expect(r.status).toBe(200);
      expect(texts(r.body)).toBe(NOT_CONFIGURED);
    }
  });

  it('answers "failures last 24h" with the report cards for a member of the admin group', async () => {
    const { post } = await bot({ admins: true });
    const refused = await post(personal('failures last 24h'));
    expect(texts(refused.body)).toContain('only in a channel subscribed to the daily digest');
    graph.scenario.groups = { [ADMINS]: [ADELE] };
    const before = graph.callRecordRequests().length;
    const r = await post(personal('failures last 24h'));
    const cards = repliedCards(r.body);
    expect(cards.length).toBeGreaterThan(1);
    for (const c of cards) expect(cardProblems(c)).toEqual([]);
    const summary = cardText(cards[0]);
    expect(summary).toContain('Microsoft Graph call records, 2026-11-19 07:00 to 2026-11-20 07:00 UTC');
    expect(cardText(cards.slice(1))).toContain('569008 / 504');
    expect(r.body.activities[0].summary).toContain('failed calls of');
    // The last 24 hours, to the minute the question was asked.
    const q = graph.callRecordRequests()[before]!.path;
    expect(q).toContain('fromDateTime=2026-11-19T07:00:00Z,toDateTime=2026-11-20T07:00:00Z');
  });

  it('lets a team owner subscribe a channel, and then anyone there ask for the last 24 hours', async () => {
    const { post, store } = await bot();
    const tokensBefore = entra.tokensIssued;
    graph.scenario.owners = { [TEAM_GROUP]: ['0f0f0f0f-1111-4222-8333-444444444444'] };
    const notOwner = await post(inChannel('daily digest here at 7:30'));
    expect(texts(notOwner.body)).toContain('Only the owners of this team');
    expect(await store.listSubscriptions()).toEqual([]);

    graph.scenario.owners = { [TEAM_GROUP]: [ADELE] };
    const r = await post(inChannel('daily digest here at 7:30'));
    expect(texts(r.body)).toContain("This channel gets the daily digest of yesterday's call failures at 07:30 UTC");
    const [s] = await store.listSubscriptions();
    expect(s).toMatchObject({
      conversationId: CHANNEL,
      tenantId: '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b',
      timeOfDay: '07:30',
      requestedBy: { name: 'Adele Vance', aadObjectId: ADELE },
      requestedAt: NOW.toISOString(),
      reference: { serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id: CHANNEL, conversationType: 'channel' }, bot: { id: '28:3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9' } },
    });
    // The owners were read with the documented role filter.
    expect(graph.requests.some((q) => decodeURIComponent(q.path).startsWith(`/v1.0/teams/${TEAM_GROUP}/members?$filter=roles/any(r:r eq 'owner')`))).toBe(true);

    const other = await post(inChannel('failures last 24h', '11111111-2222-4333-8444-555555555555'));
    expect(repliedCards(other.body).length).toBeGreaterThan(1);

    const stopByOther = await post(inChannel('stop digest', '11111111-2222-4333-8444-555555555555'));
    expect(texts(stopByOther.body)).toContain('Only the owners');
    const stop = await post(inChannel('stop digest'));
    expect(texts(stop.body)).toBe('The daily digest for this channel is stopped.');
    expect(await store.listSubscriptions()).toEqual([]);
    // Six questions, one Graph token: the client is kept between turns.
    expect(entra.tokensIssued - tokensBefore).toBe(1);
  });

  it('names the permission when Graph refuses to list the owners', async () => {
    const { post } = await bot();
    graph.scenario.membersForbidden = true;
    const r = await post(inChannel('daily digest here'));
    expect(texts(r.body)).toContain('TeamMember.Read.All');
  });

  it('subscribes only channels, only in the configured tenant', async () => {
    const { post } = await bot();
    expect(texts((await post(personal('daily digest here'))).body)).toContain('The daily digest goes to a channel');
    const other = personal('failures last 24h');
    other.conversation = { ...other.conversation, tenantId: '99999999-8888-4777-8666-555555555555' };
    other.channelData = { tenant: { id: '99999999-8888-4777-8666-555555555555' } };
    expect(texts((await post(other)).body)).toContain('reads the call records of tenant 4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b only');
  });

  it('offers "Failures last 24h" on the welcome card, as a message the user sends', async () => {
    const { post } = await bot();
    const r = await post(personal('help'));
    const [card] = repliedCards(r.body);
    expect(cardProblems(card)).toEqual([]);
    const button = cardActions(card).find((a) => a.title === 'Failures last 24h');
    expect(button?.data).toEqual({ msteams: { type: 'imBack', value: 'failures last 24h' } });
  });
});
