import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';

// The chart's PrometheusRule carries Runwell's own SLOs as rules made by
// Runwell's Sloth-compatible generator. The committed rule file must be exactly
// what the generator makes from the committed SLO file, and Prometheus must
// accept the rules the chart renders (promtool, from Debian's prometheus
// package, which .ci/run installs).

const root = path.resolve(import.meta.dirname, '../..');
// These spawn the runwell CLI, helm and promtool: more than 5 s on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
const files = path.join(root, 'deploy', 'helm', 'runwell', 'files');

describe("the chart's SLO rules", () => {
  it('files/slo-rules.yaml equals `runwell slo rules files/slos.yaml`', () => {
    const generated = execFileSync(process.execPath, [path.join(root, 'bin', 'runwell.mjs'), 'slo', 'rules', path.join(files, 'slos.yaml')], { cwd: root, encoding: 'utf8' });
    expect(readFileSync(path.join(files, 'slo-rules.yaml'), 'utf8')).toBe(generated);
    // The regeneration script agrees (it is what the file's header tells people to run).
    const check = spawnSync(process.execPath, [path.join(root, 'scripts', 'helm-slo-rules.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);

  it('covers web availability and latency, alert intake and sampler freshness, each with page and ticket alerts and a runbook', () => {
    const { groups } = parse(readFileSync(path.join(files, 'slo-rules.yaml'), 'utf8')) as { groups: { name: string; rules: { alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
    const alerts = groups.flatMap((g) => g.rules.filter((r) => r.alert));
    const byName = new Map<string, string[]>();
    for (const a of alerts) {
      expect(a.annotations?.runbook_url, a.alert).toMatch(/^https:\/\/.+docs\/ops\.md#runwell-/);
      byName.set(a.alert!, [...(byName.get(a.alert!) ?? []), a.labels?.severity ?? '?'].sort());
    }
    expect(Object.fromEntries(byName)).toEqual({
      RunwellWebAvailability: ['critical', 'warning'],
      RunwellWebLatency: ['critical', 'warning'],
      RunwellAlertIntake: ['critical', 'warning'],
      RunwellSamplerFreshness: ['critical', 'warning'],
    });
  });

  it('promtool accepts the rules the chart renders (generated groups plus the staleness alert)', () => {
    const helm = spawnSync(process.execPath, [path.join(root, 'scripts', 'helm.mjs'), 'template', 'rw', path.join(root, 'deploy', 'helm', 'runwell'), '--show-only', 'templates/prometheusrule.yaml'], { cwd: root, encoding: 'utf8' });
    expect(helm.status, helm.stderr).toBe(0);
    const rule = parseAllDocuments(helm.stdout)[0]!.toJS() as { spec: { groups: unknown[] } };
    const dir = mkdtempSync(path.join(tmpdir(), 'runwell-rules-'));
    try {
      const file = path.join(dir, 'rules.yaml');
      writeFileSync(file, stringify({ groups: rule.spec.groups }));
      const promtool = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(promtool.error, 'promtool (apt-get install prometheus)').toBeUndefined();
      expect(promtool.stdout + promtool.stderr).toMatch(/SUCCESS: \d+ rules found/);
      expect(promtool.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
