import { db } from '../database/tx';
import * as repo from './changes.repo';

// What other domains read of the ledger's history (post-mortem pre-fill: "the
// changes to the affected services in the 24 h before the start"). Kept apart
// from changes.service, which depends on post-mortems for its gate, so that
// post-mortems can depend on this without an import cycle.

/** `cause` and `markedBy`: marked on the incident from its console (incident-links.service). */
export type ChangeBefore = { id: string; title: string; tier: string; status: string; source: string; at: number; services: string[]; cause: 'suspected' | 'confirmed' | null; markedBy: string | null };

export async function changesBefore(serviceIds: readonly string[], startedAt: number, hours = 24, incidentId?: string): Promise<ChangeBefore[]> {
  const [rows, links] = await Promise.all([
    repo.deployedChangesOfServices(db(), serviceIds, new Date(startedAt - hours * 3_600_000), new Date(startedAt)),
    incidentId ? repo.linksOfIncident(db(), incidentId) : Promise.resolve([]),
  ]);
  const mark = new Map(links.map((l) => [l.changeId, l]));
  // A change marked as the cause belongs in the post-mortem even when it shipped earlier than the window.
  const all = [...rows, ...links.map((l) => l.change).filter((c) => !rows.some((r) => r.id === c.id))];
  return all.map((r) => ({
    id: r.id,
    title: r.title,
    tier: r.tier,
    status: r.status,
    source: r.source,
    at: (r.startedAt ?? r.requestedAt).getTime(),
    services: r.services.map((s) => s.service.name),
    cause: mark.get(r.id)?.cause ?? null,
    markedBy: mark.get(r.id)?.markedByLabel ?? null,
  }));
}
