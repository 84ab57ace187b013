import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real Prometheus for integration tests and benchmarks (Debian package
// `prometheus`; PROMETHEUS / PROMTOOL override the binaries). History is
// backfilled with `promtool tsdb create-blocks-from openmetrics` before the
// server starts, so tests know every sample exactly.
//
//   const prom = await startPrometheus({ openMetrics: openMetricsText([...]) });
//   ... prom.url ...
//   await prom.stop();

export type CounterSeries = {
  name: string;
  labels?: Record<string, string>;
  /** [epoch ms, counter value] in time order. */
  samples: ReadonlyArray<readonly [number, number]>;
};

/** OpenMetrics text for counters (one `# TYPE` per metric name, samples in seconds, `# EOF`). */
export function openMetricsText(series: readonly CounterSeries[]): string {
  const byName = new Map<string, CounterSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, list] of byName) {
    // OpenMetrics counters are declared without the _total suffix.
    lines.push(`# TYPE ${name.replace(/_total$/, '')} counter`);
    for (const s of list) {
      const labels = Object.entries(s.labels ?? {})
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      for (const [t, v] of s.samples) lines.push(`${name}${labels ? `{${labels}}` : ''} ${v} ${t / 1000}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

export type RunningPrometheus = { url: string; port: number; dataDir: string; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

/** Write TSDB blocks for `text` into `dataDir` (fast with 31-day blocks). */
export function createBlocks(text: string, dataDir: string): void {
  const file = join(dataDir, '..', `backfill-${process.pid}-${Date.now()}.om`);
  writeFileSync(file, text);
  try {
    const r = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=744h', file, dataDir], { encoding: 'utf8' });
    if (r.error) throw new Error(`${PROMTOOL} not found: install the Debian package "prometheus" (${r.error.message})`);
    if (r.status !== 0) throw new Error(`promtool create-blocks-from failed:\n${r.stderr || r.stdout}`);
  } finally {
    rmSync(file, { force: true });
  }
}

export async function startPrometheus(opts: { openMetrics?: string; port?: number; config?: string } = {}): Promise<RunningPrometheus> {
  const root = mkdtempSync(join(tmpdir(), 'runwell-prom-'));
  const dataDir = join(root, 'data');
  if (opts.openMetrics) createBlocks(opts.openMetrics, dataDir);
  const configFile = join(root, 'prometheus.yml');
  writeFileSync(configFile, opts.config ?? 'global:\n  scrape_interval: 1m\n');
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      // Backfilled blocks are old; without this they would be deleted at start.
      '--storage.tsdb.retention.time=90d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 30 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, dataDir, stop };
}
