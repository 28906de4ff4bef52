// `npm run demo`: a newcomer's first look. Starts the dev server with the demo vault on 127.0.0.1
// and launches the app against it with a throw-away profile (temp user-data folder + a profile
// file handed over in PSONO_TRAY_DEMO_PROFILE), so the OS keychain and the real settings are never
// touched. Without a display or an Electron binary it says so and shows the CLI against the same
// server instead, keeping the server up until Ctrl+C.
//
//   npm run demo                    app if possible, else CLI instructions; Ctrl+C stops
//   npm run demo -- --once          run the CLI examples against the demo server, then exit (tests)
//   npm run demo -- --no-build      use the existing dist/ (the default is to build first)
//   npm run demo -- --port 8123     fixed server port
//
// Everything printed here is demo material from devserver/vaults/demo.json, never real credentials.
// Even so, the demo does not print the vault's passwords: it shows the command that would.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_PROFILE_ENV, DEMO_USER_DATA_ENV } from '../src/main/demo-profile';
import { cliEnvironment, describeSeed, startDevServer, type DevServer, type DevServerApiKey, type VaultSeed } from '../devserver/index';

export const DEMO_VAULT = 'devserver/vaults/demo.json';
export const DEMO_KEY_NAME = 'demo';
export const CLI_BUNDLE = 'dist/cli/psono.cjs';
// Environment variables the main process reads in demo mode (see docs/SECURITY.md, "Demo mode").
export { DEMO_PROFILE_ENV, DEMO_USER_DATA_ENV } from '../src/main/demo-profile';

/** The profile file main reads instead of the keychain. Field names match the API key dialog. */
export interface DemoProfile {
  readonly name: string;
  readonly serverUrl: string;
  readonly apiKeyId: string;
  readonly apiKeyPrivateKey: string;
  readonly apiKeySecretKey: string;
  readonly serverSignature: string;
  readonly serverPublicKey: string;
}

export const MAIN_BUNDLE = 'dist/main/index.cjs';

/**
 * Why the app must not be launched for the demo, or null. A main bundle that does not read
 * PSONO_TRAY_DEMO_PROFILE would ignore the throw-away profile and open the user's real keychain
 * and settings, so the demo only launches a build that knows the variable.
 */
export function demoLaunchRefusal(mainBundle: string): string | null {
  if (!existsSync(mainBundle)) {
    return `${mainBundle} is not built`;
  }
  if (!readFileSync(mainBundle, 'utf8').includes(DEMO_PROFILE_ENV)) {
    return `this build of the app does not support demo mode (${DEMO_PROFILE_ENV}) yet, and would use your real keychain`;
  }
  return null;
}

