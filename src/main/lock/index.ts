export * from './power-monitor';
export * from './linux-dbus';
export * from './keep-alive';
export * from './triggers';
export * from './auto-lock';
export * from './lock-status';
