export * from './access';
export * from './credentials';
export * from './login';
export * from './server-info';
export * from './session';
export * from './sessionless';
export { parseServerTime } from './responses';
