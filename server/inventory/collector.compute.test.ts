import { describe, expect, it } from 'vitest';
import { backoffMs, classifyError, clusterState, EventBatch, leaseDecision, listUrl, progressPercent, watchErrorStatus, watchUrl } from './collector.compute';
import { KIND_BY_NAME } from './kinds.compute';
import { toRow } from './transform.compute';

describe('collector decisions', () => {
  it.each([
    [0, 0, 250],
    [0, 1, 500],
    [3, 0.5, 3000],
    [10, 1, 30_000],
    [40, 0, 15_000],
  ])('backoff attempt %i random %d -> %i ms', (attempt, random, ms) => {
    expect(backoffMs(attempt, random, { baseMs: 500, maxMs: 30_000 })).toBe(ms);
  });

  it.each([
    [{ status: 410 }, 'relist'],
    [{ status: 401 }, 'auth'],
    [{ status: 403 }, 'auth'],
    [{ status: 500 }, 'retry'],
    [{ code: 'ECONNREFUSED' }, 'retry'],
    [{ code: 'ECONNRESET' }, 'retry'],
  ] as const)('error %o -> %s', (error, action) => {
    expect(classifyError(error)).toBe(action);
  });

  it('reads the code of a watch ERROR Status', () => {
    expect(watchErrorStatus({ kind: 'Status', code: 410, reason: 'Expired' })).toBe(410);
    expect(watchErrorStatus({})).toBe(500);
  });

  const now = new Date('2026-11-26T10:00:00Z');
  it.each([
    [null, 'acquire'],
    [{ holder: 'me', expiresAt: new Date('2026-11-26T10:00:10Z') }, 'renew'],
    [{ holder: 'me', expiresAt: new Date('2026-11-26T09:00:00Z') }, 'renew'],
    [{ holder: 'other', expiresAt: new Date('2026-11-26T10:00:10Z') }, 'held'],
    [{ holder: 'other', expiresAt: new Date('2026-11-26T10:00:00Z') }, 'acquire'],
    [{ holder: 'other', expiresAt: new Date('2026-11-26T09:59:00Z') }, 'acquire'],
  ] as const)('lease %o -> %s', (lease, decision) => {
    expect(leaseDecision(lease, 'me', now)).toBe(decision);
  });

  it('builds list and watch URLs', () => {
    expect(listUrl('/api/v1/pods', { limit: 500 })).toBe('/api/v1/pods?limit=500');
    expect(listUrl('/api/v1/pods', { limit: 500, continueToken: 'a b' })).toBe('/api/v1/pods?limit=500&continue=a+b');
    expect(watchUrl('/apis/apps/v1/deployments', '42', 300)).toBe('/apis/apps/v1/deployments?watch=1&resourceVersion=42&allowWatchBookmarks=true&timeoutSeconds=300');
  });

  it('folds events per object, last one wins', () => {
    const def = KIND_BY_NAME.get('Pod')!;
    const pod = (name: string, rv: string) => toRow(def, { metadata: { name, namespace: 'a', resourceVersion: rv } });
    const batch = new EventBatch();
    batch.add({ op: 'upsert', row: pod('p1', '1') });
    batch.add({ op: 'upsert', row: pod('p2', '2') });
    batch.add({ op: 'upsert', row: pod('p1', '3') });
    batch.add({ op: 'delete', kind: 'Pod', namespace: 'a', name: 'p2', resourceVersion: '4' });
    expect(batch.size).toBe(2);
    const { upserts, deletes } = batch.drain();
    expect(upserts.map((u) => [u.name, u.resourceVersion])).toEqual([['p1', '3']]);
    expect(deletes).toEqual([{ kind: 'Pod', namespace: 'a', name: 'p2' }]);
    expect(batch.size).toBe(0);
  });

  it.each([
    [[], 'pending'],
    [['synced', 'synced'], 'synced'],
    [['synced', 'syncing'], 'syncing'],
    [['synced', 'stale'], 'stale'],
    [['stale', 'error'], 'error'],
    [['pending', 'pending'], 'pending'],
  ] as const)('cluster state of %o is %s', (kinds, state) => {
    expect(clusterState([...kinds])).toBe(state);
  });

  it.each([
    [0, null, null],
    [50, 200, 25],
    [300, 200, 100],
  ])('progress %i of %s -> %s', (listed, total, pct) => {
    expect(progressPercent(listed, total)).toBe(pct);
  });
});
