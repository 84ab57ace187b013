import { describe, expect, it } from 'vitest';
import { decodeContinue, encodeContinue, InvalidContinueError, lowerBound } from './pagination';
import { ResourceRegistry } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { ClusterStore } from './store';
import type { WatchSink } from './store-events';
import { ApiError, type KubeObject } from './types';

const registry = new ResourceRegistry();
const pods = registry.lookup('', 'v1', 'pods')!;
const nodes = registry.lookup('', 'v1', 'nodes')!;

function pod(ns: string, name: string, labels: Record<string, string> = {}, phase = 'Running'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: '', creationTimestamp: '2026-01-01T00:00:00Z', labels }, spec: { nodeName: 'n1' }, status: { phase } };
}

function storeWith(n: number, historySize = 10_000): ClusterStore {
  const s = new ClusterStore(registry, { historySize });
  const objs: KubeObject[] = [];
  for (let i = 0; i < n; i++) objs.push(pod(i % 2 ? 'b' : 'a', `p${String(i).padStart(4, '0')}`, { idx: String(i % 3) }));
  s.load(objs);
  return s;
}

function expectApiError(fn: () => unknown, code: number, reason: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(code);
    expect((e as ApiError).reason).toBe(reason);
    expect((e as ApiError).toStatus()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
    return;
  }
  throw new Error('expected an ApiError');
}

describe('continue tokens', () => {
  it('round-trips the snapshot resourceVersion and the next key', () => {
    const token = encodeContinue(42, 'ns/pod-1');
    const raw = JSON.parse(Buffer.from(token, 'base64url').toString());
    expect(raw).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: 'ns/pod-1\u0000' });
    expect(decodeContinue(token)).toEqual({ rv: 42, start: 'ns/pod-1\u0000' });
  });

  it.each(['', 'not base64 !!', Buffer.from('{"v":"x","rv":1,"start":"a"}').toString('base64url'), Buffer.from('{"v":"meta.k8s.io/v1","rv":-1,"start":"a"}').toString('base64url'), Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"start":""}').toString('base64url'), Buffer.from('{"v":"meta.k8s.io/v1","rv":3,"start":"../x"}').toString('base64url')])(
    'rejects %j',
    (t) => {
      expect(() => decodeContinue(t)).toThrow(InvalidContinueError);
    },
  );

  it('lowerBound finds the first key not below', () => {
    const keys = ['a/1', 'a/2', 'b/1'];
    expect(lowerBound(keys, 'a/')).toBe(0);
    expect(lowerBound(keys, 'a/1\u0000')).toBe(1);
    expect(lowerBound(keys, 'b/')).toBe(2);
    expect(lowerBound(keys, 'c')).toBe(3);
  });
});

describe('store lists', () => {
  it('assigns increasing resourceVersions and counts the initial load as compacted', () => {
    const s = storeWith(10);
    expect(s.resourceVersion).toBe(10);
    expect(s.compactedResourceVersion).toBe(10);
    const rvs = s.all(pods).map((p) => Number(p.metadata.resourceVersion));
    expect(new Set(rvs).size).toBe(10);
    expect(Math.max(...rvs)).toBe(10);
  });

  it('paginates in key order with limit and continue, covering every object once', () => {
    const s = storeWith(1001);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = s.list(pods, { limit: 100, continue: token });
      expect(page.resourceVersion).toBe(1001);
      seen.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      if (page.continue) expect(page.remainingItemCount).toBe(1001 - seen.length);
      token = page.continue;
      pages++;
    } while (token);
    expect(pages).toBe(11);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(1001);
  });

  it('lists one namespace through its key range', () => {
    const s = storeWith(20);
    const a = s.list(pods, { namespace: 'a' }).items;
    expect(a).toHaveLength(10);
    expect(a.every((p) => p.metadata.namespace === 'a')).toBe(true);
    const page = s.list(pods, { namespace: 'b', limit: 4 });
    expect(page.items).toHaveLength(4);
    expect(page.remainingItemCount).toBe(6);
    const rest = s.list(pods, { namespace: 'b', continue: page.continue });
    expect(rest.items).toHaveLength(6);
    expect(rest.continue).toBeUndefined();
  });

  it('filters by label and field selectors and fills pages up to the limit', () => {
    const s = storeWith(30);
    const label = parseLabelSelector('idx=1');
    const r = s.list(pods, { labelSelector: label, limit: 4 });
    expect(r.items).toHaveLength(4);
    expect(r.items.every((p) => p.metadata.labels?.idx === '1')).toBe(true);
    expect(r.remainingItemCount).toBeUndefined();
    const all = [...r.items, ...s.list(pods, { labelSelector: label, continue: r.continue }).items];
    expect(all).toHaveLength(10);
    const field = parseFieldSelector('metadata.namespace=a,metadata.name!=p0000', pods.fields);
    expect(s.list(pods, { fieldSelector: field }).items).toHaveLength(14);
  });

  it('serves continuation pages from the original snapshot despite later writes', () => {
    const s = storeWith(10);
    const first = s.list(pods, { limit: 4 });
    const names = first.items.map((p) => p.metadata.name);
    // after the snapshot: delete an object not yet listed, add one, modify one
    const victim = s.all(pods)[6]!;
    s.remove(pods, victim.metadata.namespace, victim.metadata.name);
    s.put(pod('a', 'p0001x'));
    const changed = s.all(pods)[8]!;
    s.put({ ...changed, metadata: { ...changed.metadata, labels: { changed: 'yes' } } });
    const rest = s.list(pods, { continue: first.continue });
    expect(rest.resourceVersion).toBe(first.resourceVersion);
    const all = [...names, ...rest.items.map((p) => p.metadata.name)];
    expect(all).toHaveLength(10);
    expect(all).toContain(victim.metadata.name);
    expect(all).not.toContain('p0001x');
    expect(rest.items.find((p) => p.metadata.name === changed.metadata.name)?.metadata.labels).toEqual(changed.metadata.labels);
    // a fresh list sees the current state
    expect(s.list(pods).items.map((p) => p.metadata.name)).toContain('p0001x');
  });

  it('answers 410 Expired for continue tokens older than the event window, and for garbage', () => {
    const s = storeWith(10, 5);
    const first = s.list(pods, { limit: 3 });
    for (let i = 0; i < 6; i++) s.put(pod('c', `n${i}`));
    expectApiError(() => s.list(pods, { continue: first.continue }), 410, 'Expired');
    expectApiError(() => s.list(pods, { continue: 'garbage' }), 410, 'Expired');
  });

  it('resetHistory expires outstanding continue tokens once anything changed', () => {
    const s = storeWith(10);
    const first = s.list(pods, { limit: 3 });
    s.put(pod('c', 'new'));
    s.resetHistory();
    expectApiError(() => s.list(pods, { continue: first.continue }), 410, 'Expired');
  });

  it('supports resourceVersionMatch=Exact within the window', () => {
    const s = storeWith(4);
    const rv = s.resourceVersion;
    s.put(pod('a', 'late'));
    expect(s.list(pods, { resourceVersion: String(rv), resourceVersionMatch: 'Exact' }).items).toHaveLength(4);
    expect(s.list(pods).items).toHaveLength(5);
    expectApiError(() => s.list(pods, { resourceVersion: '1', resourceVersionMatch: 'Exact' }), 410, 'Expired');
    expectApiError(() => s.list(pods, { resourceVersion: String(rv + 100) }), 504, 'Timeout');
  });
});

