// @kubernetes/client-node (2.x, ESM) against the simulator: paginated lists, watches
// fed by churn, 410 on resume from a compacted resourceVersion, informer relist.
import { AppsV1Api, CoreV1Api, KubeConfig, makeInformer, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index';

let sim: Simulator;
let kc: KubeConfig;

function kubeConfig(server: string, token?: string): KubeConfig {
  const k = new KubeConfig();
  k.loadFromOptions({
    clusters: [{ name: 'sim', server, skipTLSVerify: true }],
    users: [{ name: 'sim', ...(token ? { token } : {}) }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
    currentContext: 'sim',
  });
  return k;
}

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  sim = await startSimulator({ nodes: 10, pods: 700, seed: 'client-node', podStartMs: 100, podTerminateMs: 100, historySize: 5000 });
  kc = kubeConfig(sim.url);
});
afterAll(async () => {
  await sim?.close();
});

describe('@kubernetes/client-node', () => {
  it('lists every pod through limit/continue pages', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    let rv: string | undefined;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 100, _continue: token });
      rv ??= page.metadata?.resourceVersion;
      expect(page.metadata?.resourceVersion).toBe(rv);
      names.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(7);
    const pods = sim.store.all(sim.store.registry.lookup('', 'v1', 'pods')!);
    expect(names).toEqual(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    const apps = kc.makeApiClient(AppsV1Api);
    const deps = await apps.listDeploymentForAllNamespaces({ limit: 10 });
    expect(deps.items).toHaveLength(10);
    expect(deps.items[0]?.spec?.template.spec?.containers.length).toBeGreaterThan(0);
  });

  it('decodes typed objects (dates, quantities) from the simulator', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items).toHaveLength(10);
    const n = nodes.items[0]!;
    expect(n.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(n.status?.allocatable?.cpu).toMatch(/^\d+m$/);
    expect(n.metadata?.labels?.['topology.kubernetes.io/zone']).toMatch(/^eu-west-1[a-c]$/);
  });

  it('watches ADDED, MODIFIED and DELETED events produced by churn', async () => {
    const seen = new Map<string, number>();
    let lastRv = 0;
    let ordered = true;
    const start = sim.store.resourceVersion;
    const done: unknown[] = [];
    const controller = await new Watch(kc).watch(
      '/api/v1/pods',
      { resourceVersion: String(start), allowWatchBookmarks: true },
      (type, obj: V1Pod) => {
        seen.set(type, (seen.get(type) ?? 0) + 1);
        const rv = Number(obj.metadata?.resourceVersion);
        if (rv < lastRv) ordered = false;
        lastRv = rv;
      },
      (err) => done.push(err),
    );
    sim.churn.eventsPerSecond = 150;
    try {
      await until(() => (seen.get('ADDED') ?? 0) > 0 && (seen.get('MODIFIED') ?? 0) > 0 && (seen.get('DELETED') ?? 0) > 0, 15_000, 'all event types');
    } finally {
      sim.churn.eventsPerSecond = 0;
      controller.abort();
    }
    expect(ordered).toBe(true);
    expect(lastRv).toBeGreaterThan(start);
  });

  it('gets a 410 Expired ERROR when resuming from a compacted resourceVersion', async () => {
    const events: { type: string; obj: any }[] = [];
    let ended = false;
    await new Watch(kc).watch(
      '/api/v1/pods',
      { resourceVersion: '5' },
      (type, obj) => events.push({ type, obj }),
      () => (ended = true),
    );
    await until(() => ended, 5000, 'the watch to end');
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.obj).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('keeps an informer consistent across a forced 410 (dropped watch + resetHistory)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const ns = 'kube-system';
    let lists = 0;
    const informer = makeInformer(kc, `/api/v1/namespaces/${ns}/pods`, () => {
      lists++;
      return core.listNamespacedPod({ namespace: ns });
    });
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await until(() => sim.openWatches() > 0, 5000, 'the informer watch');
    const podsDef = sim.store.registry.lookup('', 'v1', 'pods')!;
    const storeNames = () => sim.store.all(podsDef, ns).map((p) => p.metadata.name).sort();
    const cacheNames = () => informer.list(ns).map((p) => p.metadata!.name!).sort();
    expect(cacheNames()).toEqual(storeNames());
    expect(lists).toBe(1);
    // Drop the watch, then change things and wipe the history before the informer is back:
    // it resumes from a compacted resourceVersion, gets 410 and must relist.
    sim.faults.dropWatches();
    const coredns = sim.store.get(sim.store.registry.lookup('apps', 'v1', 'deployments')!, ns, 'coredns')!;
    sim.controllers.reconcileDeployment(sim.store.put({ ...coredns, metadata: { ...coredns.metadata }, spec: { ...coredns.spec, replicas: 4 } }));
    sim.controllers.settle();
    sim.faults.resetHistory();
    await until(() => lists === 2, 20_000, 'the informer to relist');
    await until(() => JSON.stringify(cacheNames()) === JSON.stringify(storeNames()), 5000, 'the informer cache to match');
    expect(errors).toEqual([]);
    expect(cacheNames().filter((n) => n.startsWith('coredns-'))).toHaveLength(4);
    await informer.stop();
  }, 30_000);

  it('authenticates with a bearer token over TLS', async () => {
    const secured = await startSimulator({ nodes: 2, pods: 4, token: 'abc', tls: true, seed: 'cn-auth' });
    try {
      const ok = await kubeConfig(secured.url, 'abc').makeApiClient(CoreV1Api).listNode();
      expect(ok.items).toHaveLength(2);
      await expect(kubeConfig(secured.url, 'nope').makeApiClient(CoreV1Api).listNode()).rejects.toMatchObject({ code: 401 });
    } finally {
      await secured.close();
    }
  });
});
