// Azurite, the Azure Storage emulator (npm `azurite`, a dev dependency), started for a test run:
// only its Table service, in memory, on a free loopback port, with its telemetry off (it would
// otherwise send usage data over the network).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');

/** Azurite's documented development account (the same for every installation). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}


export async function startAzurite(): Promise<Azurite> {
  if (!fs.existsSync(BIN)) throw new Error(`Azurite is not installed (${BIN}): run npm ci.`);
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--inMemoryPersistence', '--silent', '--disableTelemetry'],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('successfully started')) {
    if (child.exitCode !== null) throw new Error(`Azurite exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(cwd, { recursive: true, force: true });
    },
  };
}
