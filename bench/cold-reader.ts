/**
 * The sequential reader as a command (bundled by bench/cold-cli.ts, run cold with `node`):
 * credentials from the CLI's PSONO_* variables, libsodium loaded first, then the read, and the
 * entries printed as JSON like `psono ls --json`. One line on stderr: the request count and
 * the largest answer's size.
 */
import { enableFastCrypto } from '../src/core/crypto';
import { parseCredentials } from '../src/core/session/credentials';
import { freshText } from './fresh-http';
import { readSequentially } from './sequential-reader';

async function main(): Promise<void> {
  const env = process.env;
  const credentials = parseCredentials({
    serverUrl: env['PSONO_SERVER_URL'] ?? '',
    apiKeyId: env['PSONO_API_KEY_ID'] ?? '',
    privateKey: env['PSONO_API_KEY_PRIVATE_KEY'] ?? '',
    secretKey: env['PSONO_API_KEY_SECRET_KEY'] ?? '',
    serverSignature: env['PSONO_SERVER_SIGNATURE'] ?? '',
    serverPublicKey: env['PSONO_SERVER_PUBLIC_KEY'] ?? '',
  });
  await enableFastCrypto();
  let largest = 0;
  const { entries, requests } = await readSequentially(credentials, async (request) => {
    const answer = await freshText(request);
    largest = Math.max(largest, answer.bytes);
    return answer;
  });
  process.stdout.write(`${JSON.stringify(entries.map(({ secretId, title, path, type }) => ({ secret_id: secretId, title, path, type })))}\n`);
  process.stderr.write(`${JSON.stringify({ requests, largestBytes: largest })}\n`);
}

// No top-level await: the bundle is CommonJS, as the CLI's is.
main().catch((error: unknown) => {
  process.stderr.write(`cold-reader: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
