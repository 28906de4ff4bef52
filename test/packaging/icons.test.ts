// The committed icons: every file scripts/make-icons.ts promises exists, at its pixel size, and the
// tray variants really differ the way the tray needs (state, theme colour, macOS template).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { iconJobs, LINUX_ICON_SIZES, svgForJob, SOURCE_SVG, trayBaseName, TRAY_STATES, TRAY_THEMES } from '../../scripts/make-icons';
import { loadBuilderConfig } from '../../scripts/validate-builder';
import { decodeRgba, pixelAt, readPngHeader, type RgbaImage } from './png';

const load = (file: string): RgbaImage => decodeRgba(readFileSync(file));

/** Opaque-ish pixels of the glyph (alpha ≥ 128). */
function glyphPixels(image: RgbaImage): Array<[number, number, number, number]> {
  const found: Array<[number, number, number, number]> = [];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const p = pixelAt(image, x, y);
      if (p[3] >= 128) {
        found.push(p);
      }
    }
  }
  return found;
}

describe('icon files', () => {
  test('every icon exists as an RGBA PNG of its declared size', () => {
    const jobs = iconJobs();
    assert.ok(jobs.length >= 34);
    for (const job of jobs) {
      assert.ok(existsSync(job.file), `${job.file} missing: run node --import tsx scripts/make-icons.ts`);
      const header = readPngHeader(readFileSync(job.file));
      assert.deepEqual([header.width, header.height], [job.size, job.size], job.file);
      assert.equal(header.colourType, 6, `${job.file} must have an alpha channel`);
    }
  });

  test('the icons electron-builder is pointed at exist at the sizes each OS needs', () => {
    const config = loadBuilderConfig();
    for (const os of ['mac', 'win']) {
      const icon = String((config[os] as { icon: string }).icon);
      assert.ok(readPngHeader(readFileSync(icon)).width >= 1024, `${os} icon must be at least 1024 px (dmg/icns needs 1024)`);
    }
    const linuxDir = String((config.linux as { icon: string }).icon);
    for (const size of LINUX_ICON_SIZES) {
      assert.equal(readPngHeader(readFileSync(`${linuxDir}/${size}x${size}.png`)).width, size);
    }
  });

  test('every tray state and theme has 16 px, 32 px and their @2x files (nativeImage picks @2x itself)', () => {
    for (const state of TRAY_STATES) {
      for (const theme of TRAY_THEMES) {
        const base = `resources/tray/${trayBaseName(state, theme)}`;
        const sizes = [`${base}.png`, `${base}@2x.png`, `${base}-32.png`, `${base}-32@2x.png`].map((f) => readPngHeader(readFileSync(f)).width);
        assert.deepEqual(sizes, [16, 32, 32, 64], base);
      }
    }
    assert.ok(existsSync('resources/tray/tray-lockedTemplate.png'), 'macOS needs the "Template" suffix to treat it as a template image');
  });
});

describe('icon content', () => {
  test('app icon: transparent corners (rounded tile), blue tile, white padlock in the middle', () => {
    const icon = load('build/icon.png');
    assert.equal(pixelAt(icon, 2, 2)[3], 0, 'corner must be transparent');
    const tile = pixelAt(icon, 512, 150);
    assert.ok(tile[3] === 255 && tile[2] > 180 && tile[0] < 120, `tile should be opaque blue, got ${tile.join(',')}`);
    const lockBody = pixelAt(icon, 400, 700);
    assert.deepEqual(lockBody.slice(0, 3), [255, 255, 255], 'lock body should be white');
    const keyhole = pixelAt(icon, 512, 616);
    assert.ok(keyhole[0] < 200, 'the keyhole is cut out of the body');
  });

  test('tray: the glyph is visible, locked and unlocked differ, corners stay transparent', () => {
    for (const theme of TRAY_THEMES) {
      for (const suffix of ['', '@2x', '-32', '-32@2x']) {
        const locked = load(`resources/tray/${trayBaseName('locked', theme)}${suffix}.png`);
        const unlocked = load(`resources/tray/${trayBaseName('unlocked', theme)}${suffix}.png`);
        const area = locked.width * locked.height;
        const coverage = glyphPixels(locked).length / area;
        assert.ok(coverage > 0.25 && coverage < 0.75, `${theme}${suffix}: glyph covers ${(coverage * 100).toFixed(0)} % of the icon`);
        assert.equal(pixelAt(locked, 0, locked.height - 1)[3], 0, 'bottom-left corner transparent');
        let differing = 0;
        for (let i = 3; i < locked.pixels.length; i += 4) {
          if (Math.abs((locked.pixels[i] ?? 0) - (unlocked.pixels[i] ?? 0)) > 128) {
            differing++;
          }
        }
        assert.ok(differing / area > 0.03, `${theme}${suffix}: locked and unlocked look the same (${differing} px differ)`);
      }
    }
  });

  test('tray colours: light glyph for dark panels, dark glyph for light panels, pure black templates', () => {
    const luminance = (p: readonly number[]): number => 0.2126 * (p[0] ?? 0) + 0.7152 * (p[1] ?? 0) + 0.0722 * (p[2] ?? 0);
    for (const state of TRAY_STATES) {
      for (const suffix of ['', '-32@2x']) {
        const dark = glyphPixels(load(`resources/tray/${trayBaseName(state, 'dark')}${suffix}.png`));
        const light = glyphPixels(load(`resources/tray/${trayBaseName(state, 'light')}${suffix}.png`));
        const template = glyphPixels(load(`resources/tray/${trayBaseName(state, 'Template')}${suffix}.png`));
        assert.ok(dark.every((p) => luminance(p) > 200), `${state} dark-panel icon must be light`);
        assert.ok(light.every((p) => luminance(p) < 60), `${state} light-panel icon must be dark`);
        assert.ok(template.every((p) => p[0] === 0 && p[1] === 0 && p[2] === 0), `${state} template must be black + alpha only`);
      }
    }
  });

  test('one source: the generator derives every variant from build/icon-source.svg', () => {
    const source = readFileSync(SOURCE_SVG, 'utf8');
    const [appJob] = iconJobs();
    assert.ok(appJob);
    const unlockedTray = svgForJob(source, { file: 'x.png', size: 16, kind: 'tray', state: 'unlocked', colour: '#000000' });
    assert.match(unlockedTray, /#shackle-locked\{display:none!important\}/);
    assert.match(unlockedTray, /#app-background\{display:none\}/);
    assert.match(unlockedTray, /viewBox="172 170 680 680"/);
    assert.doesNotMatch(svgForJob(source, appJob), /#app-background\{display:none\}/);
  });
});
