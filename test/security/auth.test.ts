// Bot Framework authentication over real HTTP, with MicrosoftAppId set.
// The OpenID metadata and signing keys come from a local mock (no internet here): the adapter's
// parameterized auth settings point at it, so botframework-connector uses
// ParameterizedBotFrameworkAuthentication. A channel token is accepted when (see
// botframework-connector/lib/auth/parameterizedBotFrameworkAuthentication.js, jwtTokenExtractor.js):
//   iss == ToBotFromChannelTokenIssuer (checked before the signature), RS256 signature by a JWKS key
//   found by `kid`, not expired (5 min clock tolerance), the key's `endorsements` include the
//   activity's channelId, aud == MicrosoftAppId, `serviceurl` claim == activity.serviceUrl.
// Every rejection must be a 401 and must not run the bot: counted with an adapter middleware,
// which runs for every turn and never for a request that fails authentication.
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { createServer, type BotServer } from '../../src/server';
import { cardText, expectingReplies, fixture, repliedCards, startTestServer } from '../helpers/server';
import { freePort, memoryLogger, postJson, spawnServer } from './support';

const APP_ID = randomUUID();
const OTHER_APP_ID = randomUUID();
const ISSUER = 'https://api.botframework.com';

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const trusted = { ...newKey(), kid: 'sipdoc-test-key-1' };
const skypeOnly = { ...newKey(), kid: 'sipdoc-test-key-skype' };
const unknown = { ...newKey(), kid: 'not-in-the-jwks' };

const jwk = (publicKey: KeyObject, kid: string, endorsements: string[]) => ({
  ...publicKey.export({ format: 'jwk' }),
  kid,
  use: 'sig',
  endorsements,
});

// Started first: the process takes several seconds to load; it boots while the tests below run.
const authOff = freePort().then((port) => Object.assign(spawnServer({ PORT: String(port) }), { port }));

let openId: http.Server;
let openIdHits = 0;
let bot: BotServer;
let url: string;
let turns = 0;
const logs = memoryLogger();

