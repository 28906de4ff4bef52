// The bundles inline their npm dependencies and esbuild drops their legal comments, so the
// licences those packages ask to ship with copies of them go into a notices file instead: one per
// shipped folder, listing exactly the packages esbuild read (from its metafile).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** The package folder an input path belongs to (`node_modules/@scope/name`), or null for our own sources. */
export function packageDirOf(inputPath) {
  const parts = inputPath.replace(/\\/g, '/').split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last < 0 || last + 1 >= parts.length) {
    return null;
  }
  const scoped = parts[last + 1].startsWith('@');
  return parts.slice(0, last + (scoped ? 3 : 2)).join('/');
}

/** Notices text for the packages behind `inputPaths` (paths relative to `root`), sorted by name. */
export function noticesFor(inputPaths, root = '.') {
  const dirs = [...new Set(inputPaths.map(packageDirOf).filter((dir) => dir !== null))];
  const packages = dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(join(root, dir)).find((name) => LICENSE_FILE.test(name));
    const text = licenseFile === undefined ? `(the package ships no licence file; its package.json says: ${manifest.license ?? 'nothing'})` : readFileSync(join(root, dir, licenseFile), 'utf8').trim();
    return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'unknown', text };
  });
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header = 'Psono Tray includes the following third-party packages, bundled into its JavaScript files.\n';
  return header + packages.map((p) => `\n${'='.repeat(78)}\n${p.name} ${p.version} (${p.license})\n${'='.repeat(78)}\n\n${p.text}\n`).join('');
}
