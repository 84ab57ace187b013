import { authorize } from '../lib/authorize';
import { existsSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { onUniqueViolation } from '../database/unique';
import { DomainError } from '../errors';
import { KubeClient, KubeHttpError, loadKubeconfig, serviceAccountDir, type ClusterConnection } from '../integrations/kubernetes/client';
import { progressPercent } from '../inventory/collector.compute';
import { KIND_DEFS, listPath } from '../inventory/kinds.compute';
import { keysFromEnv, openSecret, sealSecret } from '../security/secrets';
import { explainConnectionError, permissionLabel } from './clusters.compute';
import * as repo from './clusters.repo';
import {
  clusterIdSchema,
  createClusterSchema,
  kubeconfigContextsSchema,
  updateClusterSchema,
  type ClusterDto,
  type ClusterSyncDto,
  type ConnectionKind,
  type ConnectionTestDto,
  type CreateClusterInput,
  type KubeconfigContextDto,
  type SyncState,
  type TestStepDto,
  type UpdateClusterInput,
} from './clusters.schema';
import type { z } from 'zod';
import type { connectionSchema } from './clusters.schema';

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view clusters');
const authorizeManage = (ctx: RequestContext) => authorize(ctx, 'cluster.manage', 'Only engineers, incident commanders and admins can manage clusters');

const nameTaken = (name: string) => new DomainError('CONFLICT', `A cluster named "${name}" already exists`, 'name');

function parseKubeconfig(yaml: string): KubeConfig {
  let kc: KubeConfig;
  try {
    kc = loadKubeconfig(yaml);
  } catch (error) {
    throw new DomainError('BAD_INPUT', `This is not a readable kubeconfig: ${(error as Error).message}`, 'kubeconfig');
  }
  if (kc.getContexts().length === 0) throw new DomainError('BAD_INPUT', 'The kubeconfig has no contexts', 'kubeconfig');
  return kc;
}

/** The contexts of an uploaded kubeconfig, for the "choose a context" step. */
export function kubeconfigContexts(ctx: RequestContext, input: { kubeconfig: string }): KubeconfigContextDto[] {
  authorizeManage(ctx);
  const { kubeconfig } = kubeconfigContextsSchema.parse(input);
  const kc = parseKubeconfig(kubeconfig);
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: kc.getCluster(c.cluster)?.server ?? '',
    user: c.user,
    namespace: c.namespace ?? null,
    current: c.name === current,
  }));
}

type Connection = z.output<typeof connectionSchema>;

/** Validates a connection and returns what is stored (credentials in clear; sealed by the caller). */
function resolveConnection(conn: Connection, env: NodeJS.ProcessEnv = process.env) {
  switch (conn.connectionKind) {
    case 'kubeconfig': {
      const kc = parseKubeconfig(conn.kubeconfig);
      const context = conn.context ?? kc.getCurrentContext();
      const found = kc.getContextObject(context);
      if (!found) throw new DomainError('BAD_INPUT', `The kubeconfig has no context "${context}" (it has: ${kc.getContexts().map((c) => c.name).join(', ')})`, 'context');
      const cluster = kc.getCluster(found.cluster);
      if (!cluster) throw new DomainError('BAD_INPUT', `Context "${context}" names cluster "${found.cluster}", which the kubeconfig does not define`, 'context');
      return { connectionKind: 'kubeconfig' as ConnectionKind, apiUrl: cluster.server, credentials: conn.kubeconfig, caData: null, kubeContext: context, insecureSkipTlsVerify: Boolean(cluster.skipTLSVerify) };
    }
    case 'token':
      return { connectionKind: 'token' as ConnectionKind, apiUrl: conn.apiUrl, credentials: conn.token, caData: conn.caData || null, kubeContext: null, insecureSkipTlsVerify: conn.insecureSkipTlsVerify };
    case 'in_cluster': {
      const saDir = serviceAccountDir(env);
      if (!env.KUBERNETES_SERVICE_HOST || !existsSync(`${saDir}/token`)) {
        throw new DomainError('BAD_INPUT', `Runwell is not running inside a Kubernetes pod (no KUBERNETES_SERVICE_HOST or ${saDir}/token)`, 'connectionKind');
      }
      const host = env.KUBERNETES_SERVICE_HOST.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
      // The token file is re-read by the collector (it rotates); nothing is stored.
      return { connectionKind: 'in_cluster' as ConnectionKind, apiUrl: `https://${host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`, credentials: null, caData: null, kubeContext: null, insecureSkipTlsVerify: false };
    }
    case 'simulator':
      return { connectionKind: 'simulator' as ConnectionKind, apiUrl: conn.apiUrl, credentials: conn.token || null, caData: null, kubeContext: null, insecureSkipTlsVerify: conn.insecureSkipTlsVerify };
  }
}

function seal(clusterId: string, credentials: string | null): string | null {
  return credentials ? sealSecret(credentials, keysFromEnv()[0]!, `cluster:${clusterId}`) : null;
}

