// A namespace with what Kubernetes puts in each (the kube-root-ca.crt
// ConfigMap) and, where the plan asks, a default-deny NetworkPolicy.

import { DAY, type NamespacePlan } from '../plan';
import { meta, type Ctx } from './context';

const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\ndmVyLWNhQHJ1bndlbGwtc2ltMB4XDTI0MDEwMTAwMDAwMFoXDTM0MDEwMTAwMDAw\nMFowIzEhMB8GA1UEAwwYazNzLXNlcnZlci1jYUBydW53ZWxsLXNpbTBZMBMGByqG\n-----END CERTIFICATE-----\n';

export function materializeNamespace(c: Ctx, ns: NamespacePlan): void {
  const created = c.now - ns.ageDays * DAY;
  c.out.push({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(ns.name, undefined, c.prng.uuid(), created, {
      labels: {
        'kubernetes.io/metadata.name': ns.name,
        ...(ns.env !== 'system' ? { team: ns.team, env: ns.env } : {}),
        ...(ns.podSecurity ? { 'pod-security.kubernetes.io/enforce': ns.podSecurity } : {}),
        ...(ns.labels ?? {}),
      },
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  c.out.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('kube-root-ca.crt', ns.name, c.prng.uuid(), created, { annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }),
    data: { 'ca.crt': CA_PEM },
  });
  if (ns.defaultDeny) {
    c.out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny-ingress', ns.name, c.prng.uuid(), created + 60_000, { generation: 1 }),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  }
}
