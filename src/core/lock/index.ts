export * from './types';
export * from './policy';
export * from './delivered-triggers';
export * from './session-keeper';
