import { describe, expect, it } from 'vitest';
import { commitShaOf, gitopsSyncs, serviceKeysOf, type GitopsObject } from './gitops.compute';

const sha = (c: string) => c.repeat(40);
const app = (history: { id: number; revision: string }[], operationState: Record<string, unknown> = {}): GitopsObject => ({
  cluster: 'prod',
  kind: 'Application',
  namespace: 'argocd',
  name: 'checkout',
  labels: {},
  annotations: {},
  data: {
    spec: { destination: { namespace: 'checkout' } },
    status: {
      history: history.map((h, i) => ({ ...h, deployStartedAt: `2026-12-0${i + 1}T10:00:00Z`, deployedAt: `2026-12-0${i + 1}T10:01:00Z` })),
      operationState,
    },
  },
});

describe('commitShaOf', () => {
  it.each([
    [sha('a'), sha('a')],
    [`main@sha1:${sha('B')}`, sha('b')],
    [`sha1:${sha('c')}`, sha('c')],
    ['4.11.3', null],
    ['main@sha1:abc', null],
  ])('%s → %s', (rev, want) => expect(commitShaOf(rev)).toBe(want));
});

describe('Argo CD applications', () => {
  it('one succeeded entry per history item, keyed by cluster, app and history id', () => {
    const syncs = gitopsSyncs(app([{ id: 7, revision: sha('a') }, { id: 8, revision: sha('b') }]));
    expect(syncs.map((s) => [s.externalId, s.status, s.commitSha])).toEqual([
      ['argocd/prod/argocd/checkout/7', 'succeeded', sha('a')],
      ['argocd/prod/argocd/checkout/8', 'succeeded', sha('b')],
    ]);
    expect(syncs[1]).toMatchObject({ startedAt: Date.parse('2026-12-02T10:00:00Z'), finishedAt: Date.parse('2026-12-02T10:01:00Z'), targetNamespace: 'checkout', title: 'Argo CD application checkout → bbbbbbb' });
  });

  it('a sync of an older revision is a rollback and marks what it undid as rolled back', () => {
    const syncs = gitopsSyncs(app([{ id: 1, revision: sha('a') }, { id: 2, revision: sha('b') }, { id: 3, revision: sha('c') }, { id: 4, revision: sha('a') }]));
    expect(syncs.map((s) => s.status)).toEqual(['succeeded', 'rolled_back', 'rolled_back', 'succeeded']);
    expect(syncs[3]).toMatchObject({ rollbackTo: sha('a'), title: 'Argo CD application checkout: rollback to aaaaaaa' });
  });

  it('redeploying the same revision twice in a row is not a rollback', () => {
    const syncs = gitopsSyncs(app([{ id: 1, revision: sha('a') }, { id: 2, revision: sha('a') }, { id: 3, revision: sha('a') }]));
    expect(syncs.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(syncs.every((s) => s.rollbackTo === null)).toBe(true);
  });

  it('a failed operation of a new revision is a failed entry; a succeeded one adds nothing', () => {
    const failed = gitopsSyncs(app([{ id: 1, revision: sha('a') }], { phase: 'Failed', revision: sha('d'), startedAt: '2026-12-04T09:00:00Z', finishedAt: '2026-12-04T09:02:00Z', message: 'one or more objects failed to apply', initiatedBy: { username: 'ana' } }));
    expect(failed[1]).toMatchObject({ externalId: 'argocd/prod/argocd/checkout/failed/2026-12-04T09:00:00Z', status: 'failed', initiatedBy: 'ana', message: 'one or more objects failed to apply' });
    expect(gitopsSyncs(app([{ id: 1, revision: sha('a') }], { phase: 'Succeeded', revision: sha('a') }))).toHaveLength(1);
  });

  it('tolerates an application with no status', () => {
    expect(gitopsSyncs({ ...app([]), data: {} })).toEqual([]);
  });
});

describe('Flux', () => {
  const flux = (kind: string, status: Record<string, unknown>): GitopsObject => ({ cluster: 'prod', kind, namespace: 'flux-system', name: 'monitoring', labels: {}, annotations: {}, data: { spec: { targetNamespace: 'monitoring' }, status } });
  it('the applied revision is a succeeded entry keyed by revision', () => {
    const [s] = gitopsSyncs(flux('Kustomization', { lastAppliedRevision: `main@sha1:${sha('e')}`, lastAttemptedRevision: `main@sha1:${sha('e')}`, ready: { status: 'True', lastTransitionTime: '2026-12-05T08:00:00Z' } }));
    expect(s).toMatchObject({ externalId: `flux/prod/Kustomization/flux-system/monitoring@main@sha1:${sha('e')}`, status: 'succeeded', commitSha: sha('e'), finishedAt: Date.parse('2026-12-05T08:00:00Z'), title: 'Flux Kustomization monitoring → main@eeeeeee' });
  });
  it('a failed attempt of another revision is a failed entry besides the applied one', () => {
    const syncs = gitopsSyncs(flux('HelmRelease', { lastAppliedRevision: '65.0.0', lastAttemptedRevision: '65.1.0', ready: { status: 'False', message: 'upgrade timed out', lastTransitionTime: '2026-12-05T08:00:00Z' } }));
    expect(syncs.map((s) => [s.revision, s.status, s.finishedAt])).toEqual([
      ['65.0.0', 'succeeded', null],
      ['65.1.0', 'failed', Date.parse('2026-12-05T08:00:00Z')],
    ]);
    expect(syncs[1]!.message).toBe('upgrade timed out');
  });
  it('other kinds tell of no sync', () => {
    expect(gitopsSyncs(flux('Deployment', {}))).toEqual([]);
  });
});

describe('serviceKeysOf', () => {
  const o = (labels: Record<string, string>): GitopsObject => ({ cluster: 'c', kind: 'Application', namespace: 'argocd', name: 'checkout', labels, annotations: {}, data: {} });
  it('a service label wins', () => expect(serviceKeysOf(o({ 'runwell.io/service': 'cart-service' }), [{ kind: 'Deployment', name: 'x', metadata: {} }])).toEqual(['cart-service']));
  it('else its name and the services of the workloads it deploys', () =>
    expect(serviceKeysOf(o({}), [{ kind: 'Deployment', name: 'cart-service', metadata: {} }, { kind: 'Deployment', name: 'api', metadata: { labels: { 'app.kubernetes.io/part-of': 'checkout-web' } } }])).toEqual(['checkout', 'cart-service', 'checkout-web']));
});
