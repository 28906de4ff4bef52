export * from './types';
export * from './item-types';
export { Vault, type SecretReader } from './vault';
export { isRecord, isUuid, urlHostOf } from './entries';
export { boundedRunner, isAccessDenied, loadVault, mapBounded, sessionSecretReader } from './loader';
export { loadRestrictedVault, restrictedSource, type SessionlessReader } from './restricted';
