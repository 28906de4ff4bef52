/** Flags a launch (first or second instance) can carry; desktop shortcuts on Wayland use them. */
export interface LaunchCommands {
  readonly toggleSearch: boolean;
  readonly lock: boolean;
}

export function parseLaunchCommands(argv: readonly string[]): LaunchCommands {
  return { toggleSearch: argv.includes('--toggle-search'), lock: argv.includes('--lock') };
}
