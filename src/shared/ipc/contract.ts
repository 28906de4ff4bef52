/**
 * The whole IPC surface, defined once. Main registers handlers from `requestSchemas`, the
 * preload builds one function per channel from the same map, and the renderer types its bridge
 * as `BridgeApi`. Argument schemas are values, so main parses every argument before use.
 */
import { z } from 'zod';

import { generatorOptionsSchema } from '../generator-schema';
import { settingsPatchSchema, type Settings } from '../settings';
import { BRIDGE_GLOBAL, bridgeMethodName, eventChannels, requestChannels, type BridgeMethodName, type RequestChannelName } from './channels';
import type {
  AppState,
  CopyField,
  CopyReceipt,
  EntryDetails,
  GeneratedValue,
  IpcResult,
  RevealedValue,
  SearchResult,
  SetupCheck,
  TotpCode,
} from './dto';

const entryId = z.string().min(1).max(200);
const copyField = z.custom<CopyField>(
  (value) => typeof value === 'string' && /^(username|password|totp|url|notes|main|custom:\d{1,4}|env:\d{1,4}|field:[a-z0-9_]{1,64})$/.test(value),
  { message: 'unknown field' },
);
const hexText = (length: number) => z.string().trim().regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be ${length} hex characters`);

/**
 * https, or plain http only to this computer: over plain http the session token would travel in
 * clear (the payloads stay encrypted, the token does not), and a secure default beats a warning.
 */
export function isAllowedServerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') {
    return true;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  return url.protocol === 'http:' && loopback;
}

export const setupCredentialsSchema = z.object({
  serverUrl: z
    .string()
    .trim()
    .url()
    .max(2000)
    .refine(isAllowedServerUrl, { message: 'the server URL must use https:// (plain http:// only for a server on this computer)' }),
  apiKeyId: z.string().trim().uuid(),
  apiKeyPrivateKey: hexText(64),
  apiKeySecretKey: hexText(64),
  serverSignature: hexText(64),
  serverPublicKey: z.union([hexText(64), z.literal('')]),
});

const pin = z.string().min(6).max(256);

/** Channel → schema of its single argument (`z.undefined()` for none). */
export const requestSchemas = {
  'app:get-state': z.undefined(),
  'setup:check': setupCredentialsSchema,
  'setup:save': z.object({ credentials: setupCredentialsSchema, pin: pin.nullable() }).strict(),
  'vault:search': z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(1000) }).strict(),
  'entry:details': z.object({ id: entryId }).strict(),
  'entry:reveal': z.object({ id: entryId, field: copyField }).strict(),
  'entry:copy': z.object({ id: entryId, field: copyField }).strict(),
  'entry:totp': z.object({ id: entryId }).strict(),
  'entry:open-url': z.object({ id: entryId }).strict(),
  'entry:set-favourite': z.object({ id: entryId, favourite: z.boolean() }).strict(),
  'lock:lock': z.undefined(),
  'lock:unlock': z.object({ pin: pin.nullable() }).strict(),
  'pin:change': z.object({ currentPin: pin.nullable(), newPin: pin.nullable() }).strict(),
  'settings:get': z.undefined(),
  'settings:set': settingsPatchSchema,
  /** `pin`: the profile's PIN when it has one (checked like an unlock), else null. */
  'profile:remove': z.object({ pin: pin.nullable() }).strict(),
  'window:hide': z.undefined(),
  'usage:clear': z.undefined(),
  'generator:copy': generatorOptionsSchema,
  'entry:auto-type': z.object({ id: entryId }).strict(),
} as const;

/** Channel → value returned inside `IpcResult`. */
export interface RequestResults {
  'app:get-state': AppState;
  'setup:check': SetupCheck;
  'setup:save': AppState;
  'vault:search': SearchResult;
  'entry:details': EntryDetails;
  'entry:reveal': RevealedValue;
  'entry:copy': CopyReceipt;
  'entry:totp': TotpCode;
  'entry:open-url': null;
  'entry:set-favourite': null;
  'lock:lock': null;
  'lock:unlock': AppState;
  'pin:change': null;
  'settings:get': Settings;
  'settings:set': Settings;
  'profile:remove': AppState;
  'window:hide': null;
  'usage:clear': null;
  'generator:copy': GeneratedValue;
  'entry:auto-type': null;
}

export type RequestChannel = keyof typeof requestSchemas;

// Compile-time: channels.ts lists exactly the channels that have schemas (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ChannelListMatchesSchemas = Assert<Same<RequestChannel, RequestChannelName>>;
export { requestChannels, eventChannels, BRIDGE_GLOBAL, bridgeMethodName };
export type { BridgeMethodName };
export type RequestArg<C extends RequestChannel> = z.infer<(typeof requestSchemas)[C]>;
export type RequestResult<C extends RequestChannel> = IpcResult<RequestResults[C]>;

/** Main → renderer pushes. Payloads are validated by type only: main is the trusted side. */
export interface EventPayloads {
  'state:changed': AppState;
  /** The window was shown by the shortcut/tray: focus the search box. */
  'window:shown': { readonly view: 'search' | 'settings' | 'unlock' | 'setup' | 'generator' };
  /** The window hid: drop revealed values and transient state. */
  'window:hidden': null;
  'clipboard:changed': { readonly label: string | null; readonly clearsInSeconds: number | null };
}

export type EventChannel = keyof EventPayloads;
export type EventListMatchesPayloads = Assert<Same<EventChannel, (typeof eventChannels)[number]>>;

/** What `window.psonoTray` offers the renderer: one function per channel, one subscribe per event. */
export type BridgeApi = {
  readonly [C in RequestChannel as BridgeMethodName<C>]: RequestArg<C> extends undefined
    ? () => Promise<RequestResult<C>>
    : (arg: RequestArg<C>) => Promise<RequestResult<C>>;
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  readonly on: <E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;
};
