import { db } from '../database/tx';
import * as repo from './changes.repo';

// What other domains read of the ledger's history (post-mortem pre-fill: "the
// changes to the affected services in the 24 h before the start"). Kept apart
// from changes.service, which depends on post-mortems for its gate, so that
// post-mortems can depend on this without an import cycle.

export type ChangeBefore = { id: string; title: string; tier: string; status: string; at: number; services: string[] };

export async function changesBefore(serviceIds: readonly string[], startedAt: number, hours = 24): Promise<ChangeBefore[]> {
  const rows = await repo.deployedChangesOfServices(db(), serviceIds, new Date(startedAt - hours * 3_600_000), new Date(startedAt));
  return rows.map((r) => ({ id: r.id, title: r.title, tier: r.tier, status: r.status, at: (r.startedAt ?? r.requestedAt).getTime(), services: r.services.map((s) => s.service.name) }));
}
