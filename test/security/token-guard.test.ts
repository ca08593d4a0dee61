// The token check in front of the Bot Framework SDK, over real HTTP with MicrosoftAppId set and
// the signing keys served by a local OpenID server (test/security/support.ts: startOpenId).
//   - forged tokens never reach the SDK: its module-global Emulator issuer list does not grow
//   - Emulator-shaped tokens are refused unless ALLOW_EMULATOR_TOKENS=true, and then answered
//     only on a loopback serviceUrl; a blank channelId or a missing serviceUrl is 400
//   - an OpenID endpoint that is down, failing, hanging or answering garbage gives 503 with
//     Retry-After, one fetch serves concurrent requests, and a malformed key list is not kept
//   - the real process writes no key, PEM or stack trace to stderr, and logged fields are capped
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { EmulatorValidation } from 'botframework-connector';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { tokenPolicy } from '../../src/http/auth-guard';
import { KEY_SET_DEFAULTS, keySetFor } from '../../src/http/openid-keys';
import { createServer, type BotServer } from '../../src/server';
import { cardText, expectingReplies, fixture, repliedCards } from '../helpers/server';
import { freePort, localCloudEnv, memoryLogger, postJson, spawnServer, startMockConnector, startOpenId, type LocalOpenId, type MockConnector } from './support';

const APP_ID = randomUUID();
const CHANNEL_ISSUER = 'https://api.botframework.com';
// One of the issuers the SDK accepts for Bot Framework Emulator tokens.
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const channelKey = { ...rsa(), kid: 'channel-key-1' };
const emulatorKey = { ...rsa(), kid: 'emulator-key-1' };
const strangerKey = rsa();

let openId: LocalOpenId;
let connector: MockConnector;
const env = (extra: Record<string, string> = {}) => ({
  PORT: '0',
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'x',
  ...localCloudEnv(openId.metadataUrl('channel'), openId.metadataUrl('emulator')),
  ...extra,
});

interface Started {
  bot: BotServer;
  url: string;
  turns: () => number;
}
const started: Started[] = [];
async function start(extra: Record<string, string> = {}, log = memoryLogger().log): Promise<Started> {
  const bot = createServer({ config: readConfig(env(extra)), log });
  let turns = 0;
  bot.adapter.use({
    onTurn: async (_c, next) => {
      turns++;
      await next();
    },
  });
  const s = { bot, url: `http://127.0.0.1:${await bot.listen(0, '127.0.0.1')}/api/messages`, turns: () => turns };
  started.push(s);
  return s;
}

let strict: Started;
let emulatorOn: Started;

beforeAll(async () => {
  openId = await startOpenId();
  openId.setKeys('channel', [{ publicKey: channelKey.publicKey, kid: channelKey.kid, endorsements: ['msteams'] }]);
  // Entra ID's keys carry no endorsements: a token signed by them passes the SDK's channel check.
  openId.setKeys('emulator', [{ publicKey: emulatorKey.publicKey, kid: emulatorKey.kid }]);
  connector = await startMockConnector();
  strict = await start();
  emulatorOn = await start({ ALLOW_EMULATOR_TOKENS: 'true' });
});

afterAll(async () => {
  for (const s of started) await s.bot.close();
  await connector?.close();
  await openId?.close();
});

const SERVICE_URL: string = fixture('personal-message').serviceUrl;
const now = () => Math.floor(Date.now() / 1000);

function channelToken(over: Record<string, unknown> = {}, key: KeyObject = channelKey.privateKey, kid = channelKey.kid): string {
  return jwt.sign({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now() - 60, exp: now() + 3600, ...over }, key, { algorithm: 'RS256', keyid: kid });
}

