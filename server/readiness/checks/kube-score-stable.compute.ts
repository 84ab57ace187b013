import { type CheckDefinition, pass } from './check.compute';

// kube-score's "Stable version": an object written with an apiVersion that has a
// stable replacement at the target Kubernetes version (--kubernetes-version, or
// `kubernetesVersion` in the config; kube-score's default is 1.18). Runwell adds the
// version that removed the old API to the message, since that is when a deploy breaks.

interface Replacement {
  use: string;
  /** Minor version (1.x) from which the replacement exists. */
  since: number;
  /** Minor version that stopped serving the old apiVersion. */
  removedIn: number;
}

const TABLE: Record<string, Record<string, Replacement>> = {
  'extensions/v1beta1': {
    Deployment: { use: 'apps/v1', since: 9, removedIn: 16 },
    DaemonSet: { use: 'apps/v1', since: 9, removedIn: 16 },
    Ingress: { use: 'networking.k8s.io/v1', since: 19, removedIn: 22 },
    IngressClass: { use: 'networking.k8s.io/v1', since: 19, removedIn: 22 },
  },
  'apps/v1beta1': {
    Deployment: { use: 'apps/v1', since: 9, removedIn: 16 },
    StatefulSet: { use: 'apps/v1', since: 9, removedIn: 16 },
  },
  'apps/v1beta2': {
    Deployment: { use: 'apps/v1', since: 9, removedIn: 16 },
    StatefulSet: { use: 'apps/v1', since: 9, removedIn: 16 },
    DaemonSet: { use: 'apps/v1', since: 9, removedIn: 16 },
  },
  'batch/v1beta1': { CronJob: { use: 'batch/v1', since: 21, removedIn: 25 } },
  'policy/v1beta1': { PodDisruptionBudget: { use: 'policy/v1', since: 21, removedIn: 25 } },
  'networking.k8s.io/v1beta1': {
    Ingress: { use: 'networking.k8s.io/v1', since: 19, removedIn: 22 },
    IngressClass: { use: 'networking.k8s.io/v1', since: 19, removedIn: 22 },
  },
  'autoscaling/v2beta1': { HorizontalPodAutoscaler: { use: 'autoscaling/v2', since: 23, removedIn: 25 } },
  'autoscaling/v2beta2': { HorizontalPodAutoscaler: { use: 'autoscaling/v2', since: 23, removedIn: 26 } },
};

/** The kinds the table knows (the check applies to them only). */
const STABLE_VERSION_KINDS = [...new Set(Object.values(TABLE).flatMap((kinds) => Object.keys(kinds)))];

/** "1.29" -> 29; anything unreadable -> kube-score's default 18. */
export function minorOf(version: string): number {
  const match = /^v?1\.(\d+)/.exec(version.trim());
  return match ? Number.parseInt(match[1]!, 10) : 18;
}

export function deprecation(apiVersion: string, kind: string, targetMinor: number): string | null {
  const replacement = TABLE[apiVersion]?.[kind];
  // The replacement does not exist yet in the target version: nothing better to use.
  if (!replacement || targetMinor < replacement.since) return null;
  const removal = targetMinor >= replacement.removedIn ? `removed in 1.${replacement.removedIn}, so Kubernetes 1.${targetMinor} refuses it` : `removed in 1.${replacement.removedIn}`;
  return `The apiVersion and kind ${apiVersion}/${kind} is deprecated (${removal}): use ${replacement.use}, available since Kubernetes 1.${replacement.since}`;
}

export const stableVersionCheck: CheckDefinition = {
  id: 'kube-score/stable-version',
  area: 'reliability',
  severity: 'warning',
  kinds: STABLE_VERSION_KINDS,
  target: 'object',
  polaris: false,
  title: 'The object uses a stable apiVersion',
  passes: 'the apiVersion has no stable replacement available at the target Kubernetes version (`--kubernetes-version`, config `kubernetesVersion`, default 1.18 as kube-score): e.g. `extensions/v1beta1` Ingress, `batch/v1beta1` CronJob, `policy/v1beta1` PDB, `autoscaling/v2beta2` HPA fail',
  passMessage: 'Stable apiVersion',
  failMessage: 'The apiVersion is deprecated',
  fix: 'apiVersion: apps/v1   # networking.k8s.io/v1 for Ingress, batch/v1 for CronJob, policy/v1 for PDB, autoscaling/v2 for HPA\n',
  evaluate: (subject, ctx) => {
    const message = deprecation(subject.apiVersion, subject.kind, minorOf(ctx.config.kubernetesVersion));
    return message ? { passed: false, message } : pass();
  },
};
