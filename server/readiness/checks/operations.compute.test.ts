import { describe, it } from 'vitest';
import { type CheckRow, config, expectCheck, NS, readySet, readySetWith } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';

const namespace = (labels: Record<string, string>, annotations: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: NS, labels, annotations },
});

const table: Record<string, CheckRow[]> = {
  ownerTeamMissing: [
    { label: 'annotation on the workload', objects: readySet(), expected: true, message: /runwell.io\/team: payments/ },
    { label: 'missing', objects: readySetWith((d) => delete d.metadata.annotations['runwell.io/team']), expected: false },
    { label: 'team label', objects: readySetWith((d) => { delete d.metadata.annotations['runwell.io/team']; d.metadata.labels.team = 'payments'; }), expected: true },
    { label: 'from the Namespace', objects: readySetWith((d) => delete d.metadata.annotations['runwell.io/team'], [namespace({ 'runwell.io/team': 'payments' })]), expected: true, message: /from the namespace/ },
  ],
  runbookLinkMissing: [
    { label: 'runwell.io/runbook', objects: readySet(), expected: true },
    { label: 'missing', objects: readySetWith((d) => delete d.metadata.annotations['runwell.io/runbook']), expected: false },
    { label: 'a8r.io/runbook on the pod template', objects: readySetWith((d) => { delete d.metadata.annotations['runwell.io/runbook']; d.spec.template.metadata.annotations = { 'a8r.io/runbook': 'https://x' }; }), expected: true, message: /pod template/ },
  ],
  onCallMissing: [
    { label: 'runwell.io/oncall', objects: readySet(), expected: true },
    { label: 'missing', objects: readySetWith((d) => delete d.metadata.annotations['runwell.io/oncall']), expected: false },
    { label: 'PagerDuty escalation policy', objects: readySetWith((d) => { delete d.metadata.annotations['runwell.io/oncall']; d.metadata.annotations['pagerduty.com/escalation-policy-id'] = 'P123'; }), expected: true },
  ],
  tierMissing: [
    { label: 'tier1', objects: readySet(), expected: true },
    { label: 'missing', objects: readySetWith((d) => delete d.metadata.labels['runwell.io/tier']), expected: false },
    { label: 'unknown value', objects: readySetWith((d) => (d.metadata.labels['runwell.io/tier'] = 'gold')), expected: false, message: /"gold"/ },
  ],
  requiredAnnotationsMissing: [
    { label: 'nothing required: not applicable', objects: readySet(), expected: 'n/a' },
    { label: 'present', objects: readySetWith((d) => (d.metadata.annotations['example.com/cost-center'] = '42')), options: { config: config({ requiredAnnotations: ['example.com/cost-center'] }) }, expected: true },
    { label: 'missing', objects: readySet(), options: { config: config({ requiredAnnotations: ['example.com/cost-center'] }) }, expected: false, message: /"example.com\/cost-center"/ },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});
