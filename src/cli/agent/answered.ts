/** The commands an agent answers from the vault it holds (for `run`: the variables; the caller starts
 * the command); anything else runs directly. Kept apart so the executable's first check loads nothing else. */
export const AGENT_COMMANDS: ReadonlySet<string> = new Set(['ls', 'search', 'get', 'totp', 'env', 'run']);
