// `npm run dev`: the bot on http://localhost:3978 and the Microsoft 365 Agents Playground (a local
// Teams stand-in) on http://localhost:56150, with no Azure account and no app registration.
//   PORT, PLAYGROUND_PORT   other ports
//   BROWSER=none            never open a browser
// The Playground is always told not to open a browser (TEAMSAPPTESTER_BROWSER=none: it ignores
// BROWSER, and where `xdg-open` is missing it dies trying). Once both answer, this script prints
// the address and opens it itself where an opener exists. If either child stops, it says which one,
// with its exit code and last lines, stops the other and exits non-zero. Ctrl+C stops both (exit 0).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

/** Output lines of each child kept to show when it stops on its own. */
const TAIL_LINES = 20;
/** How long the children get to stop after Ctrl+C before they are killed. */
const STOP_GRACE_MS = 10_000;

/** The last lines of a stream, kept while the stream itself passes through. */
export class Tail {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly max = TAIL_LINES) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    // A single huge line is kept only in part: the tail is for a person to read.
    if (this.partial.length > 4096) this.partial = this.partial.slice(-4096);
    for (const line of parts) {
      this.lines.push(line.length > 4096 ? line.slice(-4096) : line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  last(): string[] {
    const all = this.partial ? [...this.lines, this.partial] : [...this.lines];
    return all.filter((l) => l.trim() !== '').slice(-this.max);
  }
}

export interface Opener {
  command: string;
  args: string[];
}

/** Is `command` an executable file in one of the PATH directories? */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      const file = path.join(dir, command);
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      }
    } catch {
      // not here
    }
  }
  return false;
}

const isWsl = (env: NodeJS.ProcessEnv) => {
  if (env.WSL_DISTRO_NAME) return true;
  try {
    return /microsoft/i.test(fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
  } catch {
    return false;
  }
};

/**
 * How to open `url` in the user's browser, or undefined where there is none to open: under CI,
 * with BROWSER=none, or with no opener on the PATH. On Linux, xdg-open needs a desktop session
 * (without one it falls back to a text browser in this very terminal).
 */
export function findOpener(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, has = (c: string) => onPath(c, env)): Opener | undefined {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  if (ci || env.BROWSER === 'none') return undefined;
  if (platform === 'darwin') return has('open') ? { command: 'open', args: [url] } : undefined;
  if (platform === 'win32') return { command: 'explorer.exe', args: [url] };
  if (platform === 'linux' && isWsl(env) && has('wslview')) return { command: 'wslview', args: [url] };
  if ((env.DISPLAY || env.WAYLAND_DISPLAY) && has('xdg-open')) return { command: 'xdg-open', args: [url] };
  return undefined;
}

interface Child {
  /** How the messages name it. */
  label: string;
  proc: ChildProcess;
  tail: Tail;
}

function startChild(label: string, args: string[], env: NodeJS.ProcessEnv, onStdout?: (chunk: string) => void): Child {
  const proc = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new Tail();
  for (const [from, to] of [
    [proc.stdout, process.stdout],
    [proc.stderr, process.stderr],
  ] as const) {
    from?.setEncoding('utf8');
    from?.on('data', (chunk: string) => {
      tail.push(chunk);
      to.write(chunk);
      if (from === proc.stdout) onStdout?.(chunk);
    });
  }
  return { label, proc, tail };
}

export function startBot(port: string): Child {
  // The Playground sends no Bot Framework token: the bot must run with no app id, so it listens
  // on this machine only (HOST overrides).
  return startChild('bot', ['--require', 'tsx/cjs', path.join(root, 'src', 'server.ts')], {
    ...process.env,
    HOST: process.env.HOST || '127.0.0.1',
    PORT: port,
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
  });
}

/**
 * The Playground, and the port it really listens on: where the one asked for is taken, it picks
 * another and says so only in its "Listening on <port>" line.
 */
export function startPlayground(botPort: string, port: string): Child & { listening: Promise<string> } {
  const bin = path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  let seen = '';
  let found: (port: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (found = resolve));
  const child = startChild(
    'Agents Playground',
    [bin, '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', port, '--disable-telemetry'],
    { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    (chunk) => {
      if (seen.length > 64 * 1024) return;
      seen += chunk;
      const m = /^Listening on (\d{1,5})\s*$/m.exec(seen);
      if (m) found(m[1]!);
    },
  );
  return { ...child, listening };
}

const running = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

function main() {
  const botPort = process.env.PORT || '3978';
  const askedPort = process.env.PLAYGROUND_PORT || '56150';
  const playground = startPlayground(botPort, askedPort);
  const children = [startBot(botPort), playground];
  let stopping = false;

  const stopAll = () => {
    for (const c of children) if (running(c)) c.proc.kill('SIGTERM');
    setTimeout(() => {
      for (const c of children) if (running(c)) c.proc.kill('SIGKILL');
    }, STOP_GRACE_MS).unref();
  };
  const exitWhenAllStopped = (code: number) => {
    if (children.every((c) => !running(c))) process.exit(code);
  };

  // Ctrl+C or a SIGTERM: stop both and exit 0 once they have stopped. (`npm run dev` itself then
  // exits 130, as npm does for any script interrupted with Ctrl+C.)
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    process.exitCode = 0;
    process.stdout.write('\nSIP Doc dev: stopping the bot and the Agents Playground.\n');
    stopAll();
    exitWhenAllStopped(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (const child of children) {
    child.proc.on('exit', (code, signal) => {
      if (stopping) return exitWhenAllStopped(Number(process.exitCode ?? 0));
      // Ctrl+C reached the child too (the terminal signals the whole group): not a failure.
      if (signal === 'SIGINT') return onSignal();
      // A child stopped on its own: say which, show what it said last, stop the other one.
      stopping = true;
      const how = code !== null ? `exit code ${code}` : `signal ${signal}`;
      const lines = child.tail.last();
      process.stderr.write(
        `\nSIP Doc dev: the ${child.label} stopped (${how}).` +
          (lines.length ? ` Its last lines:\n${lines.map((l) => `  | ${l}`).join('\n')}\n` : ' It printed nothing.\n') +
          `Stopping the ${children.filter((c) => c !== child).map((c) => c.label).join(' and ')}.\n`,
      );
      process.exitCode = code && code > 0 ? code : 1;
      stopAll();
      exitWhenAllStopped(process.exitCode);
    });
  }

  // Both up: say where to go, and open it where that can work.
  void (async () => {
    const playgroundPort = await playground.listening;
    while (!stopping) {
      const up = await Promise.all([answers(`http://127.0.0.1:${botPort}/healthz`), answers(`http://127.0.0.1:${playgroundPort}/`)]);
      if (stopping) return;
      if (up.every(Boolean)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (stopping) return;
    const url = `http://localhost:${playgroundPort}`;
    const opener = findOpener(url);
    const moved = playgroundPort !== askedPort ? `Port ${askedPort} was taken: the Playground chose ${playgroundPort}.\n` : '';
    process.stdout.write(
      `\n${moved}SIP Doc is running. Open ${url} (the Microsoft 365 Agents Playground) and type "510559 403".\n` +
        `The bot listens on http://localhost:${botPort}/api/messages. Ctrl+C stops both.\n` +
        (opener ? `Opening ${url} with ${opener.command}.\n\n` : '\n'),
    );
    if (opener) {
      // Detached and ignored: a browser that fails to start changes nothing here.
      const browser = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
      browser.on('error', () => undefined);
      browser.unref();
    }
  })();
}

if (require.main === module) main();
