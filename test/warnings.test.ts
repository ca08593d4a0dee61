// A newcomer's terminal stays clean: the server and the CLI, started as real processes, print no
// DEP0111 (restify's process.binding('http_parser')), and every other warning still shows.
// `npm run dev` is checked in test/dev.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'sipdoc.js');


/** Runs `node <args>` until `ready` answers, stops it, and returns everything it printed. */
async function serverOutput(args: string[], port: number): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MicrosoftAppId: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${out}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the server did not get ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return out;
}

/** The sources compiled to JavaScript (no type check) in a private directory inside the project. */
function compileSources(outDir: string): void {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
  for (const file of walk(path.join(ROOT, 'src'))) {
    const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
    const target = path.join(outDir, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js);
  }
}

let built: string;
beforeAll(() => {
  // Under test-output/ so that the compiled server finds the project's kb/ and node_modules/.
  fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  built = fs.mkdtempSync(path.join(ROOT, 'test-output', 'compiled-'));
  compileSources(built);
});
afterAll(() => {
  fs.rmSync(built, { recursive: true, force: true });
});

describe('no DEP0111 in the terminal', () => {
  it('the compiled server, as `npm start` runs it, starts without a deprecation warning', async () => {
    const out = await serverOutput([path.join(built, 'src', 'server.js')], await freePort());
    expect(out).toContain('SIP Doc listening on');
    expect(out).not.toContain('DEP0111');
    expect(out).not.toContain('DeprecationWarning');
  }, 90_000);

  it('the server from source (what `npm run dev` starts) prints none either', async () => {
    const out = await serverOutput(['--require', 'tsx/cjs', path.join(ROOT, 'src', 'server.ts')], await freePort());
    expect(out).toContain('SIP Doc listening on');
    expect(out).not.toContain('DeprecationWarning');
  }, 90_000);

  it('the CLI prints its answer and nothing on stderr', () => {
    const r = spawnSync(process.execPath, [BIN, '510559 403'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('510559 / 403');
    expect(r.stderr).toBe('');
  });
});

describe('src/warnings.ts silences DEP0111 only', () => {
  const run = (code: string) =>
    spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }).stderr;
  const trigger = "process.binding('http_parser');";

  it('without it, process.binding prints DEP0111 (the check can fail)', () => {
    expect(run(trigger)).toContain('DEP0111');
  });

  it('with it, DEP0111 is gone and other warnings and deprecations still show', () => {
    const stderr = run(
      `require('./src/warnings'); ${trigger} process.emitWarning('DEP0111 by another route', 'DeprecationWarning', 'DEP0111');` +
        " process.emitWarning('a deprecation', 'DeprecationWarning', 'DEP0005'); process.emitWarning('a warning', { code: 'SIPDOC_TEST' });",
    );
    expect(stderr).not.toContain('DEP0111');
    expect(stderr).toContain('[DEP0005] DeprecationWarning: a deprecation');
    expect(stderr).toContain('[SIPDOC_TEST] Warning: a warning');
  });
});
