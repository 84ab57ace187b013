import { describe, expect, it } from 'vitest';
import { Churn } from './churn';
import { Controllers } from './controllers';
import { materialize } from './materialize';
import { randomPlan } from './plan-random';
import { shopPlan } from './plan-shop';
import { Prng } from './prng';
import { ResourceRegistry } from './resources';
import { ClusterStore } from './store';
import type { StoredEvent } from './store-events';

const NOW = Date.parse('2026-11-01T12:00:00Z');

function cluster(seed: string) {
  const registry = new ResourceRegistry();
  const store = new ClusterStore(registry, { historySize: 100_000 });
  store.load(materialize(randomPlan({ nodes: 8, pods: 240, seed, now: NOW })));
  let t = NOW;
  const clock = () => (t += 1000);
  const controllers = new Controllers(store, new Prng(seed).fork('controllers'), clock, { podStartMs: 0, podTerminateMs: 0 });
  const churn = new Churn(store, controllers, seed, clock);
  return { store, controllers, churn, registry };
}

function signature(events: StoredEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.rid} ${e.key}`);
}

describe('churn', () => {
  it('is deterministic for a seed', () => {
    const runs = ['a', 'a', 'b'].map((seed) => {
      const c = cluster(seed);
      const events: StoredEvent[] = [];
      c.store.onChange((e) => events.push(e));
      for (let i = 0; i < 40; i++) {
        c.churn.step(5);
        c.controllers.tick();
      }
      return signature(events);
    });
    expect(runs[0]!.length).toBeGreaterThan(200);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('produces adds, updates and deletes across pods, replica sets and events', () => {
    const c = cluster('mix');
    const events: StoredEvent[] = [];
    c.store.onChange((e) => events.push(e));
    for (let i = 0; i < 60; i++) {
      c.churn.step(5);
      c.controllers.tick();
    }
    const types = new Set(events.filter((e) => e.rid === 'pods').map((e) => e.type));
    expect(types).toEqual(new Set(['ADDED', 'MODIFIED', 'DELETED']));
    expect(events.some((e) => e.rid === 'apps/replicasets' && e.type === 'ADDED')).toBe(true); // a rollout
    expect(events.some((e) => e.rid === 'events' && e.type === 'ADDED')).toBe(true);
    expect(c.churn.stats.restart + c.churn.stats.evict + c.churn.stats.scale + c.churn.stats.rollout).toBeGreaterThan(0);
  });

  it('leaves the cluster coherent: owners exist, deployments match their pods', () => {
    const c = cluster('coherent');
    for (let i = 0; i < 80; i++) {
      c.churn.step(5);
      c.controllers.tick();
    }
    c.controllers.settle();
    const byUid = new Map<string, unknown>();
    for (const def of c.registry.all) if (!def.virtual) for (const o of c.store.iterate(def)) byUid.set(o.metadata.uid, o);
    const pods = c.store.all(c.registry.lookup('', 'v1', 'pods')!);
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.[0];
      expect(ref && byUid.has(ref.uid), `${p.metadata.name} owner ${ref?.name}`).toBe(true);
      expect(p.metadata.deletionTimestamp).toBeUndefined();
    }
    for (const d of c.store.all(c.registry.lookup('apps', 'v1', 'deployments')!)) {
      const live = c.controllers.ownedReplicaSets(d).flatMap((rs) => c.controllers.livePods(rs));
      expect(live.length, d.metadata.name).toBe(d.spec.replicas);
      expect(d.status.replicas, d.metadata.name).toBe(d.spec.replicas);
      expect(c.controllers.ownedReplicaSets(d).filter((rs) => rs.spec.replicas > 0)).toHaveLength(d.spec.replicas > 0 ? 1 : 0);
    }
  });

  it('paces itself to the configured events per second', async () => {
    const c = cluster('pace');
    c.churn.eventsPerSecond = 200;
    const before = c.store.resourceVersion;
    c.churn.start(20);
    await new Promise((r) => setTimeout(r, 600));
    c.churn.stop();
    const emitted = c.store.resourceVersion - before;
    expect(emitted).toBeGreaterThan(40);
    expect(emitted).toBeLessThan(400);
  });

  it('leaves the shop demo\'s planted (frozen) problems alone', () => {
    const registry = new ResourceRegistry();
    const store = new ClusterStore(registry);
    store.load(materialize(shopPlan({ now: NOW })));
    let t = NOW;
    const clock = () => (t += 1000);
    const controllers = new Controllers(store, new Prng('shop').fork('controllers'), clock, { podStartMs: 0, podTerminateMs: 0 });
    const churn = new Churn(store, controllers, 'shop', clock);
    const get = (g: string, v: string, p: string, ns: string, name: string) => store.get(registry.lookup(g, v, p)!, ns, name)!;
    const before = {
      cert: JSON.stringify(get('cert-manager.io', 'v1', 'certificates', 'identity', 'auth-service-tls')),
      schedule: JSON.stringify(get('velero.io', 'v1', 'schedules', 'velero', 'catalog-daily')),
      fraud: get('apps', 'v1', 'deployments', 'payments', 'fraud-scorer').metadata.resourceVersion,
    };
    const rv = store.resourceVersion;
    for (let i = 0; i < 150; i++) {
      churn.step(4);
      controllers.tick();
    }
    expect(store.resourceVersion - rv).toBeGreaterThan(500);
    expect(JSON.stringify(get('cert-manager.io', 'v1', 'certificates', 'identity', 'auth-service-tls'))).toBe(before.cert);
    expect(JSON.stringify(get('velero.io', 'v1', 'schedules', 'velero', 'catalog-daily'))).toBe(before.schedule);
    expect(get('apps', 'v1', 'deployments', 'payments', 'fraud-scorer').metadata.resourceVersion).toBe(before.fraud);
    const email = store.all(registry.lookup('', 'v1', 'pods')!, 'notifications').filter((p) => p.metadata.name.startsWith('email-sender-'));
    expect(email.map((p) => p.status.containerStatuses[0].state.waiting?.reason)).toEqual(['CrashLoopBackOff']);
  });
});
