import type { Db } from '../database/tx';

// Every sealed column, with the context its rows are sealed under (the context
// must match the sealing code in each domain: clusters, datasources, paging).
export const SEALED_COLUMNS = ['cluster', 'datasource', 'channel'] as const;
export type SealedKind = (typeof SEALED_COLUMNS)[number];

export const sealedContext: Record<SealedKind, (id: string) => string> = {
  cluster: (id) => `cluster:${id}`,
  datasource: (id) => `prometheus:${id}`,
  channel: (id) => `channel:${id}`,
};

export type SealedRow = { kind: SealedKind; id: string; sealed: string };

export async function listSealed(db: Db): Promise<SealedRow[]> {
  const [clusters, sources, channels] = await Promise.all([
    db.cluster.findMany({ where: { sealedCredentials: { not: null } }, select: { id: true, sealedCredentials: true } }),
    db.prometheusDataSource.findMany({ where: { secretSealed: { not: null } }, select: { id: true, secretSealed: true } }),
    db.notificationChannel.findMany({ where: { sealedSecret: { not: null } }, select: { id: true, sealedSecret: true } }),
  ]);
  return [
    ...clusters.map((r) => ({ kind: 'cluster' as const, id: r.id, sealed: r.sealedCredentials! })),
    ...sources.map((r) => ({ kind: 'datasource' as const, id: r.id, sealed: r.secretSealed! })),
    ...channels.map((r) => ({ kind: 'channel' as const, id: r.id, sealed: r.sealedSecret! })),
  ];
}

/** Replaces a sealed value only if it is still the one read (a concurrent edit wins). */
export async function replaceSealed(db: Db, row: SealedRow, sealed: string): Promise<boolean> {
  const where = { id: row.id };
  switch (row.kind) {
    case 'cluster':
      return (await db.cluster.updateMany({ where: { ...where, sealedCredentials: row.sealed }, data: { sealedCredentials: sealed } })).count === 1;
    case 'datasource':
      return (await db.prometheusDataSource.updateMany({ where: { ...where, secretSealed: row.sealed }, data: { secretSealed: sealed } })).count === 1;
    case 'channel':
      return (await db.notificationChannel.updateMany({ where: { ...where, sealedSecret: row.sealed }, data: { sealedSecret: sealed } })).count === 1;
  }
}
