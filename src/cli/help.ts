/** Help texts: the general one and one per command (`psono help COMMAND`, `COMMAND --help`). */

const CREDENTIALS = `Credentials (from Psono's "API key" dialog), from --config FILE, else the environment:
  PSONO_SERVER_URL            or psonoci's PSONO_CI_SERVER_URL
  PSONO_API_KEY_ID            or psonoci's PSONO_CI_API_KEY_ID
  PSONO_API_KEY_SECRET_KEY    or psonoci's PSONO_CI_API_SECRET_KEY_HEX
  PSONO_API_KEY_PRIVATE_KEY   (psonoci has no equivalent: always needed)
  PSONO_SERVER_SIGNATURE      (psonoci has no equivalent: always needed)
  PSONO_SERVER_PUBLIC_KEY     optional extra pin
  PSONO_CA_FILE               optional extra CA bundle (PEM)
  PSONO_ALLOW_INSECURE_HTTP=1 allow plain http:// to a server that is not this computer
--config FILE reads the same values from a file only its owner may read and write (chmod 600):
  psonoci's TOML ([psono_settings] api_key_id, api_secret_key_hex, server_url) plus
  api_key_private_key, server_signature and optionally server_public_key; or a JSON object with
  server_url, api_key_id, api_key_private_key, api_key_secret_key, server_signature, server_public_key.
  Values missing from the file come from the environment. Without --config, psonoci's
  PSONO_CI_CONFIG_PATH names the file, if set.`;

const ID = `ID is an item id, a secret id, a unique prefix of either (4+ hex digits), a title or a
folder path ending in the title ("Work/Database (prod)"; write a '/' inside a name as \\/).
Exact matches win: id, then path, then title (case-sensitive first), then id prefix. An ID that
matches several entries lists them on stderr (exit 3).`;

const MAIN = `Usage: psono <command> [options]

Commands:
  ls [--json]                        list every entry
  search QUERY [--json]              entries matching QUERY, best first
  get ID [--json | --field NAME [-n]]  show an entry, or one value of it
  totp ID [--json] [-n]              print the entry's current TOTP code
  copy ID [--field NAME] [--clear S]  put a value on the clipboard, cleared after S seconds
  env ID [--format dotenv|export|json]  print an environment_variables entry
  run [--entry ID]... -- COMMAND [ARGS]  run COMMAND with those variables in its environment
  agent start|status                 keep the vault unlocked for calls in a row (see help agent)
  lock                               lock and end the running agent
  completions bash|zsh|fish          print a shell completion script
  help [COMMAND]                     this text, or a command's

Options: --quiet/-q (no warnings), --config FILE, --help/-h (also per command), --version/-V

${CREDENTIALS}

Exit status: 0 ok, 1 failure (server, network, key), 2 usage, 3 entry or field not found,
or several entries match. run exits with COMMAND's status (128+N if killed by signal N).`;

const HELP: Readonly<Record<string, string>> = {
  ls: `Usage: psono ls [--json]

Lists every entry of the vault: id, type, folder path / title (as get takes it) and the
username (Psono's list description: user name, masked card number, …).
--json prints an array of {id, secret_id, type, title, path, url, description, datastore, share_id}
(path = array of folder names; url = first domain of the entry's URL filter, or null).`,
  search: `Usage: psono search QUERY [--json]

Entries whose title, folder path, URL, description or tags match every word of QUERY
(case and accents ignored, one typo tolerated), best match first, printed as by ls.
No match: exit 3 and a message on stderr.`,
  get: `Usage: psono get ID [--json | --field NAME [-n]]

${ID}
Without options: the entry's details, secret values hidden.
--json           the decrypted secret exactly as stored (Psono's own field names)
--field NAME     one value and a newline: title, username, password, url, notes, totp
                 (totp prints the current code); also custom:N, env:N or field:<psono name>
-n, --no-newline the value alone, without the newline (for the clipboard)`,
  totp: `Usage: psono totp ID [--json] [-n]

Prints the current TOTP code of the entry (website password with TOTP, or TOTP entry).
--json   {"code", "seconds_remaining", "period", "digits"}
-n       the code without a newline

${ID}`,
  copy: `Usage: psono copy ID [--field NAME] [--clear SECONDS]

Puts one value of the entry (default: password; NAME as for get --field) on the clipboard, marked
for clipboard managers not to keep where the tool can (wl-copy --sensitive, macOS, Windows; xclip
cannot). It is cleared after SECONDS (default 30; 0: never) if the clipboard still holds it: a
detached psono process keeps it until then and ends early when something else is copied. Needs a
desktop session with xclip (X11) or wl-clipboard (Wayland) on Linux; without one, exit 1.

${ID}`,
  env: `Usage: psono env ID [--format dotenv|export|json]

Prints the variables of an environment_variables entry, one per line:
  dotenv  NAME=value, quoted when needed (default)
  export  export NAME='value' for a POSIX shell (eval "$(psono env ID --format export)")
  json    {"NAME": "value", ...} (also --json)
A variable name that is not an identifier (letters, digits, _, not starting with a digit) is an error.

${ID}`,
  run: `Usage: psono run [--entry ID]... -- COMMAND [ARGS]

Runs COMMAND with the variables of the given environment_variables entries added to its
environment (never to its command line), with stdin/stdout/stderr passed through; the server
session ends before COMMAND starts. Later entries override earlier ones. COMMAND inherits
the environment except the API key's secrets (PSONO_API_KEY_PRIVATE_KEY, PSONO_API_KEY_SECRET_KEY,
PSONO_CI_API_SECRET_KEY_HEX). Without --entry: every
environment_variables entry the key can read (as psonoci's run).
Exits with COMMAND's status, 128+N if a signal N ended it, 127 if COMMAND is not found.`,
  agent: `Usage: psono agent start [--idle-timeout SECONDS] [--config FILE] [-q]
       psono agent status

start logs in once and leaves an agent running in the background that holds the unlocked vault.
While it runs, ls, search, get, totp and env are answered by it (no login per call) when they are
given the same credentials it was started with; run and copy get their variables or value from it
(the caller starts the command or fills the clipboard); calls with other credentials log in directly.
It listens on a socket only your user can open ($XDG_RUNTIME_DIR/psono/agent.sock, else a 0700
folder psono-UID in the temp folder). It locks (wipes the vault, logs out) and ends after
--idle-timeout seconds without a call (default 900), on "psono lock", on SIGTERM/SIGHUP, and on
Linux when the screen locks or the computer goes to sleep.
No agent is started unless you run agent start. status exits 3 if none is running.`,
  lock: `Usage: psono lock

Locks the running agent: it wipes the vault, logs out and ends. Exits 0 also if none runs.`,
  completions: `Usage: psono completions bash|zsh|fish

Prints a completion script. For example:
  bash: eval "$(psono completions bash)"       (in ~/.bashrc)
  zsh:  psono completions zsh > ~/.zfunc/_psono   (with ~/.zfunc in fpath)
  fish: psono completions fish > ~/.config/fish/completions/psono.fish`,
};

export const HELP_TOPICS: readonly string[] = Object.keys(HELP);

/** The help text for a command, or the general one (own keys only: `help constructor` is no topic). */
export function helpFor(topic: string | null | undefined): string {
  return topic && Object.hasOwn(HELP, topic) ? HELP[topic]! : MAIN;
}
