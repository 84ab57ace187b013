import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { quantile } from './scratch';

// Load against a running server, measured the way a user waits: requests are
// sent on a fixed schedule whether or not earlier ones have answered (an open
// loop), and each latency runs from its scheduled start. A closed loop (the
// next request after the previous answer) would hide a slow server by sending
// less (coordinated omission); autocannon's rate mode is such a loop and
// reports no p95, so this small loop is ours.

const settled = (): void => undefined;

export type LoadResult = { sent: number; failed: number; seconds: number; p50: number; p95: number; p99: number; max: number; firstError: string | null };

/**
 * Sends `rate` requests a second for `seconds`: `fire(i, due)` starts request
 * number i, due at performance.now() time `due`. The result counts each fire
 * as one request; a fire that sends several (one delivery to two web
 * processes at once) times them itself with a `Latencies`.
 */
export async function constantRate(opts: { rate: number; seconds: number; fire: (i: number, due: number) => Promise<unknown> }): Promise<LoadResult> {
  const interval = 1000 / opts.rate;
  const total = Math.round(opts.rate * opts.seconds);
  const all = new Latencies();
  const inFlight: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Keep only that it settled: holding each answer until the end took an hour-long run's load generator past 4 GiB.
    inFlight.push(all.time([''], due, opts.fire(i, due)).then(settled, settled));
  }
  await Promise.all(inFlight);
  return all.result('', (performance.now() - t0) / 1000);
}

/** Latencies (from each request's scheduled start) and failures, kept under keys such as "overview web-1" and "overview". */
export class Latencies {
  private readonly byKey = new Map<string, { latencies: number[]; failed: number; firstError: string | null }>();

  /** Records how long after `due` the request settles, under every key of `keys`; passes its outcome on. */
  async time<T>(keys: readonly string[], due: number, request: Promise<T>): Promise<T> {
    const record = (error: unknown) => {
      const latency = performance.now() - due;
      for (const key of keys) {
        const k = this.byKey.get(key) ?? { latencies: [], failed: 0, firstError: null };
        this.byKey.set(key, k);
        k.latencies.push(latency);
        if (error !== null) {
          k.failed += 1;
          k.firstError ??= (error as Error).message.slice(0, 300);
        }
      }
    };
    try {
      const value = await request;
      record(null);
      return value;
    } catch (error) {
      record(error);
      throw error;
    }
  }

  /** What was recorded under `key` over a run of `seconds`. */
  result(key: string, seconds: number): LoadResult {
    const k = this.byKey.get(key) ?? { latencies: [], failed: 0, firstError: null };
    const none = k.latencies.length === 0;
    return {
      sent: k.latencies.length,
      failed: k.failed,
      seconds,
      p50: none ? NaN : quantile(k.latencies, 0.5),
      p95: none ? NaN : quantile(k.latencies, 0.95),
      p99: none ? NaN : quantile(k.latencies, 0.99),
      // Not Math.max(...): an hour at 50/s is 180,000 arguments, past what a call takes.
      max: none ? NaN : k.latencies.reduce((a, b) => Math.max(a, b), -Infinity),
      firstError: k.firstError,
    };
  }
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

/** CPU time a process has used so far (user + system), in ms, or null once it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    // utime and stime are the 14th and 15th fields, in clock ticks (100 a second on Linux), after the command in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export type CpuSample = { at: number; used: Record<string, number>; machine: { busy: number; total: number } };

/**
 * CPU time used so far (ms) by each process of `of` (a pid, or a command name
 * standing for all running processes of that name: "postgres" and its
 * backends), and by the machine (busy and total over all cores, /proc/stat).
 */
export function sampleCpu(of: Record<string, number | string | null>): CpuSample {
  const used: Record<string, number> = {};
  for (const [name, who] of Object.entries(of)) used[name] = typeof who === 'string' ? cpuOfNamed(who) : who === null ? NaN : (cpuMs(who) ?? NaN);
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const t = ticks.map(Number);
  const total = t.reduce((x, y) => x + y, 0);
  // idle and iowait are the 4th and 5th.
  return { at: performance.now(), used, machine: { busy: (total - t[3]! - t[4]!) * 10, total: total * 10 } };
}

/** The cores each process of two samples used between them, and the machine's busy and available cores. */
export function coresBetween(a: CpuSample, b: CpuSample): Record<string, number> & { machineBusy: number; machineCores: number } {
  const seconds = (b.at - a.at) / 1000;
  const out = Object.fromEntries(Object.keys(a.used).map((k) => [k, (b.used[k]! - a.used[k]!) / 1000 / seconds]));
  return { ...out, machineBusy: (b.machine.busy - a.machine.busy) / 1000 / seconds, machineCores: (b.machine.total - a.machine.total) / 1000 / seconds };
}

function cpuOfNamed(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) total += cpuMs(Number(entry)) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
