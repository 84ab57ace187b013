import { ZONE_TOPOLOGY_KEYS } from '../../lib/kube-conventions';
import type { Inventory } from '../inventory.compute';
import type { HpaView, PdbView } from '../object-views.compute';
import { LONG_RUNNING_KINDS, SCALABLE_KINDS, type Workload, WORKLOAD_KINDS } from '../workload.compute';
import { asArray, asRecord, asString } from '../../lib/kube';
import { type CheckDefinition, containerOutcome, fail, pass, quoteList } from './check.compute';

const INSTANCE_LABEL = 'app.kubernetes.io/instance';

export function hpaFor(workload: Workload, inventory: Inventory): HpaView | undefined {
  return inventory.hpas.get(`${workload.nsKey}/${workload.kind}/${workload.name}`);
}

export function pdbsFor(workload: Workload, inventory: Inventory): PdbView[] {
  return inventory.pdbs.match(workload.nsKey, workload.podLabels);
}

/**
 * Voluntary disruptions a PDB allows when `replicas` pods are healthy, as the
 * disruption controller computes it: percentages are of the replica count, rounded up
 * for both minAvailable and maxUnavailable. Infinity when the PDB sets neither (or an
 * unreadable value): nothing to object to.
 */
export function disruptionsAllowed(pdb: PdbView, replicas: number): number {
  const scaled = (value: number | string): number | null => {
    if (typeof value === 'number') return value;
    const match = /^(\d+)%$/.exec(value.trim());
    return match ? Math.ceil((Number(match[1]) * replicas) / 100) : null;
  };
  if (pdb.maxUnavailable !== undefined) return scaled(pdb.maxUnavailable) ?? Infinity;
  if (pdb.minAvailable !== undefined) {
    const min = scaled(pdb.minAvailable);
    return min === null ? Infinity : replicas - min;
  }
  return Infinity;
}

/** A PDB that blocks every drain whatever the replica count: maxUnavailable 0 or minAvailable 100%. */
export function alwaysBlocks(pdb: PdbView): boolean {
  return disruptionsAllowed(pdb, 1_000_000) <= 0;
}

