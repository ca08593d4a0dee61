// The CLI's stdin: bounded, binary input refused from its first bytes, UTF-16 (what Windows
// PowerShell writes when output is redirected) read as text.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BinaryInputError, readText, sniffEncoding } from '../src/input-text';

const root = path.join(__dirname, '..');
const LINE = 'CallEndReason=403 CallEndSubReason=510559\r\n';

const stream = (...chunks: Buffer[]) => Readable.from(chunks);

describe('readText', () => {
  it('UTF-8, with or without a byte order mark', async () => {
    expect(await readText(stream(Buffer.from(LINE)), 1024)).toBe(LINE);
    expect(await readText(stream(Buffer.from(`\ufeff${LINE}`)), 1024)).toBe(LINE);
  });

  it('UTF-16 little and big endian, with a byte order mark or without one', async () => {
    const le = Buffer.from(`\ufeff${LINE}`, 'utf16le');
    expect(await readText(stream(le), 1024)).toBe(LINE);
    expect(await readText(stream(Buffer.from(le).swap16()), 1024)).toBe(LINE);
    expect(await readText(stream(Buffer.from(LINE, 'utf16le')), 1024)).toBe(LINE);
    expect(sniffEncoding(Buffer.from(LINE, 'utf16le').swap16())).toBe('utf16be');
  });

  it('NUL bytes in the first 8 KB: BinaryInputError, after reading only the first chunks', async () => {
    let pulled = 0;
    const zeros = Readable.from(
      (function* () {
        for (let i = 0; i < 1024; i++) {
          pulled++;
          yield Buffer.alloc(64 * 1024);
        }
      })(),
    );
    await expect(readText(zeros, 64 * 1024 * 1024)).rejects.toBeInstanceOf(BinaryInputError);
    expect(pulled).toBeLessThanOrEqual(2);
    await expect(readText(stream(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])), 1024)).rejects.toThrow(/binary/);
  });

  it('stops at the byte limit and says so', async () => {
    let cut = 0;
    const text = await readText(stream(Buffer.from('a'.repeat(10_000)), Buffer.from('b'.repeat(10_000))), 12_000, (max) => (cut = max));
    expect(text).toBe('a'.repeat(10_000) + 'b'.repeat(2_000));
    expect(cut).toBe(12_000);
  });
});

describe('sipdoc on 64 MB of NUL bytes (the real process)', () => {
  it('refuses it at once with a clear message, reading almost none of it', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'sipdoc.js')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.on('error', () => undefined); // it stops reading: the rest of the write fails
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const chunk = Buffer.alloc(1024 * 1024);
    let written = 0;
    for (; written < 64 && child.exitCode === null; written++) {
      if (!child.stdin.write(chunk)) await Promise.race([new Promise((r) => child.stdin.once('drain', r)), exited]);
    }
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    console.info(`sipdoc on NUL bytes: exit ${code} after ${(performance.now() - started).toFixed(0)} ms, ${written} MB written`);
    expect(code).toBe(2);
    expect(err).toMatch(/^sipdoc: the input is binary \(it holds NUL bytes\), not text/);
    expect(out).toBe('');
  }, 30_000);
});
