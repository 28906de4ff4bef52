/** The real keytar, loaded only by the composition root (tests of other modules never touch it). */
import * as keytarNamespace from '@github/keytar';

import type { KeytarLike } from './keychain';

// @github/keytar is CommonJS; under Node's ESM loader only some names are detected, so take the
// module.exports object (the default export) when there is one.
const namespace = keytarNamespace as unknown as KeytarLike & { default?: KeytarLike };
export const keytar: KeytarLike = namespace.default ?? namespace;
