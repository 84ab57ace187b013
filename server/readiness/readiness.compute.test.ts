import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from './checks/registry.compute';
import {
  APP,
  checkOf,
  config,
  evaluate,
  goodWorkload,
  NOW,
  NS,
  readySet,
  readySetWith,
  reportOf,
} from './fixtures/builders';
import { activeChecks, failuresAtOrAbove } from './readiness.compute';
import { CHECK_IDS, type KubeObject } from './readiness.schema';
import { polarisScore } from './score.compute';

const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('check registry', () => {
  it('defines every id of CHECK_IDS once, in that order, with a fix and at least one kind', () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const check of CHECKS) {
      expect(check.fix.length, check.id).toBeGreaterThan(0);
      expect(check.kinds.length, check.id).toBeGreaterThan(0);
      // camelCase (Polaris, Runwell), or kube-score's own kebab-case names under kube-score/.
      expect(check.id, 'camelCase or kube-score/ ids').toMatch(/^([a-z][A-Za-z]+|kube-score\/[a-z]+(-[a-z]+)*)$/);
    }
  });

  it('is documented: every id has a row in docs/readiness.md', () => {
    const doc = readFileSync(new URL('../../docs/readiness.md', import.meta.url), 'utf8');
    for (const id of CHECK_IDS) expect(doc, id).toMatch(new RegExp(`^\\| \`${id}\``, 'm'));
  });

  it('covers all six areas', () => {
    expect(new Set(CHECKS.map((c) => c.area))).toEqual(
      new Set(['reliability', 'observability', 'security', 'resources', 'gitops', 'operations']),
    );
  });
});

describe('a production-ready service', () => {
  it('passes every check that applies to it', () => {
    const report = evaluate(readySet());
    const failed = report.objects.flatMap((o) => o.checks.filter((c) => !c.passed).map((c) => `${o.name}: ${c.id} ${c.message}`));
    expect(failed).toEqual([]);
    expect(report.score).toBe(100);
  });

  it('reports the Deployment, the PDB (judged on its own), the Service (kube-score/service-targets-pod), the PrometheusRule and the SLO, not the NetworkPolicy', () => {
    expect(evaluate(readySet()).objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Deployment/checkout',
      'PodDisruptionBudget/checkout',
      'Service/checkout',
      'PrometheusRule/checkout-alerts',
      'PrometheusServiceLevel/checkout-slo',
    ]);
  });
});

describe('objects owned by a controller', () => {
  it('are evaluated through their owner only (pods of the live inventory, ReplicaSets of Deployments)', () => {
    const owned = (kind: string): KubeObject => ({
      ...goodWorkload(kind as 'Pod'),
      metadata: { name: `${APP}-abc`, namespace: NS, ownerReferences: [{ kind: 'ReplicaSet', name: 'x', controller: true }] },
    });
    const report = evaluate([...readySet(), owned('Pod'), owned('ReplicaSet')]);
    expect(report.objects.filter((o) => o.kind === 'Pod' || o.kind === 'ReplicaSet')).toEqual([]);
  });
});

describe('exemptions', () => {
  const broken = () =>
    readySetWith((d) => {
      delete d.spec.template.spec.priorityClassName;
      d.spec.template.spec.containers[0]!.image = 'nginx';
    });

  it.each([
    { label: 'runwell.io/exempt list', annotations: { 'runwell.io/exempt': 'priorityClassNotSet, tagNotSpecified' }, exempt: ['priorityClassNotSet', 'tagNotSpecified'] },
    { label: 'Polaris per-check annotation', annotations: { 'polaris.fairwinds.com/tagNotSpecified-exempt': 'true' }, exempt: ['tagNotSpecified'] },
    { label: 'Polaris annotation set to false', annotations: { 'polaris.fairwinds.com/tagNotSpecified-exempt': 'false' }, exempt: [] },
  ])('$label', ({ annotations, exempt }) => {
    const objects = broken();
    Object.assign((objects[0]!.metadata!.annotations ??= {}), annotations);
    const report = reportOf(objects)!;
    const exempted = report.checks.filter((c) => c.exempt).map((c) => c.id);
    expect(exempted.sort()).toEqual([...exempt].sort());
    for (const id of exempt) {
      expect(report.checks.find((c) => c.id === id)).toMatchObject({ passed: true, exempt: true });
    }
  });

  it('Polaris blanket exemption exempts every check', () => {
    const objects = broken();
    objects[0]!.metadata!.annotations!['polaris.fairwinds.com/exempt'] = 'true';
    expect(reportOf(objects)!.checks.every((c) => c.passed && c.exempt)).toBe(true);
  });

  it('annotations on the pod template count too', () => {
    const objects = readySetWith((d) => {
      delete d.spec.template.spec.priorityClassName;
      d.spec.template.metadata.annotations = { 'runwell.io/exempt': 'priorityClassNotSet' };
    });
    expect(checkOf(objects, 'priorityClassNotSet')).toMatchObject({ passed: true, exempt: true });
  });

  it.each([
    { label: 'in force', expiresAt: later(1000), exempt: true },
    { label: 'expired', expiresAt: later(-1000), exempt: false },
    { label: 'expiring exactly now', expiresAt: NOW, exempt: false },
  ])('time-bound exemption $label', ({ expiresAt, exempt }) => {
    const exemptions = [{ objectRef: { kind: 'Deployment', namespace: NS, name: APP }, checkId: 'tagNotSpecified', expiresAt }];
    const result = checkOf(broken(), 'tagNotSpecified', { exemptions });
    expect(result?.passed).toBe(exempt);
    expect(result?.exempt).toBe(exempt ? true : undefined);
  });

  it('a time-bound exemption for another object does not apply', () => {
    const exemptions = [{ objectRef: { kind: 'Deployment', namespace: 'other', name: APP }, checkId: 'tagNotSpecified', expiresAt: later(1000) }];
    expect(checkOf(broken(), 'tagNotSpecified', { exemptions })?.passed).toBe(false);
  });

  it('an exemption of a check that does not apply adds nothing', () => {
    const objects = readySet();
    objects[0]!.metadata!.annotations!['runwell.io/exempt'] = 'hpaMinAvailability';
    expect(checkOf(objects, 'hpaMinAvailability')).toBeUndefined();
  });
});

