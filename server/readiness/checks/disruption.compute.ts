import { hpaView, pdbView } from '../object-views.compute';
import { isWorkload, SCALABLE_KINDS, type Subject, type Workload } from '../workload.compute';
import { asRecord } from '../../lib/kube';
import { type CheckDefinition, fail, type Outcome, pass, quoteList } from './check.compute';
import { alwaysBlocks, disruptionsAllowed, hpaFor, pdbsFor } from './reliability.compute';
import type { CheckContext } from './check.compute';

// PodDisruptionBudgets and HorizontalPodAutoscalers, judged twice: as objects in their
// own right (Polaris' targets: a PDB or HPA alone in a manifest set is still judged,
// with the result on it) and through the workload they protect or scale, so one
// workload's score also says everything about it.

const PDB_KINDS = [...SCALABLE_KINDS, 'PodDisruptionBudget'] as const;
const HPA_KINDS = [...SCALABLE_KINDS, 'HorizontalPodAutoscaler'] as const;

const specOf = (subject: Subject) => asRecord(subject.item.object.spec);

function pdbAlone(subject: Subject): Outcome {
  const pdb = pdbView(subject.name, specOf(subject));
  // Each field on its own, as Polaris does: a PDB setting both (the API server refuses
  // that, manifests do not) fails when either one blocks.
  const reasons = [
    ...(pdb.maxUnavailable !== undefined && alwaysBlocks({ ...pdb, minAvailable: undefined }) ? [`maxUnavailable is ${pdb.maxUnavailable}`] : []),
    ...(pdb.minAvailable !== undefined && alwaysBlocks({ ...pdb, maxUnavailable: undefined }) ? [`minAvailable is ${pdb.minAvailable}`] : []),
  ];
  if (reasons.length === 0) return pass();
  return fail(`${reasons.join(' and ')}: no voluntary eviction is possible, so node drains and cluster upgrades block`);
}

function pdbOfWorkload(workload: Workload, { inventory }: CheckContext): Outcome {
  const pdbs = pdbsFor(workload, inventory);
  if (pdbs.length === 0) return null;
  // With an HPA the replica count moves; hpaBoundsConflict checks the PDB at minReplicas.
  const hpa = hpaFor(workload, inventory);
  const replicas = workload.replicas ?? 1;
  const blocking = pdbs.filter((pdb) => (hpa ? alwaysBlocks(pdb) : disruptionsAllowed(pdb, replicas) <= 0));
  if (blocking.length === 0) return pass();
  return fail(
    `PodDisruptionBudget ${quoteList(blocking.map((p) => p.name))} allows no disruption` +
      (hpa ? '' : ` at ${replicas} ${replicas === 1 ? 'replica' : 'replicas'}`) +
      ': node drains and cluster upgrades block',
  );
}

function hpaMinOf(subject: Subject, ctx: CheckContext): Outcome {
  const onWorkload = isWorkload(subject);
  const hpa = onWorkload ? hpaFor(subject, ctx.inventory) : hpaView(subject.name, specOf(subject));
  if (!hpa) return null;
  const who = onWorkload ? `HPA "${hpa.name}"` : 'The HPA';
  return hpa.minReplicas >= 2
    ? pass(`${who} keeps at least ${hpa.minReplicas} replicas`)
    : fail(`${who} has minReplicas ${hpa.minReplicas}: it may scale down to a single replica`);
}

/**
 * Scaled minAvailable of a PDB at `replicas`, as the disruption controller computes it
 * (percentages rounded up); null when the PDB sets no minAvailable or an unreadable one.
 */
export function minAvailableAt(minAvailable: number | string | undefined, replicas: number): number | null {
  if (typeof minAvailable === 'number') return minAvailable;
  const match = typeof minAvailable === 'string' ? /^(\d+)%$/.exec(minAvailable.trim()) : null;
  return match ? Math.ceil((Number(match[1]) * replicas) / 100) : null;
}

