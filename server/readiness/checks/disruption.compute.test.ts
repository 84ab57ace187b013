import { describe, expect, it } from 'vitest';
import { type CheckRow, expectCheck, goodWorkload, hpa, pdb, readySet, readySetWith } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';
import { minAvailableAt } from './disruption.compute';

const withoutPdb = () => readySet().filter((o) => o.kind !== 'PodDisruptionBudget');
/** The PDB (or HPA) alone in the manifest set: judged on its own, result on it. */
const alone = (object: KubeObject, kind: string): Pick<CheckRow, 'objects' | 'kind' | 'name'> => ({ objects: [object], kind, name: 'checkout' });
const onPdb = (spec: Record<string, unknown>) => alone(pdb(spec), 'PodDisruptionBudget');
const onHpa = (min: number | undefined, max: number | undefined) => alone(hpa(min, max), 'HorizontalPodAutoscaler');

const table: Record<string, CheckRow[]> = {
  pdbDisruptionsIsZero: [
    // On the PDB itself (Polaris' target).
    { label: 'PDB alone, maxUnavailable 1', ...onPdb({ maxUnavailable: 1 }), expected: true },
    { label: 'PDB alone, maxUnavailable 0', ...onPdb({ maxUnavailable: 0 }), expected: false, message: /maxUnavailable is 0/ },
    { label: 'PDB alone, maxUnavailable "0%"', ...onPdb({ maxUnavailable: '0%' }), expected: false },
    { label: 'PDB alone, maxUnavailable "0" as a string', ...onPdb({ maxUnavailable: '0' }), expected: false },
    { label: 'PDB alone, minAvailable "100%"', ...onPdb({ minAvailable: '100%' }), expected: false, message: /minAvailable is 100%/ },
    { label: 'PDB alone, minAvailable 3 (the replica count is unknown)', ...onPdb({ minAvailable: 3 }), expected: true },
    { label: 'PDB alone, minAvailable "99%"', ...onPdb({ minAvailable: '99%' }), expected: true },
    { label: 'PDB alone, neither field', ...onPdb({}), expected: true },
    { label: 'PDB alone, both fields, minAvailable 100% blocks', ...onPdb({ minAvailable: '100%', maxUnavailable: 5 }), expected: false, message: /^minAvailable is 100%/ },
    { label: 'PDB alone, both fields, neither blocks', ...onPdb({ minAvailable: 5, maxUnavailable: '10%' }), expected: true },
    { label: 'PDB written with apiVersion v1 (judged by kind, as Polaris does)', ...alone({ ...pdb({ maxUnavailable: 0 }), apiVersion: 'v1' }, 'PodDisruptionBudget'), expected: false },
    { label: 'PDB next to its Deployment is judged too', objects: [...withoutPdb(), pdb({ maxUnavailable: 0 })], kind: 'PodDisruptionBudget', name: 'checkout', expected: false },
    // Through the workload it protects (Runwell's cross-object view).
    { label: 'maxUnavailable 1', objects: readySet(), expected: true },
    { label: 'maxUnavailable 0', objects: [...withoutPdb(), pdb({ maxUnavailable: 0 })], expected: false, message: /allows no disruption/ },
    { label: 'maxUnavailable "0%"', objects: [...withoutPdb(), pdb({ maxUnavailable: '0%' })], expected: false },
    { label: 'maxUnavailable "10%" of 3 rounds up to 1', objects: [...withoutPdb(), pdb({ maxUnavailable: '10%' })], expected: true },
    { label: 'minAvailable "100%"', objects: [...withoutPdb(), pdb({ minAvailable: '100%' })], expected: false },
    { label: 'minAvailable equal to replicas', objects: [...withoutPdb(), pdb({ minAvailable: 3 })], expected: false, message: /at 3 replicas/ },
    { label: 'minAvailable below replicas', objects: [...withoutPdb(), pdb({ minAvailable: 2 })], expected: true },
    { label: 'minAvailable "50%" of 1 replica', objects: readySetWith((d) => (d.spec.replicas = 1)).map((o) => (o.kind === 'PodDisruptionBudget' ? pdb({ minAvailable: '50%' }) : o)), expected: false },
    { label: 'replicas unset: the API server default of 1', objects: [...readySetWith((d) => delete d.spec.replicas).filter((o) => o.kind !== 'PodDisruptionBudget'), pdb({ minAvailable: 1 })], expected: false, message: /at 1 replica/ },
    { label: 'with an HPA, minAvailable is left to hpaBoundsConflict', objects: [...withoutPdb(), pdb({ minAvailable: 3 }), hpa(4, 10)], expected: true },
    { label: 'with an HPA, maxUnavailable 0 still blocks', objects: [...withoutPdb(), pdb({ maxUnavailable: 0 }), hpa(4, 10)], expected: false },
    { label: 'no PDB: not applicable on the Deployment', objects: withoutPdb(), expected: 'n/a' },
  ],
  hpaMinAvailability: [
    { label: 'HPA alone, minReplicas 2', ...onHpa(2, 5), expected: true },
    { label: 'HPA alone, minReplicas 1', ...onHpa(1, 5), expected: false, message: /The HPA has minReplicas 1/ },
    { label: 'HPA alone, minReplicas unset (the API server defaults it to 1)', ...onHpa(undefined, 5), expected: false },
    { label: 'HPA whose target is not in the set', objects: [...readySet(), hpa(1, 5, 'other')], kind: 'HorizontalPodAutoscaler', name: 'checkout', expected: false },
    { label: 'on the Deployment: no HPA, not applicable', objects: readySet(), expected: 'n/a' },
    { label: 'on the Deployment: minReplicas 2', objects: [...readySet(), hpa(2, 5)], expected: true, message: /HPA "checkout" keeps at least 2/ },
    { label: 'on the Deployment: minReplicas 1', objects: [...readySet(), hpa(1, 5)], expected: false, message: /minReplicas 1/ },
    { label: 'on the Deployment: HPA for another Deployment', objects: [...readySet(), hpa(1, 5, 'other')], expected: 'n/a' },
  ],
  hpaMaxAvailability: [
    { label: '5..10', ...onHpa(5, 10), expected: true },
    { label: 'min equals max', ...onHpa(5, 5), expected: false, message: /maxReplicas 5 is not above minReplicas 5/ },
    { label: 'max below min', ...onHpa(5, 3), expected: false },
    { label: 'no maxReplicas', ...onHpa(2, undefined), expected: false, message: /No maxReplicas/ },
    { label: 'maxReplicas 0', ...onHpa(undefined, 0), expected: false, message: /at least 1/ },
    { label: 'minReplicas unset (1), max 10', ...onHpa(undefined, 10), expected: true },
    { label: 'minReplicas unset (1), max 1: cannot scale out', ...onHpa(undefined, 1), expected: false },
    { label: 'not reported on the Deployment', objects: [...readySet(), hpa(5, 5)], expected: 'n/a' },
  ],
  pdbMinAvailableGreaterThanHPAMinReplicas: [
    { label: 'no HPA: not applicable', objects: readySet(), expected: 'n/a' },
    { label: 'HPA but no PDB: not applicable', objects: [...withoutPdb(), hpa(2, 10)], expected: 'n/a' },
    { label: 'PDB with maxUnavailable', objects: [...readySet(), hpa(2, 10)], expected: true },
    { label: 'minAvailable below minReplicas', objects: [...withoutPdb(), pdb({ minAvailable: 1 }), hpa(2, 10)], expected: true },
    { label: 'minAvailable equal to minReplicas (Polaris: only greater fails)', objects: [...withoutPdb(), pdb({ minAvailable: 2 }), hpa(2, 10)], expected: true },
    { label: 'minAvailable above minReplicas', objects: [...withoutPdb(), pdb({ minAvailable: 3 }), hpa(2, 10)], expected: false, message: /"checkout" \(minAvailable 3\).*minReplicas 2/ },
    { label: 'minAvailable "100%" of minReplicas 2 is 2', objects: [...withoutPdb(), pdb({ minAvailable: '100%' }), hpa(2, 10)], expected: true },
    { label: 'minAvailable "60%" of 3 rounds up to 2', objects: [...withoutPdb(), pdb({ minAvailable: '60%' }), hpa(3, 10)], expected: true },
    { label: 'minAvailable 2 over minReplicas unset (1)', objects: [...withoutPdb(), pdb({ minAvailable: 2 }), hpa(undefined, 10)], expected: false },
    { label: 'HPA targets another Deployment', objects: [...withoutPdb(), pdb({ minAvailable: 3 }), hpa(2, 10, 'other')], expected: 'n/a' },
    { label: 'PDB selects other pods', objects: [...withoutPdb(), { ...pdb({ minAvailable: 3 }), spec: { minAvailable: 3, selector: { matchLabels: { app: 'x' } } } }, hpa(2, 10)], expected: 'n/a' },
    {
      label: 'StatefulSet too',
      objects: [goodWorkload('StatefulSet'), pdb({ minAvailable: 3 }), { ...hpa(2, 10), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'checkout-statefulset' }, minReplicas: 2, maxReplicas: 10 } }],
      kind: 'StatefulSet',
      name: 'checkout-statefulset',
      expected: false,
    },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('minAvailableAt', () => {
  it.each([
    { value: 2, replicas: 5, expected: 2 },
    { value: '50%', replicas: 3, expected: 2 },
    { value: '100%', replicas: 4, expected: 4 },
    { value: ' 10% ', replicas: 1, expected: 1 },
    { value: undefined, replicas: 3, expected: null },
    { value: 'lots', replicas: 3, expected: null },
  ])('$value at $replicas -> $expected', ({ value, replicas, expected }) => {
    expect(minAvailableAt(value, replicas)).toBe(expected);
  });
});
