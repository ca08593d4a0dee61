// The daily digest card seen in a real browser: the bot and the Microsoft 365 Agents Playground (the
// local Teams stand-in, pinned to 0.2.28) on free ports, the digest job posting proactively to the
// Playground's own connector with the stored conversation reference (the Playground is the Bot
// Framework service for the bot it runs), call records from the Graph stand-in, the bot's token
// from the local token endpoint. Screenshot: test-output/e2e/digest.png (and docs/digest.png with
// UPDATE_SCREENSHOT=1).
// What it relies on in the Playground (see playground.test.ts for the rest): GET
// /_internal/v1/config names the personal chat's conversation id; the bot's replies and proactive
// posts go to POST {serviceUrl}/v3/conversations/:id/activities[/:replyToId], serviceUrl being
// http://localhost:<port>/_connector (its own serviceUrl for the bot).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config';
import { createProactiveSender } from '../../src/digest/bot-connector';
import { runDigest } from '../../src/digest/job';
import { GraphClient } from '../../src/graph/client';
import { readGraphConfig } from '../../src/graph/config';
import { defaultKb } from '../../src/kb/load';
import { silentLogger } from '../../src/log';
import { FileStore } from '../../src/store/file-store';
import { DAY, dayBefore, pstnCalls, theDay } from '../helpers/digest-fixtures';
import { SECRET, TENANT, graphEnv, startEntra, startGraph, type EntraStandIn, type GraphStandIn } from '../helpers/graph-stand-in';
import { freePort } from '../helpers/free-port';

const ROOT = path.join(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'digest.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const CARD = '.ac-adaptiveCard';
const BOT_ID = '3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a0f9';


function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  return { child, output };
}

function kill(p: { child: ChildProcess } | undefined) {
  if (p?.child.pid && p.child.exitCode === null) {
    try {
      process.kill(-p.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

async function waitFor(url: string, proc: { child: ChildProcess; output: string[] }, ms = 60_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`exited before ${url} answered:\n${proc.output.join('')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return res;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer:\n${proc.output.join('')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.runIf(HAVE_CHROMIUM || process.env.CI)('the daily digest card in the Microsoft 365 Agents Playground (Chromium)', () => {
  let entra: EntraStandIn;
  let graph: GraphStandIn;
  let bot: ReturnType<typeof start> | undefined;
  let playground: ReturnType<typeof start> | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let pgPort = 0;
  let personalChat = '';
  let userDataDir = '';
  let storeDir = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    [entra, graph] = await Promise.all([startEntra(), startGraph({ directRouting: [...dayBefore, ...theDay], pstn: pstnCalls, pageSize: 1000 })]);
    const botPort = await freePort();
    pgPort = await freePort();
    bot = start(['--require', 'tsx/cjs', path.join(ROOT, 'src', 'server.ts')], { ...process.env, PORT: String(botPort), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '' });
    playground = start(
      [path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'), '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', String(pgPort), '--disable-telemetry'],
      { ...process.env, BROWSER: 'none', TEAMSAPPTESTER_BROWSER: 'none' },
    );
    await waitFor(`http://127.0.0.1:${botPort}/healthz`, bot);
    const config = (await (await waitFor(`http://localhost:${pgPort}/_internal/v1/config`, playground)).json()) as { config: { personalChat: { id: string } } };
    personalChat = config.config.personalChat.id;
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-e2e-digest-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 1400 },
    });
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://localhost:${pgPort}`, { waitUntil: 'domcontentloaded' });
    await page.locator(CARD).first().waitFor({ timeout: 30_000 }); // the welcome card: the chain is up
    const hideLog = page.locator('button[title="Hide log panel"]');
    if (await hideLog.isVisible()) await hideLog.click();
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    kill(bot);
    kill(playground);
    await Promise.all([entra?.close(), graph?.close()]);
    for (const d of [userDataDir, storeDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it('shows the digest the job posts: new and rising failures, who must act, correlation IDs, doc buttons', async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-e2e-store-'));
    const store = new FileStore(path.join(storeDir, 'store.json'));
    await store.putSubscription({
      conversationId: personalChat,
      tenantId: TENANT,
      reference: { serviceUrl: `http://localhost:${pgPort}/_connector`, channelId: 'msteams', conversation: { id: personalChat, conversationType: 'personal' }, bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' } },
      timeOfDay: '07:30',
      requestedBy: { id: 'user-id-0', name: 'Alex Wilber' },
      requestedAt: new Date().toISOString(),
    });
    const graphConfig = readGraphConfig(graphEnv(entra, graph))!;
    const botConfig = readConfig({ MicrosoftAppId: BOT_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT, ToChannelFromBotLoginUrl: `${entra.url}/${TENANT}`,
    // A custom cloud's settings come as a set (src/config.ts); the job only signs in and posts.
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com', ToBotFromChannelOpenIdMetadataUrl: `${entra.url}/openid-unused` });
    const before = await page.locator(CARD).count();
    const run = await runDigest(
      { store, kb: defaultKb(), graphFor: () => new GraphClient(graphConfig), sender: createProactiveSender(botConfig, entra.ca), log: silentLogger },
      { day: DAY },
    );
    expect(run.outcomes).toEqual([expect.objectContaining({ result: 'posted' })]);

    await expect.poll(() => page.locator(CARD).count(), { timeout: 15_000 }).toBeGreaterThan(before);
    const card = page.locator(CARD).nth(before);
    await card.getByText('Daily digest: Direct Routing calls, Thu, 19 Nov 2026').waitFor();
    const text = await card.innerText();
    expect(text).toContain('New or rising since Wed, 18 Nov 2026');
    expect(text).toContain('569008 / 504');
    expect(text).toContain('RISING');
    expect(text).toContain('Your SBC');
    expect(text).toContain(String(theDay.find((r) => r.callEndSubReason === 569008)!.correlationId));
    await card.screenshot({ path: path.join(OUT_DIR, 'digest.png') });
    expect(await card.getByText('Open the doc', { exact: true }).count()).toBe(3);
    if (process.env.UPDATE_SCREENSHOT === '1') await card.screenshot({ path: DOCS_SCREENSHOT });
  }, 60_000);
});
