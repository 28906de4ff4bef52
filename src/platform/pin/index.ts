export * from './scrypt';
export * from './scrypt-policy';
export * from './wrapped-keys';
export * from './pin-lock';
export * from './attempt-file';
