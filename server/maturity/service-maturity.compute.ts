import { measured, noData } from './maturity.compute';
import type { Assessment, Evidence, MarkerResult, NextStep } from './maturity.schema';
import { addLedger, ledgerMeasures, ledgerSummary, type Gathered, type LedgerChange, type LedgerSummary } from './evidence.compute';
import { DRILL_WINDOW_DAYS, OPS_HREF, type DrillFact, type ServiceDrFact } from './operations-evidence.compute';

// The assessment of one service (docs/maturity.md "Per service"), pure. A
// service is held to the same thirty markers as its team: the markers about the
// service itself (its deploys, its SLOs, its backups and drills) read the
// service's own figures, where the team reads the share of its services; the
// practices a team owns (runbooks, on-call, post-mortems, toil, alert noise) and
// the shared platform (cert-manager, kube-bench, capacity) are the team's
// evidence. So a service and its team differ only on the service-specific
// markers, and "what to do next" can count how many services a gap blocks.

const DAY_MS = 86_400_000;

/** What one service has of its own: its ledger (its changes plus the platform's), SLOs, DR state and drills. */
export type ServiceFacts = { ledger: LedgerSummary | { unavailable: string }; slos: Gathered['slos']; dr: { fact: ServiceDrFact | undefined; drills: DrillFact[] } | null };

/** Every service's facts in one pass over the gathered data (2,000 services x 6,000 changes must not be a product). */
export function serviceFacts(g: Gathered, now: number): Map<string, ServiceFacts> {
  const own = new Map<string, LedgerChange[]>();
  if (Array.isArray(g.changes))
    for (const c of g.changes)
      for (const id of new Set(c.serviceIds ?? [])) {
        const list = own.get(id);
        if (list) list.push(c);
        else own.set(id, [c]);
      }
  // Platform changes (no service named) count for every service: summed once.
  const platform = Array.isArray(g.changes) ? ledgerSummary(g.changes.filter((c) => c.teamIds.length === 0), now) : null;
  const ledgerOf = (id: string) => (platform && Array.isArray(g.changes) ? addLedger(platform, ledgerSummary(own.get(id) ?? [], now)) : (g.changes as { unavailable: string }));
  const out = new Map<string, ServiceFacts>(g.services.map((s) => [s.id, { ledger: ledgerOf(s.id), slos: [], dr: 'unavailable' in g.operations.dr ? null : { fact: undefined, drills: [] } }]));
  for (const s of g.slos) out.get(s.serviceId)?.slos.push(s);
  const dr = g.operations.dr;
  if (!('unavailable' in dr)) {
    for (const f of dr.services) {
      const x = out.get(f.serviceId);
      if (x?.dr) x.dr.fact = f;
    }
    for (const d of dr.drills) out.get(d.serviceId)?.dr?.drills.push(d);
  }
  return out;
}

export function serviceEvidence(f: ServiceFacts, teamEvidence: Evidence, now: number): Evidence {
  const ledger = ledgerMeasures(f.ledger, now);
  const slos = f.slos;
  const withData = slos.filter((s) => s.dataState === 'ok').length;
  const dr = ((): Pick<Evidence, 'veleroRecentBackups' | 'drDrills90d' | 'multiClusterDr'> => {
    if (!f.dr) return { veleroRecentBackups: teamEvidence.veleroRecentBackups, drDrills90d: teamEvidence.drDrills90d, multiClusterDr: teamEvidence.multiClusterDr };
    const { fact } = f.dr;
    const drills = f.dr.drills.filter((d) => d.startedAt > now - DRILL_WINDOW_DAYS * DAY_MS && d.startedAt <= now);
    const elsewhere = drills.some((d) => d.success && d.cluster !== null && (fact?.clusters.length ?? 0) > 0 && !fact!.clusters.includes(d.cluster));
    return {
      veleroRecentBackups:
        !fact || fact.backupState === null
          ? noData('no namespace of the service found in the inventory', OPS_HREF.dr)
          : measured(fact.backupState === 'ok' ? 100 : 0, fact.backupState === 'ok' ? 'the last Velero backup of its namespaces is fresh' : `Velero backup state: ${fact.backupState}`, OPS_HREF.dr),
      drDrills90d: measured(drills.length, `${drills.length} DR drill${drills.length === 1 ? '' : 's'} of the service in ${DRILL_WINDOW_DAYS} days`, OPS_HREF.dr),
      multiClusterDr: measured(elsewhere ? 1 : 0, elsewhere ? 'restored into another cluster in a successful drill' : 'not restored into another cluster in a drill', OPS_HREF.dr),
    };
  })();
  return {
    ...teamEvidence,
    ...ledger,
    servicesWithSloPercent: measured(slos.length ? 100 : 0, slos.length ? `${slos.length} SLO${slos.length === 1 ? '' : 's'} defined` : 'no SLO defined', '/slos'),
    slosWithDataPercent: slos.length ? measured(Math.round((withData / slos.length) * 1000) / 10, `${withData} of ${slos.length} SLO${slos.length === 1 ? '' : 's'} have sampled data`, '/slos') : noData('no SLO defined', '/slos'),
    ...dr,
  };
}

/**
 * "What to do next" with the services each gap blocks: a scope's `next` (the
 * unmet markers up to the next level) with, per marker, how many of the given
 * services do not meet it. Ordered by level first (the seed: close level 3
 * before level 4), then by the services blocked, most first, then by title.
 */
export function withBlocking(a: Assessment, services: readonly Pick<Assessment, 'markers'>[]): NextStep[] {
  const blocks = (m: MarkerResult) => services.filter((s) => s.markers.find((x) => x.id === m.id)?.status !== 'met').length;
  return a.next
    .map((m) => ({ ...m, blocks: services.length ? blocks(m) : null }))
    .sort((x, y) => x.level - y.level || (y.blocks ?? 0) - (x.blocks ?? 0) || x.title.localeCompare(y.title));
}
