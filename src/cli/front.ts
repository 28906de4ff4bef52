/**
 * The `psono` executable (dist/cli/psono.cjs). A call that a running agent can answer is sent to it
 * from this small bundle, which loads none of the login, crypto or HTTP code; everything else, and
 * any call the agent does not answer, runs the full CLI (dist/cli/psono-main.cjs, src/cli/index.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { agentLocation, checkSocket } from './agent/paths';
import { AGENT_COMMANDS } from './agent/answered';
import { parseCommandLine, type ParsedArgs } from './args';

/** package.json's version, inlined by the build (scripts/build.mjs `define`). */
declare const __PSONO_TRAY_VERSION__: string | undefined;

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => (text === '' ? resolve() : stream.write(text, () => resolve())));
}

function fullCli(): void {
  createRequire(__filename)(join(__dirname, 'psono-main.cjs'));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let args: ParsedArgs;
  try {
    args = parseCommandLine(argv);
  } catch {
    fullCli();
    return;
  }
  // Answered here: the full CLI is a far larger bundle to parse (run.ts prints the same line).
  if (args.flags.has('--version') && args.command === null && typeof __PSONO_TRAY_VERSION__ === 'string') {
    await write(process.stdout, `psono ${__PSONO_TRAY_VERSION__}\n`);
    return;
  }
  const env = process.env;
  // Most calls stop here: no agent, or a command it does not answer. The client and the credential
  // code load only past this point (esbuild runs a dynamically imported module on first import).
  if (args.command === null || !AGENT_COMMANDS.has(args.command) || checkSocket(agentLocation(env)) === 'absent') {
    fullCli();
    return;
  }
  const [{ viaAgent }, { callFingerprint }, { LOCAL_FILES }, { runWithVariables, spawnChild }] = await Promise.all([
    import('./agent/via'),
    import('./agent/protocol'),
    import('./credentials'),
    import('./child'),
  ]);
  let stdout = '';
  let stderr = '';
  let started = false;
  const answered = await viaAgent(argv, args, {
    env,
    io: { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    fingerprint: (parsed) => callFingerprint(env, parsed.config, LOCAL_FILES),
    open: () => Promise.reject(new Error('the front end holds no vault')),
    // `run`: the agent sent the variables; the child starts here, after the warnings are out.
    runCommand: async (command, variables) => {
      started = true;
      await write(process.stderr, stderr);
      stderr = '';
      return runWithVariables(spawnChild, env, command, variables, (text) => process.stderr.write(text));
    },
  }).catch((error: unknown) => {
    // A started command is never run a second time by the full CLI.
    if (started) {
      throw error;
    }
    return null;
  });
  await write(process.stderr, stderr);
  if (answered === null) {
    fullCli();
    return;
  }
  // `psono ls | head -1`: the reader went away; stop quietly.
  process.stdout.on('error', () => process.exit(0));
  await write(process.stdout, stdout);
  process.exitCode = answered;
}

void main();
