/**
 * A value split into numbered character cells for reading it out or typing it by hand: each kind
 * of character has its own colour and its own mark (digits underlined, symbols boxed, capitals
 * bold), so the kinds differ without colour too (forced colours, colour blindness), and a screen
 * reader hears the position, the character and its kind.
 */
import { strings } from '../strings';

export type CharacterKind = 'digit' | 'upper' | 'lower' | 'symbol' | 'space';

export function characterKind(char: string): CharacterKind {
  if (/^\p{Nd}$/u.test(char)) {
    return 'digit';
  }
  if (/^\s$/u.test(char)) {
    return 'space';
  }
  if (/^\p{Lu}$/u.test(char)) {
    return 'upper';
  }
  if (/^\p{L}$/u.test(char)) {
    return 'lower';
  }
  return 'symbol';
}

export function CharacterCells({ value, label }: { readonly value: string; readonly label: string }) {
  // By code point, so a character outside the BMP is one cell.
  const chars = Array.from(value);
  return (
    <ol className={`char-cells${chars.length > 32 ? ' long' : ''}`} aria-label={label} data-testid="char-cells">
      {chars.map((char, index) => {
        const kind = characterKind(char);
        return (
          <li key={index} className={`char-cell kind-${kind}`} data-kind={kind}>
            <span className="char-index" aria-hidden="true">
              {strings.largeType.position(index + 1)}
            </span>
            <span className="char-glyph">{kind === 'space' ? '␣' : char}</span>
            <span className="visually-hidden">{` ${strings.largeType.kinds[kind]}`}</span>
          </li>
        );
      })}
    </ol>
  );
}