/** Where an Electron binary would be, or why there is none. */
export function findElectron(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binaryName = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  if (override !== undefined && override !== '') {
    const candidate = join(override, binaryName);
    return existsSync(candidate) ? { path: candidate } : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${candidate} does not exist` };
  }
  // path.txt is written by Electron's downloader; without it, require('electron') would try to download.
  const pathFile = 'node_modules/electron/path.txt';
  if (!existsSync(pathFile)) {
    return { missing: 'no Electron binary is installed (node_modules/electron/path.txt is missing; run `npx install-electron` on a machine with internet)' };
  }
  const candidate = join('node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate) ? { path: candidate } : { missing: `node_modules/electron/path.txt points to ${candidate}, which does not exist` };
}

/** Why no window can be shown, or null when a display is available. */
export function missingDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'darwin' || platform === 'win32') {
    return null;
  }
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Async on purpose: the dev server lives in this process, so a blocking spawnSync would starve it. */
function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr: `${stderr}${error.message}\n` });
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the example commands; passwords are checked for presence but never echoed. */
async function runCliExamples(env: Record<string, string>, workMailId: string): Promise<boolean> {
  let allOk = true;
  const show = (title: string, run: CliRun, hideOutput = false): void => {
    const ok = run.status === 0;
    allOk &&= ok;
    console.log(`\n$ ${title}${ok ? '' : `   → exit ${String(run.status)}`}`);
    if (!ok) {
      process.stdout.write(run.stderr.trim() === '' ? '(no message)\n' : run.stderr);
    } else if (hideOutput) {
      const value = run.stdout.replace(/\n$/, '');
      console.log(`(a ${value.length}-character password was printed; the demo hides it — run the command yourself to see it)`);
    } else {
      process.stdout.write(run.stdout);
    }
  };
  show('psono ls', await runCli(['ls'], env));
  show('psono search mail', await runCli(['search', 'mail'], env));
  show(`psono get ${workMailId} --field username`, await runCli(['get', workMailId, '--field', 'username'], env));
  show(`psono get ${workMailId} --field password`, await runCli(['get', workMailId, '--field', 'password'], env), true);
  show(`psono totp ${workMailId}`, await runCli(['totp', workMailId], env));
  return allOk;
}

function printCliInstructions(env: Record<string, string>, workMailId: string): void {
  console.log('\nUse the CLI against the same server from another terminal (demo keys, not real credentials):\n');
  for (const [name, value] of Object.entries(env)) {
    console.log(`export ${name}=${shellQuote(value)}`);
  }
  console.log(`
node ${CLI_BUNDLE} ls
node ${CLI_BUNDLE} search mail
node ${CLI_BUNDLE} get ${workMailId} --field password
node ${CLI_BUNDLE} totp ${workMailId}`);
}

/** A temp folder with the profile file (0600) and an empty user-data folder; removed on exit. */
function makeThrowAwayProfile(key: DevServerApiKey): { root: string; profileFile: string; userData: string } {
  const root = mkdtempSync(join(tmpdir(), 'psono-tray-demo-'));
  const userData = join(root, 'user-data');
  mkdirSync(userData, { mode: 0o700 });
  const profile: DemoProfile = { name: 'Demo', ...key };
  const profileFile = join(root, 'demo-profile.json');
  writeFileSync(profileFile, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  chmodSync(profileFile, 0o600);
  return { root, profileFile, userData };
}

async function launchApp(electron: string, key: DevServerApiKey): Promise<number> {
  const profile = makeThrowAwayProfile(key);
  console.log(`\nLaunching Psono Tray with a throw-away profile in ${profile.root} (your keychain and settings are not touched).`);
  console.log('Quit the app from its tray menu, or press Ctrl+C here, to end the demo.');
  // Chromium refuses to start its sandbox as root; only the demo under root needs this.
  const extra = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const env: NodeJS.ProcessEnv = { ...process.env, [DEMO_PROFILE_ENV]: profile.profileFile, [DEMO_USER_DATA_ENV]: profile.userData };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, ['.', `--user-data-dir=${profile.userData}`, ...extra], { stdio: 'inherit', env });
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve) => {
      child.once('exit', (code) => resolve(code ?? 0));
      child.once('error', (error) => {
        console.error(`demo: could not start Electron: ${error.message}`);
        resolve(1);
      });
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    rmSync(profile.root, { recursive: true, force: true });
    console.log(`Removed the throw-away profile ${profile.root}.`);
  }
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { once: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false }, port: { type: 'string' } },
    strict: true,
  });
  if (!existsSync(DEMO_VAULT)) {
    console.error(`demo: ${DEMO_VAULT} is missing; the dev server's demo vault is needed.`);
    return 1;
  }
  if (!values['no-build']) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('demo: the build failed (see above).');
      return 1;
    }
  }
  const seed = JSON.parse(readFileSync(DEMO_VAULT, 'utf8')) as VaultSeed;
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    console.error(`demo: --port needs a port number, got "${values.port ?? ''}"`);
    return 1;
  }
  let server: DevServer;
  try {
    server = await startDevServer({
      seed,
      host: '127.0.0.1',
      // The same server key as `npm run devserver`, so pasted demo keys stay valid across restarts.
      serverKeySeed: `psono-tray-devserver:${seed.seed ?? ''}`,
      ...(port === undefined ? {} : { port }),
    });
  } catch (error) {
    console.error(`demo: the dev server did not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    const key = server.apiKey(DEMO_KEY_NAME);
    const env = cliEnvironment(key);
    const workMailId = describeSeed(seed).items.get('work-mail')?.linkId ?? '<ID from ls --json>';
    console.log(`Psono demo server on ${server.url} (vault ${DEMO_VAULT}, API key "${DEMO_KEY_NAME}").`);

    const electron = findElectron();
    const noDisplay = missingDisplay();
    if (!values.once && 'path' in electron && noDisplay === null) {
      const refusal = demoLaunchRefusal(MAIN_BUNDLE);
      if (refusal === null) {
        return await launchApp(electron.path, key);
      }
      console.log(`\nThe app is not started: ${refusal}.`);
    } else if (!values.once) {
      const reason = 'missing' in electron ? electron.missing : (noDisplay ?? '');
      console.log(`\nThe app window cannot be shown here: ${reason}.`);
    }

    if (!existsSync(CLI_BUNDLE)) {
      console.log(`\nThe CLI is not built (${CLI_BUNDLE} is missing${existsSync('src/cli/index.ts') ? '; run npm run build' : '; src/cli does not exist yet'}).`);
      if (values.once) {
        return 1;
      }
    } else if (values.once) {
      return (await runCliExamples(env, workMailId)) ? 0 : 1;
    }
    printCliInstructions(env, workMailId);
    console.log('\nThe server keeps running until Ctrl+C.');
    await waitForInterrupt();
    return 0;
  } finally {
    await server.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
