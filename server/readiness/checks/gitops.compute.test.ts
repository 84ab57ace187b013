import { describe, expect, it } from 'vitest';
import { type CheckRow, config, expectCheck, NS, readySet, readySetWith } from '../fixtures/builders';
import { imageAllowed } from './gitops.compute';

const table: Record<string, CheckRow[]> = {
  gitOpsManagerMissing: [
    { label: 'Argo CD instance label', objects: readySet(), expected: true },
    { label: 'nothing', objects: readySetWith((d) => delete d.metadata.labels['argocd.argoproj.io/instance']), expected: false },
    { label: 'Argo CD tracking annotation', objects: readySetWith((d) => { delete d.metadata.labels['argocd.argoproj.io/instance']; d.metadata.annotations['argocd.argoproj.io/tracking-id'] = 'checkout:apps/Deployment:payments/checkout'; }), expected: true },
    { label: 'Flux kustomize label', objects: readySetWith((d) => { delete d.metadata.labels['argocd.argoproj.io/instance']; d.metadata.labels['kustomize.toolkit.fluxcd.io/name'] = 'apps'; }), expected: true },
    { label: 'managed-by Helm is not GitOps', objects: readySetWith((d) => { delete d.metadata.labels['argocd.argoproj.io/instance']; d.metadata.labels['app.kubernetes.io/managed-by'] = 'Helm'; }), expected: false },
    { label: 'managed-by argocd', objects: readySetWith((d) => { delete d.metadata.labels['argocd.argoproj.io/instance']; d.metadata.labels['app.kubernetes.io/managed-by'] = 'argocd'; }), expected: true },
    {
      label: 'Argo Application targeting the namespace',
      objects: readySetWith(
        (d) => delete d.metadata.labels['argocd.argoproj.io/instance'],
        [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'payments', namespace: 'argocd' }, spec: { destination: { namespace: NS } } }],
      ),
      expected: true,
      message: /namespace "payments"/,
    },
    {
      label: 'Argo Application targeting another namespace',
      objects: readySetWith(
        (d) => delete d.metadata.labels['argocd.argoproj.io/instance'],
        [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x', namespace: 'argocd' }, spec: { destination: { namespace: 'other' } } }],
      ),
      expected: false,
    },
  ],
  imageRegistryNotAllowed: [
    { label: 'no allow-list: not applicable', objects: readySet(), expected: 'n/a' },
    { label: 'allowed registry', objects: readySet(), options: { config: config({ allowedRegistries: ['ghcr.io/org'] }) }, expected: true },
    { label: 'other registry', objects: readySet(), options: { config: config({ allowedRegistries: ['registry.example.com'] }) }, expected: false, message: /ghcr.io\/org\/checkout:1.4.2/ },
  ],
};

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('imageAllowed', () => {
  it.each([
    ['ghcr.io/org/app:1', ['ghcr.io'], true],
    ['ghcr.io/org/app:1', ['ghcr.io/org'], true],
    ['ghcr.io/organisation/app:1', ['ghcr.io/org'], false],
    ['ghcr.io/org/app:1', ['ghcr.io/org/'], true],
    ['nginx:1.27', ['docker.io/library'], true],
    ['nginx:1.27', ['docker.io'], true],
    ['bitnami/redis:7', ['docker.io/library'], false],
    ['123456789.dkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], true],
    ['evil.com/x.dkr.ecr.eu-west-1.amazonaws.com/app:1', ['*.dkr.ecr.eu-west-1.amazonaws.com'], false],
    ['registry.example.com:5000/app:1', ['registry.example.com:5000'], true],
  ])('%s in %j -> %s', (image, allowed, expected) => {
    expect(imageAllowed(image, allowed)).toBe(expected);
  });
});
