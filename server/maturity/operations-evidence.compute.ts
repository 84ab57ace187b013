import { measured, noData, percent } from './maturity.compute';
import type { Evidence } from './maturity.schema';
import { deliveryEvidence, type DeliveryEvidence, type DeliveryFact } from './delivery-evidence.compute';

// The operations domains' evidence (certificates, disaster recovery, security
// hardening, toil; canary, chaos and KEDA objects from the inventory) for one team or the organisation (teamId null). Pure:
// maturity.service.ts gathers the facts through each domain's service; a domain
// that could not be read is `{ unavailable: reason }` and its markers say so.

const DAY_MS = 86_400_000;
export const DRILL_WINDOW_DAYS = 90;

type Unavailable = { unavailable: string };
const available = <T>(x: T | Unavailable): x is T => !(typeof x === 'object' && x !== null && 'unavailable' in x);

/** One certificate (cert-manager Certificate or an Ingress TLS secret); teamId from its service, else its team label. */
export type CertFact = { teamId: string | null; managed: boolean; cluster: string };
/** One catalog service's DR state (server/dr): worst backup state of its namespaces (null: none found), the clusters it runs in and its namespaces (`cluster/namespace`). */
export type ServiceDrFact = { serviceId: string; teamId: string; backupState: string | null; clusters: string[]; namespaces: string[] };
export type DrillFact = { serviceId: string; teamId: string; startedAt: number; success: boolean; cluster: string | null };
/** kube-bench per cluster (server/hardening): pooled score of each node's latest run; null = no run. */
export type BenchFact = { cluster: string; score: number | null };
/** Toil of the team's last complete sprint (server/toil). */
export type ToilFact = { percent: number | null; toilHours: number; engineeringHours: number | null; loggedHours: number; pagesHandled: number; sprintEnd: string };

export type OperationsGathered = {
  certificates: CertFact[] | Unavailable;
  dr: { services: ServiceDrFact[]; drills: DrillFact[] } | Unavailable;
  kubeBench: BenchFact[] | Unavailable;
  toil: Map<string, ToilFact> | Unavailable;
  /** Argo Rollouts, Flagger Canaries, Chaos Mesh experiments and schedules, KEDA ScaledObjects (delivery-evidence.compute.ts). */
  delivery: DeliveryFact[] | Unavailable;
};

export type OperationsEvidence = Pick<Evidence, 'unmanagedCertificates' | 'certManagerCertificates' | 'veleroRecentBackups' | 'kubeBenchScore' | 'drDrills90d' | 'multiClusterDr' | 'toilPercent'> & DeliveryEvidence;

export const OPS_HREF = { certificates: '/certificates', dr: '/dr', security: '/security', toil: '/toil' } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round1 = (x: number) => Math.round(x * 10) / 10;

function certificateEvidence(certs: OperationsGathered['certificates'], teamId: string | null): Pick<OperationsEvidence, 'unmanagedCertificates' | 'certManagerCertificates'> {
  if (!available(certs)) {
    const missing = noData(certs.unavailable, OPS_HREF.certificates);
    return { unmanagedCertificates: missing, certManagerCertificates: missing };
  }
  const own = teamId ? certs.filter((c) => c.teamId === teamId) : certs;
  const unmanaged = own.filter((c) => !c.managed).length;
  // cert-manager is platform: installed once per cluster, it serves every team (like capacity).
  const managed = certs.filter((c) => c.managed);
  const clusters = new Set(managed.map((c) => c.cluster)).size;
  return {
    unmanagedCertificates: measured(
      unmanaged,
      own.length === 0
        ? `no TLS certificate found${teamId ? ' for the team' : ''}: nothing renewed by hand`
        : `${unmanaged} of ${plural(own.length, 'TLS certificate')}${teamId ? ' of the team' : ''} not managed by cert-manager`,
      OPS_HREF.certificates,
    ),
    certManagerCertificates: measured(
      managed.length,
      managed.length ? `${plural(managed.length, 'certificate')} issued by cert-manager on ${plural(clusters, 'cluster')} (shared platform)` : 'no certificate issued by cert-manager on any cluster',
      OPS_HREF.certificates,
    ),
  };
}

