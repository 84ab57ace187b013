import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aliasBomb, deepArray } from '@/server/lib/hostile-input.fixtures';
import { SEED_CRD, SLOTH_FILE } from '@/server/slo/slo.fixtures';
import { CliError, EXIT } from '../exit';
import { registerSlo } from './slo';

const dir = mkdtempSync(join(tmpdir(), 'runwell-cli-slo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('runwell').exitOverride().configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) });
  registerSlo(program, { out: (s) => (out += s), err: (s) => (err += s) });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: EXIT.ok, out, err };
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, out, err: `${err}runwell: ${error.message}\n` };
    throw error;
  }
}

const seed = file('seed.yaml', SEED_CRD);
const invalid = file(
  'invalid.yaml',
  SLOTH_FILE.replace('objective: 99.9', 'objective: 100').replace('error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))', 'error_query: sum(rate(errors[5m]))'),
);

describe('runwell slo validate', () => {
  it('exits 0 and lists the SLOs of a valid file (warnings on stderr)', async () => {
    const r = await run('slo', 'validate', seed);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${seed}: valid, 2 SLOs: payment-service-requests-availability (99.9%, 30d rolling), payment-service-requests-latency (99%, 30d rolling)\n`,
    );
    expect(r.err).toContain('warning: spec.slos[1].alerting.name: not set');
  });

  it('exits 2 with one path: reason line per problem', async () => {
    const r = await run('slo', 'validate', invalid);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      `${invalid}: slos[0].objective: must be above 0 and below 100 (a percent such as 99.9; 100 would leave no error budget)`,
      `${invalid}: slos[0].sli.events.error_query: must contain {{.window}} where the range goes, e.g. rate(x[{{.window}}])`,
      `runwell: ${invalid} is invalid (2 problems)`,
    ]);
  });

  it.each([
    { label: 'a missing file', args: ['slo', 'validate', join(dir, 'nope.yaml')], message: /cannot read/ },
    { label: 'a window in hours', args: ['slo', 'validate', seed, '--window', '12h'], message: /--window must be whole days/ },
  ])('exits 2 on $label', async ({ args, message }) => {
    const r = await run(...args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(message);
  });
});

describe('runwell slo rules', () => {
  it('prints a Prometheus rule file', async () => {
    const r = await run('slo', 'rules', seed);
    expect(r.code).toBe(0);
    const rules = parse(r.out) as { groups: { name: string; rules: { record?: string; labels?: Record<string, string> }[] }[] };
    expect(rules.groups.map((g) => g.name)).toContain('sloth-slo-alerts-payment-service-requests-availability');
    expect(rules.groups[0]!.rules.find((x) => x.record === 'slo:sli_error:ratio_rate30d')).toBeDefined();
  });

  it('uses --window for Sloth files: 28d gives 13.44x pages', async () => {
    const r = await run('slo', 'rules', seed, '--window', '28d');
    expect(r.out).toContain('slo:sli_error:ratio_rate28d');
    expect(r.out).toContain('> (13.44 * 0.001)');
  });

  it('prints PrometheusRule objects with namespace and labels', async () => {
    const r = await run('slo', 'rules', seed, '--format', 'prometheusrule', '--label', 'release=prometheus');
    const object = parse(r.out) as { kind: string; metadata: Record<string, unknown> };
    expect(object.kind).toBe('PrometheusRule');
    expect(object.metadata).toEqual({
      name: 'payment-service-slo',
      namespace: 'payments',
      labels: { 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'runwell', release: 'prometheus' },
    });
  });

  it.each([
    { label: 'an unknown format', args: ['--format', 'thanos'], message: /--format must be one of prometheus, prometheusrule/ },
    { label: 'a label without =', args: ['--label', 'release'], message: /--label must be key=value/ },
    { label: 'a window shorter than the ticket window', args: ['--window', '2d'], message: /shorter than the 3d ticket window/ },
  ])('exits 2 on $label', async ({ args, message }) => {
    const r = await run('slo', 'rules', seed, ...args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(message);
  });

  it('exits 2 on an invalid file, printing the problems', async () => {
    const r = await run('slo', 'rules', invalid);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe('');
    expect(r.err).toContain('slos[0].objective: must be above 0 and below 100');
  });
});

// Issue 10, findings 4 and 8: a bomb is invalid input (exit 2), not a failed check (exit 1).
describe('runwell slo: hostile input', () => {
  it.each([
    ['an alias bomb', `version: prometheus/v1\nservice: x\nlabels:\n${aliasBomb('  ')}slos: []\n`, /expands to more than/],
    ['deep nesting', `version: prometheus/v1\nservice: ${deepArray(100_000)}\n`, /nested deeper than/],
    ['more than 2 MB', `version: prometheus/v1\nservice: x\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, /too large/],
  ])('validate refuses %s with exit 2', async (_label, text, message) => {
    const result = await run('slo', 'validate', file('hostile.yaml', text));
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(message);
  });
});

