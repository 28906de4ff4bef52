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
}

export function footerHint({ screen, largeType, selected }: FooterContext): string {
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
    return selected.actions.includes('totp') ? hints.login : hints.loginNoTotp;
  }
  return hints.other;
}
