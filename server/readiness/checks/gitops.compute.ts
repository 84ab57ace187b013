import { isGitOpsManaged } from '../inventory.compute';
import { WORKLOAD_KINDS } from '../workload.compute';
import { parseImage } from '../../lib/kube';
import { type CheckDefinition, fail, pass } from './check.compute';

/**
 * Whether `image` comes from one of `allowed`. An entry is a registry host
 * ("ghcr.io"), or a registry plus repository prefix ("ghcr.io/acme",
 * "docker.io/library"); `*` matches within one path component
 * ("*.dkr.ecr.eu-west-1.amazonaws.com"). Images without a registry are docker.io's.
 */
export function imageAllowed(image: string, allowed: readonly string[]): boolean {
  const ref = parseImage(image);
  const full = `${ref.registry}/${ref.repository}`;
  return allowed.some((entry) => entryPattern(entry).test(full));
}

const patternCache = new Map<string, RegExp>();

function entryPattern(entry: string): RegExp {
  let pattern = patternCache.get(entry);
  if (!pattern) {
    const body = entry
      .replace(/\/+$/, '')
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
    pattern = new RegExp(`^${body}(/|$)`);
    patternCache.set(entry, pattern);
  }
  return pattern;
}

export const gitOpsChecks: CheckDefinition[] = [
  {
    id: 'gitOpsManagerMissing',
    area: 'gitops',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Deployed by Argo CD or Flux',
    passes:
      'an `argocd.argoproj.io/instance` label or `argocd.argoproj.io/tracking-id` annotation, a Flux `kustomize.toolkit.fluxcd.io/name` / `helm.toolkit.fluxcd.io/name` label, `app.kubernetes.io/managed-by` naming Argo CD or Flux, or an Argo CD Application / Flux object deploying into the namespace',
    passMessage: 'Deployed through GitOps',
    failMessage: 'No sign that Argo CD or Flux deploys this workload: changes may bypass Git',
    fix: [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: my-app',
      '  namespace: argocd',
      'spec:',
      '  project: default',
      '  source:',
      '    repoURL: https://github.com/org/deploy.git',
      '    path: apps/my-app',
      '  destination:',
      '    server: https://kubernetes.default.svc',
      '    namespace: my-namespace',
      '',
    ].join('\n'),
    evaluate(workload, { inventory }) {
      if (isGitOpsManaged(workload.labels, workload.annotations)) return pass();
      if (workload.namespace !== null && inventory.gitOpsNamespaces.has(workload.namespace)) {
        return pass(`A GitOps application deploys into namespace "${workload.namespace}"`);
      }
      return fail();
    },
  },
  {
    id: 'imageRegistryNotAllowed',
    area: 'gitops',
    severity: 'danger',
    kinds: WORKLOAD_KINDS,
    target: 'workload',
    polaris: false,
    title: 'Images come from allowed registries',
    passes: 'every image (init included) comes from a registry in `allowedRegistries` (only evaluated when the list is set)',
    passMessage: 'Every image comes from an allowed registry',
    failMessage: 'Image from a registry that is not allowed',
    fix: 'image: registry.example.com/team/my-app:1.4.2   # mirror the image into an allowed registry\n',
    evaluate(workload, { config }) {
      if (config.allowedRegistries.length === 0) return null;
      const bad = workload.containers.filter((c) => !imageAllowed(c.image, config.allowedRegistries));
      if (bad.length === 0) return pass();
      return fail(
        `Image from a registry that is not allowed: ${bad.map((c) => `"${c.name}" (${c.image || 'no image'})`).join(', ')}`,
      );
    },
  },
];
