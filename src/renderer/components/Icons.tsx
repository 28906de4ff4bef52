/** Small stroke icons drawn for this app (24×24 grid, currentColor), so no icon font or CDN. */
import type { ReactNode } from 'react';

import type { EntryType } from '../../shared/ipc/dto';

function Svg({ children, label }: { readonly children: ReactNode; readonly label?: string }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={label === undefined ? true : undefined}
      role={label === undefined ? undefined : 'img'}
      aria-label={label}
    >
      {children}
    </svg>
  );
}

const paths = {
  key: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="M11 12l9-9M17 6l2 2M15 8l2 2" />
    </>
  ),
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
  note: (
    <>
      <path d="M6 3h9l4 4v14H6z" />
      <path d="M14 3v5h5M9 13h7M9 17h5" />
    </>
  ),
  bookmark: <path d="M7 3h10v18l-5-4-5 4z" />,
  terminal: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9l3 3-3 3M12 15h5" />
    </>
  ),
  mail: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="M3 7l9 6 9-6" />
    </>
  ),
  card: (
    <>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <path d="M2.5 10h19M6 15h4" />
    </>
  ),
  person: (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1-4.5 4.2-7 8-7s7 2.5 8 7" />
    </>
  ),
  certificate: (
    <>
      <rect x="3" y="4" width="18" height="13" rx="2" />
      <circle cx="15.5" cy="15.5" r="3" />
      <path d="M7 8h8M7 11h5M14 18l-1 3 2.5-1 2.5 1-1-3" />
    </>
  ),
  fingerprint: <path d="M6 10a6 6 0 0 1 12 0v3M9 20c1-2 1.5-4.5 1.5-7a1.5 1.5 0 0 1 3 0c0 3-.5 5.5-2 8M15.5 19c.8-1.8 1-3.5 1-6M7 18c.8-1.5 1-3 1-5" />,
  dot: <circle cx="12" cy="12" r="4" />,
  search: (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="M16 16l4.5 4.5" />
    </>
  ),
  gear: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </>
  ),
  back: <path d="M15 5l-7 7 7 7" />,
  star: <path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z" />,
  copy: (
    <>
      <rect x="8" y="8" width="12" height="12" rx="2" />
      <path d="M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3" />
    </>
  ),
  eye: (
    <>
      <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  eyeOff: <path d="M3 3l18 18M10.6 5.1A10 10 0 0 1 12 5c6.5 0 10 7 10 7a17 17 0 0 1-3 3.8M6.1 6.1C3.6 7.9 2 12 2 12s3.5 7 10 7a9.7 9.7 0 0 0 5-1.3M9.9 9.9a3 3 0 0 0 4.2 4.2" />,
  external: <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />,
  keyboard: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
    </>
  ),
  warning: <path d="M12 3l10 18H2zM12 10v4M12 17.5h.01" />,
  check: <path d="M4 12.5l5 5L20 6.5" />,
  dice: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="3" />
      <path d="M8.5 8.5h.01M15.5 8.5h.01M12 12h.01M8.5 15.5h.01M15.5 15.5h.01" />
    </>
  ),
  largeType: <path d="M3 19l5-14 5 14M4.8 14h6.4M15 19l3-8 3 8M15.9 16.5h4.2" />,
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, label }: { readonly name: IconName; readonly label?: string }) {
  return label === undefined ? <Svg>{paths[name]}</Svg> : <Svg label={label}>{paths[name]}</Svg>;
}

const typeIcons: Record<EntryType, IconName> = {
  website_password: 'globe',
  application_password: 'key',
  totp: 'clock',
  note: 'note',
  bookmark: 'bookmark',
  environment_variables: 'terminal',
  ssh_own_key: 'key',
  mail_gpg_own_key: 'mail',
  credit_card: 'card',
  identity: 'person',
  elster_certificate: 'certificate',
  passkey: 'fingerprint',
  unknown: 'dot',
};

export function TypeIcon({ type, label }: { readonly type: EntryType; readonly label: string }) {
  return (
    <span className={`type-icon type-${type}`} title={label}>
      <Icon name={typeIcons[type]} label={label} />
    </span>
  );
}
