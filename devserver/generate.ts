/**
 * Deterministic synthetic vault content for benchmarks: N items with ~1 KiB secrets, realistic
 * titles, URLs and folder paths, and S folder shares nested up to depth D. Same options → same
 * plaintext (ids and keys follow from the labels, see seed.ts), so runs are comparable.
 */
import { createHash } from 'node:crypto';

import type {
  GenerateOptions,
  ItemType,
  SeedFolder,
  SeedFolderNode,
  SeedFolderShare,
  SeedItem,
  SeedItemNode,
  VaultSeed,
} from './seed';
import { DEFAULT_VAULT_SEED } from './seed';

/** sfc32 seeded from SHA-256 of the seed string: fast, deterministic, good enough for fixtures. */
class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    const hash = createHash('sha256').update(seed, 'utf8').digest();
    this.#a = hash.readUInt32LE(0);
    this.#b = hash.readUInt32LE(4);
    this.#c = hash.readUInt32LE(8);
    this.#d = hash.readUInt32LE(12);
    for (let i = 0; i < 12; i++) {
      this.next();
    }
  }

  next(): number {
    this.#a >>>= 0;
    this.#b >>>= 0;
    this.#c >>>= 0;
    this.#d >>>= 0;
    const t = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    const result = (t + this.#d) | 0;
    this.#c = (this.#c + result) | 0;
    return (result >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[this.int(alphabet.length)];
    }
    return out;
  }
}

const SERVICES = [
  'GitHub', 'GitLab', 'Bitbucket', 'Jira', 'Confluence', 'Slack', 'Zoom', 'Microsoft 365', 'Google Workspace', 'AWS Console',
  'Azure Portal', 'Google Cloud', 'DigitalOcean', 'Hetzner', 'Cloudflare', 'Netlify', 'Vercel', 'Heroku', 'Docker Hub', 'npm',
  'PyPI', 'Sentry', 'Grafana', 'Kibana', 'Jenkins', 'TeamCity', 'SonarQube', 'Vault UI', 'pfSense', 'Proxmox',
  'Synology NAS', 'UniFi Controller', 'Mailchimp', 'HubSpot', 'Salesforce', 'Zendesk', 'Stripe', 'PayPal', 'Shopify', 'WordPress',
  'Figma', 'Miro', 'Notion', 'Trello', 'Asana', 'Dropbox', 'Box', 'OneDrive', 'iCloud', 'LinkedIn',
  'Mastodon', 'Reddit', 'YouTube', 'Netflix', 'Spotify', 'Steam', 'Amazon', 'eBay', 'IKEA', 'Deutsche Bahn',
  'Lufthansa', 'Booking.com', 'Airbnb', 'Online Banking', 'Credit Union', 'Tax Portal', 'Health Insurance', 'Electricity Provider', 'Mobile Carrier', 'Internet Provider',
  'Router', 'Printer', 'Office Wi-Fi', 'Home Wi-Fi', 'Postgres', 'MySQL', 'Redis', 'RabbitMQ', 'Elasticsearch', 'MinIO',
];
const QUALIFIERS = ['', '', '', 'admin', 'work', 'personal', 'staging', 'prod', 'backup', 'old', 'team', 'shared', 'test', 'billing', 'support'];
const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'wendy'];
const TOP_FOLDERS = ['Work', 'Personal', 'Finance', 'Infrastructure', 'Clients', 'Family', 'Shopping', 'Travel', 'Social', 'Development', 'Archive 2024', 'Projects'];
const SUB_FOLDERS = ['Servers', 'SaaS', 'Email', 'Databases', 'Networking', 'Banking', 'Insurance', 'Utilities', 'Accounts', 'Legacy', 'Customers A–M', 'Customers N–Z', 'Monitoring', 'CI', 'Mobile'];
const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua rotate quarterly owner contact ticket recovery codes stored offline'.split(' ');
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@_';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const TYPE_WEIGHTS: ReadonlyArray<[ItemType, number]> = [
  ['website_password', 70],
  ['application_password', 10],
  ['note', 6],
  ['totp', 5],
  ['bookmark', 4],
  ['credit_card', 2],
  ['environment_variables', 1],
  ['identity', 1],
  ['ssh_own_key', 1],
];
const TOTAL_WEIGHT = TYPE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);

