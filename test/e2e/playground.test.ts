// End to end: the bot and the Microsoft 365 Agents Playground (the local Teams stand-in) on free
// ports, driven by a real headless Chromium, the way a developer tries the bot with `npm run dev`.
//
// The Playground's web client and API are internal and undocumented, so this test is pinned to
// @microsoft/m365agentsplayground 0.2.28 (package.json). What it relies on, and why:
// - Readiness: bot `GET /healthz`; Playground `GET /_internal/v1/config`. The welcome card (sent
//   on the install event) proves the Playground reached the bot.
// - Message box `[contenteditable="true"][role="textbox"]` (a Lexical editor), send button
//   `button[aria-label="Send Message"]`, log panel `button[title="Hide log panel"]` (hidden so the
//   screenshots show the chat).
// - Text goes in with `keyboard.insertText()`: one text node keeps its "\n" and the Playground
//   sends them. Shift+Enter and a real clipboard paste create <br> nodes, which 0.2.28 drops when
//   it serialises the message (the lines arrive glued together), so they can't test a pasted log.
// - Cards are `.ac-adaptiveCard` (the root class of the Adaptive Cards JS renderer); card buttons
//   are found by their accessible names.
// - 0.2.28 renders only the first card of a carousel ("Carousel layout is not supported yet").
//   The other cards are read from the reply the page itself received on the WebSocket
//   `/_ws_conversation/v1/conversations/stream` (`{ action: "createMessage", message }`).
// - Message extension: "+" is `button[aria-label="Trigger Message Extension App"]`, then the menu
//   item "Search Command", then "Specify Command ID or Parameter" with the inputs "Command ID",
//   "Parameter name" and "Enter a search term" (placeholders); the query is
//   `POST /_conversation/v1/invoke` (read from the page's own traffic). 0.2.28 refuses a result
//   whose preview has a `tap`; the bot's previews have none.
// Screenshots go to test-output/e2e/; `UPDATE_SCREENSHOT=1` also rewrites docs/screenshot.png.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { freePort } from '../helpers/free-port';

const ROOT = path.join(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const DOCS_SCREENSHOT = path.join(ROOT, 'docs', 'screenshot.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MISSING_CHROMIUM = fs.existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`;

const TEST_MS = 60_000;
const HOOK_MS = 90_000;
const REPLY_MS = 15_000;

const BOX = '[contenteditable="true"][role="textbox"]';
const SEND = 'button[aria-label="Send Message"]';
const CARD = '.ac-adaptiveCard';

const PASTED_LOG = [
  '2026-11-22T10:15:03Z CallEndReason=403 CallEndSubReason=510559',
  'SIP/2.0 504 Server Time-out',
  '569008 504 Unable to deliver INVITE: Outgoing TLS negotiation failed. Remote certificate expired',
  '560403',
].join('\n');

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
}

/** A message the Playground pushed to the page (Bot Framework activity, as the Playground keeps it). */
interface PlaygroundMessage {
  attachmentLayout?: string;
  attachments?: { contentType?: string; content?: unknown }[];
  text?: string;
}


/** Spawns `node <args>` in its own process group with its output kept for failure reports. */
function start(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 300) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output };
}

const running = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;

function signalGroup(p: Proc, signal: NodeJS.Signals) {
  if (!p.child.pid || !running(p)) return;
  try {
    process.kill(-p.child.pid, signal); // the whole group: the process and any children
  } catch {
    /* already gone */
  }
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || !running(p)) return;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  signalGroup(p, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(p, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!running(proc)) throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} answered:\n${proc.output.join('')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms. ${proc.name} output:\n${proc.output.join('')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every string a card shows (TextBlock text, FactSet titles/values, button titles), in order. */
function cardStrings(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) cardStrings(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'text' || k === 'title' || k === 'value') && typeof v === 'string') out.push(v);
      else cardStrings(v, out);
    }
  }
  return out;
}