describe('watch window', () => {
  function collect(filter: WatchSink['filter'] = {}) {
    const events: { type: string; name: string; rv: number }[] = [];
    const sink: WatchSink = { filter, push: (type, o, rv) => events.push({ type, name: o.metadata.name, rv }) };
    return { sink, events };
  }

  it('replays retained events after the requested resourceVersion, then streams', () => {
    const s = storeWith(3);
    const start = s.resourceVersion;
    s.put(pod('a', 'x'));
    const x = s.get(pods, 'a', 'x')!;
    s.put({ ...x, metadata: { ...x.metadata }, status: { phase: 'Failed' } });
    const { sink, events } = collect();
    const w = s.watch(pods, sink, start);
    expect(w).not.toBe('expired');
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    s.remove(pods, 'a', 'x');
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events.map((e) => e.rv)).toEqual([start + 1, start + 2, start + 3]);
    (w as { cancel(): void }).cancel();
    s.put(pod('a', 'y'));
    expect(events).toHaveLength(3);
  });

  it('is expired for versions before the window (initial objects are compacted)', () => {
    const s = storeWith(5, 3);
    expect(s.watch(pods, collect().sink, 1)).toBe('expired');
    expect(s.watch(pods, collect().sink, s.resourceVersion)).not.toBe('expired');
    const before = s.resourceVersion;
    for (let i = 0; i < 3; i++) s.put(pod('c', `n${i}`));
    expect(s.watch(pods, collect().sink, before)).not.toBe('expired'); // exactly 3 events retained
    s.put(pod('c', 'n3'));
    expect(s.watch(pods, collect().sink, before)).toBe('expired');
    expect(s.compactedResourceVersion).toBe(before + 1);
    expect(s.historyLength).toBe(3);
  });

  it('resetHistory forces 410 on resume from any older version', () => {
    const s = storeWith(5);
    const rv = s.resourceVersion;
    s.put(pod('a', 'z'));
    expect(s.watch(pods, collect().sink, rv)).not.toBe('expired');
    s.resetHistory();
    expect(s.watch(pods, collect().sink, rv)).toBe('expired');
    expect(s.watch(pods, collect().sink, s.resourceVersion)).not.toBe('expired');
  });

  it('translates changes for filtered watchers (entering and leaving the selector)', () => {
    const s = storeWith(0);
    const { sink, events } = collect({ labelSelector: parseLabelSelector('app=web') });
    s.watch(pods, sink);
    s.put(pod('a', 'w', { app: 'other' }));
    const w = s.get(pods, 'a', 'w')!;
    s.put({ ...w, metadata: { ...w.metadata, labels: { app: 'web' } } });
    const w2 = s.get(pods, 'a', 'w')!;
    s.put({ ...w2, metadata: { ...w2.metadata }, status: { phase: 'Pending' } });
    const w3 = s.get(pods, 'a', 'w')!;
    s.put({ ...w3, metadata: { ...w3.metadata, labels: { app: 'gone' } } });
    s.remove(pods, 'a', 'w');
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('keeps watchers of other resources and namespaces apart', () => {
    const s = storeWith(0);
    const nodeWatch = collect();
    const nsWatch = collect({ namespace: 'b' });
    s.watch(nodes, nodeWatch.sink);
    s.watch(pods, nsWatch.sink);
    s.put(pod('a', 'x'));
    s.put(pod('b', 'y'));
    expect(nodeWatch.events).toHaveLength(0);
    expect(nsWatch.events.map((e) => e.name)).toEqual(['y']);
  });

  it('indexes dependents by owner uid', () => {
    const s = storeWith(0);
    const child = pod('a', 'c');
    child.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }];
    s.put(child);
    expect(s.dependentsOf('rs-uid').map((d) => d.object.metadata.name)).toEqual(['c']);
    s.remove(pods, 'a', 'c');
    expect(s.dependentsOf('rs-uid')).toEqual([]);
  });
});
