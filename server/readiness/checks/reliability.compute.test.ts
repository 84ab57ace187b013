import { describe, expect, it } from 'vitest';
import {
  type CheckRow,
  expectCheck,
  goodWorkload,
  hpa,
  pdb,
  readySet,
  readySetWith,
} from '../fixtures/builders';
import type { PdbView } from '../object-views.compute';
import { disruptionsAllowed } from './reliability.compute';

const withoutPdb = () => readySet().filter((o) => o.kind !== 'PodDisruptionBudget');

const table: Record<string, CheckRow[]> = {
  deploymentMissingReplicas: [
    { label: '3 replicas', objects: readySet(), expected: true },
    { label: '1 replica', objects: readySetWith((d) => (d.spec.replicas = 1)), expected: false, message: /single replica/ },
    { label: 'replicas unset (defaults to 1)', objects: readySetWith((d) => delete d.spec.replicas), expected: false },
    { label: 'replicas as a string "2"', objects: readySetWith((d) => ((d.spec as Record<string, unknown>).replicas = '2')), expected: true },
    { label: 'replicas unset, HPA minReplicas 2', objects: readySetWith((d) => delete d.spec.replicas, [hpa(2, 5)]), expected: true, message: /HPA "checkout" keeps at least 2/ },
    { label: 'HPA minReplicas 1 wins over replicas 3', objects: [...readySet(), hpa(1, 5)], expected: false, message: /scaling down to 1/ },
    { label: 'StatefulSet with 1 replica', objects: [{ ...goodWorkload('StatefulSet'), spec: { ...(goodWorkload('StatefulSet').spec as object), replicas: 1 } }], kind: 'StatefulSet', name: 'checkout-statefulset', expected: false },
    { label: 'not for DaemonSets', objects: [goodWorkload('DaemonSet')], kind: 'DaemonSet', name: 'checkout-daemonset', expected: 'n/a' },
  ],
  missingPodDisruptionBudget: [
    { label: 'PDB selects the pods', objects: readySet(), expected: true, message: /"checkout"/ },
    { label: 'no PDB', objects: withoutPdb(), expected: false },
    { label: 'PDB selects other pods', objects: [...withoutPdb(), { ...pdb(), spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'other' } } } }], expected: false },
    { label: 'PDB in another namespace', objects: [...withoutPdb(), { ...pdb(), metadata: { name: 'x', namespace: 'other' } }], expected: false },
    { label: 'PDB with a matchExpressions selector', objects: [...withoutPdb(), { ...pdb(), spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['checkout', 'cart'] }] } } }], expected: true },
    { label: 'PDB with an empty selector selects every pod', objects: [...withoutPdb(), { ...pdb(), spec: { maxUnavailable: 1, selector: {} } }], expected: true },
    { label: 'PDB without selector selects nothing', objects: [...withoutPdb(), { ...pdb(), spec: { maxUnavailable: 1 } }], expected: false },
    { label: 'not for Jobs', objects: [goodWorkload('Job')], kind: 'Job', name: 'checkout-job', expected: 'n/a' },
  ],
  topologySpreadConstraint: [
    { label: 'zone spread constraint', objects: readySet(), expected: true, message: /topology.kubernetes.io\/zone/ },
    { label: 'nothing', objects: readySetWith((d) => delete d.spec.template.spec.topologySpreadConstraints), expected: false, message: /No topologySpreadConstraints/ },
    { label: 'empty list', objects: readySetWith((d) => (d.spec.template.spec.topologySpreadConstraints = [])), expected: false },
    { label: 'hostname spread only (Polaris accepts any key)', objects: readySetWith((d) => (d.spec.template.spec.topologySpreadConstraints = [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1 }])), expected: true },
    { label: 'zone anti-affinity is not a spread constraint', objects: readySetWith((d) => { delete d.spec.template.spec.topologySpreadConstraints; d.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone' }] } }; }), expected: false },
    { label: 'DaemonSets too (Polaris: every pod spec but Jobs)', objects: [goodWorkload('DaemonSet')], kind: 'DaemonSet', name: 'checkout-daemonset', expected: true },
    { label: 'bare Pod without one', objects: [{ ...goodWorkload('Pod'), spec: { containers: [{ name: 'c', image: 'c:1' }] } }], kind: 'Pod', name: 'checkout-pod', expected: false },
    { label: 'not for CronJobs', objects: [goodWorkload('CronJob')], kind: 'CronJob', name: 'checkout-cronjob', expected: 'n/a' },
    { label: 'not for Jobs', objects: [goodWorkload('Job')], kind: 'Job', name: 'checkout-job', expected: 'n/a' },
  ],
  zoneSpreadMissing: [
    { label: 'zone spread constraint', objects: readySet(), expected: true },
    { label: 'nothing', objects: readySetWith((d) => { delete d.spec.template.spec.topologySpreadConstraints; delete d.spec.template.spec.affinity; }), expected: false, message: /not spread across zones/ },
    { label: 'hostname spread only', objects: readySetWith((d) => (d.spec.template.spec.topologySpreadConstraints = [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1 }])), expected: false, message: /across nodes but not zones/ },
    {
      label: 'preferred zone anti-affinity',
      objects: readySetWith((d) => {
        delete d.spec.template.spec.topologySpreadConstraints;
        d.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone' } }] } };
      }),
      expected: true,
      message: /anti-affinity/,
    },
    {
      label: 'required zone anti-affinity (legacy key)',
      objects: readySetWith((d) => {
        delete d.spec.template.spec.topologySpreadConstraints;
        d.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'failure-domain.beta.kubernetes.io/zone' }] } };
      }),
      expected: true,
    },
    { label: 'not for DaemonSets', objects: [goodWorkload('DaemonSet')], kind: 'DaemonSet', name: 'checkout-daemonset', expected: 'n/a' },
  ],
  livenessProbeMissing: [
    { label: 'probe set', objects: readySet(), expected: true },
    { label: 'probe missing', objects: readySetWith((d) => delete d.spec.template.spec.containers[0]!.livenessProbe), expected: false, message: /container "app"/ },
    {
      label: 'second container missing one',
      objects: readySetWith((d) => d.spec.template.spec.containers.push({ name: 'sidecar', image: 'envoy:1.30' })),
      expected: false,
      message: /"sidecar"/,
    },
    { label: 'init containers need none', objects: readySetWith((d) => (d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'migrate:1' }])), expected: true },
    { label: 'not for Jobs', objects: [goodWorkload('Job')], kind: 'Job', name: 'checkout-job', expected: 'n/a' },
    { label: 'not for CronJobs', objects: [goodWorkload('CronJob')], kind: 'CronJob', name: 'checkout-cronjob', expected: 'n/a' },
    { label: 'bare Pods', objects: [goodWorkload('Pod')], kind: 'Pod', name: 'checkout-pod', expected: true },
  ],
  readinessProbeMissing: [
    { label: 'probe set', objects: readySet(), expected: true },
    { label: 'probe missing', objects: readySetWith((d) => delete d.spec.template.spec.containers[0]!.readinessProbe), expected: false, message: /Readiness probe missing/ },
    { label: 'DaemonSet with probe', objects: [goodWorkload('DaemonSet')], kind: 'DaemonSet', name: 'checkout-daemonset', expected: true },
    { label: 'not for CronJobs', objects: [goodWorkload('CronJob')], kind: 'CronJob', name: 'checkout-cronjob', expected: 'n/a' },
  ],
  hpaBoundsConflict: [
    { label: 'no HPA: not applicable', objects: readySet(), expected: 'n/a' },
    { label: '3..10 with maxUnavailable 1', objects: [...readySet(), hpa(3, 10)], expected: true },
    { label: 'maxReplicas below minReplicas', objects: [...readySet(), hpa(5, 3)], expected: false, message: /maxReplicas 3 below minReplicas 5/ },
    { label: 'no maxReplicas', objects: [...readySet(), hpa(3, undefined)], expected: false, message: /no maxReplicas/ },
    { label: 'PDB minAvailable 2 at minReplicas 2', objects: [...withoutPdb(), pdb({ minAvailable: 2 }), hpa(2, 10)], expected: false, message: /At minReplicas 2/ },
    { label: 'PDB minAvailable 2 at minReplicas 3', objects: [...withoutPdb(), pdb({ minAvailable: 2 }), hpa(3, 10)], expected: true },
  ],
  priorityClassNotSet: [
    { label: 'set', objects: readySet(), expected: true },
    { label: 'missing', objects: readySetWith((d) => delete d.spec.template.spec.priorityClassName), expected: false },
    { label: 'blank', objects: readySetWith((d) => (d.spec.template.spec.priorityClassName = ' ')), expected: false },
    { label: 'CronJobs too', objects: [goodWorkload('CronJob')], kind: 'CronJob', name: 'checkout-cronjob', expected: true },
  ],
  pullPolicyNotAlways: [
    { label: 'Always', objects: readySet(), expected: true },
    { label: 'IfNotPresent', objects: readySetWith((d) => (d.spec.template.spec.containers[0]!.imagePullPolicy = 'IfNotPresent')), expected: false },
    { label: 'init container without policy', objects: readySetWith((d) => (d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'm:1' }])), expected: false, message: /"migrate"/ },
  ],
  metadataAndInstanceMismatched: [
    { label: 'instance label equals the name', objects: readySet(), expected: true },
    { label: 'label missing', objects: readySetWith((d) => delete d.metadata.labels['app.kubernetes.io/instance']), expected: false, message: /missing/ },
    { label: 'label names the Helm release, not the object', objects: readySetWith((d) => (d.metadata.labels['app.kubernetes.io/instance'] = 'shop')), expected: false, message: /"shop", not the name "checkout"/ },
    { label: 'only on the pod template does not count', objects: readySetWith((d) => { delete d.metadata.labels['app.kubernetes.io/instance']; d.spec.template.metadata.labels['app.kubernetes.io/instance'] = 'checkout'; }), expected: false },
    { label: 'CronJob with a matching label', objects: [goodWorkload('CronJob')].map((o) => ({ ...o, metadata: { ...o.metadata, labels: { 'app.kubernetes.io/instance': 'checkout-cronjob' } } })), kind: 'CronJob', name: 'checkout-cronjob', expected: true },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('disruptionsAllowed', () => {
  const view = (spec: Partial<PdbView>): PdbView => ({ name: 'p', minAvailable: undefined, maxUnavailable: undefined, ...spec });
  it.each([
    { pdb: view({ maxUnavailable: 1 }), replicas: 3, allowed: 1 },
    { pdb: view({ maxUnavailable: 0 }), replicas: 3, allowed: 0 },
    { pdb: view({ maxUnavailable: '25%' }), replicas: 3, allowed: 1 },
    { pdb: view({ maxUnavailable: '50%' }), replicas: 5, allowed: 3 },
    { pdb: view({ minAvailable: 2 }), replicas: 3, allowed: 1 },
    { pdb: view({ minAvailable: '50%' }), replicas: 3, allowed: 1 },
    { pdb: view({ minAvailable: '100%' }), replicas: 3, allowed: 0 },
    { pdb: view({ minAvailable: 5 }), replicas: 3, allowed: -2 },
    { pdb: view({}), replicas: 3, allowed: Infinity },
    { pdb: view({ minAvailable: 'lots' }), replicas: 3, allowed: Infinity },
  ])('$pdb.minAvailable/$pdb.maxUnavailable at $replicas replicas -> $allowed', ({ pdb: p, replicas, allowed }) => {
    expect(disruptionsAllowed(p, replicas)).toBe(allowed);
  });
});
