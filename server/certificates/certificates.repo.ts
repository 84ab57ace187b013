import type { Db } from '../database/tx';
import type { WorkloadRef } from './certificates.schema';
import type { CertObject, CertRequestObject, IngressObject } from './certificates.compute';

// Reads cert-manager objects and Ingresses from the inventory the collectors
// keep (InventoryObject). JSON is extracted in SQL so only the fields the
// signals need leave Postgres; `clusterId = ANY(...) AND kind = ...` uses the
// primary key (clusterId, kind, namespace, name).

type Scope = { clusterIds: readonly string[] };

export async function clusters(db: Db, clusterId?: string): Promise<{ id: string; name: string }[]> {
  return db.cluster.findMany({ where: clusterId ? { id: clusterId } : {}, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

type CertRaw = {
  clusterId: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  team: string | null;
  ownerKind: string | null;
  ownerName: string | null;
  secretName: string | null;
  dnsNames: unknown;
  issuerKind: string | null;
  issuerName: string | null;
  notAfter: string | null;
  ready: boolean | null;
  readyReason: string | null;
  readyMessage: string | null;
  failed: string | null;
};

export async function loadCertificates(db: Db, scope: Scope, names: ReadonlyMap<string, string>): Promise<CertObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<CertRaw[]>(
    `SELECT "clusterId", namespace, name, labels, annotations, team, "ownerKind", "ownerName",
            data->'spec'->>'secretName' AS "secretName", data->'spec'->'dnsNames' AS "dnsNames",
            data->'spec'->'issuerRef'->>'kind' AS "issuerKind", data->'spec'->'issuerRef'->>'name' AS "issuerName",
            data->'status'->>'notAfter' AS "notAfter", (data->'status'->>'ready')::boolean AS ready,
            data->'status'->>'readyReason' AS "readyReason", data->'status'->>'readyMessage' AS "readyMessage",
            data->'status'->>'failedIssuanceAttempts' AS failed
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Certificate'`,
    scope.clusterIds,
  );
  return rows.map((r) => {
    const notAfter = r.notAfter ? Date.parse(r.notAfter) : NaN;
    return {
      clusterId: r.clusterId,
      cluster: names.get(r.clusterId) ?? r.clusterId,
      namespace: r.namespace,
      name: r.name,
      labels: r.labels ?? {},
      annotations: r.annotations ?? {},
      team: r.team,
      secretName: r.secretName ?? r.name,
      dnsNames: Array.isArray(r.dnsNames) ? r.dnsNames.filter((d): d is string => typeof d === 'string') : [],
      issuerKind: r.issuerKind,
      issuerName: r.issuerName,
      notAfter: Number.isFinite(notAfter) ? notAfter : null,
      ready: r.ready,
      readyReason: r.readyReason,
      readyMessage: r.readyMessage,
      failedAttempts: Number(r.failed ?? 0) || 0,
      ownerIngress: r.ownerKind === 'Ingress' ? r.ownerName : null,
    };
  });
}

type IngressRaw = { clusterId: string; namespace: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; team: string | null; tls: unknown; rules: unknown };

function asArray(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

/** Ingresses with TLS entries (the only ones with certificates). */
export async function loadIngresses(db: Db, scope: Scope, names: ReadonlyMap<string, string>): Promise<IngressObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<IngressRaw[]>(
    `SELECT "clusterId", namespace, name, labels, annotations, team, data->'spec'->'tls' AS tls, data->'spec'->'rules' AS rules
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'Ingress' AND jsonb_array_length(COALESCE(data->'spec'->'tls', '[]'::jsonb)) > 0`,
    scope.clusterIds,
  );
  return rows.map((r) => {
    const backends = new Set<string>();
    for (const rule of asArray(r.rules)) {
      for (const p of asArray((rule.http as Record<string, unknown> | undefined)?.paths)) {
        const name = ((p.backend as Record<string, unknown> | undefined)?.service as Record<string, unknown> | undefined)?.name;
        if (typeof name === 'string') backends.add(name);
      }
    }
    return {
      clusterId: r.clusterId,
      cluster: names.get(r.clusterId) ?? r.clusterId,
      namespace: r.namespace,
      name: r.name,
      labels: r.labels ?? {},
      annotations: r.annotations ?? {},
      team: r.team,
      tls: asArray(r.tls).map((t) => ({ secretName: typeof t.secretName === 'string' ? t.secretName : '', hosts: Array.isArray(t.hosts) ? t.hosts.filter((h): h is string => typeof h === 'string') : [] })),
      backends: [...backends],
    };
  });
}

export async function loadRequests(db: Db, scope: Scope): Promise<CertRequestObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; namespace: string; certificate: string | null; ready: boolean | null; reason: string | null; message: string | null; created: Date | null }[]>(
    `SELECT "clusterId", namespace, annotations->>'cert-manager.io/certificate-name' AS certificate,
            (data->'status'->>'ready')::boolean AS ready, data->'status'->>'readyReason' AS reason, data->'status'->>'readyMessage' AS message,
            "creationTimestamp" AS created
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'CertificateRequest'`,
    scope.clusterIds,
  );
  return rows.filter((r) => r.certificate).map((r) => ({ clusterId: r.clusterId, namespace: r.namespace, certificate: r.certificate!, ready: r.ready, reason: r.reason, message: r.message, created: r.created?.getTime() ?? 0 }));
}

export async function loadIssuers(db: Db, scope: Scope, names: ReadonlyMap<string, string>) {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ clusterId: string; kind: string; namespace: string; name: string; ready: boolean | null; message: string | null }[]>(
    `SELECT "clusterId", kind, namespace, name, (data->'status'->>'ready')::boolean AS ready, data->'status'->>'readyMessage' AS message
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind IN ('Issuer', 'ClusterIssuer') ORDER BY kind, namespace, name`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ kind: r.kind, name: r.namespace ? `${r.namespace}/${r.name}` : r.name, ready: r.ready, message: r.message, cluster: names.get(r.clusterId) ?? r.clusterId }));
}

/** Workloads named like the given `clusterId/namespace/name` keys (Ingress backends). */
export async function loadWorkloads(db: Db, scope: Scope, keys: readonly string[]): Promise<Map<string, WorkloadRef>> {
  const out = new Map<string, WorkloadRef>();
  if (scope.clusterIds.length === 0 || keys.length === 0) return out;
  const rows = await db.$queryRawUnsafe<{ clusterId: string; kind: string; namespace: string; name: string }[]>(
    `SELECT "clusterId", kind, namespace, name FROM "InventoryObject"
      WHERE "clusterId" = ANY($1::text[]) AND kind IN ('Deployment', 'StatefulSet', 'DaemonSet')
        AND ("clusterId" || '/' || namespace || '/' || name) = ANY($2::text[])`,
    scope.clusterIds,
    keys,
  );
  for (const r of rows) out.set(`${r.clusterId}/${r.namespace}/${r.name}`, { kind: r.kind, name: r.name });
  return out;
}

export async function loadServices(db: Db): Promise<{ id: string; slug: string; name: string }[]> {
  return db.service.findMany({ select: { id: true, slug: true, name: true } });
}
