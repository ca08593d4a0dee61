// The store's contract, run against both backends: Azure Table Storage (through Azurite, the
// emulator, started here) and the local file store.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { FileStore } from '../../src/store/file-store';
import { TableStore } from '../../src/store/table-store';
import type { Store, Subscription } from '../../src/store/types';
import { startAzurite, type Azurite } from '../helpers/azurite';

let azurite: Azurite;
let tmp: string;
let tables = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-store-'));
});
afterAll(async () => {
  await azurite?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// A Teams channel conversation id: ':' '@' ';' '=' in it, and '#' / '?' are tried too.
const CHANNEL = '19:b3c1d2e4f5a6b7c8d9e0f1a2b3c4d5e6@thread.tacv2';
const sub = (conversationId = CHANNEL, over: Partial<Subscription> = {}): Subscription => ({
  conversationId,
  tenantId: '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b',
  teamId: '19:7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b@thread.tacv2',
  channelName: 'Voice support',
  reference: {
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'channel', tenantId: '4a7c2f1e-5b3d-4e6f-8a9b-0c1d2e3f4a5b', isGroup: true },
    bot: { id: '28:3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9', name: 'SIP Doc' },
  },
  timeOfDay: '07:30',
  requestedBy: { id: '29:1yG7', aadObjectId: '6c4f3e2b-91b4-4c3f-9c52-2f0e3a7b1d11', name: 'Adele Vance' },
  requestedAt: '2026-11-20T09:20:11.555Z',
  ...over,
});

const backends: [string, () => Store][] = [
  ['Azure Table Storage (Azurite)', () => new TableStore({ connectionString: azurite.connectionString }, { prefix: `T${++tables}`, allowInsecureConnection: true })],
  ['the local file store', () => new FileStore(path.join(tmp, `store-${++tables}.json`))],
];

describe.each(backends)('%s', (_name, make) => {
  it('keeps, lists, replaces and removes subscriptions', async () => {
    const store = make();
    expect(await store.listSubscriptions()).toEqual([]);
    await store.putSubscription(sub());
    const odd = '19:a#b/c?d\\e@thread.skype';
    await store.putSubscription(sub(odd, { timeOfDay: '06:00' }));
    expect(await store.getSubscription(CHANNEL)).toEqual(sub());
    expect((await store.listSubscriptions()).map((s) => s.conversationId).sort()).toEqual([CHANNEL, odd].sort());
    await store.putSubscription(sub(CHANNEL, { timeOfDay: '09:15' }));
    expect((await store.getSubscription(CHANNEL))?.timeOfDay).toBe('09:15');
    expect(await store.deleteSubscription(CHANNEL)).toBe(true);
    expect(await store.deleteSubscription(CHANNEL)).toBe(false);
    expect(await store.getSubscription(CHANNEL)).toBeUndefined();
    expect((await store.listSubscriptions()).map((s) => s.conversationId)).toEqual([odd]);
  });

  it('lets one of several simultaneous claims of a post win, and records the post', async () => {
    const store = make();
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimPost(CHANNEL, '2026-11-19', '2026-11-20T07:30:00Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.getPost(CHANNEL, '2026-11-19')).toMatchObject({ state: 'claimed' });
    await store.completePost(CHANNEL, '2026-11-19', '2026-11-20T07:30:02Z', 'activity-1');
    expect(await store.getPost(CHANNEL, '2026-11-19')).toEqual({ conversationId: CHANNEL, day: '2026-11-19', state: 'posted', at: '2026-11-20T07:30:02Z', activityId: 'activity-1' });
    expect(await store.claimPost(CHANNEL, '2026-11-19', 'later')).toBe(false);
    // A post once done is not given back; another day is another post.
    await store.releasePost(CHANNEL, '2026-11-19');
    expect(await store.getPost(CHANNEL, '2026-11-19')).toMatchObject({ state: 'posted' });
    expect(await store.claimPost(CHANNEL, '2026-11-20', 'x')).toBe(true);
  });

  it('gives a failed claim back so that the next run tries again', async () => {
    const store = make();
    expect(await store.claimPost(CHANNEL, '2026-11-19', 'x')).toBe(true);
    await store.releasePost(CHANNEL, '2026-11-19');
    expect(await store.getPost(CHANNEL, '2026-11-19')).toBeUndefined();
    expect(await store.claimPost(CHANNEL, '2026-11-19', 'y')).toBe(true);
  });
});

describe('the local file store', () => {
  it('shares one file between two processes safely (two stores, simultaneous claims)', async () => {
    const file = path.join(tmp, 'shared.json');
    const [a, b] = [new FileStore(file), new FileStore(file)];
    const claims = await Promise.all([a, b, a, b].map((s) => s.claimPost(CHANNEL, '2026-11-19', 'x')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await Promise.all([a.putSubscription(sub('19:one@thread.tacv2')), b.putSubscription(sub('19:two@thread.tacv2'))]);
    expect((await a.listSubscriptions()).length).toBe(2);
    // Atomic writes leave no temporary file and no lock behind.
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('shared.json.'))).toEqual([]);
  });

  it('says what to do with a damaged file, and skips a damaged entry', async () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{"subscriptions": {');
    await expect(new FileStore(file).listSubscriptions()).rejects.toThrow(/not valid JSON; fix or remove it/);
    fs.writeFileSync(file, JSON.stringify({ version: 1, subscriptions: { x: { conversationId: 'x' }, [CHANNEL]: sub() }, posts: {} }));
    expect((await new FileStore(file).listSubscriptions()).map((s) => s.conversationId)).toEqual([CHANNEL]);
  });
});

describe('openStore', () => {
  it('uses Table Storage when a connection string is set, else the file', async () => {
    const t = openStore({ SIPDOC_TABLES_CONNECTION_STRING: azurite.connectionString, SIPDOC_TABLE_PREFIX: 'Open1' });
    expect(t.kind).toBe('azure-table');
    await t.putSubscription(sub());
    expect(await t.getSubscription(CHANNEL)).toEqual(sub());
    const f = openStore({ SIPDOC_STORE_FILE: path.join(tmp, 'open.json') });
    expect(f.kind).toBe('file');
    expect(() => openStore({ SIPDOC_TABLES_ACCOUNT_URL: 'http://x.table.core.windows.net' })).toThrow(/https/);
  });
});
