// Connection and work limits over real sockets: idle and half-sent requests are cut, open
// sockets are bounded, large messages beyond the in-flight budget get 503 + Retry-After while
// /healthz stays answered, and an unknown invoke's name is not echoed whole.
import * as http from 'node:http';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_LIMITS } from '../../src/http/limits';
import { fixture, startTestServer, type TestServer } from '../helpers/server';
import { freePort, spawnServer } from '../security/support';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const port = () => Number(new URL(srv.url).port);

/** A raw socket; resolves `closed` with the time the server closed it and what it said. */
function socket(p: number, send?: string) {
  const sock = net.connect(p, '127.0.0.1');
  let received = '';
  sock.on('data', (d) => (received += d.toString()));
  sock.on('error', () => undefined);
  const opened = Date.now();
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => sock.once('close', () => resolve({ afterMs: Date.now() - opened, received })));
  if (send) sock.once('connect', () => sock.write(send));
  return { sock, closed };
}

describe('connections', () => {
  it('Teams-sized timeouts are set: headers 5 s, whole request 10 s, idle keep-alive 5 s, at most 1,000 sockets', () => {
    const s = srv.bot.server.server;
    expect({ headers: s.headersTimeout, request: s.requestTimeout, keepAlive: s.keepAliveTimeout, max: s.maxConnections }).toEqual({
      headers: CONNECTION_LIMITS.headersTimeoutMs,
      request: CONNECTION_LIMITS.requestTimeoutMs,
      keepAlive: CONNECTION_LIMITS.keepAliveTimeoutMs,
      max: CONNECTION_LIMITS.maxConnections,
    });
    expect(CONNECTION_LIMITS.requestTimeoutMs).toBeLessThan(15_000);
  });

  it('200 silent sockets, a half-sent header and a body that trickles in are all closed within the timeouts (408)', async () => {
    const silent = Array.from({ length: 200 }, () => socket(port()));
    const halfHeader = socket(port(), 'POST /api/messages HTTP/1.1\r\nHost: sipdoc\r\nContent-Type: application/json\r\n');
    const body = JSON.stringify(fixture('personal-message'));
    const slowBody = socket(port(), `POST /api/messages HTTP/1.1\r\nHost: sipdoc\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    // One byte a second: never idle, never done.
    let i = 0;
    const trickle = setInterval(() => slowBody.sock.write(body[i++] ?? ' '), 1_000);
    try {
      const results = await Promise.all([...silent.map((s) => s.closed), halfHeader.closed, slowBody.closed]);
      const slow = results.at(-1)!;
      const longest = Math.max(...results.slice(0, -1).map((r) => r.afterMs));
      console.info(`silent and half-header sockets closed within ${longest} ms; the trickling body after ${slow.afterMs} ms`);
      expect(longest).toBeLessThan(CONNECTION_LIMITS.headersTimeoutMs + 2 * CONNECTION_LIMITS.checkIntervalMs + 500);
      expect(slow.afterMs).toBeLessThan(CONNECTION_LIMITS.requestTimeoutMs + 2 * CONNECTION_LIMITS.checkIntervalMs + 500);
      expect(slow.received).toMatch(/^HTTP\/1\.1 408/);
      await expect(halfHeader.closed).resolves.toMatchObject({ received: expect.stringMatching(/^HTTP\/1\.1 408/) });
    } finally {
      clearInterval(trickle);
      for (const s of [...silent, halfHeader, slowBody]) s.sock.destroy();
    }
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  }, 20_000);

  it('sockets beyond 1,000 are closed at once', async () => {
    const connected = (s: ReturnType<typeof socket>) => new Promise((r) => s.sock.once('connect', r));
    const held: Array<ReturnType<typeof socket>> = [];
    try {
      // In batches, so that none waits in the listen backlog.
      for (let i = 0; i < CONNECTION_LIMITS.maxConnections; i += 100) {
        const batch = Array.from({ length: 100 }, () => socket(port()));
        await Promise.all(batch.map(connected));
        held.push(...batch);
      }
      const extra = Array.from({ length: 20 }, () => socket(port()));
      held.push(...extra);
      const closedAtOnce = await Promise.all(extra.map((s) => Promise.race([s.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1_000))])));
      expect(closedAtOnce.filter(Boolean)).toHaveLength(20);
    } finally {
      for (const s of held) s.sock.destroy();
    }
  });
});

describe('work in flight', () => {
  it('an unknown invoke with a 3 MB name: 400 whose reason quotes at most 100 characters of it', async () => {
    const res = await srv.post({ ...fixture('me-query'), name: `x/${'n'.repeat(3 * 1024 * 1024)}` });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('SIP Doc does not handle the invoke');
    expect(JSON.stringify(res.body).length).toBeLessThan(300);
  });

  it('the real process: 12 concurrent 4 MB messages, those beyond the budget get 503 + Retry-After, and /healthz keeps answering', async () => {
    const p = await freePort();
    const proc = spawnServer({ PORT: String(p) });
    try {
      await proc.waitFor(/SIP Doc listening/, 40_000);
      const lines: string[] = [];
      for (let i = 0, size = 0; size < 1_000_000; i++) {
        const l = `2026-11-20 08:01:${String(i % 60).padStart(2, '0')}.123 INFO callId=${i.toString(16)} CallEndReason=403 CallEndSubReason=510559`;
        lines.push(l);
        size += l.length + 1;
      }
      const html = lines.map((l) => `<p style="margin-left:0px;margin-right:0px;margin-top:0px;margin-bottom:0px;"><span style="font-family:Consolas,'Courier New',monospace;font-size:14px;">${l}</span></p>`).join('\n');
      const body = JSON.stringify({ ...fixture('personal-message'), deliveryMode: 'expectReplies', text: lines.join('\n'), attachments: [{ contentType: 'text/html', content: html }] });
      expect(body.length).toBeGreaterThan(3_500_000);
      const probes: number[] = [];
      let probing = true;
      // A new connection per probe, as a liveness probe makes.
      const healthz = () =>
        new Promise<number>((resolve, reject) => {
          http.get({ host: '127.0.0.1', port: p, path: '/healthz', agent: false, timeout: 30_000 }, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0))).on('error', reject);
        });
      const probe = (async () => {
        while (probing) {
          const t = performance.now();
          expect(await healthz()).toBe(200);
          probes.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const results = await Promise.all(
        Array.from({ length: 12 }, async () => {
          try {
            const res = await fetch(`http://127.0.0.1:${p}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
            await res.text();
            return { status: res.status, retryAfter: res.headers.get('retry-after') };
          } catch {
            // A refused request's connection is closed before its body is read: a reset is its answer.
            return { status: -1, retryAfter: null };
          }
        }),
      );
      probing = false;
      await probe;
      const count = (s: number) => results.filter((r) => r.status === s).length;
      console.info(`12 x ${(body.length / 1e6).toFixed(1)} MB: ${count(200)} answered, ${count(503)} 503, ${count(-1)} reset; /healthz ${probes.length} probes, max ${Math.max(...probes).toFixed(0)} ms`);
      expect(count(200)).toBeGreaterThan(0);
      expect(count(503)).toBeGreaterThan(0);
      expect(count(200) + count(503) + count(-1)).toBe(12);
      for (const r of results.filter((x) => x.status === 503)) expect(r.retryAfter).toBe('1');
      expect(probes.length).toBeGreaterThan(0);
    } finally {
      proc.kill();
    }
  }, 60_000);
});