beforeAll(async () => {
  openId = http.createServer((req, res) => {
    openIdHits++;
    const base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          authorization_endpoint: 'https://invalid.example/v1/auth',
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [jwk(trusted.publicKey, trusted.kid, ['msteams']), jwk(skypeOnly.publicKey, skypeOnly.kid, ['skype'])] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
  const metadata = `http://127.0.0.1:${(openId.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;

  const config = readConfig({
    PORT: '0',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'x',
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: metadata,
    ToBotFromEmulatorOpenIdMetadataUrl: metadata,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: ISSUER,
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: 'true',
  });
  expect(Object.keys(config.authSettings)).toHaveLength(8);
  bot = createServer({ config, log: logs.log });
  bot.adapter.use({
    onTurn: async (_context, next) => {
      turns++;
      await next();
    },
  });
  url = `http://127.0.0.1:${await bot.listen(0, '127.0.0.1')}/api/messages`;
});

afterAll(async () => {
  (await authOff).kill();
  await bot?.close();
  await new Promise<void>((resolve) => openId?.close(() => resolve()));
});

const message = () => expectingReplies(fixture('personal-message'));
const SERVICE_URL: string = fixture('personal-message').serviceUrl;

interface TokenOptions {
  key?: KeyObject;
  kid?: string;
  aud?: string;
  iss?: string;
  serviceurl?: string | undefined;
  /** seconds from now */
  exp?: number;
  nbf?: number;
}

function token(o: TokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iss: o.iss ?? ISSUER,
    aud: o.aud ?? APP_ID,
    nbf: now + (o.nbf ?? -60),
    exp: now + (o.exp ?? 3600),
  };
  const serviceurl = 'serviceurl' in o ? o.serviceurl : SERVICE_URL;
  if (serviceurl !== undefined) payload.serviceurl = serviceurl;
  return jwt.sign(payload, o.key ?? trusted.privateKey, { algorithm: 'RS256', keyid: o.kid ?? trusted.kid, noTimestamp: false });
}

/** Posts the "510559 403" message (expectReplies) and reports the status, the body and how many turns ran. */
async function send(authorization: string | undefined, activity: any = message()) {
  const before = turns;
  const res = await postJson(url, activity, { headers: authorization === undefined ? {} : { authorization } });
  return { ...res, turnsRun: turns - before };
}

const expectRejected = (res: { status: number; body: any; turnsRun: number }) => {
  expect(res.status).toBe(401);
  expect(res.turnsRun).toBe(0);
  expect(JSON.stringify(res.body ?? '')).not.toContain('"activities"');
};

describe('authentication with MicrosoftAppId set', () => {
  // The control first: without it the 401s below prove nothing.
  it('CONTROL: a valid channel token (right key, aud = app id, iss, serviceurl, msteams endorsement) gets 200 and the card', async () => {
    const res = await send(`Bearer ${token()}`);
    expect(res.status).toBe(200);
    expect(res.turnsRun).toBe(1);
    const cards = repliedCards(res.body);
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('510559 / 403');
    expect(openIdHits).toBeGreaterThanOrEqual(2); // the metadata and the keys came from the mock
  });

  it('rejects a request with no Authorization header: 401, bot not run', async () => {
    expectRejected(await send(undefined));
  });

  it('rejects an empty / whitespace Authorization header: 401', async () => {
    expectRejected(await send('   '));
  });

  it('rejects a malformed token ("Bearer not-a-jwt"): 401', async () => {
    expectRejected(await send('Bearer not-a-jwt'));
  });

  it('rejects a valid token sent with another scheme ("Basic <jwt>"): 401', async () => {
    expectRejected(await send(`Basic ${token()}`));
  });

  it('rejects a token signed by a key the JWKS does not have (unknown kid): 401', async () => {
    expectRejected(await send(`Bearer ${token({ key: unknown.privateKey, kid: unknown.kid })}`));
  });

  it('rejects a token for another app id (aud = another GUID), correctly signed: 401', async () => {
    expectRejected(await send(`Bearer ${token({ aud: OTHER_APP_ID })}`));
  });

  it('rejects an expired token (expired 10 minutes ago, beyond the 5 minute clock tolerance): 401', async () => {
    expectRejected(await send(`Bearer ${token({ exp: -600, nbf: -7200 })}`));
  });

  it('rejects a token from another issuer: 401', async () => {
    expectRejected(await send(`Bearer ${token({ iss: 'https://sts.windows.net/evil/' })}`));
  });

  it('rejects a token whose serviceurl claim is not the activity serviceUrl: 401', async () => {
    expectRejected(await send(`Bearer ${token({ serviceurl: 'https://evil.example/' })}`));
  });

  it('rejects a token with no serviceurl claim: 401', async () => {
    expectRejected(await send(`Bearer ${token({ serviceurl: undefined })}`));
  });

  it('rejects a token signed by a key endorsed only for another channel (skype) on an msteams activity: 401', async () => {
    expectRejected(await send(`Bearer ${token({ key: skypeOnly.privateKey, kid: skypeOnly.kid })}`));
  });

  const unsignedToken = () => {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, exp: now + 3600 }, '', {
      algorithm: 'none',
      keyid: trusted.kid,
    } as jwt.SignOptions);
  };

  it('an unsigned token (alg "none", trusted kid) never runs the bot', async () => {
    const res = await send(`Bearer ${unsignedToken()}`);
    expect(res.status).not.toBe(200);
    expect(res.turnsRun).toBe(0);
    expect(JSON.stringify(res.body ?? '')).not.toContain('"activities"');
  });

  // jsonwebtoken's own errors ("jwt signature is required", "invalid signature") are refusals too.
  it('rejects an unsigned token (alg "none") with 401, not 500', async () => {
    expectRejected(await send(`Bearer ${unsignedToken()}`));
  });

  it('rejects a forged token (trusted kid, signed with another key) with 401, not 500', async () => {
    const res = await send(`Bearer ${token({ key: unknown.privateKey, kid: trusted.kid })}`);
    expect(res.turnsRun).toBe(0);
    expect(res.status).toBe(401);
  });

  it('a forged token (trusted kid, another key) never runs the bot, whatever the status', async () => {
    const res = await send(`Bearer ${token({ key: unknown.privateKey, kid: trusted.kid })}`);
    expect(res.status).not.toBe(200);
    expect(res.turnsRun).toBe(0);
    expect(JSON.stringify(res.body ?? '')).not.toContain('"activities"');
  });

  it('rejects an invoke (message extension query) with no token too: 401 and no results', async () => {
    const res = await send(undefined, fixture('me-query'));
    expectRejected(res);
    expect(JSON.stringify(res.body ?? '')).not.toContain('composeExtension');
  });

  it('logs the rejected requests with status 401 and never the token', async () => {
    const secretToken = token({ aud: OTHER_APP_ID });
    await send(`Bearer ${secretToken}`);
    const lines = logs.lines().filter((l) => l.msg === 'activity');
    expect(lines.some((l) => l.status === 401)).toBe(true);
    expect(logs.text()).not.toContain(secretToken.split('.')[2]!);
  });
});

describe('authentication off (no MicrosoftAppId)', () => {
  it('answers a message without any Authorization header', async () => {
    const srv = await startTestServer();
    try {
      const res = await srv.post(message());
      expect(res.status).toBe(200);
      expect(cardText(repliedCards(res.body)[0])).toContain('510559 / 403');
    } finally {
      await srv.close();
    }
  });

  it('the real process (main) warns on start that authentication is OFF', async () => {
    const off = await authOff;
    try {
      await off.waitFor(/SIP Doc listening/, 40_000);
      const lines = off
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const warning = lines.find((l) => /authentication is OFF/i.test(l.msg));
      expect(warning, off.stdout()).toBeDefined();
      expect(warning.level).toBe(40); // pino "warn"
      expect(lines.find((l) => /SIP Doc listening/.test(l.msg))?.auth).toBe(false);
      // The warning is true: the process answers a message that carries no token.
      const res = await postJson(`http://127.0.0.1:${off.port}/api/messages`, message());
      expect(res.status).toBe(200);
      expect(repliedCards(res.body)).toHaveLength(1);
    } finally {
      off.kill();
    }
  }, 60_000);
});
