// `npm run dev`: the bot on http://localhost:3978 and the Microsoft 365 Agents Playground (a local
// Teams stand-in) on http://localhost:56150, with no Azure account and no app registration.
// Stop both with Ctrl+C.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';

export function startBot(port: string, extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'src', 'server.ts')], {
    cwd: root,
    stdio: 'inherit',
    // The Playground sends no Bot Framework token: the bot must run with no app id.
    env: { ...process.env, PORT: port, MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '', ...extraEnv },
  });
}

export function startPlayground(botPort: string, port: string): ChildProcess {
  const bin = path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  return spawn(
    process.execPath,
    [bin, '-e', `http://localhost:${botPort}/api/messages`, '-c', 'msteams', '-p', port, '--disable-telemetry'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, BROWSER: 'none' } },
  );
}

function main() {
  const bot = startBot(botPort);
  const playground = startPlayground(botPort, playgroundPort);
  console.log(`\nSIP Doc: open http://localhost:${playgroundPort} and type "510559 403".\n`);
  const children = [bot, playground];
  const stop = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const c of children) {
    c.on('exit', (code) => {
      stop();
      process.exitCode = code ?? 0;
    });
  }
}

if (require.main === module) main();
