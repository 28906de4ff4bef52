export * from './types';
export * from './item-types';
export { coerceText, MAX_VALUE_NESTING } from './field-text';
export { Vault, type SecretReader } from './vault';
export { isRecord, isUuid, urlHostOf } from './entries';
export { boundedRunner, isAccessDenied, loadVault, mapBounded, sessionSecretReader } from './loader';
export { loadRestrictedVault, restrictedSource, type SessionlessReader } from './restricted';
