import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { quantile } from './scratch';

// Load against a running server, measured the way a user waits: requests are
// sent on a fixed schedule whether or not earlier ones have answered (an open
// loop), and each latency runs from its scheduled start. A closed loop (the
// next request after the previous answer) would hide a slow server by sending
// less (coordinated omission); autocannon's rate mode is such a loop and
// reports no p95, so this small loop is ours.

export type LoadResult = { sent: number; failed: number; seconds: number; p50: number; p95: number; p99: number; max: number; firstError: string | null };

export async function constantRate(opts: { rate: number; seconds: number; fire: () => Promise<unknown> }): Promise<LoadResult> {
  const interval = 1000 / opts.rate;
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      opts.fire().then(
        () => void latencies.push(performance.now() - due),
        (error: unknown) => {
          failed += 1;
          firstError ??= (error as Error).message.slice(0, 300);
          latencies.push(performance.now() - due);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return {
    sent: total,
    failed,
    seconds: (performance.now() - t0) / 1000,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    firstError,
  };
}

/** Resident set size of a process in MiB (VmRSS), or null once it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The processes below `root` (children, grandchildren...) with their command lines: the next-server a `runwell serve` started, say. */
export function descendants(root: number): Array<{ pid: number; cmd: string }> {
  const parents = new Map<number, number>();
  const cmds = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field, after the command in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmds.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // gone meanwhile
    }
  }
  const out: Array<{ pid: number; cmd: string }> = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      out.push({ pid: child, cmd: cmds.get(child) ?? '' });
      walk(child);
    }
  };
  walk(root);
  return out;
}
