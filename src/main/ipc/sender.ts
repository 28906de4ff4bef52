/**
 * Who may talk to main: a frame is trusted only if it is the main frame of one of our own windows
 * and shows our own app:// origin. A page that navigated elsewhere (if a guard ever failed), an
 * iframe, or a webContents we did not create gets nothing.
 */
export interface SenderLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly origin: string; readonly parent: unknown } | null;
}

export interface SenderPolicy {
  /** ids of the webContents of our own windows. */
  readonly trustedWebContentsIds: () => ReadonlySet<number>;
  /** e.g. app://psono-tray */
  readonly origin: string;
}

/** Returns why the sender is refused, or null if it is trusted. */
export function senderRejection(event: SenderLike, policy: SenderPolicy): string | null {
  if (!policy.trustedWebContentsIds().has(event.sender.id)) {
    return 'unknown webContents';
  }
  const frame = event.senderFrame;
  if (!frame) {
    // Electron gives null when the frame navigated or was destroyed meanwhile.
    return 'sender frame gone';
  }
  if (frame.parent !== null) {
    return 'not the main frame';
  }
  if (frame.origin !== policy.origin) {
    return 'foreign origin';
  }
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return 'unparsable frame url';
  }
  if (`${url.protocol}//${url.host}` !== policy.origin) {
    return 'foreign origin';
  }
  return null;
}
