import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

// Real Runwell processes for specs that need more than the one web server
// Playwright starts (e2e/scale-out.spec.ts) and for the benchmarks that run
// them under load (bench/overview.bench.ts, bench/scale-out.bench.ts):
// `runwell serve`, `runwell worker`, `runwell sim`, one-shot commands and
// seeds, with their output kept for assertions and for the report when a run
// fails.

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'runwell.mjs');

// bin/runwell.mjs re-executes itself on the bundled Node 24 when started on an
// older one; a signal to that parent would not reach the real process, and a
// SIGKILL must hit the worker itself. So the children start on Node 24 directly.
const NODE = [path.join(ROOT, 'node_modules', '.bin', 'node')].find((p) => existsSync(p)) ?? process.execPath;

/** A port nobody listens on now (the kernel's pick); the child binds it a moment later. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `n` distinct ports nobody listens on now. */
export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

type Waiter = { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class RunwellProcess {
  readonly lines: string[] = [];
  readonly child: ChildProcess;
  private readonly closed: Promise<number | null>;
  private readonly waiters = new Set<Waiter>();

  /**
   * `runwell <args>` (or `node <args>` with `script`), in a process group of its own.
   * `echo` sees each line as it comes, with the stream it came on (a benchmark passes stderr on).
   */
  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { script?: boolean; echo?: (line: string, stream: 'stdout' | 'stderr') => void } = {},
  ) {
    this.child = spawn(NODE, options.script ? args : [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.closed = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    for (const [stream, kind] of [[this.child.stdout, 'stdout'], [this.child.stderr, 'stderr']] as const) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          options.echo?.(line, kind);
          this.onLine(line);
        });
    }
    this.child.once('exit', (code, signal) => {
      for (const w of this.waiters) {
        clearTimeout(w.timer);
        w.reject(new Error(`${this.name} exited (${signal ?? `code ${code}`}) before printing ${w.pattern}; last lines:\n${this.tail(30)}`));
      }
      this.waiters.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    for (const w of this.waiters) {
      const m = line.match(w.pattern);
      if (m) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(m);
      }
    }
  }

  /** The first line, printed or to come, that matches `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    for (const line of this.lines) {
      const m = line.match(pattern);
      if (m) return Promise.resolve(m);
    }
    if (!this.running) return Promise.reject(new Error(`${this.name} is not running; last lines:\n${this.tail(30)}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pattern,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms; last lines:\n${this.tail(30)}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Exit code once the process ends and its output is read to the end (one-shot
   * commands and seeds): 'close', not 'exit', which may come before the last
   * lines of its pipes.
   */
  finished(): Promise<number | null> {
    return this.closed;
  }

  tail(n: number): string {
    return this.lines.slice(-n).join('\n');
  }

  /**
   * SIGTERM to its process group (`runwell serve` then stops its workers and
   * its web server in order), and SIGKILL to the whole tree of what is still
   * running after `timeoutMs`.
   */
  async stop(timeoutMs = 40_000): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([this.finished(), sleep(timeoutMs, undefined, { ref: false })]);
    if (this.running) await killTrees([this]);
  }

  /** The clusters a `runwell worker` runs collectors for, from its own log lines (supervisor.service.ts writes one per start and stop). */
  collecting(holder: string): string[] {
    const names = new Set<string>();
    for (const line of this.lines) {
      const m = line.match(/\[inventory\] (\S+) (collects|stops collecting) cluster (\S+)/);
      if (m?.[1] !== holder) continue;
      if (m[2] === 'collects') names.add(m[3]!);
      else names.delete(m[3]!);
    }
    return [...names].sort();
  }
}

/** The processes below `root` (children, grandchildren...) with their command lines: the next-server a `runwell serve` started, say. */
export function descendants(root: number): Array<{ pid: number; cmd: string }> {
  const children = new Map<number, number[]>();
  const cmds = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field, after the command in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cmds.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // The process ended while we read.
    }
  }
  const below = [...(children.get(root) ?? [])];
  for (let i = 0; i < below.length; i++) below.push(...(children.get(below[i]!) ?? []));
  return below.map((pid) => ({ pid, cmd: cmds.get(pid) ?? '' }));
}

/** `pid` and all its descendants, from /proc (serve's `next start` runs in a process group of its own). */
export function processTree(pid: number): number[] {
  return [pid, ...descendants(pid).map((d) => d.pid)];
}

/** SIGKILL to each process and all its descendants (collected before any dies), then waits for them to be reaped. */
export async function killTrees(procs: readonly RunwellProcess[]): Promise<void> {
  const alive = procs.filter((p) => p.running);
  const pids = alive.flatMap((p) => processTree(p.pid));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await Promise.race([Promise.all(alive.map((p) => p.finished())), sleep(10_000, undefined, { ref: false })]);
}
