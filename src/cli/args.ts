/** The command line: options (node:util parseArgs), the commands and what each of them accepts. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}
export class NotFoundError extends Error {}
/** A failure with a message written for the user (exit 1). */
export class FailureError extends Error {}

export interface ParsedArgs {
  readonly command: string | null;
  readonly positional: readonly string[];
  /** Options as typed: `--json`, `--help` (also for `-h`), or an unknown one such as `-x`. */
  readonly flags: ReadonlySet<string>;
  readonly field: string | null;
  readonly format: string | null;
  readonly config: string | null;
  readonly idleTimeout: string | null;
  readonly clear: string | null;
  readonly entries: readonly string[];
  /** What follows `--`: the command of `run`, or more positional arguments for the others. */
  readonly rest: readonly string[];
}

const OPTIONS = {
  json: { type: 'boolean' },
  field: { type: 'string' },
  'no-newline': { type: 'boolean', short: 'n' },
  quiet: { type: 'boolean', short: 'q' },
  format: { type: 'string' },
  entry: { type: 'string', multiple: true },
  config: { type: 'string' },
  'idle-timeout': { type: 'string' },
  clear: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

function stringOption(value: unknown, name: string): string | null {
  if (value === undefined) {
    return null;
  }
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`--${name} needs a value.`);
  }
  return value;
}

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const split = argv.indexOf('--');
  const head = split === -1 ? [...argv] : argv.slice(0, split);
  const rest = split === -1 ? [] : argv.slice(split + 1);
  // Not strict: an unknown option is refused per command (checkUsage), pointing at that command's help.
  const { values, positionals } = parseArgs({ args: head, options: OPTIONS, strict: false, allowPositionals: true });
  const flags = new Set(Object.keys(values).map((name) => (name.length === 1 ? `-${name}` : `--${name}`)));
  const [command = null, ...positional] = positionals;
  const entry = values['entry'];
  const entries = (Array.isArray(entry) ? entry : entry === undefined ? [] : [entry]).map((value) => stringOption(value, 'entry')!);
  return {
    command,
    positional: command === 'run' ? positional : [...positional, ...rest],
    flags,
    field: stringOption(values['field'], 'field'),
    format: stringOption(values['format'], 'format'),
    config: stringOption(values['config'], 'config'),
    idleTimeout: stringOption(values['idle-timeout'], 'idle-timeout'),
    clear: stringOption(values['clear'], 'clear'),
    entries,
    rest: command === 'run' ? rest : [],
  };
}

interface CommandSpec {
  readonly options: readonly string[];
  /** The usage message when the arguments do not fit, null if they do. */
  readonly wrongArguments: (args: ParsedArgs) => string | null;
  /** false for commands that never read the vault. */
  readonly vault: boolean;
}

/** Options every vault command takes. */
const COMMON = ['--quiet', '--config'];
const oneId = (name: string) => (args: ParsedArgs) => (args.positional.length !== 1 ? `${name} needs exactly one ID.` : null);

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  ls: { options: ['--json', '--quiet', '--config'], vault: true, wrongArguments: (args) => (args.positional.length > 0 ? 'ls takes no arguments.' : null) },
  search: { options: ['--json', '--quiet', '--config'], vault: true, wrongArguments: (args) => (args.positional.length === 0 ? 'search needs a QUERY.' : null) },
  get: { options: ['--json', '--field', '--no-newline', ...COMMON], vault: true, wrongArguments: oneId('get') },
  totp: { options: ['--json', '--no-newline', ...COMMON], vault: true, wrongArguments: oneId('totp') },
  copy: {
    options: ['--field', '--clear', ...COMMON],
    vault: true,
    wrongArguments: (args) =>
      oneId('copy')(args) ?? (args.clear !== null && !/^\d{1,5}$/.test(args.clear) ? '--clear takes whole seconds, from 0 (never) to 99999.' : null),
  },
  env: { options: ['--json', '--format', '--quiet', '--config'], vault: true, wrongArguments: oneId('env') },
  run: {
    options: ['--entry', '--quiet', '--config'],
    vault: true,
    wrongArguments: (args) =>
      args.rest.length === 0 ? 'run needs a COMMAND after "--" (psono run [--entry ID]... -- COMMAND [ARGS]).' : args.positional.length > 0 ? 'run takes entries only as --entry ID.' : null,
  },
  agent: {
    options: ['--idle-timeout', '--quiet', '--config'],
    vault: false,
    wrongArguments: (args) => (args.positional.length !== 1 || !['start', 'status', 'serve'].includes(args.positional[0]!) ? 'agent needs one of start, status.' : null),
  },
  lock: { options: [], vault: false, wrongArguments: (args) => (args.positional.length > 0 ? 'lock takes no arguments.' : null) },
  completions: {
    options: [],
    vault: false,
    wrongArguments: (args) => (args.positional.length !== 1 || !['bash', 'zsh', 'fish'].includes(args.positional[0]!) ? 'completions needs one of bash, zsh, fish.' : null),
  },
};

export function checkUsage(args: ParsedArgs): CommandSpec {
  const command = args.command !== null && Object.hasOwn(COMMANDS, args.command) ? COMMANDS[args.command] : undefined;
  if (command === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(args.command)} (see psono --help).`);
  }
  for (const flag of args.flags) {
    const name = flag === '-n' ? '--no-newline' : flag === '-q' ? '--quiet' : flag;
    if (!command.options.includes(name)) {
      throw new UsageError(`unknown option ${flag} for "${args.command}" (see psono ${args.command} --help).`);
    }
  }
  const wrong = command.wrongArguments(args);
  if (wrong !== null) {
    throw new UsageError(wrong);
  }
  if (args.flags.has('--json') && (args.flags.has('--field') || args.flags.has('--format'))) {
    throw new UsageError(`use either --json or ${args.flags.has('--field') ? '--field' : '--format'}, not both.`);
  }
  if (args.flags.has('--no-newline') && args.flags.has('--json')) {
    throw new UsageError('--no-newline applies to a single value, not to --json.');
  }
  if (args.command === 'get' && args.flags.has('--no-newline') && args.field === null) {
    throw new UsageError('--no-newline goes with --field.');
  }
  if (args.format !== null && !['dotenv', 'export', 'json'].includes(args.format)) {
    throw new UsageError(`unknown format ${JSON.stringify(args.format)}; use dotenv, export or json.`);
  }
  return command;
}
