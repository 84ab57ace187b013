import { ONCALL_KEYS, RUNBOOK_KEYS, TEAM_KEYS, TIER_KEY, TIERS } from '../../lib/kube-conventions';
import { lookupMeta, type MetaHit } from '../inventory.compute';
import { WORKLOAD_KINDS } from '../workload.compute';
import { type CheckDefinition, fail, pass, quoteList } from './check.compute';

function found(hit: MetaHit): string {
  return hit.from === 'object' ? `${hit.key}: ${hit.value}` : `${hit.key}: ${hit.value} (from the ${hit.from})`;
}

function metadataCheck(
  id: 'ownerTeamMissing' | 'runbookLinkMissing' | 'onCallMissing',
  keys: readonly string[],
  what: string,
  failMessage: string,
  sample: string,
): CheckDefinition {
  return {
    id,
    area: 'operations',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: false,
    title: `${what} is declared`,
    passes: `a label or annotation ${keys.map((k) => `\`${k}\``).join(', ')} on the workload, its pod template or its Namespace`,
    passMessage: `${what} is declared`,
    failMessage,
    fix: `metadata:\n  annotations:\n    ${keys[0]}: ${sample}\n`,
    evaluate(workload, { inventory }) {
      const hit = lookupMeta(workload, keys, inventory);
      return hit ? pass(`${what}: ${found(hit)}`) : fail();
    },
  };
}

export const operationsChecks: CheckDefinition[] = [
  metadataCheck('ownerTeamMissing', TEAM_KEYS, 'Owning team', 'No owning team: nobody is accountable when it breaks', 'payments'),
  metadataCheck(
    'runbookLinkMissing',
    RUNBOOK_KEYS,
    'Runbook',
    'No runbook link: the on-call engineer starts from nothing',
    'https://github.com/org/my-app/blob/main/runbooks/README.md',
  ),
  metadataCheck(
    'onCallMissing',
    ONCALL_KEYS,
    'On-call',
    'No on-call or escalation annotation: nobody gets paged for it',
    'payments-primary',
  ),
  {
    id: 'tierMissing',
    area: 'operations',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: false,
    title: 'A service tier is set',
    passes: `\`${TIER_KEY}\` label or annotation (workload, pod template or Namespace) is one of ${TIERS.join(', ')}`,
    passMessage: 'A service tier is set',
    failMessage: `No ${TIER_KEY}: change approval and incident priority cannot be derived`,
    fix: `metadata:\n  labels:\n    ${TIER_KEY}: tier1\n`,
    evaluate(workload, { inventory }) {
      const hit = lookupMeta(workload, [TIER_KEY], inventory);
      if (!hit) return fail();
      if (!(TIERS as readonly string[]).includes(hit.value)) {
        return fail(`${TIER_KEY} is "${hit.value}"; use one of ${TIERS.join(', ')}`);
      }
      return pass(`Tier: ${hit.value}`);
    },
  },
  {
    id: 'requiredAnnotationsMissing',
    area: 'operations',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Team-required annotations are present',
    passes: 'every key in the config\'s `requiredAnnotations` is an annotation or label of the workload or its pod template (only evaluated when the list is set)',
    passMessage: 'All required annotations are present',
    failMessage: 'Required annotations missing',
    fix: 'metadata:\n  annotations:\n    example.com/cost-center: "4711"\n',
    evaluate(workload, { config }) {
      if (config.requiredAnnotations.length === 0) return null;
      const has = (key: string) =>
        [workload.annotations, workload.labels, workload.podAnnotations, workload.podLabels].some((m) => m[key]?.trim());
      const missing = config.requiredAnnotations.filter((key) => !has(key));
      return missing.length === 0 ? pass() : fail(`Required annotations missing: ${quoteList(missing)}`);
    },
  },
];
