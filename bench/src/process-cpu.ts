import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc; 0 when it is gone or unreadable. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The pid and its children (PostgreSQL's backends are children of the postmaster). */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/**
 * CPU used by a process tree between two readings. Backends that start and end in between are missed
 * (PostgreSQL's pooled connections live for the whole run, so little is lost).
 */
export function cpuMeter(rootPid: () => number | undefined) {
  const read = () => {
    const root = rootPid();
    if (root === undefined) return new Map<number, number>();
    return new Map(processTree(root).map((pid) => [pid, cpuSeconds(pid)] as const));
  };
  let before = read();
  return {
    reset() {
      before = read();
    },
    /** CPU seconds since the last reset. */
    elapsed(): number {
      let total = 0;
      for (const [pid, seconds] of read()) total += seconds - (before.get(pid) ?? 0);
      return total;
    },
  };
}

/** Pids whose command line contains `needle` (e.g. the RabbitMQ broker's Erlang VM). */
export function pidsMatching(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}