export const reliabilityChecks: CheckDefinition[] = [
  {
    id: 'deploymentMissingReplicas',
    area: 'reliability',
    severity: 'warning',
    kinds: SCALABLE_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Runs at least 2 replicas',
    passes: '`spec.replicas` >= 2, or the HPA that scales it has `minReplicas` >= 2',
    passMessage: 'Runs at least 2 replicas',
    failMessage: 'Runs a single replica: one pod restart or node drain is an outage',
    fix: 'spec:\n  replicas: 2\n',
    evaluate(workload, { inventory }) {
      const hpa = hpaFor(workload, inventory);
      const replicas = hpa ? hpa.minReplicas : (workload.replicas ?? 1);
      if (replicas >= 2) return pass(hpa ? `HPA "${hpa.name}" keeps at least ${replicas} replicas` : undefined);
      return fail(
        hpa
          ? `HPA "${hpa.name}" allows scaling down to ${replicas} replica: one pod restart is an outage`
          : undefined,
      );
    },
  },
  {
    id: 'missingPodDisruptionBudget',
    area: 'reliability',
    severity: 'warning',
    kinds: SCALABLE_KINDS,
    target: 'workload',
    polaris: true,
    title: 'A PodDisruptionBudget selects the pods',
    passes: 'a PodDisruptionBudget in the namespace selects the pod template labels',
    passMessage: 'A PodDisruptionBudget protects the pods',
    failMessage: 'No PodDisruptionBudget selects the pods: a node drain may evict all of them at once',
    fix: [
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata:',
      '  name: my-app',
      'spec:',
      '  maxUnavailable: 1',
      '  selector:',
      '    matchLabels:',
      '      app.kubernetes.io/name: my-app',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      const pdbs = pdbsFor(workload, inventory);
      return pdbs.length > 0 ? pass(`PodDisruptionBudget ${quoteList(pdbs.map((p) => p.name))} protects the pods`) : fail();
    },
  },
  {
    id: 'topologySpreadConstraint',
    area: 'reliability',
    severity: 'warning',
    // Polaris: every pod spec but Jobs' and CronJobs'.
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: true,
    title: 'A topology spread constraint is set',
    passes: 'the pod spec has at least one `topologySpreadConstraints` entry, on any topology key (zones: see `zoneSpreadMissing`)',
    passMessage: 'A topology spread constraint is set',
    failMessage: 'No topologySpreadConstraints: the scheduler may pack every replica onto one node',
    fix: [
      'spec:',
      '  template:',
      '    spec:',
      '      topologySpreadConstraints:',
      '        - maxSkew: 1',
      '          topologyKey: kubernetes.io/hostname',
      '          whenUnsatisfiable: ScheduleAnyway',
      '          labelSelector:',
      '            matchLabels:',
      '              app.kubernetes.io/name: my-app',
      '',
    ].join('\n'),
    evaluate(workload) {
      const keys = asArray(workload.podSpec.topologySpreadConstraints).map((c) => asString(asRecord(c).topologyKey) ?? '?');
      return keys.length > 0 ? pass(`Topology spread constraint on ${quoteList(keys)}`) : fail();
    },
  },
  {
    id: 'zoneSpreadMissing',
    area: 'reliability',
    severity: 'warning',
    kinds: SCALABLE_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Pods spread across zones',
    passes: 'a `topologySpreadConstraints` entry or a pod anti-affinity term on `topology.kubernetes.io/zone`',
    passMessage: 'Pods spread across zones',
    failMessage: 'Pods are not spread across zones: one zone outage can take all replicas',
    fix: [
      'spec:',
      '  template:',
      '    spec:',
      '      topologySpreadConstraints:',
      '        - maxSkew: 1',
      '          topologyKey: topology.kubernetes.io/zone',
      '          whenUnsatisfiable: ScheduleAnyway',
      '          labelSelector:',
      '            matchLabels:',
      '              app.kubernetes.io/name: my-app',
      '',
    ].join('\n'),
    evaluate(workload) {
      const isZone = (key: unknown) => (ZONE_TOPOLOGY_KEYS as readonly unknown[]).includes(key);
      const spread = asArray(workload.podSpec.topologySpreadConstraints).map((c) => asRecord(c).topologyKey);
      if (spread.some(isZone)) return pass('Pods spread across zones (topologySpreadConstraints)');
      const antiAffinity = asRecord(asRecord(workload.podSpec.affinity).podAntiAffinity);
      const terms = [
        ...asArray(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution),
        ...asArray(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map(
          (t) => asRecord(t).podAffinityTerm,
        ),
      ].map((t) => asRecord(t).topologyKey);
      if (terms.some(isZone)) return pass('Pods spread across zones (pod anti-affinity)');
      if ([...spread, ...terms].includes('kubernetes.io/hostname')) {
        return fail('Pods spread across nodes but not zones: one zone outage can take all replicas');
      }
      return fail();
    },
  },
  {
    id: 'livenessProbeMissing',
    area: 'reliability',
    severity: 'warning',
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Containers have a liveness probe',
    passes: 'every container (not init containers; not Jobs/CronJobs) sets `livenessProbe`',
    passMessage: 'Every container has a liveness probe',
    failMessage: 'Liveness probe missing',
    fix: 'livenessProbe:\n  httpGet:\n    path: /healthz\n    port: http\n  periodSeconds: 10\n',
    evaluate: (workload) => containerOutcome(workload, false, (c) => !c.spec.livenessProbe, 'Liveness probe missing'),
  },
  {
    id: 'readinessProbeMissing',
    area: 'reliability',
    severity: 'warning',
    kinds: LONG_RUNNING_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Containers have a readiness probe',
    passes: 'every container (not init containers; not Jobs/CronJobs) sets `readinessProbe`',
    passMessage: 'Every container has a readiness probe',
    failMessage: 'Readiness probe missing',
    fix: 'readinessProbe:\n  httpGet:\n    path: /ready\n    port: http\n  periodSeconds: 5\n',
    evaluate: (workload) => containerOutcome(workload, false, (c) => !c.spec.readinessProbe, 'Readiness probe missing'),
  },
  {
    id: 'hpaBoundsConflict',
    area: 'reliability',
    severity: 'warning',
    kinds: SCALABLE_KINDS,
    target: 'workload',
    polaris: false,
    title: 'HPA bounds are sane and consistent with the PDB',
    passes: 'the HPA has `maxReplicas` >= `minReplicas`, and every PDB selecting the pods still allows a disruption at `minReplicas`',
    passMessage: 'HPA bounds are consistent with the PodDisruptionBudget',
    failMessage: 'HPA bounds conflict',
    fix: 'spec:\n  minReplicas: 3\n  maxReplicas: 10   # >= minReplicas\n# and a PDB with maxUnavailable: 1 (or minAvailable < minReplicas)\n',
    evaluate(workload, { inventory }) {
      const hpa = hpaFor(workload, inventory);
      if (!hpa) return null;
      if (hpa.maxReplicas === undefined) return fail(`HPA "${hpa.name}" sets no maxReplicas`);
      if (hpa.maxReplicas < hpa.minReplicas) {
        return fail(`HPA "${hpa.name}" has maxReplicas ${hpa.maxReplicas} below minReplicas ${hpa.minReplicas}`);
      }
      const blocking = pdbsFor(workload, inventory).filter((pdb) => disruptionsAllowed(pdb, hpa.minReplicas) <= 0);
      if (blocking.length > 0) {
        return fail(
          `At minReplicas ${hpa.minReplicas}, PodDisruptionBudget ${quoteList(blocking.map((p) => p.name))} allows no disruption: drains block when the HPA scales down`,
        );
      }
      return pass();
    },
  },
  {
    id: 'priorityClassNotSet',
    area: 'reliability',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'A priority class is set',
    passes: '`priorityClassName` is set on the pod spec',
    passMessage: 'A priority class is set',
    failMessage: 'No priorityClassName: the pods may be preempted first under pressure',
    fix: 'spec:\n  template:\n    spec:\n      priorityClassName: production-high\n',
    evaluate: (workload) => (asString(workload.podSpec.priorityClassName)?.trim() ? pass() : fail()),
  },
  {
    id: 'pullPolicyNotAlways',
    area: 'reliability',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'Image pull policy is Always',
    passes: 'every container (init containers included) sets `imagePullPolicy: Always`',
    passMessage: 'Every container pulls its image Always',
    failMessage: 'imagePullPolicy is not Always',
    fix: 'imagePullPolicy: Always\n',
    evaluate: (workload) =>
      containerOutcome(workload, true, (c) => c.spec.imagePullPolicy !== 'Always', 'imagePullPolicy is not Always'),
  },
  {
    id: 'metadataAndInstanceMismatched',
    area: 'reliability',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: 'The app.kubernetes.io/instance label matches the name',
    passes: 'the workload carries the label `app.kubernetes.io/instance` equal to its `metadata.name`',
    passMessage: 'Label app.kubernetes.io/instance matches metadata.name',
    failMessage: 'Label app.kubernetes.io/instance is missing',
    fix: 'metadata:\n  name: my-app\n  labels:\n    app.kubernetes.io/instance: my-app\n',
    evaluate(workload) {
      const instance = workload.labels[INSTANCE_LABEL];
      if (instance === undefined) return fail();
      return instance === workload.name
        ? pass()
        : fail(`Label app.kubernetes.io/instance is "${instance}", not the name "${workload.name}"`);
    },
  },
];
