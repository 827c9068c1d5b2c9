// CPU accounting from /proc: how busy a process was, and how busy a core was in total (so the share
// other processes took can be told apart).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** User + system CPU seconds of a process so far (its threads included); null when it is gone. */
export function processCpuS(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
  } catch {
    return null;
  }
}

/** Busy seconds of one core since boot, every process included. */
export function coreBusyS(core: string | null): number | null {
  if (core === null) return null;
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return null;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (
      ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / clockTicks
    );
  } catch {
    return null;
  }
}
