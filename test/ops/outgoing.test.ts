// The bot's own outgoing calls (its replies to the Bot Framework connector), against local HTTP
// servers that misbehave: one that never answers, one that sends 200 MB, one that answers 500,
// one that asks for an hour's wait, one that redirects. And the open relay of the no-auth mode:
// it listens on 127.0.0.1 and answers only to a loopback serviceUrl.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { limitOutgoingCalls, OUTGOING_DEFAULTS } from '../../src/http/outgoing';
import { isLoopbackHost, isLoopbackUrl } from '../../src/http/service-url';
import { fixture, startTestServer, type TestServer } from '../helpers/server';
import { freePort, postJson, spawnServer } from '../security/support';

interface Connector {
  url: string;
  requests: Array<{ method: string; url: string; at: number }>;
  /** Response body bytes written before the client went away. */
  bytesSent: number;
  close(): Promise<void>;
}

/** A connector that answers with `handler`; records every request. */
async function connector(handler: (req: http.IncomingMessage, res: http.ServerResponse, c: Connector) => void, host = '127.0.0.1'): Promise<Connector> {
  const c: Connector = { url: '', requests: [], bytesSent: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    c.requests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
    req.resume();
    req.on('end', () => handler(req, res, c));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  c.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  c.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return c;
}

const servers: Connector[] = [];
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function misbehaving(kind: 'hang' | 'huge' | 'http-500' | 'retry-after-3600' | 'redirect', target?: Connector) {
  const c = await connector((_req, res, self) => {
    if (kind === 'hang') return; // never answers
    if (kind === 'http-500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"ServiceError","message":"boom"}}');
    } else if (kind === 'retry-after-3600') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3600' });
      res.end('{"error":{"code":"ServiceUnavailable","message":"later"}}');
    } else if (kind === 'redirect') {
      res.writeHead(307, { location: `${target!.url}v3/conversations/x/activities/y` });
      res.end();
    } else {
      // 200 MB of JSON-looking bytes, written as fast as the client reads.
      const total = 200 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
      const pump = () => {
        while (self.bytesSent < total && !res.destroyed) {
          self.bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('close', () => undefined);
      pump();
    }
  });
  servers.push(c);
  return c;
}

/** A message in the normal delivery mode: the reply is POSTed to the serviceUrl. */
const toConnector = (serviceUrl: string) => ({ ...fixture('personal-message'), id: `out-${Math.random()}`, serviceUrl });

describe('outgoing calls to the connector are bounded', () => {
  it('hanging, 200 MB, 500, Retry-After: 3600 and redirecting connectors: each turn ends in seconds, with bounded attempts and no apology sent after', async () => {
    const [hang, huge, failing, later, elsewhere] = await Promise.all([misbehaving('hang'), misbehaving('huge'), misbehaving('http-500'), misbehaving('retry-after-3600'), misbehaving('hang')]);
    const redirect = await misbehaving('redirect', elsewhere);
    const cases = { hang, huge, failing, later, redirect };
    const results = await Promise.all(
      Object.entries(cases).map(async ([name, c]) => {
        const t = performance.now();
        const res = await postJson(`${srv.url}/api/messages`, toConnector(c.url), { timeoutMs: 20_000 }).catch((err: Error) => ({ status: -1, ms: performance.now() - t, error: err.message }));
        return [name, { status: res.status, ms: Math.round(performance.now() - t), attempts: c.requests.length }] as const;
      }),
    );
    const by = Object.fromEntries(results);
    console.info('outgoing limits:', JSON.stringify(by), `200 MB connector sent ${(huge.bytesSent / 1e6).toFixed(0)} MB before the bot hung up`);
    for (const [name, r] of results) expect(r.status, name).toBe(200);
    // The deadline of one call (10 s) bounds every turn, waits included.
    for (const [name, r] of results) expect(r.ms, name).toBeLessThan(12_000);
    expect(by.hang!.attempts).toBe(1);
    expect(by.hang!.ms).toBeGreaterThanOrEqual(4_500);
    expect(by.huge!.attempts).toBe(1);
    expect(huge.bytesSent).toBeLessThan(32 * 1024 * 1024);
    // 500: the first attempt and two retries, all carrying the card (no apology after them).
    expect(by.failing!.attempts).toBe(3);
    // Retry-After above 5 s is not waited for.
    expect(by.later!.attempts).toBe(1);
    expect(by.later!.ms).toBeLessThan(3_000);
    expect(by.redirect!.attempts).toBe(1);
    expect(elsewhere.requests).toHaveLength(0);
  }, 30_000);

  it('Retry-After within 5 s is honoured: 429 then 200 is two attempts about a second apart', async () => {
    let n = 0;
    const c = await connector((_req, res) => {
      if (n++ === 0) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      }
    });
    servers.push(c);
    const res = await postJson(`${srv.url}/api/messages`, toConnector(c.url), { timeoutMs: 15_000 });
    expect(res.status).toBe(200);
    expect(c.requests).toHaveLength(2);
    expect(c.requests[1]!.at - c.requests[0]!.at).toBeGreaterThanOrEqual(900);
  });
});

