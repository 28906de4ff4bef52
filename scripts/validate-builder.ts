// Checks electron-builder.yml against electron-builder's own JSON schema, offline, without packaging.
// `node --import tsx scripts/validate-builder.ts [file]` exits 1 with electron-builder's message when
// the file is invalid. The entry points are internal to app-builder-lib, which is why
// electron-builder is pinned exactly in package.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The parts of an electron-builder configuration this project reads back in tests. */
export type BuilderConfig = Record<string, unknown>;

interface AppBuilderInternals {
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}
interface DebugLoggerModule {
  DebugLogger: new (enabled: boolean) => unknown;
}
interface YamlModule {
  load(text: string): unknown;
}

// Resolve from app-builder-lib itself so the YAML parser and schema are the ones electron-builder uses.
const requireFromHere = createRequire(import.meta.url);
const requireFromBuilder = createRequire(requireFromHere.resolve('app-builder-lib/package.json'));

/** Parses the YAML file exactly as electron-builder would. */
export function loadBuilderConfig(file = 'electron-builder.yml'): BuilderConfig {
  const yaml = requireFromBuilder('js-yaml') as YamlModule;
  const parsed = yaml.load(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} does not contain a configuration object`);
  }
  return parsed as BuilderConfig;
}

/** Resolves when the configuration matches electron-builder's schema; rejects with its message otherwise. */
export async function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  const internals = requireFromBuilder('./out/util/config/config') as AppBuilderInternals;
  const { DebugLogger } = requireFromBuilder('builder-util/out/DebugLogger') as DebugLoggerModule;
  await internals.validateConfiguration(config, new DebugLogger(false));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const file = process.argv[2] ?? 'electron-builder.yml';
  try {
    await validateBuilderConfig(loadBuilderConfig(file));
    console.log(`${file}: valid for electron-builder ${(requireFromHere('electron-builder/package.json') as { version: string }).version}`);
  } catch (error) {
    console.error(`${file}: INVALID\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
