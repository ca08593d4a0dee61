// `npm run dev` as a newcomer runs it, on a machine with no browser opener: the real script, its
// real children (the bot and the Microsoft 365 Agents Playground), free ports, and a PATH that
// holds every program of this machine's PATH except the browser openers (xdg-open, wslview,
// open). Debian's chromium package brings xdg-open into /usr/bin, next to node and npm, so the
// directories can't simply be left out.
//
// The message goes through the Playground's own web API (internal, pinned with the Playground's
// version in package.json): POST /_conversation/v1/conversations/:id/messages, replies on the
// WebSocket /_ws_conversation/v1/conversations/stream as { action: "createMessage", message }.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port';

const ROOT = path.join(__dirname, '..');
const OPENERS = new Set(['xdg-open', 'wslview', 'open']);
const START_MS = 90_000;


/** A directory of links to every program on the PATH except the browser openers. */
function pathWithoutOpeners(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-no-opener-'));
  for (const from of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[];
    try {
      names = fs.readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      const target = path.join(from, name);
      const link = path.join(dir, name);
      if (OPENERS.has(name) || fs.existsSync(link)) continue;
      try {
        const st = fs.statSync(target);
        if (st.isFile() && st.mode & 0o111) fs.symlinkSync(target, link);
      } catch {
        // a dangling link or an unreadable entry: not a program to keep
      }
    }
  }
  return dir;
}