/** A non-loopback address of this machine, when it has one. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('authentication off: no relay', () => {
  it('loopback is localhost, 127.0.0.0/8 and ::1, however the URL spells them', () => {
    for (const u of ['http://localhost:3978/', 'http://127.0.0.1/', 'http://127.255.0.9:9/', 'http://[::1]:80/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/']) {
      expect(isLoopbackUrl(u), u).toBe(true);
    }
    for (const u of ['http://0.0.0.0/', 'http://128.0.0.1/', 'http://localhost.evil.example/', 'http://evil.example/?localhost', 'http://[::2]/', 'http://10.0.0.1/', 'http://127.0.0.1.nip.io/', 'not a url']) {
      expect(isLoopbackUrl(u), u).toBe(false);
    }
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
  });

  it('the default listening address: 127.0.0.1 with no app id, all interfaces with one, HOST wins', () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    expect(readConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'b' }).host).toBe('0.0.0.0');
    expect(readConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('a message whose serviceUrl is not this machine gets 400 and nothing is sent to it', async () => {
    const away = await connector((_req, res) => res.end('{"id":"1"}'), lanAddress ?? '127.0.0.1');
    servers.push(away);
    const serviceUrl = lanAddress ? away.url : 'https://relay.example/';
    const res = await postJson(`${srv.url}/api/messages`, toConnector(serviceUrl));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/loopback/);
    await new Promise((r) => setTimeout(r, 200));
    expect(away.requests).toHaveLength(0);
    // A loopback serviceUrl is answered there.
    const local = await connector((_req, res) => res.end('{"id":"1"}'));
    servers.push(local);
    expect((await postJson(`${srv.url}/api/messages`, toConnector(local.url))).status).toBe(200);
    expect(local.requests).toHaveLength(1);
  });

  it.skipIf(!lanAddress)('the connector client itself refuses any host but this machine when authentication is off', async () => {
    const away = await connector((_req, res) => res.end('{"id":"1"}'), lanAddress);
    servers.push(away);
    const client = limitOutgoingCalls(new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: away.url }), { ...OUTGOING_DEFAULTS, loopbackOnly: true }, isLoopbackUrl);
    await expect(client.conversations.sendToConversation('a:1', { type: 'message', text: 'x' })).rejects.toMatchObject({ code: 'NOT_LOOPBACK' });
    expect(away.requests).toHaveLength(0);
  });

  it('the real process with no app id and no HOST (as `npm run dev` starts it) listens on 127.0.0.1 only', async () => {
    const port = await freePort();
    const proc = spawnServer({ PORT: String(port), HOST: '' });
    try {
      await proc.waitFor(/SIP Doc listening/, 40_000);
      const listening = proc
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => /SIP Doc listening/.test(l.msg));
      expect(listening).toMatchObject({ host: '127.0.0.1', auth: false });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      if (lanAddress) await expect(fetch(`http://${lanAddress}:${port}/healthz`, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    } finally {
      proc.kill();
    }
  }, 60_000);
});
