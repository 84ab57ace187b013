import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { ClusterDto, ConnectionKind, SyncState } from './clusters.schema';

const clusterSelect = {
  id: true,
  name: true,
  description: true,
  connectionKind: true,
  apiUrl: true,
  kubeContext: true,
  insecureSkipTlsVerify: true,
  sealedCredentials: true,
  caData: true,
  serverGitVersion: true,
  serverMinor: true,
  syncState: true,
  lastSyncedAt: true,
  lastError: true,
  disabled: true,
  createdAt: true,
  updatedAt: true,
  syncStatuses: { select: { kind: true, objectCount: true } },
} satisfies Prisma.ClusterSelect;

type Row = Prisma.ClusterGetPayload<{ select: typeof clusterSelect }>;

function toDto({ sealedCredentials, caData, syncStatuses, ...c }: Row): ClusterDto {
  return {
    ...c,
    connectionKind: c.connectionKind as ConnectionKind,
    syncState: c.syncState as SyncState,
    hasCredentials: Boolean(sealedCredentials),
    hasCaData: Boolean(caData),
    objectCounts: Object.fromEntries(syncStatuses.map((s) => [s.kind, s.objectCount])),
  };
}

export async function listClusters(db: Db): Promise<ClusterDto[]> {
  return (await db.cluster.findMany({ select: clusterSelect, orderBy: { name: 'asc' } })).map(toDto);
}

export async function findCluster(db: Db, where: { id: string } | { name: string }): Promise<ClusterDto | null> {
  const row = await db.cluster.findUnique({ where, select: clusterSelect });
  return row ? toDto(row) : null;
}

export async function findConnection(db: Db, id: string) {
  return db.cluster.findUnique({
    where: { id },
    select: { id: true, name: true, connectionKind: true, apiUrl: true, sealedCredentials: true, caData: true, kubeContext: true, insecureSkipTlsVerify: true, disabled: true },
  });
}

export interface ConnectionFields {
  connectionKind: ConnectionKind;
  apiUrl: string;
  sealedCredentials: string | null;
  caData: string | null;
  kubeContext: string | null;
  insecureSkipTlsVerify: boolean;
}

export async function insertCluster(db: Db, data: { name: string; description: string; createdById: string | null } & Omit<ConnectionFields, 'sealedCredentials'>): Promise<string> {
  const row = await db.cluster.create({ data, select: { id: true } });
  return row.id;
}

export async function updateCluster(
  db: Db,
  id: string,
  data: Partial<ConnectionFields & { name: string; description: string; disabled: boolean; syncState: SyncState; serverGitVersion: string; serverMinor: string }>,
): Promise<void> {
  await db.cluster.update({ where: { id }, data });
}

export async function deleteCluster(db: Db, id: string): Promise<void> {
  await db.cluster.delete({ where: { id } });
}

export async function syncStatusOf(db: Db, id: string) {
  return db.cluster.findUnique({
    where: { id },
    select: {
      id: true,
      syncState: true,
      lastSyncedAt: true,
      lastError: true,
      lease: { select: { holder: true, expiresAt: true } },
      syncStatuses: { orderBy: { kind: 'asc' } },
    },
  });
}
