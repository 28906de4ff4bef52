/**
 * The footer's hint while nothing was copied: the keys that do something on the screen shown, and
 * in the list, for the selected entry's type (no TOTP key for a note). Pure, so each case has a test.
 */
import type { EntrySummary } from '../shared/ipc/dto';
import type { LargeTypeSource, Screen } from './store/app-store';
import { strings } from './strings';

export interface FooterContext {
  readonly screen: Screen;
  readonly largeType: LargeTypeSource | null;
  readonly selected: Pick<EntrySummary, 'type' | 'actions'> | null;
  /** Whether Ctrl/Cmd+Shift+Enter would type the selected login (available here and switched on). */
  readonly autoType: boolean;
}

export function footerHint({ screen, largeType, selected, autoType }: FooterContext): string {
  const hints = strings.footer;
  if (largeType !== null) {
    return hints.largeType;
  }
  switch (screen) {
    case 'detail':
      return hints.detail;
    case 'settings':
      return hints.settings;
    case 'generator':
      return hints.generator;
    case 'search':
      break;
  }
  if (!selected) {
    return hints.searchEmpty;
  }
  if (selected.type === 'totp') {
    return hints.totp;
  }
  if (selected.type === 'note') {
    return hints.note;
  }
  if (selected.actions.includes('password')) {
    const keys = selected.actions.includes('totp') ? hints.login : hints.loginNoTotp;
    return autoType ? `${keys} · ${hints.autoType}` : keys;
  }
  return hints.other;
}