/** What the Bot Framework Emulator sends: an Entra ID token for the bot's own app id, no serviceurl. */
function emulatorToken(over: Record<string, unknown> = {}): string {
  return jwt.sign(
    { iss: EMULATOR_ISSUER, aud: APP_ID, appid: APP_ID, ver: '1.0', tid: 'd6d49420-f39b-4df7-a1dc-d59a935871db', nbf: now() - 60, exp: now() + 3600, ...over },
    emulatorKey.privateKey,
    { algorithm: 'RS256', keyid: emulatorKey.kid },
  );
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned token with a random 11,000-character tid, as in the memory attack. */
const forgedTid = (iss: string) => `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64({ iss, aud: APP_ID, tid: randomBytes(5_500).toString('hex') })}.${randomBytes(64).toString('base64url')}`;

async function send(s: Started, token: string | undefined, activity: any = expectingReplies(fixture('personal-message'))) {
  const before = s.turns();
  const res = await postJson(s.url, activity, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, timeoutMs: 15_000 });
  return { ...res, turnsRun: s.turns() - before };
}

describe('the token check before the SDK', () => {
  it('takes the channel issuer and key endpoint of the configured cloud', () => {
    const id = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' };
    const of = (e: Record<string, string>) => {
      const p = tokenPolicy(readConfig({ ...id, ...e }));
      return { issuer: p.channel.issuer, keys: p.channel.keys.metadataUrl, emulator: p.emulator?.keys.metadataUrl };
    };
    expect(of({})).toEqual({ issuer: 'https://api.botframework.com', keys: 'https://login.botframework.com/v1/.well-known/openidconfiguration', emulator: undefined });
    expect(of({ ChannelService: 'https://botframework.azure.us' })).toMatchObject({ issuer: 'https://api.botframework.us', keys: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' });
    expect(of({ ...localCloudEnv('http://127.0.0.1:1/c', 'http://127.0.0.1:1/e'), ToBotFromChannelTokenIssuer: 'https://issuer.example', ALLOW_EMULATOR_TOKENS: 'true' })).toEqual({
      issuer: 'https://issuer.example',
      keys: 'http://127.0.0.1:1/c',
      emulator: 'http://127.0.0.1:1/e',
    });
  });

  it('CONTROL: a valid channel token gets 200 and the card; so does a valid Emulator token on a loopback serviceUrl when enabled', async () => {
    const res = await send(strict, channelToken());
    expect(res.status).toBe(200);
    expect(cardText(repliedCards(res.body)[0])).toContain('510559 / 403');
    const local = { ...expectingReplies(fixture('personal-message')), channelId: 'emulator', serviceUrl: connector.url };
    const emu = await send(emulatorOn, emulatorToken(), local);
    expect(emu.status).toBe(200);
    expect(emu.turnsRun).toBe(1);
    expect(repliedCards(emu.body)).toHaveLength(1);
  });

  it("forged tokens with random 11,000-character tid claims: all 401, and the SDK's Emulator issuer list does not grow", async () => {
    const issuers = EmulatorValidation.ToBotFromEmulatorTokenValidationParameters.issuer as string[];
    const before = issuers.length;
    const statuses = new Map<number, number>();
    const jobs = Array.from({ length: 300 }, (_, i) => i);
    let turns = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
          // Both servers, and both an unknown issuer and the Emulator's own.
          const res = await send(i % 2 ? strict : emulatorOn, forgedTid(i % 3 ? 'x' : EMULATOR_ISSUER), fixture('personal-message'));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          turns += res.turnsRun;
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 401: 300 });
    expect(turns).toBe(0);
    expect(issuers.length - before, 'issuers the SDK added for unverified tids').toBe(0);
  });

  it('an Emulator-shaped token for this app id, with an attacker serviceUrl and a made-up channel: 401, no turn, nothing sent', async () => {
    const attacker = { ...fixture('personal-message'), channelId: 'made-up-channel', serviceUrl: connector.url };
    const posts = connector.requests.length;
    for (const activity of [expectingReplies(attacker), attacker]) {
      const res = await send(strict, emulatorToken(), activity);
      expect(res.status).toBe(401);
      expect(res.turnsRun).toBe(0);
      expect(JSON.stringify(res.body)).not.toContain('activities');
    }
    expect(connector.requests.length - posts).toBe(0);
  });

  it('with ALLOW_EMULATOR_TOKENS=true an Emulator token is still refused for a serviceUrl off this machine, or for another app id', async () => {
    const away = await send(emulatorOn, emulatorToken(), { ...expectingReplies(fixture('personal-message')), channelId: 'emulator', serviceUrl: 'https://relay.example/' });
    expect(away.status).toBe(401);
    expect(away.turnsRun).toBe(0);
    const other = await send(emulatorOn, emulatorToken({ appid: randomUUID() }), { ...expectingReplies(fixture('personal-message')), serviceUrl: connector.url });
    expect(other.status).toBe(401);
  });

  it.each([
    ['a blank channelId', { channelId: ' \t ' }, /channelId/],
    ['no serviceUrl', { serviceUrl: undefined }, /serviceUrl/],
    ['an empty serviceUrl', { serviceUrl: '' }, /serviceUrl/],
    ['a plain-http serviceUrl off this machine', { serviceUrl: 'http://relay.example/' }, /https/],
    ['a serviceUrl with a password', { serviceUrl: 'https://user:pw@smba.trafficmanager.net/emea/' }, /password/],
    ['a serviceUrl that is not a URL', { serviceUrl: 'smba.trafficmanager.net' }, /not a valid URL/],
  ])('%s with a valid channel token: 400, no turn', async (_label, over, reason) => {
    const activity = JSON.parse(JSON.stringify({ ...expectingReplies(fixture('personal-message')), ...over }));
    const token = channelToken(activity.serviceUrl ? { serviceurl: activity.serviceUrl } : {});
    const res = await send(strict, token, activity);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(reason);
    expect(res.turnsRun).toBe(0);
  });

  it('a skill token (another bot calling this one) is refused: SIP Doc is not a skill', async () => {
    const res = await send(strict, channelToken({ ver: '1.0', appid: randomUUID() }));
    expect(res.status).toBe(401);
    expect(res.turnsRun).toBe(0);
  });

  it('a token longer than 8 KB is refused without being decoded', async () => {
    const res = await send(strict, channelToken({ pad: 'x'.repeat(9000) }));
    expect(res.status).toBe(401);
  });
});

