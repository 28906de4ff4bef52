/** settings:set refuses an auto-type sequence core's parser cannot read, saying what is wrong. */
import { parseSequence } from '../../core/autotype';
import type { SettingsPatch } from '../../shared/settings';
import { AppFailure } from '../app-error';

export function autoTypeSettingFailure(patch: SettingsPatch): AppFailure | null {
  if (patch.autoTypeSequence === undefined) {
    return null;
  }
  const parsed = parseSequence(patch.autoTypeSequence);
  return parsed.ok
    ? null
    : new AppFailure('invalid-argument', { message: `The auto-type sequence is not valid: ${parsed.error.message}.`, field: 'autoTypeSequence' });
}
