// The sipdoc command: in-process for the contract, and as a real process for stdin.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli';
import { defaultKb } from '../src/kb/load';

const root = path.join(__dirname, '..');
const report = fs.readFileSync(path.join(__dirname, 'fixtures', 'cli', 'report.csv'), 'utf8');

async function run(args: string[], stdin = '', tty = false) {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => stdin, stdinIsTty: tty });
  return { code, out, err };
}

describe('sipdoc --json', () => {
  it('"510559 403": the documented entry, Microsoft origin', async () => {
    const { code, out } = await run(['--json', '510559 403']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.findings).toHaveLength(1);
    const f = j.findings[0];
    expect(f).toMatchObject({ msCode: 510559, sipCode: 403, origin: 'microsoft', known: true, match: 'pair' });
    expect(f.entries[0]).toMatchObject({ id: 'dr-510559-403-get-outbound-routing-no', catalog: 'teams-direct-routing', msCode: 510559, sipCode: 403, phrase: 'Get Outbound routing - No viable path (Forbidden)' });
    expect(f.entries[0].docUrl).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/microsoftteams\/troubleshoot\/.+-403#510559-403-/);
  });

  it('"560403": SIP 403 read from the code, the SBC as origin', async () => {
    const f = JSON.parse((await run(['--json', '560403'])).out).findings[0];
    expect(f).toMatchObject({ msCode: 560403, sipCode: 403, sipCodeImplied: true, origin: 'sbc', originBasis: 'documented', known: true });
  });

  it('reads a usage report CSV from stdin: one finding per distinct failure, counted', async () => {
    const j = JSON.parse((await run(['--json'], report)).out);
    expect(j.input.csvRows).toBe(5);
    expect(j.findings.map((f: any) => [f.msCode, f.sipCode, f.count, f.origin])).toEqual([
      [510559, 403, 2, 'microsoft'],
      [569008, 504, 1, 'microsoft'],
      [560503, 503, 1, 'sbc'],
    ]);
  });

  it('an unlisted code is answered, marked inferred', async () => {
    const f = JSON.parse((await run(['--json', '560999'])).out).findings[0];
    expect(f).toMatchObject({ msCode: 560999, known: false, match: 'none', origin: 'sbc', entries: [] });
  });

  it('kb --json lists every entry', async () => {
    const j = JSON.parse((await run(['kb', '--json'])).out);
    expect(j.entries).toHaveLength(defaultKb().entries.length);
    expect(j.entries[0]).toHaveProperty('docUrl');
  });
});

describe('sipdoc (readable)', () => {
  it('prints the phrase, origin, actions and the doc link', async () => {
    const { out } = await run(['510559', '403']);
    expect(out).toContain('1. 510559 / 403  Get Outbound routing - No viable path (Forbidden)');
    expect(out).toContain('Origin: Microsoft [documented rule]');
    expect(out).toContain('What to do:');
    expect(out).toContain('https://learn.microsoft.com/en-us/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes-403#');
  });

  it('says clearly when there is no code, with search results', async () => {
    const { out, code } = await run(['no', 'viable', 'path']);
    expect(out).toContain('No code found in the text. Closest documented entries:');
    expect(out).toContain('510559 / 403');
    expect(code).toBe(1);
  });

  it('says when no documented error matches the words either', async () => {
    const { out, code } = await run(['see', 'screenshot']);
    expect(out).toContain('No code found in the text, and no documented error matches its words.');
    expect(code).toBe(1);
  });

  it('exit status: 0 answered, 1 no code found (JSON too), 2 usage error; --help says so', async () => {
    expect((await run(['510559 403'])).code).toBe(0);
    expect((await run(['--json', '560403'])).code).toBe(0);
    expect((await run(['hello there'])).code).toBe(1);
    const json = await run(['--json', 'hello there']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).findings).toEqual([]);
    expect((await run(['--json'], 'no code here at all')).code).toBe(1);
    expect((await run(['kb'])).code).toBe(0);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Exit status: 0 when it found a code and answered, 1 when it found no code');
  });

  it('usage errors exit 2; no text on a terminal prints the usage', async () => {
    expect((await run(['--frobnicate'])).code).toBe(2);
    const r = await run([], '', true);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage:');
  });
});

