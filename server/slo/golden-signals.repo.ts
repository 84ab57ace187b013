import type { Db } from '../database/tx';
import type { GoldenSignalKey } from './golden-signals.schema';

export type GoldenRow = { serviceId: string; dataSourceId: string | null; selector: string; queries: Partial<Record<GoldenSignalKey, string>> };

export async function findGoldenSignals(db: Db, serviceId: string): Promise<GoldenRow | null> {
  const row = await db.serviceGoldenSignals.findUnique({ where: { serviceId } });
  return row ? { serviceId, dataSourceId: row.dataSourceId, selector: row.selector, queries: row.queries as GoldenRow['queries'] } : null;
}

export async function saveGoldenSignals(db: Db, row: GoldenRow): Promise<void> {
  const data = { dataSourceId: row.dataSourceId, selector: row.selector, queries: row.queries };
  await db.serviceGoldenSignals.upsert({ where: { serviceId: row.serviceId }, create: { serviceId: row.serviceId, ...data }, update: data });
}

/** Every service with its golden-signal row, if any (the performance domain reads them all). */
export async function listGoldenSignals(db: Db): Promise<Array<{ id: string; slug: string; name: string; teamSlug: string; row: GoldenRow | null }>> {
  const services = await db.service.findMany({ select: { id: true, slug: true, name: true, team: { select: { slug: true } }, goldenSignals: true }, orderBy: { slug: 'asc' } });
  return services.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    teamSlug: s.team.slug,
    row: s.goldenSignals ? { serviceId: s.id, dataSourceId: s.goldenSignals.dataSourceId, selector: s.goldenSignals.selector, queries: s.goldenSignals.queries as GoldenRow['queries'] } : null,
  }));
}
