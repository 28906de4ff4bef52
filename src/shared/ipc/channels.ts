/**
 * Channel names as plain values, without zod, so the preload bundle stays tiny. contract.ts checks
 * at compile time that this list and its schema map name exactly the same channels.
 */
export const requestChannels = [
  'app:get-state',
  'setup:check',
  'setup:save',
  'vault:search',
  'entry:details',
  'entry:reveal',
  'entry:copy',
  'entry:totp',
  'entry:open-url',
  'entry:set-favourite',
  'lock:lock',
  'lock:unlock',
  'pin:change',
  'settings:get',
  'settings:set',
  'profile:remove',
  'window:hide',
  'usage:clear',
  'generator:copy',
  'entry:auto-type',
] as const;

export type RequestChannelName = (typeof requestChannels)[number];

export const eventChannels = ['state:changed', 'window:shown', 'window:hidden', 'clipboard:changed'] as const;

/** The global name the preload exposes the bridge under. */
export const BRIDGE_GLOBAL = 'psonoTray';

/** Channel names to bridge method names: 'entry:open-url' → 'entryOpenUrl'. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
export type BridgeMethodName<C extends string> = C extends `${infer Area}:${infer Action}` ? `${Area}${Capitalize<CamelCase<Action>>}` : never;

export function bridgeMethodName<C extends RequestChannelName>(channel: C): BridgeMethodName<C> {
  const [area, action] = channel.split(':') as [string, string];
  const camel = action.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  return `${area}${camel.charAt(0).toUpperCase()}${camel.slice(1)}` as BridgeMethodName<C>;
}