describe('sipdoc on SIP traces and SBC logs', () => {
  const trace = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', 'traces', name), 'utf8');

  it('a trace where Microsoft answers 404 with the 511404 text: origin from the trace, the equivalent in its own field', async () => {
    for (const text of [trace('teams-invite-404-runtimeapi.txt'), trace('teams-invite-404-runtimeapi.txt').replace(/\n/g, ' ')]) {
      const j = JSON.parse((await run(['--json'], text)).out);
      expect(j.findings).toHaveLength(1);
      const f = j.findings[0];
      expect(f).toMatchObject({ msCode: null, sipCode: 404, q850Cause: 1, origin: 'microsoft', originBasis: 'trace', known: true, match: 'pair', formats: ['sip'] });
      expect(f.originReason).toContain('Server: Microsoft.PSTNHub.SIPProxy v.2024.10.1.2 i.EUNO.3');
      expect(f.equivalent).toEqual({ msCode: 511404, sipCode: 404, basis: 'reason-text', reason: expect.stringContaining('Getting user info by number from RuntimeAPI failed') });
      expect(f.entries[0].id).toBe('dr-511404-404-getting-user-info-by');
      expect(f.flow.map((r: any) => `${r.from}>${r.to} ${r.what}${r.final ? ' !' : ''}`)).toEqual(['SBC>Microsoft INVITE', 'Microsoft>SBC 100 Trying', 'Microsoft>SBC 404 Not Found !', 'SBC>Microsoft ACK']);
    }
  });

  it('AudioCodes syslog: the SBC answered Microsoft\'s INVITE with 503, Teams logs 560503 (text output)', async () => {
    const { out } = await run([], trace('audiocodes-syslog-teams-invite-503.log'));
    expect(out).toContain('Origin: Customer SBC [read from the trace]');
    expect(out).toContain('Teams would log this call as 560503 / 503:');
    expect(out).toMatch(/SBC -> Microsoft\s+503 Service Unavailable\s+<- final response/);
  });

  it('an 80 MB log of 250,000 lines, a code on each: answered within the 64 MB it reads, in bounded memory', () => {
    const pad = ' note='.padEnd(150, 'x');
    const lines: string[] = [];
    for (let i = 0; i < 250_000; i++) {
      lines.push(`2024-11-05T16:02:${String(i % 60).padStart(2, '0')}.204Z INFO [DR-Monitor] pid=4412 trunk=sbc1.contoso.com:5061 CallId=3e5a7c9b-1d2f-4e6a-8b0c-${String(i).padStart(12, '0')} CallEndReason=403 CallEndSubReason=510559 Caller=+14255550100 Callee=+442071838750${pad}`);
    }
    const input = Buffer.from(lines.join('\n'));
    expect(input.length).toBeGreaterThan(80_000_000);
    // A heap limit well under what the whole log would need: the answer is bounded, not lucky.
    const r = spawnSync(process.execPath, ['--max-old-space-size=512', path.join(root, 'bin', 'sipdoc.js'), '--json'], { input, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('input cut at 67108864 bytes');
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: any) => `${f.msCode}/${f.sipCode}`)).toEqual(['510559/403']);
    expect(j.summary.mentions).toBeGreaterThan(180_000);
  }, 240_000);
});

describe('bin/sipdoc.js as a process', () => {
  it('reads stdin when no text is given', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'sipdoc.js'), '--json'], { input: report, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].msCode).toBe(510559);
  });

  it('exits 0 for an answer, 1 for text with no code, 2 for a usage error', () => {
    const sipdoc = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'sipdoc.js'), ...args], { encoding: 'utf8', timeout: 30_000 }).status;
    expect(sipdoc('510559 403')).toBe(0);
    expect(sipdoc('thanks, that helped')).toBe(1);
    expect(sipdoc('--no-such-option')).toBe(2);
  });

  it('refuses binary garbage with a clear message, without crashing', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'sipdoc.js')], { input: Buffer.from([0, 255, 254, 1, 2, 3, 0x1b, 0x5b]), encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sipdoc: the input is binary/);
    expect(r.stdout).toBe('');
  });
});
