import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Starts the Debian prometheus and prometheus-alertmanager binaries on
// loopback with settings that fire within seconds (docs/testing.md notes):
// rule interval 1s, for 0s, resend delay 2s, group_wait 1s, no gossip, fresh storage.

export type Daemon = { proc: ChildProcess; dir: string; stop: () => Promise<void>; log: () => string };

function start(cmd: string, args: string[], dir: string): Daemon {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  proc.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  return {
    proc,
    dir,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5_000).unref();
      }).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startAlertmanager(port: number, receiverYaml: string): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'runwell-inc-am-'));
  // group_wait/interval of 1s so the test sees firing and resolution quickly.
  const config = receiverYaml.replace('group_wait: 30s', 'group_wait: 1s').replace('group_interval: 5m', 'group_interval: 1s');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const d = start(
    'prometheus-alertmanager',
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    dir,
  );
  await waitFor('alertmanager ready', async () => (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok);
  return d;
}

export async function startPrometheus(port: number, opts: { alertmanagerPort: number; targetPort: number; rules: string }): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'runwell-inc-prom-'));
  writeFileSync(join(dir, 'rules.yml'), opts.rules);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: {scrape_interval: 1s, evaluation_interval: 1s}',
      'rule_files: [rules.yml]',
      `alerting: {alertmanagers: [{static_configs: [{targets: ["127.0.0.1:${opts.alertmanagerPort}"]}]}]}`,
      `scrape_configs: [{job_name: checkout, static_configs: [{targets: ["127.0.0.1:${opts.targetPort}"]}]}]`,
      '',
    ].join('\n'),
  );
  const d = start(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--rules.alert.resend-delay=2s',
    ],
    dir,
  );
  await waitFor('prometheus ready', async () => (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok);
  return d;
}
