/**
 * Renders the Teams app icons from their SVG sources with headless Chromium:
 *
 *   appPackage/icons/color.svg   -> appPackage/color.png    192x192, opaque, full-bleed background
 *   appPackage/icons/outline.svg -> appPackage/outline.png   32x32, white on transparent
 *
 *   npm run icons        (Chromium path: $CHROMIUM_PATH, default /usr/bin/chromium)
 *
 * The PNGs are committed; run this only after editing an SVG.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { ICON_SIZES, inspectIcon, type IconKind } from './package-app';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface IconJob {
  kind: IconKind;
  svg: string;
  png: string;
}

const JOBS: IconJob[] = [
  { kind: 'color', svg: 'appPackage/icons/color.svg', png: 'appPackage/color.png' },
  { kind: 'outline', svg: 'appPackage/icons/outline.svg', png: 'appPackage/outline.png' },
];

/** Lowest channel value still accepted as "white" before the outline is snapped to pure white. */
const NEAR_WHITE = 250;

async function renderSvg(browser: Browser, svg: string, size: number, transparent: boolean): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  try {
    const html =
      '<!doctype html><html><head><style>' +
      'html,body{margin:0;padding:0;background:transparent;overflow:hidden}' +
      `svg{display:block;width:${size}px;height:${size}px}` +
      `</style></head><body>${svg}</body></html>`;
    await page.setContent(html);
    return await page.screenshot({
      type: 'png',
      omitBackground: transparent,
      clip: { x: 0, y: 0, width: size, height: size },
    });
  } finally {
    await page.close();
  }
}

/**
 * Chromium un-premultiplies anti-aliased edges, which can leave 254s; snap
 * every visible pixel to pure white and every invisible one to 0,0,0,0.
 * Refuses (rather than hides) pixels that were clearly not white.
 */
function snapOutline(png: PNG): void {
  for (let i = 0; i < png.data.length; i += 4) {
    const a = png.data[i + 3] ?? 0;
    if (a === 0) {
      png.data.fill(0, i, i + 4);
      continue;
    }
    const rgb = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    if (a > 32 && rgb.some((c) => c < NEAR_WHITE)) {
      const p = i / 4;
      throw new Error(
        `outline.svg draws a non-white pixel at (${p % png.width},${Math.floor(p / png.width)}): ` +
          `rgba(${rgb.join(',')},${a}). Teams only accepts white on transparent.`,
      );
    }
    png.data.fill(255, i, i + 3);
  }
}

/** The color icon must cover its whole square (Teams rounds the corners itself). */
function assertOpaque(png: PNG): void {
  for (let i = 3; i < png.data.length; i += 4) {
    if (png.data[i] !== 255) throw new Error('color.svg leaves transparent pixels; it needs a full-bleed background.');
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    for (const job of JOBS) {
      const size = ICON_SIZES[job.kind];
      const svg = fs.readFileSync(path.join(ROOT, job.svg), 'utf8');
      const shot = await renderSvg(browser, svg, size, job.kind === 'outline');
      const png = PNG.sync.read(shot);
      if (job.kind === 'outline') snapOutline(png);
      else assertOpaque(png);
      const out = PNG.sync.write(png, { colorType: job.kind === 'outline' ? 6 : 2 });
      const problems = inspectIcon(out, job.kind, job.png);
      if (problems.length) throw new Error(problems.join('\n'));
      fs.writeFileSync(path.join(ROOT, job.png), out);
      console.log(`${job.svg} -> ${job.png} (${png.width}x${png.height}, ${out.length} bytes)`);
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`render-icons: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
