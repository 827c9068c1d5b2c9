// CPU accounting from /proc: how busy a process was, and how busy a core was in total (so the share
// other processes took can be told apart).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** User + system CPU seconds of a process so far (its threads included); null when it is gone. */
export function processCpuS(pid: number | undefined, statFile = `/proc/${pid}/stat`): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(statFile, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
  } catch {
    return null;
  }
}

/** CPU seconds (utime + stime) of each thread of a process, by thread id; empty if it is gone. */
export function threadCpuS(pid: number | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (pid === undefined) return out;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const cpu = processCpuS(Number(tid), `/proc/${pid}/task/${tid}/stat`);
      if (cpu !== null) out.set(Number(tid), cpu);
    }
  } catch {
    // gone
  }
  return out;
}

/**
 * A process's CPU over an interval split as its main thread (tid = pid) and its busiest other
 * thread (Keel: the ingest writer thread), from two threadCpuS readings.
 */
export function threadSplit(
  pid: number | undefined,
  before: Map<number, number>,
  after: Map<number, number>,
): { mainS: number; busiestOtherS: number } | null {
  if (pid === undefined || !after.has(pid)) return null;
  let busiestOtherS = 0;
  for (const [tid, cpu] of after) {
    if (tid === pid) continue;
    busiestOtherS = Math.max(busiestOtherS, cpu - (before.get(tid) ?? 0));
  }
  return { mainS: after.get(pid)! - (before.get(pid) ?? 0), busiestOtherS };
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
