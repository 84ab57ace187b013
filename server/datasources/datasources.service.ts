import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { onUniqueViolation } from '../database/unique';
import { DomainError } from '../errors';
import { buildInfo, PrometheusError, type PrometheusTarget } from '../integrations/prometheus/client';
import { keysFromEnv, openSecret, sealSecret } from '../security/secrets';
import type { z } from 'zod';
import * as repo from './datasources.repo';
import {
  createDataSourceSchema,
  dataSourceIdSchema,
  testDataSourceSchema,
  updateDataSourceSchema,
  type ConnectionTestResult,
  type CreateDataSourceInput,
  type DataSourceDto,
  type UpdateDataSourceInput,
} from './datasources.schema';

const secretContext = (id: string) => `prometheus:${id}`;

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view data sources');
const authorizeManage = (ctx: RequestContext) => authorize(ctx, 'settings.manage', 'Only admins can manage data sources');

const nameTaken = (name: string) => new DomainError('CONFLICT', `A data source named "${name}" already exists`, 'name');

async function requireCluster(tx: Db, clusterId: string | null | undefined) {
  if (clusterId && !(await repo.clusterExists(tx, clusterId))) throw new DomainError('NOT_FOUND', 'That cluster does not exist', 'clusterId');
}

async function requireDataSource(tx: Db, id: string) {
  const source = await repo.findDataSource(tx, id);
  if (!source) throw new DomainError('NOT_FOUND', 'Data source not found');
  return source;
}

// The stored columns a create or an update sets from the input (a username only for basic auth).
const columns = (v: Omit<z.output<typeof createDataSourceSchema>, 'secret'>) => ({
  name: v.name,
  url: v.url,
  authKind: v.authKind,
  username: v.authKind === 'basic' ? (v.username ?? null) : null,
  clusterId: v.clusterId ?? null,
  isDefault: v.isDefault,
});

const seal = (id: string, secret: string) => sealSecret(secret, keysFromEnv()[0]!, secretContext(id));

export async function listDataSources(ctx: RequestContext): Promise<DataSourceDto[]> {
  authorizeRead(ctx);
  return (await repo.listDataSources(db())).map(repo.toDto);
}

export async function createDataSource(ctx: RequestContext, input: CreateDataSourceInput): Promise<DataSourceDto> {
  authorizeManage(ctx);
  const v = createDataSourceSchema.parse(input);
  return onUniqueViolation(() =>
    inTransaction(async (tx) => {
      await requireCluster(tx, v.clusterId);
      if (await repo.findDataSourceByName(tx, v.name)) throw nameTaken(v.name);
      const row = await repo.insertDataSource(tx, columns(v));
      // Sealed after insert: the row id is bound into the envelope.
      const saved = v.authKind !== 'none' && v.secret ? await repo.updateDataSource(tx, row.id, { secretSealed: seal(row.id, v.secret) }) : row;
      if (v.isDefault) await repo.clearDefaultExcept(tx, row.id);
      const dto = repo.toDto(saved);
      await recordAudit(tx, ctx, { action: 'datasource.create', targetType: 'datasource', targetId: row.id, after: dto });
      return dto;
    }),
    () => nameTaken(v.name),
  );
}

export async function updateDataSource(ctx: RequestContext, input: UpdateDataSourceInput): Promise<DataSourceDto> {
  authorizeManage(ctx);
  const { id, secret, ...v } = updateDataSourceSchema.parse(input);
  return onUniqueViolation(() =>
    inTransaction(async (tx) => {
      const before = await requireDataSource(tx, id);
      await requireCluster(tx, v.clusterId);
      if (v.name !== before.name && (await repo.findDataSourceByName(tx, v.name))) throw nameTaken(v.name);
      if (v.authKind !== 'none' && !secret && (!before.hasSecret || before.authKind !== v.authKind)) {
        throw new DomainError('BAD_INPUT', v.authKind === 'bearer' ? 'Token is required' : 'Password is required', 'secret');
      }
      const after = await repo.updateDataSource(tx, id, {
        ...columns(v),
        ...(v.authKind === 'none' ? { secretSealed: null } : secret ? { secretSealed: seal(id, secret) } : {}),
      });
      if (v.isDefault) await repo.clearDefaultExcept(tx, id);
      const dto = repo.toDto(after);
      await recordAudit(tx, ctx, { action: 'datasource.update', targetType: 'datasource', targetId: id, before: repo.toDto(before), after: dto });
      return dto;
    }),
    () => nameTaken(v.name),
  );
}

export async function deleteDataSource(ctx: RequestContext, input: { id: string }): Promise<DataSourceDto> {
  authorizeManage(ctx);
  const { id } = dataSourceIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await requireDataSource(tx, id);
    await repo.deleteDataSource(tx, id);
    const dto = repo.toDto(before);
    await recordAudit(tx, ctx, { action: 'datasource.delete', targetType: 'datasource', targetId: id, before: dto });
    return dto;
  });
}

/** Where and how to reach a stored data source, credentials opened. Server-side only. */
function targetOf(row: repo.DataSourceRow, timeoutMs?: number): PrometheusTarget {
  const secret = row.secretSealed ? openSecret(row.secretSealed, keysFromEnv(), secretContext(row.id)) : '';
  const auth =
    row.authKind === 'bearer'
      ? { kind: 'bearer' as const, token: secret }
      : row.authKind === 'basic'
        ? { kind: 'basic' as const, username: row.username ?? '', password: secret }
        : { kind: 'none' as const };
  return { url: row.url, auth, timeoutMs };
}

/** The SLO's own data source, else the default one; null when none is configured. */
export async function resolveTarget(tx: Db, dataSourceId: string | null, timeoutMs?: number): Promise<{ name: string; target: PrometheusTarget } | null> {
  const row = dataSourceId ? await repo.findDataSource(tx, dataSourceId) : await repo.findDefaultDataSource(tx);
  return row ? { name: row.name, target: targetOf(row, timeoutMs) } : null;
}

export async function findDataSourceIdByName(name: string): Promise<string | null> {
  return (await repo.findDataSourceByName(db(), name))?.id ?? null;
}

export async function testConnection(ctx: RequestContext, input: unknown): Promise<ConnectionTestResult> {
  authorizeManage(ctx);
  const v = testDataSourceSchema.parse(input);
  let target: PrometheusTarget;
  if ('id' in v) {
    const row = await repo.findDataSource(db(), v.id);
    if (!row) throw new DomainError('NOT_FOUND', 'Data source not found');
    target = targetOf(row, 10_000);
  } else {
    const secret = v.secret ?? '';
    target = {
      url: v.url,
      timeoutMs: 10_000,
      auth: v.authKind === 'bearer' ? { kind: 'bearer', token: secret } : v.authKind === 'basic' ? { kind: 'basic', username: v.username ?? '', password: secret } : { kind: 'none' },
    };
  }
  const started = performance.now();
  try {
    const info = await buildInfo(target);
    return { ok: true, server: info.server, version: info.version, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // No answer is one kind whatever the socket said (timeout, refused, reset),
    // so this button cannot tell filtered ports from closed ones.
    if (error instanceof PrometheusError) return { ok: false, error: error.message, kind: error.kind === 'timeout' ? 'unreachable' : error.kind };
    throw error;
  }
}
