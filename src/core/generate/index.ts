export * from './options';
export * from './random';
export * from './password';
export * from './passphrase';
