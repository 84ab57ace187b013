import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { actorWith, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { createTeam } from '../teams/teams.service';
import { startClusterCollector, type RunningCollector } from '../inventory/collector.service';
import { createChange } from './changes.service';
import { syncGitopsLedger } from './gitops.service';

// The GitOps feed end to end: the shop simulator's Argo CD Applications and
// Flux objects, collected into Postgres by the real collector, become ledger
// entries; a second run (a relist) adds nothing; a CI record of the same
// commit gives its tier; a rollback and failed syncs are told apart.

let sim: Simulator;
let collector: RunningCollector;
let clusterName: string;
let clusterId: string;
let checkoutApiId: string;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

const entries = () =>
  getPrisma().change.findMany({
    where: { source: 'gitops', cluster: clusterName },
    select: { id: true, title: true, tier: true, status: true, externalId: true, commitSha: true, decisionReasons: true, services: { select: { serviceId: true } }, authorLabel: true },
    orderBy: { externalId: 'asc' },
  });

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'shop', seed: 'gitops-ledger' });
  clusterName = uniqueSlug('gitops');
  clusterId = (await getPrisma().cluster.create({ data: { name: clusterName, connectionKind: 'simulator', apiUrl: sim.url } })).id;
  const team = await createTeam(systemCtx, { slug: uniqueSlug('gitops-team'), name: 'GitOps team' });
  // The shop's checkout application deploys the checkout-api workload (app.kubernetes.io/name). Not a demo
  // slug: the demo seed's test expects its own services as it makes them.
  checkoutApiId = (await getPrisma().service.upsert({ where: { slug: 'checkout-api' }, update: {}, create: { slug: 'checkout-api', name: 'Checkout API', teamId: team.id }, select: { id: true } })).id;
  collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { flushMs: 30, watchTimeoutSeconds: 3, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 });
  await until(() => getPrisma().inventoryObject.count({ where: { clusterId, kind: { in: ['Application', 'HelmRelease', 'Kustomization'] } } }), (n) => n >= 9);
  await until(() => getPrisma().inventoryObject.count({ where: { clusterId, kind: 'Deployment', namespace: 'checkout' } }), (n) => n >= 2);
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await sim?.close();
  await getPrisma().cluster.deleteMany({ where: { id: clusterId } });
});

describe('GitOps syncs in the change ledger', () => {
  it('records every sync once, inherits the tier of a CI record of the same commit, and adds nothing on a second run', async () => {
    const checkout = sim.store.get(sim.store.registry.byApiVersionKind('argoproj.io/v1alpha1', 'Application')!, 'argocd', 'checkout')!;
    const history = checkout.status.history as { id: number; revision: string }[];
    const engineer = await actorWith('engineer');
    await createChange(engineer, { title: 'Cart: new checkout flow', services: ['checkout-api'], tier: 'T2', commitSha: history[1]!.revision });

    await syncGitopsLedger();
    const first = await entries();
    const argo = first.filter((e) => e.externalId!.startsWith(`argocd/${clusterName}/argocd/checkout/`));
    expect(argo.map((e) => e.externalId)).toEqual(expect.arrayContaining(history.map((h) => `argocd/${clusterName}/argocd/checkout/${h.id}`)));
    // The newest sync of checkout redeploys the revision of two syncs before: a rollback of the one in between.
    const byId = new Map(argo.map((e) => [e.externalId!.split('/').pop(), e]));
    expect(byId.get(String(history.at(-1)!.id))!.title).toMatch(/rollback to/);
    expect(byId.get(String(history.at(-2)!.id))!.status).toBe('rolled_back');
    // Tier from the CI record of that commit; the others are T1, unclassified.
    const matched = byId.get(String(history[1]!.id))!;
    expect(matched.tier).toBe('T2');
    expect(JSON.stringify(matched.decisionReasons)).toMatch(/Cart: new checkout flow/);
    expect(JSON.stringify(byId.get(String(history[0]!.id))!.decisionReasons)).toMatch(/unclassified/);
    // Mapped to the catalog through the workloads the application deploys.
    expect(matched.services.map((s) => s.serviceId)).toEqual([checkoutApiId]);
    // The degraded notifications application's failed sync and Flux's failed Helm upgrade.
    expect(first.filter((e) => e.status === 'failed').map((e) => e.externalId!.split('/').slice(0, 4).join('/'))).toEqual(
      expect.arrayContaining([`argocd/${clusterName}/argocd/notifications`, `flux/${clusterName}/HelmRelease/flux-system`]),
    );
    expect(first.find((e) => e.externalId === `flux/${clusterName}/Kustomization/flux-system/monitoring@${(sim.store.get(sim.store.registry.byApiVersionKind('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')!, 'flux-system', 'monitoring')!.status.lastAppliedRevision as string)}`)).toMatchObject({ status: 'succeeded', authorLabel: 'Flux (automated)' });

    const again = await syncGitopsLedger();
    expect(again.created).toBe(0);
    expect((await entries()).length).toBe(first.length);
  });
});
