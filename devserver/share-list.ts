/**
 * `GET /share/`: one entry per share the user holds a direct, accepted right on, as upstream's
 * share view lists them. The share-right title, type and key are encrypted with the user's secret
 * key, as the web client stores them. 7.x adds the type and the expiry, and leaves out expired rights.
 */
import { keyFromHex, secretboxSeal, utf8Encode, wrapKey } from '../src/core/crypto';
import { deterministicUuid } from './seed';
import { directShareRights, type MaterialisedVault } from './vault';

export function shareList(vault: MaterialisedVault, withExpiry: boolean, now: number | undefined): Record<string, unknown>[] {
  const user = vault.user;
  return [...vault.shares.values()].flatMap((share) => {
    const rights = directShareRights(share, now);
    if (rights === null) {
      return [];
    }
    const title = secretboxSeal(utf8Encode(share.title), user.secretKey);
    const key = wrapKey(keyFromHex(share.keyHex, 'share key'), user.secretKey);
    const entry: Record<string, unknown> = {
      id: share.id,
      share_right_create_date: share.writeDate,
      share_right_write_date: share.writeDate,
      share_right_id: deterministicUuid(share.id, 'share-right'),
      share_right_user_id: user.id,
      share_right_title: title.text,
      share_right_title_nonce: title.nonce,
    };
    if (withExpiry) {
      const type = secretboxSeal(utf8Encode(share.itemType), user.secretKey);
      entry['share_right_type'] = type.text;
      entry['share_right_type_nonce'] = type.nonce;
    }
    Object.assign(entry, {
      share_right_key: key.text,
      share_right_key_nonce: key.nonce,
      share_right_key_type: 'symmetric',
      share_right_read: rights.read,
      share_right_write: rights.write,
      share_right_grant: rights.grant,
      share_right_accepted: true,
    });
    if (withExpiry) {
      entry['share_right_expiration_date'] = share.rightsExpiration;
    }
    return [{
      ...entry,
      share_right_create_user_id: user.id,
      share_right_create_user_username: user.username,
      share_right_create_user_public_key: user.publicKeyHex,
    }];
  });
}
