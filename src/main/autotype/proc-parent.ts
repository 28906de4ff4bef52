/** The parent of a process on Linux, from /proc/PID/stat; null when it cannot be read. */
import { readFileSync } from 'node:fs';

export function linuxParentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}
