import type { RequestContext } from '../lib/request-context';
import { listServices } from '../catalog/catalog.service';
import { runbooksForService } from '../runbooks/runbooks.service';
import type { CatalogService } from './ops-signals.compute';

// Lookups the network, storage and performance domains share: the catalog by
// slug (with the owning team) and the runbooks written for their alerts.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains' }, requestId: null };

export async function catalogBySlug(): Promise<Map<string, CatalogService & { id: string }>> {
  const services = await listServices(SYSTEM);
  return new Map(services.map((s) => [s.slug, { id: s.id, slug: s.slug, name: s.name, team: s.teamSlug }]));
}

export type AlertRunbook = { id: string; title: string; url: string | null };

/** The Runwell runbook written for each alert name, if any. */
export async function alertRunbooks(names: readonly string[]): Promise<Record<string, AlertRunbook | null>> {
  const found = await runbooksForService(SYSTEM, { alertNames: names });
  return Object.fromEntries(
    names.map((n) => {
      const r = found.find((x) => x.alertName === n);
      return [n, r ? { id: r.id, title: r.title, url: r.url } : null];
    }),
  );
}

export function runbookUrls(index: Record<string, AlertRunbook | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(index).flatMap(([k, v]) => (v?.url ? [[k, v.url]] : [])));
}

export function runbookLinks(index: Record<string, AlertRunbook | null>): Record<string, { id: string; title: string } | null> {
  return Object.fromEntries(Object.entries(index).map(([k, v]) => [k, v ? { id: v.id, title: v.title } : null]));
}
