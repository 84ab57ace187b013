import type { Db } from '../database/tx';

// OpsQueryTemplate: a data source's overrides of the shipped PromQL templates.

export async function readTemplates(db: Db, dataSourceIds: readonly string[]): Promise<{ dataSourceId: string; key: string; query: string }[]> {
  if (dataSourceIds.length === 0) return [];
  return db.opsQueryTemplate.findMany({ where: { dataSourceId: { in: [...dataSourceIds] } }, select: { dataSourceId: true, key: true, query: true } });
}

export async function upsertTemplate(db: Db, dataSourceId: string, key: string, query: string): Promise<void> {
  await db.opsQueryTemplate.upsert({ where: { dataSourceId_key: { dataSourceId, key } }, create: { dataSourceId, key, query }, update: { query } });
}

export async function deleteTemplate(db: Db, dataSourceId: string, key: string): Promise<void> {
  await db.opsQueryTemplate.deleteMany({ where: { dataSourceId, key } });
}

export async function dataSources(db: Db): Promise<{ id: string; name: string; clusterId: string | null; isDefault: boolean }[]> {
  return db.prometheusDataSource.findMany({ select: { id: true, name: true, clusterId: true, isDefault: true }, orderBy: [{ isDefault: 'desc' }, { name: 'asc' }] });
}

export async function dataSourceExists(db: Db, id: string): Promise<boolean> {
  return (await db.prometheusDataSource.count({ where: { id } })) > 0;
}

/** Moves when a data source or a template is added, changed or removed: the version of figures the templates read. */
export async function queryConfigVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRawUnsafe<Array<{ v: string }>>(
    `SELECT (SELECT count(*) || '@' || coalesce(max(extract(epoch FROM "updatedAt")), 0) FROM "PrometheusDataSource") || '|' ||
            (SELECT count(*) || '@' || coalesce(max(extract(epoch FROM "updatedAt")), 0) FROM "OpsQueryTemplate") AS v`,
  );
  return row?.v ?? '';
}
