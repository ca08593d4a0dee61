// `sipdoc graph` and `sipdoc digest` against the Graph, token and connector stand-ins. The digest
// runs as a scheduler runs it: its own process, settings from the environment, the file store.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { FileStore } from '../../src/store/file-store';
import { startConnector, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { DAY, dayBefore, pstnCalls, theDay } from '../helpers/digest-fixtures';
import { SECRET, TENANT, drRow, graphEnv, startEntra, startGraph, type EntraStandIn, type GraphStandIn } from '../helpers/graph-stand-in';

const ROOT = path.resolve(__dirname, '..', '..');
let entra: EntraStandIn;
let graph: GraphStandIn;
let connector: ConnectorStandIn;
let tmp: string;

beforeAll(async () => {
  [entra, graph, connector] = await Promise.all([startEntra(), startGraph({ directRouting: [...dayBefore, ...theDay], pstn: pstnCalls, pageSize: 20 }), startConnector()]);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-cli-graph-'));
});
afterAll(async () => {
  await Promise.all([entra?.close(), graph?.close(), connector?.close()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = graphEnv(entra, graph)) {
  const out = { stdout: '', stderr: '', files: new Map<string, string>() };
  const code = await runCli(argv, {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    readStdin: async () => '',
    stdinIsTty: true,
    env,
    writeFile: (f, s) => out.files.set(f, s),
  });
  return { code, ...out };
}

describe('sipdoc graph', () => {
  it('explains what failed in a day, as text', async () => {
    const r = await cli(['graph', '--from', '2026-11-19', '--to', '2026-11-20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Microsoft Graph call records, 2026-11-19 00:00 to 2026-11-20 00:00 UTC');
    expect(r.stdout).toContain('Calls 61: succeeded 43 (70%), expected outcomes 4, failed 14 (23%)');
    expect(r.stdout).toMatch(/1\. +6 +560403 \/ 403/);
    expect(r.stdout).toContain('1 Calling Plan / Operator Connect call (getPstnCalls) is counted');
    expect(r.stdout).toContain(String(theDay.find((x) => x.callEndSubReason === 569008)!.correlationId));
    expect(r.stdout).toContain('https://learn.microsoft.com/');
  });

  it('--json and --html give the same numbers; the HTML escapes what the records say', async () => {
    const evil = drRow({ start: '2026-11-19T23:59:00Z', sip: 499, ms: 999999, phrase: '<script>alert(1)</script> ${x}', sbc: '<img src=x onerror=alert(1)>' });
    graph.scenario.directRouting.push(evil);
    try {
      const j = await cli(['graph', '--from', '2026-11-19T00:00Z', '--to', '2026-11-20', '--json']);
      const json = JSON.parse(j.stdout);
      expect(json).toMatchObject({ calls: 62, failures: 15 });
      expect(json.kinds.find((k: any) => k.finding.msCode === 569008)).toMatchObject({ count: 5, party: 'sbc', outcome: 'failure', finding: { sipCode: 504, fixOn: 'sbc' } });
      const h = await cli(['graph', '--from', '2026-11-19', '--to', '2026-11-20', '--html', 'out.html']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('failed 15');
      const html = h.files.get('out.html')!;
      expect(html).toContain("default-src 'none'");
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ${x}');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    } finally {
      graph.scenario.directRouting.pop();
    }
  });

  it('reads the last 24 hours by default and asks Graph for exactly that range', async () => {
    const before = graph.callRecordRequests().length;
    const r = await cli(['graph']);
    expect(r.code).toBe(0);
    const first = graph.callRecordRequests()[before]!.path;
    const m = /fromDateTime=([^,]+),toDateTime=([^)]+)\)/.exec(first)!;
    expect(Date.parse(m[2]!) - Date.parse(m[1]!)).toBe(24 * 3_600_000);
  });

  it('says what to configure, and refuses bad ranges before asking Graph', async () => {
    const none = await cli(['graph'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('not configured');
    expect(none.stderr).toContain('CallRecords.Read.All');
    const before = graph.requests.length;
    for (const argv of [['--last', '2 days'], ['--from', 'yesterday'], ['--last', '24h', '--from', '2026-11-19'], ['--to', '2026-11-20'], ['--from', '2026-01-01', '--to', '2026-06-01']]) {
      const r = await cli(['graph', ...argv]);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.stderr, argv.join(' ')).toMatch(/sipdoc graph: /);
    }
    expect(graph.requests.length).toBe(before);
  });

  it('reports a missing permission with what to do, exit code 1', async () => {
    graph.scenario.forbidden = true;
    try {
      const r = await cli(['graph']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('CallRecords.Read.All');
      expect(r.stderr).toContain('Grant admin consent');
    } finally {
      graph.scenario.forbidden = false;
    }
  });
});

function spawnDigest(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'cli.ts'), 'digest', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: tmp, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sipdoc digest, run as a scheduled job', () => {
  it('posts once per channel and day, whatever the number of runs', async () => {
    const file = path.join(tmp, 'store.json');
    const store = new FileStore(file);
    const conversationId = '19:voice-support@thread.tacv2';
    await store.putSubscription({
      conversationId,
      tenantId: TENANT,
      reference: { serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT }, bot: { id: '28:bot', name: 'SIP Doc' } },
      timeOfDay: '00:00',
      requestedBy: { id: '29:1yG7', name: 'Adele Vance' },
      requestedAt: '2026-11-10T09:20:11.555Z',
    });
    const env = {
      ...graphEnv(entra, graph),
      MicrosoftAppId: '3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9',
      MicrosoftAppPassword: SECRET,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      ToChannelFromBotLoginUrl: `${entra.url}/${TENANT}`,
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromChannelOpenIdMetadataUrl: `${entra.url}/openid-unused`,
      SIPDOC_STORE_FILE: file,
    };
    const first = await spawnDigest(env, ['--day', DAY]);
    expect(first.stderr).not.toMatch(/"level":5\d/);
    expect(first.stdout).toContain(`Digest of ${DAY}: 1 posted, 0 already posted`);
    expect(first.code).toBe(0);
    expect(connector.posted.filter((p) => p.conversationId === conversationId)).toHaveLength(1);
    const second = await spawnDigest(env, ['--day', DAY]);
    expect(second.stdout).toContain(`Digest of ${DAY}: 0 posted, 1 already posted`);
    expect(connector.posted.filter((p) => p.conversationId === conversationId)).toHaveLength(1);
    expect(await store.getPost(conversationId, DAY)).toMatchObject({ state: 'posted' });

    const unconfigured = await spawnDigest({ SIPDOC_STORE_FILE: file });
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toContain('Microsoft Graph is not configured');
  }, 60_000);
});
