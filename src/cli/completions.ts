/** Shell completion scripts: commands, their options, field names and formats (no entry names: those need a login). */
import { COMMANDS } from './args';

const FIELDS = ['title', 'username', 'password', 'url', 'notes', 'totp'];
const FORMATS = ['dotenv', 'export', 'json'];
const SHELLS = ['bash', 'zsh', 'fish'];

function commandNames(): string[] {
  return [...Object.keys(COMMANDS), 'help'];
}

function optionsOf(command: string): string[] {
  return [...(COMMANDS[command]?.options ?? []), '--help'];
}

function bash(): string {
  const cases = Object.keys(COMMANDS)
    .map((command) => `    ${command}) opts="${optionsOf(command).join(' ')}" ;;`)
    .join('\n');
  return `# bash completion for psono-tray
_psono_tray() {
  local cur prev cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  case "$prev" in
    --field) COMPREPLY=($(compgen -W "${FIELDS.join(' ')}" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "${FORMATS.join(' ')}" -- "$cur")); return ;;
    --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commandNames().join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
    help) opts="${Object.keys(COMMANDS).join(' ')}" ;;
    completions) opts="${SHELLS.join(' ')}" ;;
    *) opts="" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _psono_tray psono-tray
`;
}

function zsh(): string {
  const cases = Object.keys(COMMANDS)
    .map((command) => `    ${command}) _values 'option' ${optionsOf(command).map((option) => `'${option}'`).join(' ')} ;;`)
    .join('\n');
  return `#compdef psono-tray
# zsh completion for psono-tray
_psono_tray() {
  case "\${words[CURRENT-1]}" in
    --field) _values 'field' ${FIELDS.join(' ')}; return ;;
    --format) _values 'format' ${FORMATS.join(' ')}; return ;;
    --config) _files; return ;;
  esac
  if (( CURRENT == 2 )); then
    _values 'command' ${commandNames().join(' ')}
    return
  fi
  case "\${words[2]}" in
${cases.replace(/^ {4}completions\).*$/m, `    completions) _values 'shell' ${SHELLS.join(' ')} ;;`)}
    help) _values 'command' ${Object.keys(COMMANDS).join(' ')} ;;
  esac
}
compdef _psono_tray psono-tray
`;
}

function fish(): string {
  const lines = [
    '# fish completion for psono-tray',
    'complete -c psono-tray -f',
    `complete -c psono-tray -n __fish_use_subcommand -a '${commandNames().join(' ')}'`,
  ];
  for (const command of Object.keys(COMMANDS)) {
    for (const option of optionsOf(command)) {
      const takes = option === '--field' ? ` -x -a '${FIELDS.join(' ')}'` : option === '--format' ? ` -x -a '${FORMATS.join(' ')}'` : option === '--config' ? ' -r -F' : option === '--entry' ? ' -x' : '';
      lines.push(`complete -c psono-tray -n '__fish_seen_subcommand_from ${command}' -l ${option.slice(2)}${takes}`);
    }
  }
  lines.push(`complete -c psono-tray -n '__fish_seen_subcommand_from completions' -a '${SHELLS.join(' ')}'`);
  lines.push(`complete -c psono-tray -n '__fish_seen_subcommand_from help' -a '${Object.keys(COMMANDS).join(' ')}'`);
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: string): string {
  return shell === 'zsh' ? zsh() : shell === 'fish' ? fish() : bash();
}
