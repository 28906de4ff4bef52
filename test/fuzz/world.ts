/**
 * The fuzzed vault: folders, a folder share mounted in the datastore with a share inside it, a
 * password entry and a TOTP entry. Every key is explicit, so the output checks know each one.
 */
import { createHash } from 'node:crypto';

import { describeSeed, type VaultSeed } from '../../devserver/index';

function keyHex(label: string): string {
  return createHash('sha256').update(`fuzz:${label}`).digest('hex');
}

/** Values that must never reach the output unless they are the one a command asked for. */
export const FIXTURE_SECRETS = {
  mailPassword: 'Fz-mail-Q3v9-password',
  dbPassword: 'Fz-db-7hXk-password',
  deployPassword: 'Fz-deploy-P0q2-password',
  totpSecret: 'JBSWY3DPEHPK3PXPFUZZ',
  note: 'Fz-note-body-Lm4e',
} as const;

export const fuzzSeed: VaultSeed = {
  seed: 'fuzz',
  user: { username: 'fuzz@example.com', privateKey: keyHex('user/private'), secretKey: keyHex('user/secret') },
  datastores: [{
    type: 'password',
    secretKey: keyHex('datastore'),
    folders: [
      {
        name: 'Work',
        items: [
          { type: 'website_password', name: 'Mail', secretKey: keyHex('item/mail'), secret: { website_password_title: 'Mail', website_password_url: 'https://mail.example.com', website_password_username: 'alice', website_password_password: FIXTURE_SECRETS.mailPassword } },
          { type: 'note', name: 'Memo', secretKey: keyHex('item/memo'), secret: { note_title: 'Memo', note_notes: FIXTURE_SECRETS.note } },
        ],
      },
      { share: 'team' },
    ],
    items: [
      { type: 'totp', name: 'Token', secretKey: keyHex('item/token'), secret: { totp_title: 'Token', totp_code: FIXTURE_SECRETS.totpSecret, totp_period: 30, totp_algorithm: 'SHA1', totp_digits: 6 } },
    ],
  }],
  shares: [
    {
      ref: 'team', kind: 'folder', name: 'Team', secretKey: keyHex('share/team'),
      items: [{ type: 'website_password', name: 'DB', secretKey: keyHex('item/db'), secret: { website_password_title: 'DB', website_password_username: 'root', website_password_password: FIXTURE_SECRETS.dbPassword } }],
      folders: [{ name: 'Ops', folders: [{ share: 'inner' }] }],
    },
    {
      ref: 'inner', kind: 'folder', name: 'Inner', secretKey: keyHex('share/inner'),
      items: [{ type: 'website_password', name: 'Deploy', secretKey: keyHex('item/deploy'), secret: { website_password_title: 'Deploy', website_password_username: 'ci', website_password_password: FIXTURE_SECRETS.deployPassword } }],
    },
  ],
  apiKeys: [{ name: 'fuzz', privateKey: keyHex('apikey/private'), secretKey: keyHex('apikey/secret') }],
};

const description = describeSeed(fuzzSeed);

/** The shares a mutation may mount (cycles point back to these). */
export const SHARES: ReadonlyArray<{ readonly id: string; readonly keyHex: string }> = [
  { id: description.shareIds.get('team')!, keyHex: keyHex('share/team') },
  { id: description.shareIds.get('inner')!, keyHex: keyHex('share/inner') },
];

/** Every key of the seed (hex): none may reach the output. */
export const SEED_KEYS: readonly string[] = [
  'user/private', 'user/secret', 'datastore', 'item/mail', 'item/memo', 'item/token', 'item/db', 'item/deploy',
  'share/team', 'share/inner', 'apikey/private', 'apikey/secret',
].map(keyHex);