export async function listClusters(ctx: RequestContext): Promise<ClusterDto[]> {
  authorizeRead(ctx);
  return repo.listClusters(db());
}

export async function getCluster(ctx: RequestContext, ref: { id?: string; name?: string }): Promise<ClusterDto> {
  authorizeRead(ctx);
  const cluster = await repo.findCluster(db(), ref.id ? { id: ref.id } : { name: ref.name ?? '' });
  if (!cluster) throw new DomainError('NOT_FOUND', `No cluster ${ref.id ?? `named "${ref.name}"`}`);
  return cluster;
}

export async function createCluster(ctx: RequestContext, input: CreateClusterInput): Promise<ClusterDto> {
  authorizeManage(ctx);
  const data = createClusterSchema.parse(input);
  const conn = resolveConnection(data.connection);
  return onUniqueViolation(() =>
    inTransaction(async (tx) => {
      if (await repo.findCluster(tx, { name: data.name })) throw nameTaken(data.name);
      const { credentials, ...fields } = conn;
      const id = await repo.insertCluster(tx, {
        name: data.name,
        description: data.description,
        createdById: ctx.actor.kind === 'user' ? ctx.actor.id : null,
        ...fields,
      });
      // Sealed with the row's id as context, so it cannot be copied onto another cluster.
      if (credentials) await repo.updateCluster(tx, id, { sealedCredentials: seal(id, credentials) });
      const after = (await repo.findCluster(tx, { id }))!;
      await recordAudit(tx, ctx, { action: 'cluster.create', targetType: 'cluster', targetId: id, after });
      return after;
    }),
    () => nameTaken(data.name),
  );
}

export async function updateCluster(ctx: RequestContext, input: UpdateClusterInput): Promise<ClusterDto> {
  authorizeManage(ctx);
  const { id, connection, ...changes } = updateClusterSchema.parse(input);
  const conn = connection ? resolveConnection(connection) : null;
  // Only the name is unique, so a unique violation on a write that renames is a taken name.
  const work = () =>
    inTransaction(async (tx) => {
      const before = await repo.findCluster(tx, { id });
      if (!before) throw new DomainError('NOT_FOUND', 'Cluster not found');
      if (changes.name && changes.name !== before.name && (await repo.findCluster(tx, { name: changes.name }))) throw nameTaken(changes.name);
      const patch: Parameters<typeof repo.updateCluster>[2] = { ...changes };
      if (conn) {
        const { credentials, ...fields } = conn;
        Object.assign(patch, fields, { sealedCredentials: seal(id, credentials), syncState: 'pending' as SyncState });
      }
      await repo.updateCluster(tx, id, patch);
      const after = (await repo.findCluster(tx, { id }))!;
      await recordAudit(tx, ctx, { action: 'cluster.update', targetType: 'cluster', targetId: id, before, after: { ...after, credentialsReplaced: Boolean(conn) } });
      return after;
    });
  const rename = changes.name;
  return rename ? onUniqueViolation(work, () => nameTaken(rename)) : work();
}

export async function deleteCluster(ctx: RequestContext, input: { id: string }): Promise<ClusterDto> {
  authorizeManage(ctx);
  const { id } = clusterIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findCluster(tx, { id });
    if (!before) throw new DomainError('NOT_FOUND', 'Cluster not found');
    // Inventory rows, sync statuses and the lease go with it (ON DELETE CASCADE).
    await repo.deleteCluster(tx, id);
    await recordAudit(tx, ctx, { action: 'cluster.delete', targetType: 'cluster', targetId: id, before });
    return before;
  });
}

export async function syncStatus(ctx: RequestContext, input: { id: string }, now = new Date()): Promise<ClusterSyncDto> {
  authorizeRead(ctx);
  const { id } = clusterIdSchema.parse(input);
  const row = await repo.syncStatusOf(db(), id);
  if (!row) throw new DomainError('NOT_FOUND', 'Cluster not found');
  return {
    clusterId: row.id,
    syncState: row.syncState as SyncState,
    lastSyncedAt: row.lastSyncedAt,
    lastError: row.lastError,
    dataAgeSeconds: row.lastSyncedAt ? Math.max(0, Math.round((now.getTime() - row.lastSyncedAt.getTime()) / 1000)) : null,
    leaseHolder: row.lease && row.lease.expiresAt > now ? row.lease.holder : null,
    kinds: row.syncStatuses.map((s) => ({
      kind: s.kind,
      state: s.state as SyncState,
      resourceVersion: s.resourceVersion,
      objectCount: s.objectCount,
      listedSoFar: s.listedSoFar,
      estimatedTotal: s.estimatedTotal,
      progressPercent: s.state === 'synced' ? 100 : progressPercent(s.listedSoFar, s.estimatedTotal),
      lastListAt: s.lastListAt,
      lastEventAt: s.lastEventAt,
      lagMs: s.lagMs,
      lastError: s.lastError,
      updatedAt: s.updatedAt,
    })),
  };
}