describe('OpenID and key endpoint failures', () => {
  /** A server whose channel keys come from `/<name>/...` of the local OpenID server, seen by nobody before. */
  async function serverFor(name: string, metadataUrl = openId.metadataUrl(name)) {
    keySetFor(metadataUrl, { ...KEY_SET_DEFAULTS, retryAfterMs: 300 });
    openId.setKeys(name, [{ publicKey: channelKey.publicKey, kid: channelKey.kid, endorsements: ['msteams'] }]);
    return start({ ...localCloudEnv(metadataUrl, openId.metadataUrl('emulator')) });
  }
  const fetchesOf = (name: string) => openId.hits.filter((h) => h.startsWith(`/${name}/`));

  const expect503 = (res: { status: number; turnsRun: number }, headers?: Headers) => {
    expect(res.status).toBe(503);
    expect(res.turnsRun).toBe(0);
    if (headers) expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
  };

  async function sendRaw(s: Started, token: string) {
    const before = s.turns();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(expectingReplies(fixture('personal-message'))),
      signal: AbortSignal.timeout(8_000),
    });
    await res.text();
    return { status: res.status, headers: res.headers, turnsRun: s.turns() - before };
  }

  it('an unreachable endpoint (closed port): 503 with Retry-After, not 500', async () => {
    const s = await serverFor('unreachable', `http://127.0.0.1:${await freePort()}/v1/.well-known/openidconfiguration`);
    const res = await sendRaw(s, channelToken());
    expect503(res, res.headers);
  });

  it('an upstream 500: 503 with Retry-After, not 401', async () => {
    openId.setMode('down', 'http-500');
    const s = await serverFor('down');
    const res = await sendRaw(s, channelToken());
    expect503(res, res.headers);
  });

  it('an endpoint that never answers: 503 within the 5 s fetch timeout, not a hanging request', async () => {
    openId.setMode('hanging', 'hang');
    const s = await serverFor('hanging');
    const t = performance.now();
    const res = await sendRaw(s, channelToken());
    const ms = performance.now() - t;
    console.info(`hanging key endpoint: answered ${res.status} after ${ms.toFixed(0)} ms`);
    expect503(res, res.headers);
    expect(ms).toBeLessThan(7_500);
  });

  it.each(['not-json', 'keys-not-a-list', 'no-rsa-key'] as const)('a malformed key list (%s): 503, and it is not kept once the endpoint is fixed', async (mode) => {
    const name = `malformed-${mode}`;
    openId.setMode(name, mode);
    const s = await serverFor(name);
    expect503(await sendRaw(s, channelToken()));
    openId.setMode(name, 'ok');
    await new Promise((r) => setTimeout(r, 400));
    const res = await sendRaw(s, channelToken());
    expect(res.status).toBe(200);
    expect(res.turnsRun).toBe(1);
  });

  it('20 concurrent requests on a cold key set: one fetch of the metadata and one of the keys, all answered', async () => {
    const s = await serverFor('concurrent');
    const results = await Promise.all(Array.from({ length: 20 }, () => sendRaw(s, channelToken())));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(fetchesOf('concurrent')).toEqual(['/concurrent/v1/.well-known/openidconfiguration', '/concurrent/v1/keys']);
  });
});

