// Renders every app and tray icon from build/icon-source.svg with headless Chromium, so all sizes
// stay consistent with one drawing. The PNGs are committed; run this only after changing the SVG:
//   node --import tsx scripts/make-icons.ts      (CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const SOURCE_SVG = 'build/icon-source.svg';

/** Sizes written to build/icons/NxN.png for the Linux desktop entry (hicolor theme). */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

export type LockState = 'locked' | 'unlocked';
/**
 * `dark` = for a dark panel (light glyph), `light` = for a light panel (dark glyph),
 * `Template` = macOS template image (black + alpha; macOS recolours it for the menu bar).
 */
export type TrayTheme = 'dark' | 'light' | 'Template';

export const TRAY_STATES: readonly LockState[] = ['locked', 'unlocked'];
export const TRAY_THEMES: readonly TrayTheme[] = ['dark', 'light', 'Template'];
const TRAY_COLOURS: Record<TrayTheme, string> = { dark: '#f5f5f5', light: '#1e1e1e', Template: '#000000' };

/** A tray base name: Electron's nativeImage picks up `<base>@2x.png` next to `<base>.png` by itself. */
export function trayBaseName(state: LockState, theme: TrayTheme): string {
  return theme === 'Template' ? `tray-${state}Template` : `tray-${state}-${theme}`;
}

export interface IconJob {
  readonly file: string;
  readonly size: number;
  readonly kind: 'app' | 'tray';
  readonly state: LockState;
  readonly colour?: string;
}

/** Every PNG this script writes, with its pixel size; the packaging test checks the same list. */
export function iconJobs(): IconJob[] {
  const jobs: IconJob[] = [
    { file: 'build/icon.png', size: 1024, kind: 'app', state: 'locked' },
    { file: 'build/icon-512.png', size: 512, kind: 'app', state: 'locked' },
    ...LINUX_ICON_SIZES.map((size) => ({ file: `build/icons/${size}x${size}.png`, size, kind: 'app' as const, state: 'locked' as const })),
  ];
  for (const state of TRAY_STATES) {
    for (const theme of TRAY_THEMES) {
      const base = `resources/tray/${trayBaseName(state, theme)}`;
      const colour = TRAY_COLOURS[theme];
      // 16 px for Linux/macOS panels, 32 px for Windows and large panels; @2x for HiDPI.
      jobs.push(
        { file: `${base}.png`, size: 16, kind: 'tray', state, colour },
        { file: `${base}@2x.png`, size: 32, kind: 'tray', state, colour },
        { file: `${base}-32.png`, size: 32, kind: 'tray', state, colour },
        { file: `${base}-32@2x.png`, size: 64, kind: 'tray', state, colour },
      );
    }
  }
  return jobs;
}

/** The SVG markup for one job: background and shackle shown or hidden, colour and crop applied. */
export function svgForJob(source: string, job: IconJob): string {
  const trayViewBox = /data-tray-viewbox="([^"]+)"/.exec(source)?.[1];
  if (trayViewBox === undefined) {
    throw new Error(`${SOURCE_SVG} lacks data-tray-viewbox`);
  }
  const hidden = job.state === 'locked' ? '#shackle-unlocked' : '#shackle-locked';
  const shown = job.state === 'locked' ? '#shackle-locked' : '#shackle-unlocked';
  const rules = [`${hidden}{display:none!important}`, `${shown}{display:inline!important}`];
  let svg = source;
  if (job.kind === 'tray') {
    rules.push('#app-background{display:none}', `#padlock{color:${job.colour ?? '#000'}!important}`);
    svg = svg.replace(/viewBox="[^"]+"/, `viewBox="${trayViewBox}"`);
  }
  svg = svg.replace(/ width="\d+" height="\d+"/, ` width="${job.size}" height="${job.size}"`);
  return svg.replace('</svg>', `<style>${rules.join('')}</style></svg>`);
}

export async function renderIcons(jobs: readonly IconJob[], chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<void> {
  const source = readFileSync(SOURCE_SVG, 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
    for (const job of jobs) {
      await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svgForJob(source, job)}`);
      const png = await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
      mkdirSync(dirname(job.file), { recursive: true });
      writeFileSync(job.file, png);
    }
  } finally {
    await browser.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const jobs = iconJobs();
  await renderIcons(jobs);
  console.log(`make-icons: ${jobs.length} PNGs written from ${SOURCE_SVG}`);
}
