// Shared helpers for the security and ops tests: a mock Bot Framework connector, a free port,
// the real server process spawned the way production starts it, and a pino logger that writes
// to memory.
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log';
export { freePort } from '../helpers/free-port';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
}

export interface MockConnector {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type MockHandler = (req: RecordedRequest, res: http.ServerResponse, index: number) => void;

/** A tiny Bot Framework connector: records every request, answers 200 {"id":"1"} unless `handler` answers. */
export async function startMockConnector(handler?: MockHandler): Promise<MockConnector> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json, at: Date.now() };
      requests.push(rec);
      if (handler) return handler(rec, res, requests.length - 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on (bound then released). */

export interface SpawnedServer {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr match, rejects on timeout or exit. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  kill(): void;
}

/** The real server process, started the way `npm run dev` / production start it (tsx instead of a build). */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test' };
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...clean, MicrosoftAppId: '', MicrosoftAppPassword: '', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    listeners.forEach((l) => l());
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    listeners.forEach((l) => l());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal, at: Date.now() });
      listeners.forEach((l) => l());
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    waitFor(re, ms = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(out) || re.test(err)) {
            done();
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`server exited (${child.exitCode ?? child.signalCode}) before ${re}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${re}\nstdout:\n${out}\nstderr:\n${err}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export interface MemoryLogger {
  log: Logger;
  text(): string;
  lines(): any[];
}

/**
 * A pino logger built with createLogger's options (src/log.ts) but writing to memory.
 * Keep `redact` in step with src/log.ts: the tests below assert on what reaches the stream.
 */
export function memoryLogger(level = 'info'): MemoryLogger {
  let buf = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  // The server's own logger options, writing to memory.
  const log = createLogger(level, stream);
  return {
    log,
    text: () => buf,
    lines: () =>
      buf
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

/** POST JSON to a URL, read JSON (or text) back. */
export async function postJson(
  url: string,
  body: unknown,
  init: { headers?: Record<string, string>; raw?: string | Buffer; timeoutMs?: number } = {},
): Promise<{ status: number; body: any; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, text, ms: performance.now() - started };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How the local OpenID server answers: as Bot Framework does, or as an outage does. */
export type OpenIdMode = 'ok' | 'http-500' | 'hang' | 'not-json' | 'keys-not-a-list' | 'no-rsa-key';

export interface OpenIdKey {
  publicKey: import('node:crypto').KeyObject;
  kid: string;
  endorsements?: string[];
}

export interface LocalOpenId {
  base: string;
  /** The metadata URL of one key set: `/<name>/v1/.well-known/openidconfiguration`. */
  metadataUrl(name: string): string;
  /** Every request, by path. */
  hits: string[];
  setKeys(name: string, keys: OpenIdKey[]): void;
  setMode(name: string, mode: OpenIdMode): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for login.botframework.com: per name, OpenID metadata whose jwks_uri serves
 * that name's keys (with Bot Framework's `endorsements`), or a failure of the chosen kind.
 */
export async function startOpenId(): Promise<LocalOpenId> {
  const keys = new Map<string, OpenIdKey[]>();
  const modes = new Map<string, OpenIdMode>();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    const [, name = '', ...rest] = url.split('/');
    const mode = modes.get(name) ?? 'ok';
    if (mode === 'hang') return; // never answers
    if (mode === 'http-500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('upstream failure');
      return;
    }
    res.setHeader('content-type', 'application/json');
    const path = `/${rest.join('/')}`;
    if (path === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/${name}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (path === '/v1/keys') {
      if (mode === 'not-json') res.end('<html>maintenance</html>');
      else if (mode === 'keys-not-a-list') res.end(JSON.stringify({ keys: 'garbage' }));
      else if (mode === 'no-rsa-key') res.end(JSON.stringify({ keys: [{ kty: 'oct', kid: 'k', k: 'c2VjcmV0' }] }));
      else res.end(JSON.stringify({ keys: (keys.get(name) ?? []).map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, use: 'sig', ...(k.endorsements ? { endorsements: k.endorsements } : {}) })) }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    metadataUrl: (name) => `${base}/${name}/v1/.well-known/openidconfiguration`,
    hits,
    setKeys: (name, k) => keys.set(name, k),
    setMode: (name, mode) => modes.set(name, mode),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The parameterized Bot Framework settings that point the adapter at a local OpenID server. */
export function localCloudEnv(channelMetadataUrl: string, emulatorMetadataUrl: string): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: channelMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: emulatorMetadataUrl,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: 'true',
  };
}