describe('runwell slo rules --windows-dir', () => {
  const windows = mkdtempSync(join(dir, 'windows-'));
  writeFileSync(
    join(windows, '14d.yaml'),
    `apiVersion: sloth.slok.dev/v1
kind: AlertWindows
spec:
  sloPeriod: 14d
  page:
    quick: {errorBudgetPercent: 4, shortWindow: 5m, longWindow: 1h}
    slow: {errorBudgetPercent: 8, shortWindow: 30m, longWindow: 6h}
  ticket:
    quick: {errorBudgetPercent: 15, shortWindow: 2h, longWindow: 1d}
    slow: {errorBudgetPercent: 30, shortWindow: 6h, longWindow: 3d}
`,
  );

  it.each([
    { args: [] as string[], page: '(6.72 * 0.001)', ticketSlow: '(1 * 0.001)', why: 'derived 14d factors, tickets floored at 1x' },
    { args: ['--windows-dir', windows], page: '(13.44 * 0.001)', ticketSlow: '(1.4 * 0.001)', why: 'the 14d file: 4% x 336h / 1h, 30% x 336h / 72h' },
  ])('$why', async ({ args, page, ticketSlow }) => {
    const r = await run('slo', 'rules', file('w.yaml', SLOTH_FILE), '--window', '14d', ...args);
    expect(r.code, r.err).toBe(0);
    const [pageAlert, ticketAlert] = (parse(r.out) as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups[2]!.rules;
    expect(pageAlert!.expr).toContain(page);
    expect(ticketAlert!.expr).toContain(ticketSlow);
  });

  it('exits 2 naming the file and path of a bad window file', async () => {
    const bad = mkdtempSync(join(dir, 'bad-windows-'));
    writeFileSync(join(bad, 'x.yaml'), 'apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec: {sloPeriod: 7d}\n');
    const r = await run('slo', 'rules', file('w2.yaml', SLOTH_FILE), '--windows-dir', bad);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(`${join(bad, 'x.yaml')}: spec.page: `);
  });
});

describe('runwell slo convert', () => {
  it.each([
    ['sloth', 'version: prometheus/v1'],
    ['sloth-crd', 'kind: PrometheusServiceLevel'],
    ['openslo', 'apiVersion: openslo/v1\n'],
    ['openslo-v1alpha', 'apiVersion: openslo/v1alpha'],
  ])('--to %s', async (to, marker) => {
    const r = await run('slo', 'convert', file('c.yaml', SLOTH_FILE), '--to', to);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(marker);
  });

  it('refuses an unknown format', async () => {
    const r = await run('slo', 'convert', file('c2.yaml', SLOTH_FILE), '--to', 'nobl9');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--to must be one of sloth, sloth-crd, openslo, openslo-v1alpha (got "nobl9")');
  });
});

describe('runwell slo rules --slo-plugin (Sloth app-level plugins)', () => {
  it('applies a plugin to every SLO', async () => {
    const r = await run('slo', 'rules', file('p.yaml', SLOTH_FILE), '--slo-plugin', '{"id": "sloth.dev/contrib/rule_intervals/v1", "config": {"interval": {"default": "2m"}}}');
    expect(r.code, r.err).toBe(0);
    const intervals = (parse(r.out) as { groups: { interval?: string }[] }).groups.map((g) => g.interval);
    expect(intervals.length).toBeGreaterThan(2);
    expect(new Set(intervals)).toEqual(new Set(['2m']));
  });

  it('--disable-default-slo-plugins with only sli_rules writes SLI rules only', async () => {
    const r = await run('slo', 'rules', file('p2.yaml', SLOTH_FILE), '--disable-default-slo-plugins', '--slo-plugin', '{"id": "sloth.dev/core/sli_rules/v1"}');
    expect(r.code, r.err).toBe(0);
    const names = (parse(r.out) as { groups: { name: string }[] }).groups.map((g) => g.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith('sloth-slo-sli-recordings-'))).toBe(true);
  });

  it.each([
    ['not json', '--slo-plugin #1 is not JSON: not json'],
    ['{"id": "acme/x"}', '--slo-plugin #1: id: SLO plugin "acme/x" is not one Runwell runs'],
  ])('refuses %s', async (json, message) => {
    const r = await run('slo', 'rules', file('p3.yaml', SLOTH_FILE), '--slo-plugin', json);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(message);
  });
});
