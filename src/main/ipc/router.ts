/**
 * The one place that registers ipcMain handlers. Every request goes through the same steps:
 * check the sender, parse the argument with the contract's schema, check the lock state, run the
 * handler, and return `{ ok, value }` or `{ ok: false, error }` — errors cross as values.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';

import { requestSchemas, type RequestArg, type RequestChannel, type RequestResult, type RequestResults } from '../../shared/ipc/contract';
import type { AppPhase } from '../../shared/ipc/dto';
import { AppFailure, toAppError } from '../app-error';
import { describeError, type Logger } from '../log';
import { accessFailure, type Access } from './locked-calls';
import { senderRejection, type SenderPolicy } from './sender';

export type { Access } from './locked-calls';

export interface ChannelHandler<C extends RequestChannel> {
  /** The state the channel needs (locked-calls.ts); the router answers 'locked' or 'no-profile' otherwise. */
  readonly access: Access;
  readonly run: (arg: RequestArg<C>) => Promise<RequestResults[C]> | RequestResults[C];
}

/** A handler for every channel: a new channel in the contract is a compile error here until handled. */
export type HandlerMap = { readonly [C in RequestChannel]: ChannelHandler<C> };

export interface RouterDeps {
  readonly policy: SenderPolicy;
  readonly phase: () => AppPhase;
  readonly log: Logger;
}

/** Handles one invoke; exported so tests can drive it with crafted events too. */
export async function dispatch<C extends RequestChannel>(
  channel: C,
  handler: ChannelHandler<C>,
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  args: readonly unknown[],
  deps: RouterDeps,
): Promise<RequestResult<C>> {
  const rejection = senderRejection(event, deps.policy);
  if (rejection) {
    deps.log.warn(`refused ${channel}: ${rejection}`);
    return { ok: false, error: new AppFailure('forbidden-sender').error };
  }
  if (args.length > 1) {
    return { ok: false, error: new AppFailure('invalid-argument').error };
  }
  const parsed = requestSchemas[channel].safeParse(args[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || undefined;
    // zod's issue messages describe the expected shape, never the received value.
    const message = issue ? `The request was not valid${field ? ` (${field})` : ''}: ${issue.message}.` : undefined;
    return {
      ok: false,
      error: new AppFailure('invalid-argument', { ...(message ? { message } : {}), ...(field ? { field } : {}) }).error,
    };
  }
  const denied = accessFailure(handler.access, deps.phase());
  if (denied) {
    return { ok: false, error: denied.error };
  }
  try {
    const value = await handler.run(parsed.data as RequestArg<C>);
    return { ok: true, value };
  } catch (error) {
    const appError = toAppError(error);
    const log = appError.kind === 'internal' ? deps.log.error : deps.log.info;
    log(`${channel} failed: ${appError.kind}${appError.kind === 'internal' ? ` (${describeError(error)})` : ''}`);
    return { ok: false, error: appError };
  }
}

/** Registers every handler with Electron's ipcMain. */
export function registerIpcHandlers(handlers: HandlerMap, deps: RouterDeps): void {
  for (const channel of Object.keys(handlers) as RequestChannel[]) {
    const handler = handlers[channel] as ChannelHandler<typeof channel>;
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => dispatch(channel, handler, event, args, deps));
  }
}
