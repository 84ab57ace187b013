import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

// Real Runwell processes for specs that need more than the one web server
// Playwright starts (e2e/scale-out.spec.ts): `runwell serve`, `runwell worker`,
// one-shot commands and seeds, with their output kept for assertions and for
// the report when a spec fails.

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

type Waiter = { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class RunwellProcess {
  readonly lines: string[] = [];
  readonly child: ChildProcess;
  private readonly waiters = new Set<Waiter>();

  /** `runwell <args>` (or `node <args>` with `script`), in a process group of its own. */
  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    options: { script?: boolean } = {},
  ) {
    this.child = spawn(NODE, options.script ? args : [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
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

  /** Exit code once the process ends (one-shot commands and seeds). */
  finished(): Promise<number | null> {
    if (!this.running) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  tail(n: number): string {
    return this.lines.slice(-n).join('\n');
  }
}

/** `pid` and all its descendants, from /proc (serve's `next start` runs in a process group of its own). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which may hold spaces, start at the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we read.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
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
  await Promise.race([Promise.all(alive.map((p) => p.finished())), new Promise((r) => setTimeout(r, 10_000))]);
}
