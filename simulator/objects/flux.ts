import { createHash } from 'node:crypto';
import type { KubeObject } from '../types';

// Flux CD objects of the shop cluster: GitOps syncs Runwell's change ledger
// reads besides Argo CD's Applications (docs/changes.md, "From GitOps"). One
// Kustomization applied, one HelmRelease upgraded, one HelmRelease whose
// upgrade failed. Deterministic (uids from names) and outside the plan's random
// stream, so adding them changes no other object of the demo.

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const uid = (name: string) => {
  const h = createHash('sha256').update(`flux/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const sha = (name: string) => createHash('sha1').update(`rev/${name}`).digest('hex');

function ready(ok: boolean, at: number, reason: string, message: string) {
  return [{ type: 'Ready', status: ok ? 'True' : 'False', reason, message, lastTransitionTime: iso(at), observedGeneration: 3 }];
}

export function fluxObjects(now: number): KubeObject[] {
  const meta = (name: string, service: string, created: number) => ({
    name,
    namespace: 'flux-system',
    uid: uid(name),
    resourceVersion: '',
    creationTimestamp: iso(created),
    generation: 3,
    labels: { 'runwell.io/service': service, team: 'platform' },
  });
  const monitoringRev = `main@sha1:${sha('monitoring')}`;
  return [
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: meta('monitoring', 'observability-stack', now - 300 * 24 * HOUR),
      spec: { interval: '10m', path: './clusters/shop-prod/monitoring', prune: true, sourceRef: { kind: 'GitRepository', name: 'platform' }, targetNamespace: 'monitoring' },
      status: {
        observedGeneration: 3,
        lastAppliedRevision: monitoringRev,
        lastAttemptedRevision: monitoringRev,
        conditions: ready(true, now - 9 * HOUR, 'ReconciliationSucceeded', `Applied revision: ${monitoringRev}`),
      },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: meta('ingress-nginx', 'ingress-gateway', now - 400 * 24 * HOUR),
      spec: { interval: '30m', releaseName: 'ingress-nginx', targetNamespace: 'ingress-nginx', chart: { spec: { chart: 'ingress-nginx', version: '4.11.x', sourceRef: { kind: 'HelmRepository', name: 'ingress-nginx' } } } },
      status: {
        observedGeneration: 3,
        lastAppliedRevision: '4.11.3',
        lastAttemptedRevision: '4.11.3',
        history: [{ chartName: 'ingress-nginx', chartVersion: '4.11.3', appVersion: '1.11.3', version: 7, status: 'deployed', firstDeployed: iso(now - 400 * 24 * HOUR), lastDeployed: iso(now - 30 * HOUR) }],
        conditions: ready(true, now - 30 * HOUR, 'UpgradeSucceeded', 'Helm upgrade succeeded for release ingress-nginx/ingress-nginx.v7 with chart ingress-nginx@4.11.3'),
      },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: meta('kube-prometheus-stack', 'observability-stack', now - 350 * 24 * HOUR),
      spec: { interval: '30m', releaseName: 'kube-prometheus-stack', targetNamespace: 'monitoring', chart: { spec: { chart: 'kube-prometheus-stack', version: '65.x', sourceRef: { kind: 'HelmRepository', name: 'prometheus-community' } } } },
      status: {
        observedGeneration: 3,
        lastAppliedRevision: '65.0.0',
        lastAttemptedRevision: '65.1.0',
        history: [
          { chartName: 'kube-prometheus-stack', chartVersion: '65.1.0', version: 12, status: 'failed', firstDeployed: iso(now - 350 * 24 * HOUR), lastDeployed: iso(now - 5 * HOUR) },
          { chartName: 'kube-prometheus-stack', chartVersion: '65.0.0', version: 11, status: 'superseded', firstDeployed: iso(now - 350 * 24 * HOUR), lastDeployed: iso(now - 200 * HOUR) },
        ],
        conditions: ready(false, now - 5 * HOUR, 'UpgradeFailed', 'Helm upgrade failed for release monitoring/kube-prometheus-stack with chart kube-prometheus-stack@65.1.0: timed out waiting for the condition'),
      },
    },
  ];
}
