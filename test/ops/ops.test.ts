// Operations over real HTTP: health and readiness, what the logs hold, graceful shutdown of the
// real process, the Bot Framework connector's 429, no network on the message-extension path, one
// reply per answer, and no state between turns (two instances).
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { loadKnowledgeBase } from '../../src/kb/load';
import { createServer } from '../../src/server';
import { startAppInsights } from '../../src/telemetry';
import { cardActions, cardText, expectingReplies, fixture, repliedCards, startTestServer, type TestServer } from '../helpers/server';
import { freePort, memoryLogger, postJson, sleep, spawnServer, startMockConnector } from '../security/support';

// The real process for the shutdown test, started first: it takes several seconds to load.
const proc = freePort().then((port) => Object.assign(spawnServer({ PORT: String(port), LOG_LEVEL: 'info' }), { port }));

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  (await proc).kill();
  await srv?.close();
});

const SECRET = `sipdoc-secret-${randomUUID()}`;
const PHONE = '+1 425 555 0143';

describe('health and readiness', () => {
  it('/healthz is 200 and /readyz is 200 ready with the knowledge base loaded', async () => {
    const health = await fetch(`${srv.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${srv.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; entries: number; draining: boolean };
    expect(body.status).toBe('ready');
    expect(body.entries).toBeGreaterThan(300);
    expect(body.draining).toBe(false);
  });

  /** A raw connection to `s` with a GET /readyz whose headers are half sent: a request in flight. */
  async function requestInFlight(s: TestServer) {
    const sock = net.connect(Number(new URL(s.url).port), '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    let received = '';
    sock.on('data', (d) => (received += d.toString()));
    const ended = new Promise<number>((r) => sock.once('close', () => r(Date.now())));
    sock.write('GET /readyz HTTP/1.1\r\nHost: sipdoc\r\n');
    await sleep(100);
    return { sock, ended, received: () => received, finish: () => sock.write('\r\n') };
  }

  it('once close() starts: /readyz on a connection already open is 503 draining, and a new connection is refused', async () => {
    const s = await startTestServer();
    const c = await requestInFlight(s);
    try {
      void s.close();
      await sleep(50);
      await expect(fetch(`${s.url}/readyz`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
      c.finish();
      for (let i = 0; i < 30 && !c.received().includes('}'); i++) await sleep(50);
      expect(c.received()).toMatch(/^HTTP\/1\.1 503/);
      expect(JSON.parse(c.received().slice(c.received().indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'not ready', draining: true });
    } finally {
      c.sock.destroy();
    }
  });

  // A keep-alive connection with a request in flight must not hold the drain open.
  it('an answer sent while draining says "Connection: close" and close() resolves within 1 s of it', async () => {
    const s = await startTestServer();
    const c = await requestInFlight(s);
    try {
      let closedAt = 0;
      void s.close().then(() => (closedAt = Date.now()));
      await sleep(50);
      c.finish();
      for (let i = 0; i < 30 && !c.received().includes('}'); i++) await sleep(50);
      const answeredAt = Date.now();
      expect(c.received()).toMatch(/^HTTP\/1\.1 503/);
      expect(c.received()).toMatch(/\r\nConnection: close\r\n/i);
      await Promise.race([c.ended, sleep(1_000)]);
      expect(closedAt, 'close() still pending 1 s after the last answer').toBeGreaterThan(0);
      expect(closedAt - answeredAt).toBeLessThan(1_000);
    } finally {
      c.sock.destroy();
    }
  });

  it('a keep-alive client that keeps sending cannot hold close() open (drained within 1.5 s)', async () => {
    const s = await startTestServer();
    const c = await requestInFlight(s);
    let closed = false;
    void s.close().then(() => (closed = true));
    c.finish();
    try {
      for (let i = 0; i < 5 && !closed && !c.sock.destroyed; i++) {
        await sleep(300);
        if (!c.sock.destroyed) c.sock.write('GET /readyz HTTP/1.1\r\nHost: sipdoc\r\n\r\n');
      }
      await sleep(100);
      expect(closed).toBe(true);
    } finally {
      c.sock.destroy();
    }
  });
});

describe('logs', () => {
  const sensitive = (over: Record<string, unknown> = {}) => ({
    ...fixture('personal-message'),
    id: `act-${randomUUID()}`,
    conversation: { ...fixture('personal-message').conversation, id: `a:conv-${randomUUID()}` },
    text: `510559 403 customer Contoso ${SECRET} called ${PHONE}`,
    deliveryMode: 'expectReplies',
    ...over,
  });

  it('info lines carry the activity and conversation ids; the pasted text (a secret, a phone number) is nowhere', async () => {
    const logs = memoryLogger('info');
    const bot = createServer({ config: readConfig({ PORT: '0' }), log: logs.log });
    const url = `http://127.0.0.1:${await bot.listen(0, '127.0.0.1')}/api/messages`;
    try {
      const a = sensitive();
      const res = await postJson(url, a);
      expect(res.status).toBe(200);
      expect(cardText(repliedCards(res.body)[0])).toContain('510559 / 403');
      const line = logs.lines().find((l) => l.msg === 'activity' && l.activityId === a.id);
      expect(line, logs.text()).toBeDefined();
      expect(line).toMatchObject({ level: 30, service: 'sipdoc', conversationId: a.conversation.id, type: 'message', status: 200 });
      expect(typeof line.ms).toBe('number');
      expect(logs.text()).not.toContain(SECRET);
      expect(logs.text()).not.toContain(PHONE);
      expect(logs.text()).not.toContain('Contoso');
    } finally {
      await bot.close();
    }
  });

  it('at trace level, on a failed turn and on a message-extension query, the text is still nowhere', async () => {
    const logs = memoryLogger('trace');
    // A knowledge base whose word search throws on the message below: a turn that fails inside the bot.
    const kb = loadKnowledgeBase();
    const search = kb.search.bind(kb);
    kb.search = (text, limit) => {
      if (text.includes('fail for')) throw new Error('search index unavailable');
      return search(text, limit);
    };
    const bot = createServer({ config: readConfig({ PORT: '0' }), log: logs.log, kb });
    const url = `http://127.0.0.1:${await bot.listen(0, '127.0.0.1')}/api/messages`;
    try {
      expect((await postJson(url, sensitive())).status).toBe(200);
      const failed = sensitive({ text: `why does ${SECRET} fail for ${PHONE}` });
      const res = await postJson(url, failed);
      expect(res.status).toBe(200);
      expect(res.body.activities[0].text).toContain('could not answer');
      const query = { ...fixture('me-query'), id: `f:${randomUUID()}` };
      query.value.parameters = [{ name: 'query', value: `${SECRET} ${PHONE}` }];
      expect((await postJson(url, query)).status).toBe(200);
      const lines = logs.lines();
      expect(lines.some((l) => l.msg === 'turn failed' && l.activityId === failed.id && l.level === 50)).toBe(true);
      expect(lines.some((l) => l.msg === 'activity' && l.activityId === query.id)).toBe(true);
      expect(lines.some((l) => l.level < 30), 'debug lines were written').toBe(true);
      expect(logs.text()).not.toContain(SECRET);
      expect(logs.text()).not.toContain(PHONE);
    } finally {
      await bot.close();
    }
  });
});

/** POST whose body is sent in two halves; resolves with the response. */
function slowPost(port: number, body: string) {
  const agent = new http.Agent({ keepAlive: true });
  const req = http.request({ host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { response, finish: () => req.end(body.slice(half)) };
}

describe('graceful shutdown of the real process (node --require tsx/cjs src/server.ts)', () => {
  it('SIGTERM: the request in flight still gets its answer, new connections are refused, exit code 0', async () => {
    const p = await proc;
    await p.waitFor(/SIP Doc listening/, 40_000);
    const base = `http://127.0.0.1:${p.port}`;

    // The real logger (createLogger) on stdout: the pasted text never reaches it.
    const logged = { ...expectingReplies(fixture('personal-message')), id: `act-${randomUUID()}`, text: `510559 403 ${SECRET} ${PHONE}` };
    expect((await postJson(`${base}/api/messages`, logged)).status).toBe(200);

    const inFlight = slowPost(p.port, JSON.stringify(expectingReplies({ ...fixture('personal-message'), id: 'in-flight-1' })));
    await sleep(100);
    const signalled = Date.now();
    p.child.kill('SIGTERM');
    await p.waitFor(/shutting down/, 5_000);
    await sleep(200);
    // A new connection after the signal is refused.
    await expect(fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    expect(p.child.exitCode).toBeNull();
    inFlight.finish();
    const res = await inFlight.response;
    expect(res.status).toBe(200);
    expect(cardText(repliedCards(res.body)[0])).toContain('510559 / 403');

    const exit = await Promise.race([p.exited, sleep(8_000).then(() => undefined)]);
    expect(exit, `still running 8 s after SIGTERM\n${p.stdout()}`).toBeDefined();
    expect(exit!.code).toBe(0);
    console.info(`graceful shutdown: exited ${exit!.at - signalled} ms after SIGTERM`);
    expect(exit!.at - signalled).toBeLessThan(5_000);

    const lines = p
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'activity' && l.activityId === logged.id)).toMatchObject({ status: 200, conversationId: logged.conversation.id });
    expect(lines.find((l) => l.msg === 'activity' && l.activityId === 'in-flight-1')).toMatchObject({ status: 200 });
    expect(p.stdout() + p.stderr()).not.toContain(SECRET);
    expect(p.stdout() + p.stderr()).not.toContain(PHONE);
  }, 60_000);
});

describe('the Bot Framework connector', () => {
  it('a 429 with Retry-After: 1 on the reply is retried once, about 1 s later, and the retry carries the card', async () => {
    const connector = await startMockConnector((req, res, i) => {
      if (i === 0) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end('{"error":{"code":"TooManyRequests","message":"slow down"}}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      }
    });
    try {
      const a = { ...fixture('personal-message'), serviceUrl: connector.url };
      const res = await postJson(`${srv.url}/api/messages`, a, { timeoutMs: 15_000 });
      expect(res.status).toBe(200);
      const posts = connector.requests;
      expect(posts).toHaveLength(2);
      const path = `/v3/conversations/${encodeURIComponent(a.conversation.id)}/activities/${encodeURIComponent(a.id)}`;
      for (const p of posts) {
        expect(p.method).toBe('POST');
        expect(p.url).toBe(path);
      }
      const gap = posts[1]!.at - posts[0]!.at;
      console.info(`429 retry: second attempt ${gap} ms after the first`);
      expect(gap).toBeGreaterThanOrEqual(900);
      expect(gap).toBeLessThan(5_000);
      expect(posts[1]!.json.replyToId).toBe(a.id);
      expect(cardText(posts[1]!.json.attachments[0].content)).toContain('510559 / 403');
    } finally {
      await connector.close();
    }
  });

  it('one reply per answer: a pasted multi-failure log is ONE POST to the connector (a carousel)', async () => {
    const connector = await startMockConnector();
    try {
      const res = await postJson(`${srv.url}/api/messages`, { ...fixture('pasted-log-html'), serviceUrl: connector.url });
      expect(res.status).toBe(200);
      expect(connector.requests).toHaveLength(1);
      const reply = connector.requests[0]!.json;
      expect(reply.attachmentLayout).toBe('carousel');
      expect(reply.attachments.length).toBeGreaterThanOrEqual(3);
      expect(reply.attachments.map((x: any) => cardText(x.content)).join('\n')).toContain('569008 / 504');
    } finally {
      await connector.close();
    }
  });

  it('a message-extension query never waits on the network: serviceUrl on a closed port, 200 with results in < 1 s', async () => {
    const closed = await freePort();
    const a = { ...fixture('me-query'), serviceUrl: `http://127.0.0.1:${closed}/` };
    await postJson(`${srv.url}/api/messages`, a); // warm
    const res = await postJson(`${srv.url}/api/messages`, a, { timeoutMs: 5_000 });
    expect(res.status).toBe(200);
    expect(res.body.composeExtension.attachments.length).toBeGreaterThan(0);
    expect(res.ms).toBeLessThan(1_000);
  });
});

describe('scale-out: no state between turns', () => {
  let b: TestServer;
  beforeAll(async () => {
    b = await startTestServer();
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the "Other codes with SIP 403" button of instance A is answered by instance B', async () => {
    const fromA = await srv.post(expectingReplies(fixture('personal-message')));
    const button = cardActions(repliedCards(fromA.body)[0]).find((x) => x.type === 'Action.Submit' && x.title === 'Other codes with SIP 403');
    expect(button).toBeDefined();
    const onB = await b.post(expectingReplies({ ...fixture('card-submit'), id: `submit-${randomUUID()}`, value: button.data }));
    expect(onB.status).toBe(200);
    const text = cardText(repliedCards(onB.body)[0]);
    expect(text).toMatch(/Microsoft documents \d+ codes with SIP 403/);
    expect(text).toContain('510559 / 403');
    expect(text).toContain('560403 / 403');
  });

  it('every Action.Submit of A\'s cards for a pasted log is answered by B with a card', async () => {
    const fromA = await srv.post(expectingReplies(fixture('pasted-log-html')));
    const submits = repliedCards(fromA.body).flatMap(cardActions).filter((x) => x.type === 'Action.Submit');
    expect(submits.length).toBeGreaterThan(3);
    for (const s of submits) {
      const onB = await b.post(expectingReplies({ ...fixture('card-submit'), value: s.data }));
      expect(onB.status, s.title).toBe(200);
      expect(repliedCards(onB.body).length, `${s.title} ${JSON.stringify(s.data)}`).toBeGreaterThan(0);
    }
  });

  it('a card inserted from a message-extension search on A has buttons that B answers', async () => {
    const q = fixture('me-query');
    q.value.parameters = [{ name: 'query', value: '569008' }];
    const fromA = await srv.post(q);
    expect(fromA.status).toBe(200);
    // Picking a result inserts its attachment as it is: the full card from A.
    const inserted = fromA.body.composeExtension.attachments[0].content;
    const button = cardActions(inserted).find((a) => a.type === 'Action.Submit' && a.data?.verb === 'sip-codes');
    expect(button?.data).toEqual({ verb: 'sip-codes', sip: 504 });
    const onB = await b.post(expectingReplies({ ...fixture('card-submit'), value: button.data }));
    expect(onB.status).toBe(200);
    expect(cardText(repliedCards(onB.body)[0])).toMatch(/Microsoft documents \d+ codes with SIP 504/);
  });
});

describe('Application Insights', () => {
  it('is off without a connection string, and a missing package only warns', async () => {
    const logs = memoryLogger('info');
    expect(startAppInsights('', logs.log)).toBe(false);
    expect(logs.lines()).toEqual([]);
    // The package is not a dependency: with a connection string the server warns and carries on.
    let installed = true;
    try {
      require.resolve('applicationinsights');
    } catch {
      installed = false;
    }
    if (!installed) {
      expect(startAppInsights('InstrumentationKey=00000000-0000-0000-0000-000000000000', logs.log)).toBe(false);
      expect(logs.lines().some((l) => l.level === 40 && /applicationinsights/.test(l.msg))).toBe(true);
    }
  });
});
