export * from './power-monitor';
export * from '../../platform/linux-lock-dbus';
export * from './keep-alive';
export * from './triggers';
export * from './auto-lock';
export * from './lock-status';
