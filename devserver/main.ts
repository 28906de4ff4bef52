/**
 * `npm run devserver [-- options]`: starts the dev server on 127.0.0.1 and prints the API key
 * details a user would paste into Psono Tray. The printed keys are demo material from the seed
 * (deterministic), not real credentials.
 *
 *   --port N            listen port (default: random free port)
 *   --vault FILE        vault seed JSON (default: devserver/vaults/demo.json)
 *   --generate N        add N synthetic items (benchmark vault; with no --vault a bare user is used)
 *   --shares S          with --generate: S nested folder shares
 *   --depth D           with --generate: maximum share nesting depth (default 3)
 *   --key NAME          which API key to print (default: the first in the seed)
 *   --session-seconds N maximum session length (default 600)
 *   --server-version V  behave as Psono server 3.5 (3.5.3) or 7.2 (7.2.3, default)
 *   --login-throttle N  throttle API-key logins to N per hour and client (default: off)
 *   --serial            serve one request at a time, like a single-process deployment
 *   --request-ms N      cost of every request in ms (paid while holding the queue with --serial)
 *   --byte-us N         extra cost per response byte in microseconds
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { generateVault } from './generate';
import { cliEnvironment, startDevServer } from './index';
import type { VaultSeed } from './seed';

const here = dirname(fileURLToPath(import.meta.url));

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new Error(`--${name} needs a whole number, got "${value}"`);
  }
  return number;
}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new Error(`--${name} needs a number >= 0, got "${value}"`);
  }
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      vault: { type: 'string' },
      generate: { type: 'string' },
      shares: { type: 'string' },
      depth: { type: 'string' },
      key: { type: 'string' },
      'session-seconds': { type: 'string' },
      'server-version': { type: 'string' },
      'login-throttle': { type: 'string' },
      serial: { type: 'boolean' },
      'request-ms': { type: 'string' },
      'byte-us': { type: 'string' },
    },
    strict: true,
  });
  const items = positiveInt(values.generate, 'generate');
  let seed: VaultSeed;
  if (values.vault !== undefined) {
    seed = JSON.parse(readFileSync(values.vault, 'utf8')) as VaultSeed;
  } else if (items !== undefined) {
    seed = generateVault({ items });
  } else {
    seed = JSON.parse(readFileSync(join(here, 'vaults', 'demo.json'), 'utf8')) as VaultSeed;
  }
  if (items !== undefined) {
    const shares = positiveInt(values.shares, 'shares');
    const depth = positiveInt(values.depth, 'depth');
    seed = { ...seed, generate: { items, ...(shares === undefined ? {} : { shares }), ...(depth === undefined ? {} : { depth }) } };
  }

  const started = performance.now();
  const port = positiveInt(values.port, 'port');
  const sessionMaxSeconds = positiveInt(values['session-seconds'], 'session-seconds');
  const loginThrottlePerHour = positiveInt(values['login-throttle'], 'login-throttle');
  const requestMs = positiveNumber(values['request-ms'], 'request-ms');
  const byteUs = positiveNumber(values['byte-us'], 'byte-us');
  const server = await startDevServer({
    seed,
    host: '127.0.0.1',
    // A fixed server key keeps pasted credentials valid across restarts of the same vault.
    serverKeySeed: `psono-tray-devserver:${seed.seed ?? ''}`,
    ...(port === undefined ? {} : { port }),
    ...(sessionMaxSeconds === undefined ? {} : { sessionMaxSeconds }),
    ...(values['server-version'] === undefined ? {} : { serverVersion: values['server-version'] }),
    ...(loginThrottlePerHour === undefined ? {} : { loginThrottlePerHour }),
    ...(values.serial === true ? { serial: true } : {}),
    ...(requestMs === undefined ? {} : { requestMs }),
    ...(byteUs === undefined ? {} : { byteUs }),
  });
  const startupMs = performance.now() - started;
  const keyName = values.key ?? seed.apiKeys[0]?.name;
  if (keyName === undefined) {
    throw new Error('the vault has no API keys');
  }
  const key = server.apiKey(keyName);
  const lines = [
    `Psono dev server (as ${server.serverVersion}) listening on ${server.url}  (vault ready in ${startupMs.toFixed(0)} ms)`,
    `API keys in this vault: ${seed.apiKeys.map((entry) => entry.name).join(', ')} (showing "${keyName}"; --key NAME for another)`,
    '',
    'Paste into Psono Tray (as shown in Psono\'s API key dialog):',
    '',
    `API_KEY_ID: ${key.apiKeyId}`,
    `API_KEY_PRIVATE_KEY: ${key.apiKeyPrivateKey}`,
    `API_KEY_SECRET_KEY: ${key.apiKeySecretKey}`,
    `SERVER_URL: ${key.serverUrl}`,
    `SERVER_PUBLIC_KEY: ${key.serverPublicKey}`,
    `SERVER_SIGNATURE: ${key.serverSignature}`,
    '',
    'For the CLI:',
    '',
    ...Object.entries(cliEnvironment(key)).map(([name, value]) => `export ${name}='${value}'`),
    '',
    'Ctrl+C stops the server.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`devserver: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
