import { type Container, WORKLOAD_KINDS } from '../workload.compute';
import { asRecord } from '../../lib/kube';
import { type CheckDefinition, containerOutcome } from './check.compute';

type Section = 'requests' | 'limits';
type Resource = 'cpu' | 'memory';

function resourceSet(container: Container, section: Section, resource: Resource): boolean {
  const value = asRecord(asRecord(container.spec.resources)[section])[resource];
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

// Regular containers only: the scheduler reserves max(largest init container, sum of
// containers), so an init container without requests does not under-reserve the pod.
function resourceCheck(
  id: 'cpuRequestsMissing' | 'memoryRequestsMissing' | 'memoryLimitsMissing' | 'cpuLimitsMissing',
  section: Section,
  resource: Resource,
  why: string,
): CheckDefinition {
  const field = `resources.${section}.${resource}`;
  const sample = resource === 'cpu' ? '250m' : '256Mi';
  return {
    id,
    area: 'resources',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: true,
    title: `Containers set ${field}`,
    passes: `every container (not init containers) sets \`${field}\``,
    passMessage: `Every container sets ${field}`,
    failMessage: `${field} missing (${why})`,
    fix: `resources:\n  ${section}:\n    ${resource}: ${sample}\n`,
    evaluate: (workload) =>
      containerOutcome(workload, false, (c) => !resourceSet(c, section, resource), `${field} missing (${why})`),
  };
}

export const resourceChecks: CheckDefinition[] = [
  resourceCheck('cpuRequestsMissing', 'requests', 'cpu', 'the scheduler cannot reserve CPU'),
  resourceCheck('memoryRequestsMissing', 'requests', 'memory', 'the scheduler cannot reserve memory'),
  resourceCheck('memoryLimitsMissing', 'limits', 'memory', 'a leak can exhaust the node'),
  // Severity comes from the config's cpuLimits policy (default off): see docs/readiness.md.
  resourceCheck('cpuLimitsMissing', 'limits', 'cpu', 'team policy requires CPU limits'),
];