function pickType(random: Random): ItemType {
  let roll = random.int(TOTAL_WEIGHT);
  for (const [type, weight] of TYPE_WEIGHTS) {
    if (roll < weight) {
      return type;
    }
    roll -= weight;
  }
  return 'website_password';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'service';
}

/** A deterministic pool of filler words; notes are slices of it (cheaper than building each note). */
function fillerPool(random: Random): string {
  const words: string[] = [];
  for (let i = 0; i < 4096; i++) {
    words.push(random.pick(WORDS));
  }
  return words.join(' ');
}

function filler(random: Random, pool: string, length: number): string {
  if (length <= 0) {
    return '';
  }
  const start = random.int(Math.max(1, pool.length - length));
  return pool.slice(start, start + length);
}

function makeItem(random: Random, pool: string, index: number, secretBytes: number): SeedItem {
  const type = pickType(random);
  const service = random.pick(SERVICES);
  const qualifier = random.pick(QUALIFIERS);
  const title = `${service}${qualifier === '' ? '' : ` ${qualifier}`}${index % 9 === 0 ? ` ${index}` : ''}`;
  const domain = `${slug(service)}.example.com`;
  const user = `${random.pick(FIRST_NAMES)}${random.int(100)}`;
  const password = random.chars(PASSWORD_ALPHABET, 20);
  let secret: Record<string, unknown>;
  switch (type) {
    case 'website_password':
      secret = {
        website_password_title: title,
        website_password_url: `https://${random.next() < 0.3 ? 'login.' : ''}${domain}/${random.pick(['login', 'signin', 'auth', ''])}`,
        website_password_username: `${user}@example.org`,
        website_password_password: password,
        website_password_url_filter: domain,
        website_password_auto_submit: false,
        website_password_allow_http: false,
      };
      if (random.next() < 0.15) {
        secret['website_password_totp_code'] = random.chars(BASE32, 32);
        secret['website_password_totp_period'] = 30;
        secret['website_password_totp_algorithm'] = 'SHA1';
        secret['website_password_totp_digits'] = 6;
      }
      break;
    case 'application_password':
      secret = { application_password_title: title, application_password_username: user, application_password_password: password };
      break;
    case 'totp':
      secret = { totp_title: title, totp_code: random.chars(BASE32, 32), totp_period: 30, totp_algorithm: 'SHA1', totp_digits: 6 };
      break;
    case 'bookmark':
      secret = { bookmark_title: title, bookmark_url: `https://${domain}/`, bookmark_url_filter: domain };
      break;
    case 'credit_card':
      secret = {
        credit_card_title: title,
        credit_card_number: `4${random.chars('0123456789', 15)}`,
        credit_card_name: user.toUpperCase(),
        credit_card_cvc: random.chars('0123456789', 3),
        credit_card_pin: random.chars('0123456789', 4),
        credit_card_valid_through: `${String(1 + random.int(12)).padStart(2, '0')}${String(26 + random.int(6))}`,
      };
      break;
    case 'environment_variables':
      secret = {
        environment_variables_title: title,
        environment_variables_variables: [
          { key: 'API_URL', value: `https://api.${domain}` },
          { key: 'API_TOKEN', value: random.chars(PASSWORD_ALPHABET, 32) },
        ],
      };
      break;
    case 'identity':
      secret = { identity_title: title, identity_first_name: user, identity_last_name: 'Example', identity_email: `${user}@example.org`, identity_city: 'Berlin' };
      break;
    case 'ssh_own_key':
      secret = {
        ssh_own_key_title: title,
        ssh_own_key_public: `ssh-ed25519 ${random.chars(BASE32, 68)} ${user}`,
        ssh_own_key_private: `-----BEGIN OPENSSH PRIVATE KEY-----\n${random.chars(BASE32, 280)}\n-----END OPENSSH PRIVATE KEY-----\n`,
      };
      break;
    default:
      secret = { note_title: title };
      break;
  }
  const notesKey = type === 'note' ? 'note_notes' : `${type}_notes`;
  const currentSize = JSON.stringify(secret).length + notesKey.length + 6;
  secret[notesKey] = filler(random, pool, secretBytes - currentSize);
  if (random.next() < 0.2) {
    secret['tags'] = [random.pick(['prod', 'legacy', 'shared', 'critical', 'rotate'])];
  }
  return { type, secret };
}

