import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type CounterSeries, type RunningPrometheus } from './prometheus';

// A real single-node VictoriaMetrics for integration tests (Debian package
// `victoria-metrics`; VICTORIA_METRICS overrides the binary). The same counter
// history the Prometheus helper writes with promtool is imported over HTTP
// (/api/v1/import/prometheus, millisecond timestamps), then flushed and waited
// for, so tests know every sample exactly.
//
//   const vm = await startVictoriaMetrics({ series: [...] });
//   ... vm.url ...
//   await vm.stop();

const VICTORIA_METRICS = process.env.VICTORIA_METRICS ?? 'victoria-metrics';

/** Prometheus exposition text with millisecond timestamps (what /api/v1/import/prometheus reads). */
export function expositionText(series: readonly CounterSeries[]): string {
  const lines: string[] = [];
  for (const s of series) {
    const labels = Object.entries(s.labels ?? {})
      .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
      .join(',');
    const name = `${s.name}${labels ? `{${labels}}` : ''}`;
    for (const [t, v] of s.samples) lines.push(`${name} ${v} ${t}`);
  }
  return `${lines.join('\n')}\n`;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = failed();
    if (failure) throw new Error(failure);
    try {
      if (await check()) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`victoria-metrics: ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startVictoriaMetrics(opts: { series?: readonly CounterSeries[]; port?: number } = {}): Promise<RunningPrometheus> {
  const root = mkdtempSync(join(tmpdir(), 'runwell-vm-'));
  const dataDir = join(root, 'data');
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    VICTORIA_METRICS,
    [
      `-storageDataPath=${dataDir}`,
      // Imported history is weeks old; the default retention (1 month) would drop its start.
      '-retentionPeriod=10y',
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=WARN',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT'); // graceful: flushes and closes the storage
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  const failed = () => (child.exitCode !== null ? `victoria-metrics exited with ${child.exitCode}:\n${stderr}` : null);
  try {
    await waitFor('not ready', async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok, 30_000, failed);
    const series = opts.series ?? [];
    if (series.length > 0) {
      const imported = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: expositionText(series) });
      if (!imported.ok) throw new Error(`victoria-metrics import failed: HTTP ${imported.status} ${await imported.text()}`);
      // Ingested rows sit in an in-memory buffer (flushed about every second)
      // and new series reach the index later still: flush, then wait until a
      // query at the newest sample, looking back to the oldest, sees every
      // imported series.
      const newest = Math.max(...series.map((s) => s.samples.at(-1)?.[0] ?? 0));
      const oldest = Math.min(...series.map((s) => s.samples[0]?.[0] ?? newest));
      const span = `${Math.ceil((newest - oldest) / 1000) + 60}s`;
      await waitFor(
        `imported series not queryable`,
        async () => {
          await fetch(`${url}/internal/force_flush`);
          const r = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: `count(last_over_time({__name__=~".+"}[${span}]))`, time: String(newest / 1000) })}`);
          const body = (await r.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
          return Number(body.data?.result?.[0]?.value[1]) === series.length;
        },
        30_000,
        failed,
      );
      // Queries made while waiting must not be answered from the rollup cache later.
      await fetch(`${url}/internal/resetRollupResultCache`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, stop };
}
