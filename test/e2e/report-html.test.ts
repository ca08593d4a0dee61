// The HTML report of `sipdoc report --html` in a real Chromium: it renders its charts and tables
// from the file alone (no request leaves the page, no script runs), and hostile values stay text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/diagnose/report';
import { defaultKb } from '../../src/kb/load';
import { reportToHtml } from '../../src/report/report-html';

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.runIf(fs.existsSync(CHROMIUM))('the HTML report in Chromium', () => {
  it('renders the charts and tables with no request and no script', async () => {
    const csv = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'pastes', 'dr-usage-report.csv'), 'utf8');
    // A hostile value in the file: it must show as text.
    const hostile = csv.replace('sbc3.contoso.com', '<img src=x onerror="document.title=1">sbc3');
    const r = await readReport({ name: 'PSTN.calls.2024-11-05.csv', bytes: Buffer.from(hostile) }, defaultKb());
    if (!r.ok) throw new Error(r.problem);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipdoc-html-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, reportToHtml(r.report, new Date('2024-11-06T09:00:00Z')));
    const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 900 },
    });
    try {
      const requests: string[] = [];
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('request', (req) => {
        if (!req.url().startsWith('file://')) requests.push(req.url());
      });
      await page.goto(`file://${file}`);
      expect(await page.title()).toBe('8 of 11 calls failed (73%): SIP Doc report');
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('section.kind').count()).toBe(6);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('td', { hasText: '<img src=x onerror="document.title=1">sbc3' }).first().isVisible()).toBe(true);
      expect(requests).toEqual([]);
      fs.mkdirSync(path.join(ROOT, 'test-output', 'e2e'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-output', 'e2e', 'report-html.png'), fullPage: true });
      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.join(ROOT, 'docs', 'report-html.png'), clip: { x: 0, y: 0, width: 1000, height: 1500 } });
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