describe('what reaches the logs and stderr', () => {
  it('an unauthenticated 3.6 MB activity with 1.2 MB id, conversation.id and type writes a few hundred bytes of log, not megabytes', async () => {
    const logs = memoryLogger();
    const s = await start({}, logs.log);
    const big = (c: string) => c.repeat(1_200_000);
    const activity = { ...fixture('personal-message'), id: big('i'), type: big('t'), conversation: { id: big('c') } };
    const res = await send(s, forgedTid('x'), activity);
    expect(res.status).toBe(401);
    console.info(`log written for the 3.6 MB activity: ${logs.text().length} bytes`);
    expect(logs.text().length).toBeLessThan(4_000);
    expect(logs.lines().find((l) => l.msg === 'activity')).toMatchObject({ status: 401, activityId: expect.stringContaining('(1200000 characters)') });
  });

  it('the real process: refused tokens of every kind put no key, PEM, JWT error or stack trace on stderr', async () => {
    const port = await freePort();
    const proc = spawnServer({ PORT: String(port), MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', LOG_LEVEL: 'info', ...localCloudEnv(openId.metadataUrl('channel'), openId.metadataUrl('emulator')) });
    try {
      await proc.waitFor(/SIP Doc listening/, 40_000);
      const url = `http://127.0.0.1:${port}/api/messages`;
      const tokens: Array<[string, string, number]> = [
        ['valid', channelToken(), 200],
        ['expired', channelToken({ exp: now() - 900, nbf: now() - 7200 }), 401],
        ['signed by another key, trusted kid', channelToken({}, strangerKey.privateKey), 401],
        ['for another app id', channelToken({ aud: randomUUID() }), 401],
        ['unknown kid', channelToken({}, strangerKey.privateKey, 'nobody'), 401],
        ['serviceurl of another host', channelToken({ serviceurl: 'https://relay.example/' }), 401],
        ['Emulator-shaped', emulatorToken(), 401],
        ['forged tid', forgedTid(EMULATOR_ISSUER), 401],
        ['alg none', jwt.sign({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL }, '', { algorithm: 'none' } as jwt.SignOptions), 401],
      ];
      for (const [label, token, status] of tokens) {
        const res = await postJson(url, expectingReplies(fixture('personal-message')), { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, label).toBe(status);
      }
      await new Promise((r) => setTimeout(r, 300));
      const stderr = proc
        .stderr()
        .split('\n')
        .filter((l) => l.trim() && !/DEP0111|trace-deprecation/.test(l))
        .join('\n');
      expect(stderr).toBe('');
      expect(proc.stdout()).not.toMatch(/BEGIN (RSA )?PUBLIC KEY|\n\s+at /);
      const lines = proc
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.msg === 'activity').map((l) => l.status)).toEqual(tokens.map((t) => t[2]));
    } finally {
      proc.kill();
    }
  }, 60_000);
});
