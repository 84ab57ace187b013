import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { aliasBomb, deepArray } from '@/server/lib/hostile-input.fixtures';
import { NOW, readySet, readySetWith } from '@/server/readiness/fixtures/builders';
import { CHECK_IDS, type KubeObject } from '@/server/readiness/readiness.schema';
import { CliError, EXIT } from '../exit';
import { registerCheck } from './check';

// Runs `runwell check ...` through commander exactly as cli/main.ts does (exit codes:
// 0 pass, 1 gate failed, 2 unreadable input or bad usage), with stdout captured.
async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const program = new Command('runwell')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerCheck(program, { stdout: (s) => (stdout += s), readStdin: async () => stdin, now: () => NOW });
  try {
    await program.parseAsync(['check', ...args], { from: 'user' });
    return { code: EXIT.ok, stdout, stderr };
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, stdout, stderr: stderr + error.message };
    if (error instanceof CommanderError) return { code: EXIT.usage, stdout, stderr };
    throw error;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'runwell-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
const yamlStream = (objects: KubeObject[]) => objects.map((o) => `---\n${stringify(o)}`).join('');

const ready = write('ready.yaml', yamlStream(readySet()));
// Fails one warning (priorityClassNotSet) and nothing else.
const warningOnly = write('warning.yaml', yamlStream(readySetWith((d) => delete d.spec.template.spec.priorityClassName)));
// Fails one danger (tagNotSpecified).
const danger = write('danger.yaml', yamlStream(readySetWith((d) => (d.spec.template.spec.containers[0]!.image = 'nginx'))));

describe('runwell check: exit codes', () => {
  it.each([
    { label: 'a ready service', args: [ready], code: 0 },
    { label: 'a failed danger', args: [danger], code: 1 },
    { label: 'a failed warning, default --fail-on danger', args: [warningOnly], code: 0 },
    { label: 'a failed warning, --fail-on warning', args: [warningOnly, '--fail-on', 'warning'], code: 1 },
    { label: 'score below --min-score', args: [warningOnly, '--min-score', '100'], code: 1 },
    { label: 'score at --min-score', args: [ready, '--min-score', '100'], code: 0 },
    { label: 'score above --min-score', args: [warningOnly, '--min-score', '90'], code: 0 },
    { label: 'an unknown --format', args: [ready, '--format', 'xml'], code: 2 },
    { label: 'an unknown --fail-on', args: [ready, '--fail-on', 'info'], code: 2 },
    { label: 'a non-numeric --min-score', args: [ready, '--min-score', 'high'], code: 2 },
    { label: '--min-score above 100', args: [ready, '--min-score', '101'], code: 2 },
    { label: 'no path', args: [], code: 2 },
    { label: 'a missing file', args: [join(dir, 'nope.yaml')], code: 2 },
  ])('$label -> $code', async ({ args, code }) => {
    const result = await run(args);
    expect(result.code, result.stderr).toBe(code);
  });

  it('explains why the gate failed', async () => {
    expect((await run([danger])).stderr).toMatch(/readiness gate failed: 1 check at or above danger failed/);
    expect((await run([warningOnly, '--min-score', '100'])).stderr).toMatch(/score 98 is below --min-score 100/);
  });
});

