export * from './totp';
export { hmac, sha1, sha256, sha512 } from './hash';