export interface GeneratedContent {
  folders: SeedFolderNode[];
  items: SeedItemNode[];
  shares: SeedFolderShare[];
}

/** The synthetic folders, items and shares for `GenerateOptions` (see VaultSeed.generate). */
export function generateContent(options: GenerateOptions): GeneratedContent {
  const random = new Random(`generate:${options.seed ?? DEFAULT_VAULT_SEED}`);
  const itemCount = Math.max(0, Math.floor(options.items));
  const shareCount = Math.max(0, Math.floor(options.shares ?? 0));
  const maxDepth = Math.max(1, Math.floor(options.depth ?? 3));
  const secretBytes = options.secretBytes ?? 1024;

  // Folder skeleton: ~1 folder per 100 items, two levels below the root.
  const topCount = Math.min(TOP_FOLDERS.length, Math.max(3, Math.ceil(itemCount / 1000)));
  const folders: SeedFolder[] = [];
  const itemSlots: SeedItemNode[][] = [];
  for (let t = 0; t < topCount; t++) {
    const top: SeedFolder = { name: TOP_FOLDERS[t]!, folders: [], items: [] };
    folders.push(top);
    itemSlots.push(top.items!);
    const subCount = Math.max(1, Math.min(SUB_FOLDERS.length, Math.ceil(itemCount / (100 * topCount))));
    for (let s = 0; s < subCount; s++) {
      const sub: SeedFolder = { name: SUB_FOLDERS[s % SUB_FOLDERS.length]!, items: [] };
      top.folders!.push(sub);
      itemSlots.push(sub.items!);
    }
  }
  const rootItems: SeedItemNode[] = [];
  itemSlots.push(rootItems);

  // Shares: the first few hang in datastore folders, later ones inside earlier shares (≤ maxDepth).
  const shares: SeedFolderShare[] = [];
  const shareDepth: number[] = [];
  const shareSlots: SeedItemNode[][] = [];
  for (let s = 0; s < shareCount; s++) {
    const share: SeedFolderShare = { ref: `gen-share-${s}`, kind: 'folder', name: `${random.pick(['Team', 'Project', 'Ops', 'Client'])} ${random.pick(SERVICES)} ${s}`, folders: [], items: [] };
    const candidates = shares.map((_, i) => i).filter((i) => shareDepth[i]! < maxDepth);
    if (s === 0 || candidates.length === 0 || random.next() < 0.4) {
      folders[random.int(folders.length)]!.folders!.push({ share: share.ref });
      shareDepth.push(1);
    } else {
      const parent = candidates[random.int(candidates.length)]!;
      shares[parent]!.folders!.push({ share: share.ref });
      shareDepth.push(shareDepth[parent]! + 1);
    }
    shares.push(share);
    shareSlots.push(share.items!);
  }

  const items: SeedItemNode[] = rootItems;
  const pool = fillerPool(random);
  for (let i = 0; i < itemCount; i++) {
    const item = makeItem(random, pool, i, secretBytes);
    const inShare = shareSlots.length > 0 && random.next() < 0.2;
    const slots = inShare ? shareSlots : itemSlots;
    slots[random.int(slots.length)]!.push(item);
  }
  return { folders, items, shares };
}

/** A complete synthetic vault (user, three datastores, API keys `bench` (read) and `bench-write`). */
export function generateVault(options: GenerateOptions & { seed?: string }): VaultSeed {
  const seed = options.seed ?? DEFAULT_VAULT_SEED;
  return {
    seed,
    user: { username: 'bench@example.com' },
    datastores: [{ type: 'password' }, { type: 'user' }, { type: 'settings', settings: [{ key: 'setting_clipboard_clear_delay', value: 30 }] }],
    apiKeys: [{ name: 'bench' }, { name: 'bench-write', write: true }],
    generate: { ...options, seed },
  };
}
