// `sipdoc report FILE`: text, --json and --html, and its usage errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'pastes', 'dr-usage-report.csv');

async function run(argv: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => stdin, stdinIsTty: false });
  return { code, out, err };
}

describe('sipdoc report', () => {
  it('prints the analysis as text', async () => {
    const r = await run(['report', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Report: dr-usage-report.csv (CSV, 11 rows)');
    expect(r.out).toContain('Calls 11: succeeded 3 (27%), expected outcomes 0, failed 8 (73%)');
    expect(r.out).toContain('Distinct failures (6)\n   1.       3  510559 / 403  Get Outbound routing - No viable path (Forbidden)');
    expect(r.out).toContain('8a41d0c2-77e9-4f0b-b2d5-6c3e1a9f0e11');
  });

  it('--json prints the Report, and --html writes the page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-report-'));
    const out = path.join(dir, 'report.html');
    const r = await run(['report', FIXTURE, '--json', '--html', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ calls: 11, failures: 8, successes: 3 });
    expect(j.kinds[0].finding).toMatchObject({ msCode: 510559, sipCode: 403 });
    expect(fs.readFileSync(out, 'utf8')).toContain('8 of 11 calls failed');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads stdin with "-"', async () => {
    const r = await run(['report', '-', '--json'], fs.readFileSync(FIXTURE, 'utf8'));
    expect(JSON.parse(r.out).failures).toBe(8);
  });

  it('usage errors exit 2, unreadable files 1', async () => {
    expect((await run(['report'])).code).toBe(2);
    expect((await run(['report', FIXTURE, '--pdf'])).code).toBe(2);
    expect((await run(['report', FIXTURE, '--html'])).code).toBe(2);
    const missing = await run(['report', '/nonexistent/report.csv']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('ENOENT');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-report-'));
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    const empty = await run(['report', path.join(dir, 'empty.csv')]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('The file is empty.');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