/** Server side "Test connection": reachability, TLS, authentication, version, and the list permissions the collectors need. */
export async function testConnection(connection: ClusterConnection): Promise<ConnectionTestDto> {
  const steps: TestStepDto[] = [];
  const result: ConnectionTestDto = { ok: false, serverGitVersion: null, serverMinor: null, steps, missingPermissions: [], notInstalled: [] };
  let client: KubeClient;
  try {
    client = new KubeClient(connection);
  } catch (error) {
    steps.push({ step: 'credentials', ok: false, message: `The connection settings cannot be used: ${(error as Error).message}` });
    return result;
  }
  try {
    const version = await client.getJson<{ gitVersion?: string; minor?: string }>('/version', { timeoutMs: 10_000 });
    result.serverGitVersion = version.gitVersion ?? null;
    result.serverMinor = version.minor ?? null;
    steps.push({ step: 'connect', ok: true, message: `Reached ${client.server}: Kubernetes ${version.gitVersion ?? 'unknown version'}` });
  } catch (error) {
    const e = error as { code?: string; status?: number; message: string };
    // Some clusters hide /version from anonymous users; the list probes below tell more.
    if (!(error instanceof KubeHttpError && error.status === 403)) {
      steps.push({ step: 'connect', ok: false, message: explainConnectionError(e, client.server) });
      return result;
    }
    steps.push({ step: 'connect', ok: true, message: `Reached ${client.server} (version hidden: 403)` });
  }
  const probes = await Promise.all(
    KIND_DEFS.map(async (def) => {
      try {
        await client.getJson(`${listPath(def)}?limit=1`, { timeoutMs: 15_000 });
        return { def, status: 200, message: '' };
      } catch (error) {
        const e = error as { code?: string; status?: number; message: string };
        return { def, status: e.status ?? 0, message: explainConnectionError(e, client.server) };
      }
    }),
  );
  const unauthorized = probes.find((p) => p.status === 401);
  if (unauthorized) {
    steps.push({ step: 'authenticate', ok: false, message: unauthorized.message });
    return result;
  }
  steps.push({ step: 'authenticate', ok: true, message: 'The credentials were accepted' });
  const groupsMissing = new Set<string>();
  for (const p of probes) {
    if (p.status === 403) result.missingPermissions.push(permissionLabel('list', { group: p.def.group, plural: p.def.plural }));
    else if (p.status === 404) groupsMissing.add(p.def.group || 'core');
    else if (p.status !== 200) steps.push({ step: `list ${p.def.plural}`, ok: false, message: p.message });
  }
  result.notInstalled = [...groupsMissing].sort();
  steps.push(
    result.missingPermissions.length
      ? { step: 'permissions', ok: false, message: `Missing RBAC permissions: ${result.missingPermissions.join('; ')}. Bind a ClusterRole with get, list and watch on them (docs/inventory.md).` }
      : { step: 'permissions', ok: true, message: `May list all ${KIND_DEFS.length - probes.filter((p) => p.status === 404).length} collected kinds` },
  );
  if (result.notInstalled.length) steps.push({ step: 'api groups', ok: true, message: `Not installed (skipped): ${result.notInstalled.join(', ')}` });
  result.ok = steps.every((s) => s.ok);
  return result;
}

function connectionFromRow(row: NonNullable<Awaited<ReturnType<typeof repo.findConnection>>>): ClusterConnection {
  return {
    kind: row.connectionKind as ConnectionKind,
    apiUrl: row.apiUrl,
    credentials: row.sealedCredentials ? openSecret(row.sealedCredentials, keysFromEnv(), `cluster:${row.id}`) : null,
    kubeContext: row.kubeContext,
    caData: row.caData,
    insecureSkipTlsVerify: row.insecureSkipTlsVerify,
  };
}

export async function testCluster(ctx: RequestContext, input: { id: string }): Promise<ConnectionTestDto> {
  authorizeManage(ctx);
  const { id } = clusterIdSchema.parse(input);
  const row = await repo.findConnection(db(), id);
  if (!row) throw new DomainError('NOT_FOUND', 'Cluster not found');
  const result = await testConnection(connectionFromRow(row));
  await inTransaction(async (tx) => {
    if (result.serverGitVersion) await repo.updateCluster(tx, id, { serverGitVersion: result.serverGitVersion, serverMinor: result.serverMinor ?? '' });
    await recordAudit(tx, ctx, { action: 'cluster.test', targetType: 'cluster', targetId: id, after: { ok: result.ok, missingPermissions: result.missingPermissions } });
  });
  return result;
}

/** The demo's simulated cluster (`runwell serve --demo`): registered once, by name; an existing one is left as it is. */
export async function ensureSimulatorCluster(ctx: RequestContext, name: string, apiUrl: string): Promise<{ created: boolean; cluster: ClusterDto }> {
  authorizeManage(ctx);
  const existing = await repo.findCluster(db(), { name });
  if (existing) return { created: false, cluster: existing };
  const cluster = await createCluster(ctx, {
    name,
    description: 'Simulated demo cluster (the "shop" scenario, started by runwell serve --demo)',
    connection: { connectionKind: 'simulator', apiUrl },
  });
  return { created: true, cluster };
}
