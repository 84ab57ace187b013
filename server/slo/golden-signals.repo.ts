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
