/**
 * Going back to the window the user came from after a copy. Hiding our window is enough on Linux
 * and Windows (the window manager focuses the previous one); on macOS focus returns to the
 * previous app only when this app hides.
 */
export function goBack(window: { hide(): void }, app: { hide(): void }, platform: NodeJS.Platform): void {
  window.hide();
  if (platform === 'darwin') {
    app.hide();
  }
}