describe.runIf(MISSING_CHROMIUM === undefined)('SIP Doc in the Microsoft 365 Agents Playground (Chromium)', () => {
  let bot: Proc | undefined;
  let playground: Proc | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir: string | undefined;
  const received: PlaygroundMessage[] = [];
  const killOnExit = () => {
    for (const p of [bot, playground]) if (p) signalGroup(p, 'SIGKILL');
  };

  const cards = () => page.locator(CARD);

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(OUT_DIR, name) });
  }

  function reportFailure(name: string) {
    onTestFailed(async () => {
      if (page) await shot(`failed-${name}.png`).catch(() => undefined);
      for (const p of [bot, playground]) if (p) console.error(`--- ${p.name} output (last lines) ---\n${p.output.join('').slice(-4_000)}`);
    });
  }

  /** Types `text` into the message box and sends it; resolves with the first card of the reply. */
  async function send(text: string): Promise<{ card: Locator; reply: () => PlaygroundMessage | undefined }> {
    const cardsBefore = await cards().count();
    const messagesBefore = received.length;
    const box = page.locator(BOX);
    await box.click();
    await page.keyboard.insertText(text);
    await expect.poll(() => box.innerText(), { timeout: 5_000 }).toContain(text.split('\n')[0]!);
    await page.locator(SEND).click();
    const card = await nextCard(cardsBefore);
    return { card, reply: () => received.slice(messagesBefore).find((m) => m.attachments?.length) };
  }

  /** Waits for a card after the first `before` ones and returns it. */
  async function nextCard(before: number): Promise<Locator> {
    await expect.poll(() => cards().count(), { timeout: REPLY_MS }).toBeGreaterThan(before);
    const card = cards().nth(before);
    await card.waitFor({ state: 'visible' });
    return card;
  }

  beforeAll(async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const f of fs.readdirSync(OUT_DIR)) if (f.startsWith('failed-')) fs.rmSync(path.join(OUT_DIR, f));
    process.once('exit', killOnExit);
    const [botPort, pgPort] = [await freePort(), await freePort()];

    // The same commands as scripts/dev.ts, on free ports, quiet, and the bot on loopback only
    // (the Playground sends no token, so the bot runs with authentication off).
    bot = start('bot', ['--require', 'tsx/cjs', path.join(ROOT, 'src', 'server.ts')], {
      ...process.env,
      PORT: String(botPort),
      HOST: '127.0.0.1',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
    });
    playground = start(
      'playground',
      [
        path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
        '-e', `http://127.0.0.1:${botPort}/api/messages`,
        '-c', 'msteams',
        '-p', String(pgPort),
        '--disable-telemetry',
      ],
      { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, // the Playground ignores BROWSER
    );
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-e2e-chromium-'));
    const launched = chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    const ready = await Promise.allSettled([
      launched,
      waitForHttp(`http://127.0.0.1:${botPort}/healthz`, bot),
      waitForHttp(`http://localhost:${pgPort}/_internal/v1/config`, playground),
    ]);
    if (ready[0].status === 'fulfilled') context = ready[0].value;
    for (const r of ready) if (r.status === 'rejected') throw r.reason;
    if (!context) throw new Error('Chromium did not start.');

    // Offline and the same everywhere: only the Playground's own origin is loaded (its Segoe UI
    // fonts and an animation worklet come from a CDN that CI can't reach; the fallback font is fine).
    await context.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(REPLY_MS);
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/_ws_conversation/')) return;
      ws.on('framereceived', ({ payload }) => {
        try {
          const frame = JSON.parse(String(payload)) as { action?: string; message?: PlaygroundMessage };
          if (frame.action === 'createMessage' && frame.message) received.push(frame.message);
        } catch {
          /* not JSON */
        }
      });
    });
    await page.goto(`http://localhost:${pgPort}`, { waitUntil: 'domcontentloaded' });
    await page.locator(BOX).waitFor();
    // The welcome card comes from the bot's membersAdded handler: the whole chain is up.
    await cards().first().waitFor({ timeout: 30_000 });
    const hideLog = page.locator('button[title="Hide log panel"]');
    if (await hideLog.isVisible()) await hideLog.click();
  }, HOOK_MS);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await Promise.all([stop(bot), stop(playground)]);
    process.removeListener('exit', killOnExit);
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  }, HOOK_MS);

  it('answers "510559 403" with the card for that code pair', async () => {
    reportFailure('510559-403');
    const { card } = await send('510559 403');
    await card.getByText('Get Outbound routing - No viable path (Forbidden)').waitFor();
    const text = await card.innerText();
    expect(text).toContain('510559 / 403');
    expect(text).toContain('Get Outbound routing - No viable path (Forbidden)');
    expect(text).toContain('Fix on: your Teams configuration — Microsoft generated this response.');
    expect(text).toContain('Suggested actions');
    await expect(card.getByText('Open the doc', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(card.getByText('Other codes with SIP 403', { exact: true }).isVisible()).resolves.toBe(true);
    await card.scrollIntoViewIfNeeded();
    await shot('510559-403.png');

    if (process.env.UPDATE_SCREENSHOT === '1') {
      // For the README: the question and the whole card, cropped to the conversation. In a narrow
      // window the Playground folds its side bar and the question's bubble sits near the card.
      await page.setViewportSize({ width: 800, height: 1200 });
      try {
        await card.scrollIntoViewIfNeeded();
        const question = page.getByText('510559 403', { exact: true }).last();
        const [q, c] = [await question.boundingBox(), await card.boundingBox()];
        if (!q || !c) throw new Error('The question or the card is not on screen.');
        const x = Math.max(0, c.x - 68); // the bot's avatar, not the folded side bar
        const y = Math.max(0, q.y - 36); // the question's timestamp
        fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
        await page.screenshot({
          path: DOCS_SCREENSHOT,
          // q is the question's text: +32 covers its bubble's padding and a margin.
          clip: { x, y, width: Math.min(800, q.x + q.width + 32) - x, height: c.y + c.height + 10 - y },
        });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    }
  }, TEST_MS);

  it('explains every code of a pasted multi-line log', async () => {
    reportFailure('pasted-log');
    const { card, reply } = await send(PASTED_LOG);

    // What the Playground renders: the summary, which lists every distinct failure.
    await card.getByText('4 failures found, 4 distinct').waitFor();
    const first = await card.innerText();
    for (const codes of ['510559 / 403', 'SIP 504', '569008 / 504', '560403 / 403']) expect(first).toContain(codes);
    expect(first).toContain('Who must act on the failures');
    await card.scrollIntoViewIfNeeded();
    await shot('pasted-log.png');

    // The whole carousel, as the page received it (the Playground shows only its first card).
    await expect.poll(() => reply()?.attachments?.length ?? 0, { timeout: REPLY_MS }).toBeGreaterThanOrEqual(5);
    const message = reply()!;
    expect(message.attachmentLayout).toBe('carousel');
    const findings = message.attachments!.map((a) => cardStrings(a.content));
    const finding = (title: string) => findings.find((f) => f[0] === title);
    const top = finding('510559 / 403');
    expect(top).toContain('Found on line 1 of your paste.');
    expect(top).toContain('2026-11-22T10:15:03Z CallEndReason=403 CallEndSubReason=510559');
    expect(finding('SIP 504')).toContain('Found on line 2 of your paste.');
    const tls = finding('569008 / 504');
    expect(tls?.join('\n')).toContain('Remote certificate expired');
    expect(tls).toContain('Found on line 3 of your paste.');
    const sbc = finding('560403 / 403');
    // Who must act leads (the badge), who generated the response follows.
    expect(sbc).toContain('Your SBC');
    expect(sbc).toContain('Customer SBC (documented rule)');
    expect(sbc).toContain('Found on line 4 of your paste.');
  }, TEST_MS);

  it('answers a pasted usage report with the summary first: charts, their tables, every failure reachable', async () => {
    reportFailure('report-summary');
    const csv = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'pastes', 'dr-usage-report.csv'), 'utf8').trim();
    const { card } = await send(csv);
    await card.getByText('8 of 11 calls failed (73%)').waitFor();
    const text = await card.innerText();
    expect(text).toContain('Who must act on the failures');
    expect(text).toContain('Failures by SBC');
    // The Playground draws the Chart.* elements (as SVG), and the tables twin them.
    await expect.poll(() => card.locator('svg').count(), { timeout: REPLY_MS }).toBeGreaterThanOrEqual(2);
    expect(text).toContain('sbc1.contoso.com');
    expect(text).toContain('510559 / 403');
    // The card is taller than the window: a tall window shows it whole.
    await page.setViewportSize({ width: 1000, height: 3200 });
    try {
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: path.join(OUT_DIR, 'report-summary.png') });
      if (process.env.UPDATE_SCREENSHOT === '1') await card.screenshot({ path: path.join(ROOT, 'docs', 'report-summary.png') });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, TEST_MS);

  it('answers a card button: "Other codes with SIP 403", then one of the listed codes', async () => {
    reportFailure('sip-403');
    const { card } = await send('510559 403');
    let before = await cards().count();
    await card.getByRole('button', { name: 'Other codes with SIP 403' }).click();
    const list = await nextCard(before);
    await list.getByText(/Microsoft documents \d+ codes with SIP 403/).waitFor();
    const text = await list.innerText();
    expect(text).toContain('SIP 403');
    expect(text).toContain('Forbidden');
    expect(text.match(/^\d+ \/ 403$/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
    await list.screenshot({ path: path.join(OUT_DIR, 'sip-403-codes.png') }); // taller than the window

    // Each listed code is a row that explains itself when selected.
    const row = list.locator('[role="button"]').filter({ hasText: /\d+ \/ 403/ }).first();
    const code = /\d+ \/ 403/.exec(await row.innerText())![0];
    before = await cards().count();
    await row.click();
    const entry = await nextCard(before);
    await entry.getByText(code, { exact: true }).waitFor();
    expect(await entry.innerText()).toContain('Suggested actions');
  }, TEST_MS);

  it('finds "569008" with the searchCodes message extension', async () => {
    reportFailure('message-extension');
    type Result = { composeExtension?: { attachments?: { preview?: { content?: Record<string, unknown> } }[] } };
    let bodyFromBot: Result | undefined;
    const onResponse = async (response: import('playwright-core').Response) => {
      if (response.url().includes('/_conversation/v1/invoke')) bodyFromBot = (await response.json().catch(() => undefined)) as Result | undefined;
    };
    page.on('response', onResponse);
    try {
      await page.locator('button[aria-label="Trigger Message Extension App"]').click();
      await page.getByRole('menuitem', { name: 'Search Command' }).click();
      await page.getByText('Specify Command ID or Parameter').click();
      await page.getByPlaceholder('Command ID').fill('searchCodes');
      await page.getByPlaceholder('Parameter name').fill('query');
      await page.getByPlaceholder('Enter a search term').fill('569008');
      const result = page.getByRole('heading', { name: /^569008 \/ 504/ });
      await result.first().waitFor();
      await shot('message-extension.png');

      const previews = bodyFromBot?.composeExtension?.attachments?.map((a) => a.preview?.content?.title) ?? [];
      expect(previews[0]).toMatch(/^569008 \/ 504 Unable to deliver INVITE/);
    } finally {
      page.off('response', onResponse);
      await page.keyboard.press('Escape');
    }
  }, TEST_MS);
});

// Without the browser: a failing test in CI (so a run that tested nothing can't pass), a skip
// with its reason elsewhere.
if (MISSING_CHROMIUM !== undefined) {
  describe('SIP Doc in the Microsoft 365 Agents Playground (Chromium)', () => {
    if (process.env.CI) {
      it('has a Chromium to drive', () => {
        throw new Error(`${MISSING_CHROMIUM} The browser end-to-end test needs it in CI.`);
      });
    } else {
      console.warn(`test/e2e/playground.test.ts skipped: ${MISSING_CHROMIUM}`);
      it.skip(`skipped: ${MISSING_CHROMIUM}`, () => undefined);
    }
  });
}
