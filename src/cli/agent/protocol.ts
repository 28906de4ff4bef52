/**
 * The agent's wire format: one JSON line per request, one JSON line per reply, one exchange per
 * connection. A command request carries the caller's argv and a fingerprint of its credentials;
 * the agent answers only callers whose fingerprint equals its own.
 */
import { createHash } from 'node:crypto';
// zod/mini: the same schemas without zod's method chains and locales, so the CLI's front bundle stays small.
import * as z from 'zod/mini';

import { wipeCredentials, type ApiKeyCredentials } from '../../core/session';
import { configPathFor, readCredentials, type CredentialFiles } from '../credentials';

export const PROTOCOL_VERSION = 1;

export const AgentRequest = z.discriminatedUnion('op', [
  z.object({ v: z.literal(PROTOCOL_VERSION), op: z.literal('command'), credentials: z.string().check(z.regex(/^[0-9a-f]{64}$/)), argv: z.array(z.string()).check(z.maxLength(64)) }),
  z.object({ v: z.literal(PROTOCOL_VERSION), op: z.literal('status') }),
  z.object({ v: z.literal(PROTOCOL_VERSION), op: z.literal('lock') }),
]);
export type AgentRequest = z.infer<typeof AgentRequest>;

export const AgentReply = z.discriminatedUnion('kind', [
  /** What the command wrote and its exit status, exactly as a direct call would. */
  z.object({ kind: z.literal('result'), exitCode: z.int().check(z.minimum(0), z.maximum(255)), stdout: z.string(), stderr: z.string() }),
  /** `run`'s variables: the caller starts its command with them (they never go on a command line). */
  z.object({ kind: z.literal('variables'), variables: z.record(z.string(), z.string()), stderr: z.string() }),
  /** Not answered: the caller runs the command itself. */
  z.object({ kind: z.literal('refused'), reason: z.enum(['credentials', 'unsupported', 'bad-request']) }),
  z.object({ kind: z.literal('status'), pid: z.int(), idleTimeoutSeconds: z.number(), locksInSeconds: z.number() }),
  z.object({ kind: z.literal('locked') }),
]);
export type AgentReply = z.infer<typeof AgentReply>;

/** The most a line may hold (a 10,000-entry `ls --json` fits many times over). */
export const MAX_LINE = 64 * 1024 * 1024;

/**
 * SHA-256 over every credential value (and the CA file, which decides whom the agent trusts). The
 * keys are 32 random bytes each, so the digest reveals nothing about them; any change in any value
 * gives another fingerprint.
 */
export function credentialFingerprint(credentials: ApiKeyCredentials, caFile: string | undefined): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(['psono-agent-v1', credentials.serverUrl, credentials.apiKeyId, credentials.serverSignature, credentials.serverPublicKey, caFile ?? null]));
  hash.update(credentials.privateKey.expose());
  hash.update(credentials.secretKey.expose());
  return hash.digest('hex');
}

/** The fingerprint of the credentials a call with `--config config` would use; their keys are wiped after. */
export function callFingerprint(env: Readonly<Record<string, string | undefined>>, config: string | null, files: CredentialFiles): string {
  const credentials = readCredentials(env, configPathFor(config, env), files);
  try {
    return credentialFingerprint(credentials, env['PSONO_CA_FILE']?.trim() || undefined);
  } finally {
    wipeCredentials(credentials);
  }
}
