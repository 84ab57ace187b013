import type { RequestContext } from '../lib/request-context';
import * as certificates from '../certificates/certificates.service';
import * as dr from '../dr/dr.service';
import * as hardening from '../hardening/hardening.service';
import { objectsOfKinds } from '../inventory/inventory.service';
import * as toil from '../toil/toil.service';
import type { OperationsGathered, ToilFact } from './operations-evidence.compute';
import { DELIVERY_KINDS, deliveryFacts } from './delivery-evidence.compute';

// The operations domains' facts for the assessment, each through its owning
// service (never its repo). A domain that fails is reported as unavailable
// (its markers say "no data: ...") instead of failing the whole assessment.
// The caller (maturity.service assessAll) has authorized the reader (app.read);
// allCertificates and drState are the domains' unauthorized whole-state reads.

type Lookup = { services: { id: string; slug: string; teamId: string }[]; teams: { id: string; slug: string; name: string }[] };

const unavailable = (what: string) => (e: unknown) => ({ unavailable: `${what} could not be read (${e instanceof Error ? e.message.slice(0, 120) : 'error'})` });

async function certificateFacts(now: number, l: Lookup): Promise<OperationsGathered['certificates']> {
  const rows = await certificates.allCertificates(now);
  const teamOfService = new Map(l.services.map((s) => [s.slug, s.teamId]));
  const teamByLabel = new Map(l.teams.flatMap((t) => [[t.slug, t.id] as const, [t.name, t.id] as const]));
  return rows.map((r) => ({
    teamId: (r.service ? teamOfService.get(r.service.slug) : undefined) ?? (r.team ? (teamByLabel.get(r.team) ?? null) : null),
    managed: r.managed,
    cluster: r.cluster,
  }));
}

async function drFacts(now: number, l: Lookup): Promise<OperationsGathered['dr']> {
  const state = await dr.drState(now);
  const teamOf = new Map(l.services.map((s) => [s.id, s.teamId]));
  return {
    services: state.services
      .filter((s) => teamOf.has(s.service.id))
      .map((s) => ({ serviceId: s.service.id, teamId: teamOf.get(s.service.id)!, backupState: s.backupState, clusters: [...new Set(s.namespaces.map((n) => n.split('/')[0]!))], namespaces: s.namespaces })),
    drills: state.drills
      .filter((d) => teamOf.has(d.service.id))
      .map((d) => ({ serviceId: d.service.id, teamId: teamOf.get(d.service.id)!, startedAt: Date.parse(d.startedAt), success: d.success, cluster: d.cluster })),
  };
}

async function benchFacts(ctx: RequestContext): Promise<OperationsGathered['kubeBench']> {
  return (await hardening.kubeBenchClusterScores(ctx)).map((c) => ({ cluster: c.clusterName, score: c.score }));
}

async function toilFacts(ctx: RequestContext, now: number): Promise<OperationsGathered['toil']> {
  const o = await toil.getToilOverview(ctx, { sprints: 2 }, now);
  const out = new Map<string, ToilFact>();
  for (const t of o.teams) {
    // The last complete sprint: the current one is still filling up.
    const s = t.trend.length >= 2 ? t.trend[t.trend.length - 2]! : null;
    if (s) out.set(t.teamId, { percent: s.percent, toilHours: s.toilHours, engineeringHours: s.engineeringHours, loggedHours: s.loggedHours, pagesHandled: s.pagesHandled, sprintEnd: s.end });
  }
  return out;
}

/** Rollouts, Canaries, chaos experiments and schedules, ScaledObjects, and the Namespaces whose teams they fall back to. */
async function deliveryObjects(l: Lookup): Promise<OperationsGathered['delivery']> {
  const rows = await objectsOfKinds([...DELIVERY_KINDS, 'Namespace']);
  const map = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, string>) : {});
  return deliveryFacts(
    rows.map((r) => ({ kind: r.kind, clusterName: r.cluster.name, namespace: r.namespace, name: r.name, labels: map(r.labels), annotations: map(r.annotations), data: r.data, createdAt: r.creationTimestamp?.getTime() ?? null })),
    l,
  );
}

export async function gatherOperations(ctx: RequestContext, now: number, lookup: Lookup): Promise<OperationsGathered> {
  const [certs, drs, bench, toilByTeam, delivery] = await Promise.all([
    certificateFacts(now, lookup).catch(unavailable('certificates')),
    drFacts(now, lookup).catch(unavailable('disaster recovery')),
    benchFacts(ctx).catch(unavailable('kube-bench results')),
    toilFacts(ctx, now).catch(unavailable('toil')),
    deliveryObjects(lookup).catch(unavailable('the inventory (Rollouts, Canaries, chaos, KEDA)')),
  ]);
  return { certificates: certs, dr: drs, kubeBench: bench, toil: toilByTeam, delivery };
}