describe('polarisScore', () => {
  it.each([
    { s: 0, w: 0, d: 0, score: 100 },
    { s: 10, w: 0, d: 0, score: 100 },
    { s: 0, w: 3, d: 0, score: 0 },
    { s: 1, w: 2, d: 0, score: 50 },
    { s: 1, w: 0, d: 1, score: 50 },
    { s: 8, w: 2, d: 1, score: 80 },
    { s: 2, w: 1, d: 0, score: 80 },
    { s: 199, w: 1, d: 0, score: 99 }, // 99.75: floored, never rounded up to 100
  ])('S=$s W=$w D=$d -> $score', ({ s, w, d, score }) => {
    expect(polarisScore(s, w, d)).toBe(score);
  });
});

describe('aggregation', () => {
  const objects = [
    ...readySet(),
    { ...goodWorkload('CronJob'), metadata: { name: 'batch', namespace: 'jobs', labels: { team: 'data' } } },
  ];
  const report = evaluate(objects);

  it('counts per area, namespace and team, and the whole set', () => {
    const all = report.objects.flatMap((o) => o.checks);
    expect(report.totals.passed + report.totals.failedWarnings + report.totals.failedDangers).toBe(all.length);
    expect(Object.keys(report.byNamespace).sort()).toEqual(['jobs', 'payments']);
    expect(report.byTeam.data).toBeDefined();
    expect(report.byTeam.payments).toBeDefined();
    const areaTotal = Object.values(report.byArea).reduce((n, c) => n + c.passed + c.failedWarnings + c.failedDangers, 0);
    expect(areaTotal).toBe(all.length);
    expect(report.score).toBe(polarisScore(report.totals.passed, report.totals.failedWarnings, report.totals.failedDangers));
  });

  it('per-object scores use the same formula', () => {
    for (const object of report.objects) {
      const failedW = object.checks.filter((c) => !c.passed && c.severity === 'warning').length;
      const failedD = object.checks.filter((c) => !c.passed && c.severity === 'danger').length;
      expect(object.score).toBe(polarisScore(object.checks.filter((c) => c.passed).length, failedW, failedD));
    }
  });
});

describe('configuration', () => {
  const noPriority = () => readySetWith((d) => delete d.spec.template.spec.priorityClassName);

  it('severity overrides change the result and the gate', () => {
    const options = { config: config({ severity: { priorityClassNotSet: 'danger' } }) };
    expect(checkOf(noPriority(), 'priorityClassNotSet', options)?.severity).toBe('danger');
    expect(failuresAtOrAbove(evaluate(noPriority(), options), 'danger')).toBe(1);
    expect(failuresAtOrAbove(evaluate(noPriority()), 'danger')).toBe(0);
    expect(failuresAtOrAbove(evaluate(noPriority()), 'warning')).toBe(1);
  });

  it('disabled checks are neither reported nor scored', () => {
    const report = evaluate(noPriority(), { config: config({ disabled: ['priorityClassNotSet'] }) });
    expect(report.objects[0]!.checks.some((c) => c.id === 'priorityClassNotSet')).toBe(false);
    expect(report.score).toBe(100);
  });

  it.each([
    { cpuLimits: 'off', severity: undefined },
    { cpuLimits: 'warning', severity: 'warning' },
    { cpuLimits: 'danger', severity: 'danger' },
  ] as const)('cpuLimits $cpuLimits', ({ cpuLimits, severity }) => {
    const active = activeChecks(config({ cpuLimits })).find((c) => c.check.id === 'cpuLimitsMissing');
    expect(active?.severity).toBe(severity);
  });

  it('a severity override turns cpuLimitsMissing on whatever the policy', () => {
    const active = activeChecks(config({ severity: { cpuLimitsMissing: 'warning' } })).find((c) => c.check.id === 'cpuLimitsMissing');
    expect(active?.severity).toBe('warning');
  });
});

describe('robustness against malformed manifests', () => {
  it.each([
    { label: 'no spec', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } } },
    { label: 'containers not a list', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: 'nope' } } } } },
    { label: 'no metadata', object: { apiVersion: 'v1', kind: 'Pod', spec: { containers: [null, 3, { name: 'a' }] } } },
    { label: 'labels with numbers', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { version: 2, on: true } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
    { label: 'odd selector operator', object: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Gt' }] } } } },
  ])('$label does not throw', ({ object }) => {
    expect(() => evaluate([object as KubeObject, ...readySet()])).not.toThrow();
  });
});
