export * from './encoding';
export * from './nacl';