function drEvidence(dr: OperationsGathered['dr'], teamId: string | null, now: number): Pick<OperationsEvidence, 'veleroRecentBackups' | 'drDrills90d' | 'multiClusterDr'> {
  if (!available(dr)) {
    const missing = noData(dr.unavailable, OPS_HREF.dr);
    return { veleroRecentBackups: missing, drDrills90d: missing, multiClusterDr: missing };
  }
  const services = teamId ? dr.services.filter((s) => s.teamId === teamId) : dr.services;
  const located = services.filter((s) => s.backupState !== null);
  const fresh = located.filter((s) => s.backupState === 'ok').length;
  const freshPct = percent(fresh, located.length);
  const since = now - DRILL_WINDOW_DAYS * DAY_MS;
  const drills = (teamId ? dr.drills.filter((d) => d.teamId === teamId) : dr.drills).filter((d) => d.startedAt > since && d.startedAt <= now);
  const succeeded = drills.filter((d) => d.success).length;
  // Multi-cluster DR: a successful restore into a cluster the service does not run in.
  const clustersOf = new Map(services.map((s) => [s.serviceId, s.clusters]));
  const crossCluster = new Set(drills.filter((d) => d.success && d.cluster !== null && (clustersOf.get(d.serviceId)?.length ?? 0) > 0 && !clustersOf.get(d.serviceId)!.includes(d.cluster)).map((d) => d.serviceId)).size;
  return {
    veleroRecentBackups:
      freshPct === null
        ? noData(`no namespace of ${teamId ? "the team's" : 'any'} services found in the inventory`, OPS_HREF.dr)
        : measured(freshPct, `${fresh} of ${plural(located.length, 'service')} backed up by a Velero schedule whose last backup is fresh`, OPS_HREF.dr),
    drDrills90d: measured(drills.length, `${plural(drills.length, 'DR drill')} recorded in ${DRILL_WINDOW_DAYS} days (${succeeded} succeeded)`, OPS_HREF.dr),
    multiClusterDr: measured(crossCluster, `${plural(crossCluster, 'service')} restored into another cluster in a successful drill (${DRILL_WINDOW_DAYS} days)`, OPS_HREF.dr),
  };
}

/**
 * The clusters a team's services run in (by cluster name), from where DR found
 * their namespaces; null for the organisation, or when none was found.
 */
export function teamClusters(dr: OperationsGathered['dr'], teamId: string | null): Set<string> | null {
  if (!teamId || !available(dr)) return null;
  const clusters = new Set(dr.services.filter((s) => s.teamId === teamId).flatMap((s) => s.clusters));
  return clusters.size ? clusters : null;
}

/**
 * kube-bench is the platform's: the organisation is held to its worst cluster, a
 * team to the worst cluster its services run in (a lab cluster it does not use
 * does not hold it back). A team whose services were found in no cluster is
 * held to every cluster.
 */
function kubeBenchEvidence(bench: OperationsGathered['kubeBench'], own: Set<string> | null): OperationsEvidence['kubeBenchScore'] {
  if (!available(bench)) return noData(bench.unavailable, OPS_HREF.security);
  const clusters = own ? bench.filter((b) => own.has(b.cluster)) : bench;
  const where = own ? `of the ${plural(clusters.length, 'cluster')} the team's services run in` : `of ${plural(clusters.length, 'cluster')}`;
  const scored = clusters.filter((b): b is BenchFact & { score: number } => b.score !== null);
  if (!scored.length) return noData(clusters.length ? `no kube-bench run uploaded for any ${where}` : 'no clusters registered', OPS_HREF.security);
  const worst = scored.reduce((w, b) => (b.score < w.score ? b : w));
  const missing = clusters.length - scored.length;
  return measured(worst.score, `lowest cluster score ${worst.score} % (${worst.cluster}); ${scored.length} ${where} benched${own ? '' : ' (shared platform)'}${missing ? `, ${missing} without a run` : ''}`, OPS_HREF.security);
}

function toilEvidence(toil: OperationsGathered['toil'], teamId: string | null): OperationsEvidence['toilPercent'] {
  if (!available(toil)) return noData(toil.unavailable, OPS_HREF.toil);
  const measuredOnly = (t: ToilFact) => t.percent !== null && (t.loggedHours > 0 || t.pagesHandled > 0);
  if (teamId) {
    const t = toil.get(teamId);
    if (!t || t.percent === null) return noData('no engineering hours known for the team (members or Toil settings)', OPS_HREF.toil);
    if (!measuredOnly(t)) return noData(`no toil logged and no page handled in the sprint ending ${t.sprintEnd}: toil is not measured`, OPS_HREF.toil);
    return measured(t.percent, `${t.percent} % in the sprint ending ${t.sprintEnd} (${round1(t.toilHours)} h of ${t.engineeringHours} h)`, OPS_HREF.toil);
  }
  const teams = [...toil.values()].filter(measuredOnly);
  const hours = teams.reduce((s, t) => s + t.toilHours, 0);
  const capacity = teams.reduce((s, t) => s + (t.engineeringHours ?? 0), 0);
  const pooled = percent(hours, capacity);
  return pooled === null
    ? noData('no team measures its toil yet', OPS_HREF.toil)
    : measured(pooled, `${pooled} % over ${plural(teams.length, 'team')} measuring toil (last complete sprint: ${round1(hours)} h of ${capacity} h)`, OPS_HREF.toil);
}

export function operationsEvidence(o: OperationsGathered, teamId: string | null, now: number): OperationsEvidence {
  return {
    ...certificateEvidence(o.certificates, teamId),
    ...drEvidence(o.dr, teamId, now),
    kubeBenchScore: kubeBenchEvidence(o.kubeBench, teamClusters(o.dr, teamId)),
    toilPercent: toilEvidence(o.toil, teamId),
    ...deliveryEvidence(o.delivery, teamId, now),
  };
}
