import { Notification } from 'electron';

/** A quiet desktop notification, where the desktop supports them. */
export function notify(body: string): void {
  if (Notification.isSupported()) {
    new Notification({ title: 'Psono Tray', body, silent: true }).show();
  }
}
