export * from './types';
export * from './item-types';
export { Vault, type SecretReader } from './vault';
export { boundedRunner, isAccessDenied, isRecord, isUuid, loadRestrictedVault, loadVault, mapBounded, restrictedSource, sessionSecretReader, urlHostOf, type SessionlessReader } from './loader';
