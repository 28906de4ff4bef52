import { useRef } from 'react';

import { useAppStore } from '../store/context';
import { strings } from '../strings';
import { Dialog } from './Dialog';

export function ShortcutSheet() {
  const close = useAppStore((state) => state.setShortcutSheet);
  const closeButton = useRef<HTMLButtonElement>(null);
  return (
    <Dialog labelledBy="shortcut-title" onClose={() => close(false)} initialFocus={closeButton}>
      <h2 id="shortcut-title">{strings.shortcuts.title}</h2>
      <table className="shortcut-table">
        <tbody>
          {strings.shortcuts.rows.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button ref={closeButton} type="button" className="button" onClick={() => close(false)}>
        {strings.close}
      </button>
    </Dialog>
  );
}