export const disruptionChecks: CheckDefinition[] = [
  {
    id: 'pdbDisruptionsIsZero',
    area: 'reliability',
    severity: 'warning',
    kinds: PDB_KINDS,
    target: 'object',
    polaris: true,
    title: 'The PodDisruptionBudget allows at least one disruption',
    passes:
      'on a PDB: neither `maxUnavailable: 0` (or `0%`) nor `minAvailable: 100%`; on a Deployment/StatefulSet: every PDB selecting the pods allows a disruption, and (without an HPA) `minAvailable` < replicas',
    passMessage: 'The PodDisruptionBudget allows voluntary disruptions',
    failMessage: 'The PodDisruptionBudget allows no disruption: node drains and cluster upgrades block',
    fix: 'spec:\n  maxUnavailable: 1   # instead of maxUnavailable: 0 or minAvailable equal to the replica count\n',
    evaluate: (subject, ctx) => (isWorkload(subject) ? pdbOfWorkload(subject, ctx) : pdbAlone(subject)),
  },
  {
    id: 'hpaMinAvailability',
    area: 'reliability',
    severity: 'warning',
    kinds: HPA_KINDS,
    target: 'object',
    polaris: true,
    title: 'The HPA keeps at least 2 replicas',
    passes:
      'the HorizontalPodAutoscaler (on itself, and on the Deployment/StatefulSet it targets) has `minReplicas` >= 2; unset means 1, the API server default',
    passMessage: 'The HPA keeps at least 2 replicas',
    failMessage: 'The HPA may scale down to a single replica',
    fix: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  minReplicas: 2\n',
    evaluate: hpaMinOf,
  },
  {
    id: 'hpaMaxAvailability',
    area: 'reliability',
    severity: 'warning',
    kinds: ['HorizontalPodAutoscaler'],
    target: 'object',
    polaris: true,
    title: 'The HPA can scale out',
    passes: '`maxReplicas` is set, at least 1 and greater than `minReplicas` (unset: 1, the API server default)',
    passMessage: 'HPA has a valid max and min replica configuration',
    failMessage: 'HPA maxReplicas and minReplicas should be different',
    fix: 'spec:\n  minReplicas: 2\n  maxReplicas: 10\n',
    evaluate(subject) {
      const hpa = hpaView(subject.name, specOf(subject));
      if (hpa.maxReplicas === undefined) return fail('No maxReplicas: the HPA cannot be applied');
      if (hpa.maxReplicas < 1) return fail(`maxReplicas is ${hpa.maxReplicas}: it must be at least 1`);
      if (hpa.maxReplicas <= hpa.minReplicas) {
        return fail(`maxReplicas ${hpa.maxReplicas} is not above minReplicas ${hpa.minReplicas}: the HPA cannot scale out`);
      }
      return pass();
    },
  },
  {
    id: 'pdbMinAvailableGreaterThanHPAMinReplicas',
    area: 'reliability',
    severity: 'warning',
    kinds: SCALABLE_KINDS,
    target: 'workload',
    polaris: true,
    title: 'The PDB does not ask for more pods than the HPA keeps',
    passes:
      "every PDB selecting the pods has `minAvailable` (percentages of the HPA's `minReplicas`, rounded up) <= the `minReplicas` of the HPA scaling the workload (only when both exist)",
    passMessage: 'PDB and HPA are correctly configured',
    failMessage: 'PDB minAvailable is greater than HPA minReplicas',
    fix: 'spec:\n  minAvailable: 1   # at most the HPA minReplicas; or use maxUnavailable: 1\n',
    evaluate(workload, { inventory }) {
      const hpa = hpaFor(workload, inventory);
      const pdbs = pdbsFor(workload, inventory);
      if (!hpa || pdbs.length === 0) return null;
      const over = pdbs
        .map((pdb) => ({ name: pdb.name, min: minAvailableAt(pdb.minAvailable, hpa.minReplicas) }))
        .filter((p) => p.min !== null && p.min > hpa.minReplicas);
      if (over.length === 0) return pass();
      return fail(
        `PodDisruptionBudget ${over.map((p) => `"${p.name}" (minAvailable ${p.min})`).join(', ')} asks for more pods than HPA "${hpa.name}" keeps (minReplicas ${hpa.minReplicas})`,
      );
    },
  },
];
