import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { AuthKind, DataSourceDto } from './datasources.schema';

const select = {
  id: true,
  name: true,
  url: true,
  authKind: true,
  username: true,
  secretSealed: true,
  clusterId: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
  cluster: { select: { name: true } },
} as const;

type Row = Prisma.PrometheusDataSourceGetPayload<{ select: typeof select }>;

export type DataSourceRow = DataSourceDto & { secretSealed: string | null };

function toRow({ cluster, secretSealed, ...r }: Row): DataSourceRow {
  return { ...r, authKind: r.authKind as AuthKind, hasSecret: secretSealed !== null, clusterName: cluster?.name ?? null, secretSealed };
}

export function toDto(row: DataSourceRow): DataSourceDto {
  const { secretSealed: _sealed, ...dto } = row;
  void _sealed;
  return dto;
}

export async function listDataSources(db: Db): Promise<DataSourceRow[]> {
  return (await db.prometheusDataSource.findMany({ select, orderBy: [{ isDefault: 'desc' }, { name: 'asc' }] })).map(toRow);
}

export async function findDataSource(db: Db, id: string): Promise<DataSourceRow | null> {
  const row = await db.prometheusDataSource.findUnique({ where: { id }, select });
  return row ? toRow(row) : null;
}

export async function findDataSourceByName(db: Db, name: string): Promise<DataSourceRow | null> {
  const row = await db.prometheusDataSource.findUnique({ where: { name }, select });
  return row ? toRow(row) : null;
}

export async function findDefaultDataSource(db: Db): Promise<DataSourceRow | null> {
  const row = await db.prometheusDataSource.findFirst({ where: { isDefault: true }, select, orderBy: { createdAt: 'asc' } });
  return row ? toRow(row) : null;
}

export async function clusterExists(db: Db, id: string): Promise<boolean> {
  return (await db.cluster.count({ where: { id } })) > 0;
}

type Data = {
  name: string;
  url: string;
  authKind: AuthKind;
  username: string | null;
  clusterId: string | null;
  isDefault: boolean;
};

export async function insertDataSource(db: Db, data: Data): Promise<DataSourceRow> {
  return toRow(await db.prometheusDataSource.create({ data, select }));
}

export async function updateDataSource(db: Db, id: string, data: Partial<Data> & { secretSealed?: string | null }): Promise<DataSourceRow> {
  return toRow(await db.prometheusDataSource.update({ where: { id }, data, select }));
}

/** Only one default: the one being saved. */
export async function clearDefaultExcept(db: Db, id: string): Promise<void> {
  await db.prometheusDataSource.updateMany({ where: { isDefault: true, NOT: { id } }, data: { isDefault: false } });
}

export async function deleteDataSource(db: Db, id: string): Promise<void> {
  await db.prometheusDataSource.delete({ where: { id } });
}
