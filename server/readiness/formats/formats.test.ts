import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { expectGolden } from '@/tests/golden';
import { NOW } from '../fixtures/builders';
import { exportKyvernoPolicies } from '../kyverno.compute';
import { parseManifests } from '../manifests.compute';
import { activeChecks, evaluateReadiness } from '../readiness.compute';
import { DEFAULT_CONFIG, readinessConfigSchema } from '../readiness.schema';
import { formatHuman } from './human';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { escapeXml } from './xml';

// Golden tests: the fixed fixture set under fixtures/golden rendered in every format.
// UPDATE_GOLDEN=1 vitest run server/readiness/formats rewrites __golden__/ after an intended change.
const fixtures = 'server/readiness/fixtures/golden';
const golden = (name: string) => fileURLToPath(new URL(`../__golden__/${name}`, import.meta.url));
const fixtureDir = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const items = readdirSync(fixtureDir)
  .sort()
  .flatMap((name) => parseManifests(readFileSync(`${fixtureDir}${name}`, 'utf8'), `${fixtures}/${name}`));
const report = evaluateReadiness(items, { now: NOW });
const checks = activeChecks(DEFAULT_CONFIG);

describe('output formats (golden files)', () => {
  it('JSON', () => expectGolden(golden('report.json'), formatJson(report)));
  it('SARIF', () => expectGolden(golden('report.sarif'), formatSarif(report, checks)));
  it('JUnit', () => expectGolden(golden('report.junit.xml'), formatJunit(report)));
  it('human', () => expectGolden(golden('report.txt'), formatHuman(report)));
  it('Kyverno export', () => {
    const config = readinessConfigSchema.parse({ requiredAnnotations: ['example.com/cost-center'], cpuLimits: 'warning' });
    expectGolden(golden('kyverno.yaml'), exportKyvernoPolicies(activeChecks(config), { action: 'Enforce', config }));
  });
});

describe('JSON', () => {
  const json = JSON.parse(formatJson(report));
  it('has exactly the documented shape', () => {
    expect(Object.keys(json)).toEqual(['score', 'objects']);
    for (const object of json.objects) {
      expect(Object.keys(object)).toEqual(['apiVersion', 'kind', 'namespace', 'name', 'file', 'checks']);
      for (const check of object.checks) {
        expect(Object.keys(check)).toEqual(
          check.exempt ? ['id', 'area', 'severity', 'passed', 'message', 'exempt'] : ['id', 'area', 'severity', 'passed', 'message'],
        );
      }
    }
  });
  it('marks exempted checks as passed with exempt: true', () => {
    const cron = json.objects.find((o: { name: string }) => o.name === 'nightly-export');
    expect(cron.checks.find((c: { id: string }) => c.id === 'tagNotSpecified')).toEqual(
      expect.objectContaining({ passed: true, exempt: true }),
    );
  });
});

describe('SARIF', () => {
  const sarif = JSON.parse(formatSarif(report, checks));
  const run = sarif.runs[0];
  it('is version 2.1.0 with one rule per active check', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(checks.map((c) => c.check.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.help.text).toMatch(/Fix:\n/);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
  });
  it('has one result per failed check, at the first line of its object', () => {
    const failed = report.objects.flatMap((o) => o.checks.filter((c) => !c.passed));
    expect(run.results).toHaveLength(failed.length);
    const tag = run.results.find((r: { ruleId: string; message: { text: string } }) => r.ruleId === 'tagNotSpecified');
    expect(tag.level).toBe('error');
    expect(tag.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${fixtures}/legacy.yaml` },
      region: { startLine: 2 },
    });
  });
});

describe('JUnit', () => {
  const xml = formatJunit(report);
  it('has one testsuite per object and one testcase per check', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(report.objects.length);
    expect(xml.match(/<testcase /g)).toHaveLength(report.objects.reduce((n, o) => n + o.checks.length, 0));
    expect(xml.match(/<failure /g)).toHaveLength(report.totals.failedDangers + report.totals.failedWarnings);
  });
  it('escapes markup in messages', () => {
    expect(escapeXml(`a <b> & "c" 'd'\u0007`)).toBe('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;');
    expect(xml).not.toMatch(/message="[^"]*<[^"]*"/);
  });
});

describe('Kyverno export', () => {
  const config = readinessConfigSchema.parse({ requiredAnnotations: ['example.com/cost-center'] });
  const text = exportKyvernoPolicies(activeChecks(config), { action: 'Audit', config });
  const policies = parseAllDocuments(text).map((d) => d.toJS());

  it('prints one ClusterPolicy per exportable check as plain YAML (no anchors)', () => {
    expect(text).not.toMatch(/[&*]a\d/);
    expect(policies.length).toBeGreaterThanOrEqual(20);
    for (const policy of policies) {
      expect(policy).toMatchObject({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', spec: { validationFailureAction: 'Audit', background: true } });
      expect(policy.metadata.name).toMatch(/^runwell-[a-z0-9-]+$/);
      for (const rule of policy.spec.rules) expect(rule.name.length).toBeLessThanOrEqual(63);
    }
  });

  it('skips cross-object checks and disabled ones', () => {
    const ids = policies.map((p) => p.metadata.annotations['runwell.io/check']);
    expect(ids).not.toContain('missingPodDisruptionBudget');
    expect(ids).not.toContain('missingNetworkPolicy');
    expect(ids).not.toContain('cpuLimitsMissing'); // off by default
    expect(ids).toContain('requiredAnnotationsMissing');
  });

  it('matches CronJobs at their nested pod template and honours the exemption annotations', () => {
    const policy = policies.find((p) => p.metadata.annotations['runwell.io/check'] === 'runAsPrivileged');
    const cron = policy.spec.rules.find((r: { name: string }) => r.name.endsWith('-cronjob'));
    expect(Object.keys(cron.validate.pattern.spec.jobTemplate.spec.template.spec)).toContain('containers');
    expect(cron.exclude.any[0].resources.annotations).toEqual({ 'runwell.io/exempt': '*runAsPrivileged*' });
    const probes = policies.find((p) => p.metadata.annotations['runwell.io/check'] === 'livenessProbeMissing');
    expect(probes.spec.rules.map((r: { name: string }) => r.name)).toEqual(['liveness-probe-missing-pod', 'liveness-probe-missing-controllers']);
  });
});
