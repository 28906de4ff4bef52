/**
 * The OS clipboard tools `psono copy` drives, one description each. The value always goes to a
 * tool's stdin, never on its command line. Two kinds:
 *
 * - owner: the tool serves the value while it runs and exits as soon as another program takes the
 *   clipboard (xclip -verbose, wl-copy --foreground), so "still running" means "still ours" and
 *   ending it clears our value; `daemon` is the same tool forking into the background, for --clear 0.
 * - set: the tool puts the value and exits (macOS, Windows); whether it is still ours is read back.
 *
 * History-exclusion hints, as the app sets them: wl-copy --sensitive offers
 * x-kde-passwordManagerHint (wl-clipboard 2.3+); macOS gets org.nspasteboard.ConcealedType and
 * Windows ExcludeClipboardContentFromMonitorProcessing. xclip offers one target per process, so on
 * X11 the value goes out as UTF8_STRING alone, without the KDE hint.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Argv = readonly [string, ...string[]];

export type ClipboardTool =
  | {
      readonly kind: 'owner';
      readonly name: 'xclip' | 'wl-copy';
      readonly hint: boolean;
      readonly foreground: Argv;
      readonly daemon: Argv;
      /** A line the foreground tool prints on stderr once it owns the clipboard (else it is read back). */
      readonly readyLine: string | null;
      readonly read: Argv;
    }
  | { readonly kind: 'set'; readonly name: 'osascript' | 'powershell'; readonly hint: true; readonly set: Argv; readonly read: Argv; readonly clear: Argv };

type Env = Readonly<Record<string, string | undefined>>;

export class NoClipboardError extends Error {}

function onPath(name: string, env: Env): boolean {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  return dirs.some((dir) =>
    names.some((file) => {
      try {
        accessSync(join(dir, file), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  );
}

// JXA: the value from stdin as plain text plus the concealed marker; the script itself holds no secret.
const MAC_SET = `ObjC.import('AppKit');
const data = $.NSFileHandle.fileHandleWithStandardInput.readDataToEndOfFile;
const text = $.NSString.alloc.initWithDataEncoding(data, $.NSUTF8StringEncoding);
const board = $.NSPasteboard.generalPasteboard;
board.clearContents;
board.setStringForType(text, 'public.utf8-plain-text');
board.setStringForType($(''), 'org.nspasteboard.ConcealedType');
''`;
const MAC_CLEAR = `ObjC.import('AppKit'); $.NSPasteboard.generalPasteboard.clearContents; ''`;
const WIN_SET = `Add-Type -AssemblyName System.Windows.Forms
[Console]::InputEncoding = [Text.Encoding]::UTF8
$text = [Console]::In.ReadToEnd()
$data = New-Object System.Windows.Forms.DataObject
$data.SetText($text, [System.Windows.Forms.TextDataFormat]::UnicodeText)
$data.SetData('ExcludeClipboardContentFromMonitorProcessing', (New-Object System.IO.MemoryStream(,[byte[]](0,0,0,0))))
[System.Windows.Forms.Clipboard]::SetDataObject($data, $true)`;
// Written as is: PowerShell's own output would add a line break and use the console's code page.
const WIN_READ = `[Console]::OutputEncoding = [Text.Encoding]::UTF8
[Console]::Out.Write((Get-Clipboard -Raw))`;
const WIN_CLEAR = `Add-Type -AssemblyName System.Windows.Forms
[System.Windows.Forms.Clipboard]::Clear()`;
const powershell = (script: string): Argv => ['powershell.exe', '-NoProfile', '-NonInteractive', '-STA', '-Command', script];

/** wl-copy learnt --sensitive in wl-clipboard 2.3; older ones refuse unknown options. */
function wlCopySensitive(env: Env): boolean {
  const help = spawnSync('wl-copy', ['--help'], { encoding: 'utf8', timeout: 5_000, env: { ...env } });
  return `${help.stdout ?? ''}${help.stderr ?? ''}`.includes('--sensitive');
}

/** The tool for this session, or NoClipboardError saying what is missing. */
export function clipboardTool(env: Env, platform: NodeJS.Platform = process.platform): ClipboardTool {
  if (platform === 'darwin') {
    // pbpaste converts to the locale's encoding: UTF-8 named, so the read-back compares equal.
    return { kind: 'set', name: 'osascript', hint: true, set: ['osascript', '-l', 'JavaScript', '-e', MAC_SET], read: ['env', 'LC_ALL=en_US.UTF-8', 'pbpaste'], clear: ['osascript', '-l', 'JavaScript', '-e', MAC_CLEAR] };
  }
  if (platform === 'win32') {
    return { kind: 'set', name: 'powershell', hint: true, set: powershell(WIN_SET), read: powershell(WIN_READ), clear: powershell(WIN_CLEAR) };
  }
  if (env['WAYLAND_DISPLAY']) {
    if (onPath('wl-copy', env)) {
      const sensitive = wlCopySensitive(env) ? ['--sensitive'] : [];
      return { kind: 'owner', name: 'wl-copy', hint: sensitive.length > 0, foreground: ['wl-copy', '--foreground', ...sensitive], daemon: ['wl-copy', ...sensitive], readyLine: null, read: ['wl-paste', '--no-newline'] };
    }
    if (!env['DISPLAY']) {
      throw new NoClipboardError('no clipboard tool: install wl-clipboard (wl-copy) for Wayland, or xclip for X11.');
    }
  }
  if (env['DISPLAY']) {
    if (!onPath('xclip', env)) {
      throw new NoClipboardError('no clipboard tool: install xclip (X11) or wl-clipboard (Wayland), e.g. "sudo apt install xclip".');
    }
    const base = ['xclip', '-selection', 'clipboard', '-t', 'UTF8_STRING'] as const;
    return { kind: 'owner', name: 'xclip', hint: false, foreground: [...base, '-verbose'], daemon: [...base], readyLine: 'Waiting for selection requests', read: ['xclip', '-selection', 'clipboard', '-o', '-t', 'UTF8_STRING'] };
  }
  throw new NoClipboardError('no display to copy to (neither DISPLAY nor WAYLAND_DISPLAY is set); copy needs a desktop session, with xclip or wl-clipboard installed.');
}
