// The simulator's REST API over real HTTP: discovery, Status errors, auth,
// pagination, watch semantics (410, bookmarks, filtered events), Table output,
// writes driving the controllers, and fault injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index';
import type { KubeObject } from './types';

const NOW = Date.parse('2026-11-01T12:00:00Z');
let sim: Simulator;

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Read watch events until `until` says stop or the stream ends. */
async function watch(path: string, until: (events: any[]) => boolean = () => false, init: RequestInit = {}): Promise<any[]> {
  const res = await fetch(`${sim.url}${path}`, init);
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const events: any[] = [];
  let buf = '';
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
    if (until(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

beforeAll(async () => {
  sim = await startSimulator({ nodes: 6, pods: 150, seed: 'server-test', now: NOW, bookmarkIntervalMs: 200, podStartMs: 50, podTerminateMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

describe('discovery', () => {
  it('serves /version, /api, /apis and resource lists with short names', async () => {
    expect((await get('/version')).body).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.6' });
    expect((await get('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    const names = groups.groups.map((g: { name: string }) => g.name);
    for (const g of ['apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'storage.k8s.io', 'cert-manager.io', 'velero.io', 'argoproj.io', 'monitoring.coreos.com', 'sloth.slok.dev', 'metrics.k8s.io']) expect(names).toContain(g);
    expect(groups.groups.find((g: { name: string }) => g.name === 'autoscaling').preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    const core = (await get('/api/v1')).body;
    const po = core.resources.find((r: { name: string }) => r.name === 'pods');
    expect(po).toMatchObject({ singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(po.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'delete', 'patch', 'update']));
    const short = async (gv: string, name: string) => (await get(gv)).body.resources.find((r: { name: string }) => r.name === name)?.shortNames;
    expect(await short('/apis/apps/v1', 'deployments')).toEqual(['deploy']);
    expect(await short('/apis/policy/v1', 'poddisruptionbudgets')).toEqual(['pdb']);
    expect(await short('/apis/autoscaling/v2', 'horizontalpodautoscalers')).toEqual(['hpa']);
    expect(await short('/apis/networking.k8s.io/v1', 'networkpolicies')).toEqual(['netpol']);
    expect(await short('/apis/cert-manager.io/v1', 'certificates')).toEqual(['cert', 'certs']);
    expect((await get('/apis/apps/v1')).body.resources.map((r: { name: string }) => r.name)).toContain('deployments/scale');
    expect((await get('/openapi/v2')).status).toBe(404);
  });
});

describe('reads', () => {
  it('answers NotFound as a Status object', async () => {
    const r = await get('/api/v1/namespaces/default/pods/nope');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', code: 404, details: { name: 'nope', group: '', kind: 'pods' } });
    expect((await get('/apis/apps/v1/nothings')).body.reason).toBe('NotFound');
  });

  it('lists cluster-wide and per namespace, gets by name, filters by selectors', async () => {
    const all = (await get('/api/v1/pods')).body;
    expect(all.kind).toBe('PodList');
    expect(all.items).toHaveLength(sim.store.count(sim.store.registry.lookup('', 'v1', 'pods')!));
    expect(Number(all.metadata.resourceVersion)).toBe(sim.store.resourceVersion);
    const ns = all.items[0].metadata.namespace;
    const inNs = (await get(`/api/v1/namespaces/${ns}/pods`)).body.items;
    expect(inNs.length).toBe(all.items.filter((p: KubeObject) => p.metadata.namespace === ns).length);
    const one = (await get(`/api/v1/namespaces/${ns}/pods/${inNs[0].metadata.name}`)).body;
    expect(one.metadata.uid).toBe(inNs[0].metadata.uid);
    const node = all.items[0].spec.nodeName;
    const onNode = (await get(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node},status.phase=Running`)}`)).body.items;
    expect(onNode.length).toBe(all.items.filter((p: KubeObject) => p.spec.nodeName === node && p.status.phase === 'Running').length);
    const app = all.items[0].metadata.labels.app;
    const byLabel = (await get(`/api/v1/pods?labelSelector=${encodeURIComponent(`app in (${app}),!nothing`)}`)).body.items;
    expect(byLabel.length).toBe(all.items.filter((p: KubeObject) => p.metadata.labels?.app === app).length);
    const bad = await get('/api/v1/pods?labelSelector=app%20in%20x');
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
    expect((await get('/api/v1/pods?fieldSelector=spec.foo%3Dx')).body.message).toMatch(/field label not supported/);
  });

  it('paginates and expires continue tokens after resetHistory', async () => {
    const first = (await get('/api/v1/pods?limit=40')).body;
    expect(first.items).toHaveLength(40);
    expect(first.metadata.continue).toBeTruthy();
    const second = (await get(`/api/v1/pods?limit=40&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
    expect(second.items[0].metadata.name).not.toBe(first.items[0].metadata.name);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    sim.churn.step(3);
    sim.faults.resetHistory();
    const expired = await get(`/api/v1/pods?limit=40&continue=${encodeURIComponent(second.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    expect((await get('/api/v1/pods?limit=5&continue=bogus')).status).toBe(410);
  });

  it('renders server-side Tables when asked like kubectl does', async () => {
    const r = await fetch(`${sim.url}/api/v1/pods?limit=3`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' } });
    const t = await r.json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[0].cells[1]).toMatch(/^\d+\/\d+$/);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
    expect(t.metadata.continue).toBeTruthy();
  });

  it('serves metrics.k8s.io for nodes and running pods', async () => {
    const nodes = (await get('/apis/metrics.k8s.io/v1beta1/nodes')).body;
    expect(nodes.kind).toBe('NodeMetricsList');
    expect(nodes.items).toHaveLength(6);
    expect(nodes.items[0].usage.cpu).toMatch(/^\d+n$/);
    const pods = (await get('/apis/metrics.k8s.io/v1beta1/pods')).body.items;
    const running = (await get('/api/v1/pods?fieldSelector=status.phase%3DRunning')).body.items;
    expect(pods.length).toBe(running.length);
    expect(pods[0].containers[0].usage.memory).toMatch(/Ki$/);
  });
});

describe('watch', () => {
  it('sends current objects as ADDED without a resourceVersion, then live changes', async () => {
    const ns = 'kube-system';
    const count = (await get(`/api/v1/namespaces/${ns}/configmaps`)).body.items.length;
    const done = watch(`/api/v1/namespaces/${ns}/configmaps?watch=1&timeoutSeconds=5`, (ev) => ev.length >= count + 2);
    await new Promise((r) => setTimeout(r, 100));
    await get(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1' }, data: { a: '1' } }) });
    await get(`/api/v1/namespaces/${ns}/configmaps/w1`, { method: 'DELETE' });
    const events = await done;
    expect(events.slice(0, count).every((e) => e.type === 'ADDED')).toBe(true);
    expect(events.slice(count).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'w1'],
      ['DELETED', 'w1'],
    ]);
  });

  it('resumes from a resourceVersion with only later events, and sends bookmarks', async () => {
    const rv = sim.store.resourceVersion;
    sim.churn.step(20, 'restart');
    const events = await watch(`/api/v1/pods?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`, (ev) => ev.some((e) => e.type === 'BOOKMARK'));
    const changes = events.filter((e) => e.type !== 'BOOKMARK');
    expect(changes.length).toBeGreaterThanOrEqual(20);
    expect(changes.every((e) => Number(e.object.metadata.resourceVersion) > rv)).toBe(true);
    const rvs = changes.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(rvs[rvs.length - 1]!);
  });

  it('answers an ERROR event with a 410 Expired Status for compacted versions', async () => {
    const events = await watch('/api/v1/pods?watch=1&resourceVersion=1');
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(events[0].object.message).toMatch(/too old resource version: 1 \(\d+\)/);
  });

  it('supports sendInitialEvents with the initial-events-end bookmark', async () => {
    const n = (await get('/api/v1/nodes')).body.items.length;
    const events = await watch('/api/v1/nodes?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=2', (ev) => ev.some((e) => e.type === 'BOOKMARK'));
    expect(events.slice(0, n).every((e) => e.type === 'ADDED')).toBe(true);
    expect(events[n]).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
  });

  it('ends after timeoutSeconds', async () => {
    const started = Date.now();
    await watch(`/api/v1/namespaces?watch=1&resourceVersion=${sim.store.resourceVersion}&timeoutSeconds=1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('writes', () => {
  it('scales a deployment through the scale subresource and the controllers follow', async () => {
    const deps = (await get('/apis/apps/v1/deployments')).body.items as KubeObject[];
    const d = deps.find((x) => x.spec.replicas >= 1 && x.spec.replicas <= 3)!;
    const path = `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}`;
    const scaled = await get(`${path}/scale`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: d.spec.replicas + 2 } }) });
    expect(scaled.status).toBe(200);
    expect(scaled.body).toMatchObject({ kind: 'Scale', spec: { replicas: d.spec.replicas + 2 } });
    await new Promise((r) => setTimeout(r, 400));
    const after = (await get(path)).body;
    expect(after.metadata.generation).toBe((d.metadata.generation ?? 0) + 1);
    expect(after.status.replicas).toBe(d.spec.replicas + 2);
    expect(after.status.readyReplicas).toBe(d.spec.replicas + 2);
    const sel = encodeURIComponent(`app=${d.spec.selector.matchLabels.app}`);
    const pods = (await get(`/api/v1/namespaces/${d.metadata.namespace}/pods?labelSelector=${sel}`)).body.items;
    expect(pods.filter((p: KubeObject) => !p.metadata.deletionTimestamp)).toHaveLength(d.spec.replicas + 2);
  });

  it('rolls out a new ReplicaSet when the template changes', async () => {
    const deps = (await get('/apis/apps/v1/deployments')).body.items as KubeObject[];
    const d = deps.find((x) => x.spec.replicas === 2) ?? deps[0]!;
    const path = `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}`;
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-01T12:00:00Z' } } } } };
    const r = await get(path, { method: 'PATCH', headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: JSON.stringify(patch) });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 400));
    const after = (await get(path)).body;
    expect(Number(after.metadata.annotations['deployment.kubernetes.io/revision'])).toBe(Number(d.metadata.annotations!['deployment.kubernetes.io/revision']) + 1);
    const rss = ((await get(`/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets`)).body.items as KubeObject[]).filter((x) => x.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    expect(rss.filter((x) => x.spec.replicas > 0)).toHaveLength(1);
    const current = rss.find((x) => x.spec.replicas > 0)!;
    expect(current.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-11-01T12:00:00Z');
    expect(after.status.updatedReplicas).toBe(d.spec.replicas);
  });

  it('creates, conflicts, updates and deletes with Kubernetes semantics', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    const created = await get(base, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.uid).toBeTruthy();
    const dup = await get(base, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
    const stale = await get(`${base}/cfg`, { method: 'PUT', body: JSON.stringify({ ...body, metadata: { name: 'cfg', resourceVersion: '1' }, data: { a: '2' } }), headers: { 'content-type': 'application/json' } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const updated = await get(`${base}/cfg`, { method: 'PUT', body: JSON.stringify({ ...body, metadata: { name: 'cfg', resourceVersion: created.body.metadata.resourceVersion }, data: { a: '2' } }), headers: { 'content-type': 'application/json' } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ a: '2' });
    const patched = await get(`${base}/cfg`, { method: 'PATCH', body: JSON.stringify([{ op: 'add', path: '/data/b', value: '3' }]), headers: { 'content-type': 'application/json-patch+json' } });
    expect(patched.body.data).toEqual({ a: '2', b: '3' });
    expect((await get(`${base}/cfg`, { method: 'DELETE' })).status).toBe(200);
    expect((await get(`${base}/cfg`)).status).toBe(404);
    expect((await get('/api/v1/namespaces/nowhere/configmaps', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });

  it('garbage-collects dependents when a deployment is deleted', async () => {
    const d = ((await get('/apis/apps/v1/deployments')).body.items as KubeObject[]).find((x) => x.spec.replicas > 0)!;
    const rsUids = sim.store.dependentsOf(d.metadata.uid).map((x) => x.object.metadata.uid);
    expect(rsUids.length).toBeGreaterThan(0);
    await get(`/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}`, { method: 'DELETE' });
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.store.dependentsOf(d.metadata.uid)).toEqual([]);
    for (const uid of rsUids) expect(sim.store.dependentsOf(uid)).toEqual([]);
  });
});

describe('auth and faults', () => {
  it('requires the bearer token when configured', async () => {
    const s = await startSimulator({ nodes: 1, pods: 3, token: 's3cret', seed: 'auth' });
    try {
      const denied = await fetch(`${s.url}/api/v1/pods`);
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      const ok = await fetch(`${s.url}/api/v1/pods`, { headers: { authorization: 'Bearer s3cret' } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('injects 500s at the configured rate and slow responses', async () => {
    sim.faults.errorRate = 0.5;
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) codes.push((await get('/api/v1/namespaces')).status);
    sim.faults.errorRate = 0;
    const errors = codes.filter((c) => c === 500).length;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(32);
    expect(codes.every((c) => c === 200 || c === 500)).toBe(true);
    const failed = await (async () => {
      sim.faults.errorRate = 1;
      try {
        return await get('/api/v1/namespaces');
      } finally {
        sim.faults.errorRate = 0;
      }
    })();
    expect(failed.body).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    sim.faults.slowMs = 300;
    const t = Date.now();
    await get('/api/v1/namespaces');
    sim.faults.slowMs = 0;
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('drops watches every N seconds', async () => {
    sim.faults.dropWatchEverySeconds = 1;
    const t = Date.now();
    try {
      await watch(`/api/v1/pods?watch=1&resourceVersion=${sim.store.resourceVersion}&timeoutSeconds=30`);
    } finally {
      sim.faults.dropWatchEverySeconds = 0;
    }
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