describe('runwell check: input', () => {
  it('names the file and line of a YAML error', async () => {
    const bad = write('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n labels: {}\n');
    const result = await run([ready, bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:5(:\\d+)?: `));
  });

  it('refuses documents that are not Kubernetes objects', async () => {
    const values = write('values.yaml', 'replicaCount: 2\n');
    const result = await run([values]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/values\.yaml:1: not a Kubernetes object/);
  });

  it('reads stdin for "-" (helm template | runwell check -)', async () => {
    const result = await run(['-', '--format', 'json'], yamlStream(readySet()));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).objects[0]).toMatchObject({ kind: 'Deployment', file: '<stdin>' });
  });

  it('walks directories recursively, in order, skipping kustomization files and dot-directories', async () => {
    write('tree/b/deployment.yaml', yamlStream(readySet().slice(0, 1)));
    write('tree/a/companions.yml', yamlStream(readySet().slice(1)));
    write('tree/a/kustomization.yaml', 'resources: [companions.yml]\n');
    write('tree/.git/config.yaml', 'not: kubernetes\n');
    write('tree/README.md', '# docs\n');
    // kube-score fails a pod without containers; exempted, so the walk alone is under test.
    const exempt = { 'runwell.io/exempt': 'kube-score/container-ephemeral-storage-request-and-limit' };
    write('tree/c/pod.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x', annotations: exempt }, spec: { containers: [] } }));
    const result = await run([join(dir, 'tree'), '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const files = JSON.parse(result.stdout).objects.map((o: { file: string }) => o.file.slice(dir.length + 1));
    // companions.yml: the PDB, the Service, the PrometheusRule and the SLO.
    expect(files).toEqual(['tree/a/companions.yml', 'tree/a/companions.yml', 'tree/a/companions.yml', 'tree/a/companions.yml', 'tree/b/deployment.yaml', 'tree/c/pod.json']);
  });

  it('an empty directory is an error', async () => {
    mkdirSync(join(dir, 'empty'));
    expect((await run([join(dir, 'empty')])).code).toBe(2);
  });
});

describe('runwell check: --config', () => {
  it('a config can downgrade the failing danger', async () => {
    const config = write('downgrade.yaml', 'severity:\n  tagNotSpecified: warning\n');
    expect((await run([danger, '--config', config])).code).toBe(0);
  });

  it('a config exemption with an expiry in the future exempts the check', async () => {
    const config = write(
      'exempt.yaml',
      'exemptions:\n  - {kind: Deployment, namespace: payments, name: checkout, checks: [tagNotSpecified], expiresAt: 2026-06-30}\n',
    );
    const result = await run([danger, '--config', config, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"exempt": true');
  });

  it('an expired config exemption is ignored', async () => {
    const config = write(
      'expired.yaml',
      'exemptions:\n  - {kind: Deployment, namespace: payments, name: checkout, checks: [tagNotSpecified], expiresAt: 2026-01-01}\n',
    );
    expect((await run([danger, '--config', config])).code).toBe(1);
  });

  it('an invalid config names the field', async () => {
    const config = write('invalid.yaml', 'disabled: [noSuchCheck]\n');
    const result = await run([ready, '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid config: .*invalid\.yaml: disabled\[0\]: Unknown check id/);
  });
});

describe('runwell check: output', () => {
  it.each([
    { format: 'json', probe: (s: string) => JSON.parse(s).score },
    { format: 'sarif', probe: (s: string) => JSON.parse(s).version },
    { format: 'junit', probe: (s: string) => s.startsWith('<?xml') },
    { format: 'human', probe: (s: string) => /Score \d+\/100/.test(s) },
  ])('--format $format', async ({ format, probe }) => {
    const result = await run([danger, '--format', format]);
    expect(result.code).toBe(1);
    expect(probe(result.stdout)).toBeTruthy();
  });

  it('--export kyverno prints ClusterPolicies without reading manifests', async () => {
    const result = await run(['--export', 'kyverno', '--kyverno-action', 'enforce']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^---\napiVersion: kyverno\.io\/v1\nkind: ClusterPolicy/);
    expect(result.stdout).toContain('validationFailureAction: Enforce');
    expect(result.stdout).not.toContain('validationFailureAction: Audit');
  });

  it('--kyverno-action must be Audit or Enforce', async () => {
    expect((await run(['--export', 'kyverno', '--kyverno-action', 'warn'])).code).toBe(2);
  });
});

// Issue 10, finding 8: a failed `helm template ... | runwell check -` leaves
// nothing to check, which used to pass with "Score 100/100 over 0 objects".
describe('runwell check: empty input', () => {
  it.each([
    ['empty stdin', ['-'], ''],
    ['stdin with only comments and document markers', ['-'], '# rendered nothing\n---\n---\n'],
    ['an empty file', [write('empty.yaml', '')], ''],
  ])('%s -> 2 with a clear message', async (_label, args, stdin) => {
    const result = await run(args, stdin);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Kubernetes objects in .*pass --allow-empty/);
  });

  it('--allow-empty opts out (exit 0)', async () => {
    expect((await run(['-', '--allow-empty'], '')).code).toBe(0);
  });
});

// Issue 10, finding 4: the js-yaml fast path expanded aliases without limit
// (34.6 s, 1.79 GB, then exit 1 as if a check had failed).
const ALIAS_BOMB = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${aliasBomb('  ')}`;

describe('runwell check: hostile input', () => {
  it('refuses an alias bomb with exit 2, naming file and line', async () => {
    const bomb = write('bomb.yaml', ALIAS_BOMB);
    const result = await run([bomb]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bomb\.yaml:\d+: expands to more than/);
  });

  it('refuses deep nesting with exit 2', async () => {
    const result = await run(['-'], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${deepArray(50_000)}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/<stdin>:4: nested deeper than/);
  });

  it('still reads anchors and aliases within the limits', async () => {
    const objects = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: x, labels: &l {app: a}}\nspec: {selector: {matchLabels: *l}, template: {metadata: {labels: *l}, spec: {containers: [{name: a, image: 'a:1'}]}}}\n`;
    const result = await run(['-', '--format', 'json'], objects);
    expect(result.code, result.stderr).not.toBe(2);
    expect(JSON.parse(result.stdout).objects).toHaveLength(1);
  });
});

// End to end through bin/runwell.mjs.
const root = new URL('../../', import.meta.url).pathname;

describe('bin/runwell.mjs check', () => {
  const runwell = (args: string[], input?: string) =>
    spawnSync(process.execPath, [`${root}bin/runwell.mjs`, 'check', ...args], { input, encoding: 'utf8', timeout: 60_000 });

  it('exit 0 / 1 / 2 from the real binary', () => {
    expect(runwell([ready]).status).toBe(0);
    const failed = runwell([danger, '--format', 'json']);
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout).score).toBeLessThan(100);
    const bad = runwell(['-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: {}\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>:5/);
    expect(runwell(['-'], '').status).toBe(2);
    expect(runwell(['-', '--allow-empty'], '').status).toBe(0);
    const bomb = runwell(['-'], ALIAS_BOMB);
    expect(bomb.status).toBe(2);
    expect(bomb.stderr).toMatch(/<stdin>:\d+: expands to more than/);
  }, 120_000);
});

describe('runwell check --list-checks', () => {
  it('prints every check as JSON: id, area, default severity, kinds, source, description', async () => {
    const result = await run(['--list-checks', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => e.id)).toEqual([...CHECK_IDS]);
    expect(entries.find((e) => e.id === 'sensitiveContainerEnvVar')).toEqual({
      id: 'sensitiveContainerEnvVar',
      area: 'security',
      defaultSeverity: 'danger',
      kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'],
      source: 'polaris',
      description: 'No secrets in literal environment variables',
    });
    expect(entries.find((e) => e.id === 'zoneSpreadMissing')).toMatchObject({ source: 'runwell', defaultSeverity: 'warning' });
    expect(entries.find((e) => e.id === 'cpuLimitsMissing')).toMatchObject({ defaultSeverity: 'off' });
    expect(entries.find((e) => e.id === 'tlsSettingsMissing')).toMatchObject({ kinds: ['Ingress'] });
    expect(entries.every((e) => typeof e.description === 'string' && (e.description as string).length > 0)).toBe(true);
  });

  it('prints a table by default, one line per check, without reading manifests', async () => {
    const result = await run(['--list-checks']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+AREA\s+SEVERITY\s+SOURCE\s+KINDS\s+DESCRIPTION$/);
    expect(lines).toHaveLength(CHECK_IDS.length + 2);
    expect(lines.find((l) => l.startsWith('hostPortSet '))).toMatch(/hostPortSet\s+security\s+warning\s+polaris\s+Deployment,/);
    expect(lines.at(-1)).toBe(`${CHECK_IDS.length} checks`);
  });

  it('shows the configured severity next to the default with --config (a Polaris file here)', async () => {
    const config = write('polaris.yaml', 'checks:\n  tagNotSpecified: warning\n');
    const entries = JSON.parse((await run(['--list-checks', '--format', 'json', '--config', config])).stdout) as Array<Record<string, unknown>>;
    expect(entries.find((e) => e.id === 'tagNotSpecified')).toMatchObject({ defaultSeverity: 'danger', severity: 'warning' });
    expect(entries.find((e) => e.id === 'runAsRootAllowed')).toMatchObject({ defaultSeverity: 'danger', severity: 'off' });
  });

  it('refuses sarif and junit', async () => {
    const result = await run(['--list-checks', '--format', 'sarif']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--list-checks prints human or json/);
  });
});

describe('runwell check --config with a Polaris config file', () => {
  it('gates with the Polaris file: ignore turns the failing danger off, exemptions apply', async () => {
    expect((await run([danger])).code).toBe(1);
    const ignore = write('polaris-ignore.yaml', 'checks:\n  tagNotSpecified: ignore\n  runAsRootAllowed: danger\n');
    expect((await run([danger, '--config', ignore])).code).toBe(0);
    const exempt = write('polaris-exempt.yaml', 'checks:\n  tagNotSpecified: danger\nexemptions:\n  - namespace: payments\n    controllerNames: [checkout]\n    rules: [tagNotSpecified]\n');
    expect((await run([danger, '--config', exempt])).code).toBe(0);
  });

  it('an invalid Polaris file names the field, exit 2', async () => {
    const bad = write('polaris-bad.yaml', 'checks:\n  tagNotSpecifed: danger\n');
    const result = await run([danger, '--config', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid config: .*polaris-bad\.yaml \(Polaris config\): checks\.tagNotSpecifed: Unknown check id/);
  });
});