interface Dev {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Dev[] = [];

/** `npm run dev` in its own process group (the way a terminal runs it), output kept. */
function startDev(env: NodeJS.ProcessEnv): Dev {
  const proc = spawn(path.join(env.PATH!, 'npm'), ['run', 'dev'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const dev = { proc, out: () => out, exited };
  running.push(dev);
  return dev;
}

function signalGroup(dev: Dev, signal: NodeJS.Signals) {
  try {
    process.kill(-dev.proc.pid!, signal);
  } catch {
    // already gone
  }
}

async function waitFor<T>(what: string, dev: Dev, check: () => T | undefined | Promise<T | undefined>, ms = START_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (dev.proc.exitCode !== null || dev.proc.signalCode !== null) throw new Error(`npm run dev exited before ${what}:\n${dev.out()}`);
    if (Date.now() > deadline) throw new Error(`No ${what} within ${ms} ms:\n${dev.out()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exitWithin(dev: Dev, ms = START_MS) {
  return Promise.race([dev.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`npm run dev still running:\n${dev.out()}`)), ms))]);
}

/** The processes of a process group, from /proc (Linux). */
function processesInGroup(pgid: number): Array<{ pid: number; cmdline: string }> {
  const out: Array<{ pid: number; cmdline: string }> = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing bracket.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      out.push({ pid: Number(name), cmdline: fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

let bin: string;
let baseEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  bin = pathWithoutOpeners();
  baseEnv = { ...process.env, PATH: bin };
  // Not under CI, so that dev's own choice is tested: it must find no opener on this PATH.
  delete baseEnv.CI;
});

afterEach(async () => {
  for (const dev of running.splice(0)) {
    if (dev.proc.exitCode === null && dev.proc.signalCode === null) {
      signalGroup(dev, 'SIGKILL');
      await dev.exited;
    }
  }
});

afterAll(() => {
  fs.rmSync(bin, { recursive: true, force: true });
});

describe('npm run dev without a browser opener', () => {
  it('the PATH under test has node and npm and no opener', () => {
    for (const name of OPENERS) expect(fs.existsSync(path.join(bin, name))).toBe(false);
    expect(fs.existsSync(path.join(bin, 'node'))).toBe(true);
    expect(fs.existsSync(path.join(bin, 'npm'))).toBe(true);
  });

  it(
    'keeps both running, prints the address, and the bot answers a message sent through the Playground; Ctrl+C stops both cleanly',
    async () => {
      const [botPort, pgPort] = [await freePort(), await freePort()];
      const dev = startDev({ ...baseEnv, PORT: String(botPort), PLAYGROUND_PORT: String(pgPort) });
      await waitFor('the "open" line', dev, () => (dev.out().includes(`Open http://localhost:${pgPort}`) ? true : undefined));
      expect(dev.out()).not.toMatch(/Opening http/);
      // A clean terminal: no deprecation warning from restify (src/warnings.ts).
      expect(dev.out()).not.toContain('DeprecationWarning');

      const config = (await (await fetch(`http://127.0.0.1:${pgPort}/_internal/v1/config`)).json()) as {
        config: { personalChat: { id: string }; currentUser: { id: string } };
      };
      const ws = new WebSocket(`ws://127.0.0.1:${pgPort}/_ws_conversation/v1/conversations/stream`);
      const messages: any[] = [];
      ws.addEventListener('message', (e) => {
        try {
          const frame = JSON.parse(String(e.data));
          if (frame.action === 'createMessage') messages.push(frame.message);
        } catch {
          // not JSON
        }
      });
      await new Promise((resolve, reject) => {
        ws.addEventListener('open', resolve);
        ws.addEventListener('error', reject);
      });
      try {
        const res = await fetch(`http://127.0.0.1:${pgPort}/_conversation/v1/conversations/${config.config.personalChat.id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: { id: config.config.currentUser.id }, text: '510559 403', textFormat: 'plain' }),
        });
        expect(res.ok).toBe(true);
        const card = await waitFor(
          "the bot's card",
          dev,
          () =>
            messages
              .flatMap((m) => m.attachments ?? [])
              .find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(a.content).includes('510559 / 403'))?.content,
          30_000,
        );
        expect(JSON.stringify(card)).toContain('Get Outbound routing - No viable path (Forbidden)');
      } finally {
        ws.close();
      }

      // Ctrl+C: the terminal signals the whole foreground group. dev stops both and exits 0; npm
      // then ends itself with the same SIGINT (a shell shows 130), as for any script interrupted so.
      signalGroup(dev, 'SIGINT');
      const { code, signal } = await dev.exited;
      expect(code === 0 || signal === 'SIGINT', `code ${code}, signal ${signal}\n${dev.out()}`).toBe(true);
      expect(dev.out()).toContain('SIP Doc dev: stopping the bot and the Agents Playground.');
      expect(dev.out()).not.toContain('stopped (');
      await expect.poll(() => listening(botPort), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => listening(pgPort), { timeout: 10_000 }).toBe(false);
    },
    START_MS + 30_000,
  );

  it(
    'when PLAYGROUND_PORT is taken, prints the port the Playground chose instead',
    async () => {
      const [botPort, pgPort] = [await freePort(), await freePort()];
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(pgPort, resolve));
      try {
        const dev = startDev({ ...baseEnv, PORT: String(botPort), PLAYGROUND_PORT: String(pgPort) });
        const chosen = await waitFor('the "open" line', dev, () => /Open http:\/\/localhost:(\d+) /.exec(dev.out())?.[1]);
        expect(Number(chosen)).not.toBe(pgPort);
        expect(dev.out()).toContain(`Port ${pgPort} was taken: the Playground chose ${chosen}.`);
        expect((await fetch(`http://127.0.0.1:${chosen}/_internal/v1/config`)).ok).toBe(true);
        signalGroup(dev, 'SIGINT');
        await dev.exited;
      } finally {
        blocker.close();
      }
    },
    START_MS + 30_000,
  );

  it(
    'when the bot stops (its port is taken), dev names it with its exit code and last lines, stops the Playground and exits non-zero',
    async () => {
      const [botPort, pgPort] = [await freePort(), await freePort()];
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(botPort, resolve));
      try {
        const dev = startDev({ ...baseEnv, PORT: String(botPort), PLAYGROUND_PORT: String(pgPort) });
        const { code } = await exitWithin(dev);
        expect(code).not.toBe(0);
        expect(code).not.toBeNull();
        const out = dev.out();
        expect(out).toMatch(/SIP Doc dev: the bot stopped \(exit code [1-9]\d*\)\. Its last lines:/);
        expect(out).toContain('EADDRINUSE');
        expect(out).toContain('Stopping the Agents Playground.');
        await expect.poll(() => listening(pgPort), { timeout: 10_000 }).toBe(false);
      } finally {
        blocker.close();
      }
    },
    START_MS + 30_000,
  );

  it.runIf(process.platform === 'linux')(
    'when the Playground dies, dev names it with the signal and its last lines, stops the bot and exits non-zero',
    async () => {
      const [botPort, pgPort] = [await freePort(), await freePort()];
      const dev = startDev({ ...baseEnv, PORT: String(botPort), PLAYGROUND_PORT: String(pgPort) });
      await waitFor('the "open" line', dev, () => (dev.out().includes(`Open http://localhost:${pgPort}`) ? true : undefined));
      const pid = processesInGroup(dev.proc.pid!).find((p) => p.cmdline.includes('m365agentsplayground'))?.pid;
      expect(pid).toBeDefined();
      process.kill(pid!, 'SIGKILL');
      const { code } = await exitWithin(dev);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const out = dev.out();
      expect(out).toMatch(/SIP Doc dev: the Agents Playground stopped \(signal SIGKILL\)\. Its last lines:\n {2}\| Listening on \d+/);
      expect(out).toContain('Stopping the bot.');
      await expect.poll(() => listening(botPort), { timeout: 10_000 }).toBe(false);
    },
    START_MS + 30_000,
  );
});
