import { authorize } from '../lib/authorize';
import { can } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import {
  decideExemptionSchema,
  type DecideExemptionInput,
  type ExemptionDto,
  exemptionFilterSchema,
  exemptionIdSchema,
  MAX_EXEMPTION_DAYS,
  requestExemptionSchema,
  type RequestExemptionInput,
} from './readiness-api.schema';
import * as repo from './exemption.repo';
import { findClusterByIdOrName } from './readiness.repo';
import { recomputeGates, runEvaluation } from './evaluation.service';
import { toExemptionDto } from './readiness.service';

// Readiness exemptions (docs/readiness.md, "Exemptions"): request, approve,
// reject, revoke, each audited; an exemption that starts or stops applying
// re-evaluates the clusters it touches at once (readiness.service).

const DAY_MS = 24 * 3600_000;

function actorLabel(ctx: RequestContext): string {
  return ctx.actor.kind === 'user' ? ctx.actor.email : `${ctx.actor.kind}:${ctx.actor.name}`;
}

function actorUserId(ctx: RequestContext): string | null {
  return ctx.actor.kind === 'user' ? ctx.actor.id : null;
}

export async function listExemptions(ctx: RequestContext, input: unknown = {}, now: Date = new Date()): Promise<ExemptionDto[]> {
  authorize(ctx, 'app.read', 'You may not view exemptions');
  const filter = exemptionFilterSchema.parse(input);
  const rows = await repo.listExemptions(db(), filter.state, now);
  return rows
    .filter((e) => !filter.clusterId || e.clusterId === null || e.clusterId === filter.clusterId)
    .map((e) => toExemptionDto(e, now));
}

export async function requestExemption(ctx: RequestContext, input: RequestExemptionInput, now: Date = new Date()): Promise<ExemptionDto> {
  authorize(ctx, 'readiness.exempt', 'Only engineers, incident commanders and admins can request exemptions');
  const data = requestExemptionSchema.parse(input);
  if (data.expiresAt.getTime() <= now.getTime()) throw new DomainError('BAD_INPUT', 'The expiry must be in the future', 'expiresAt');
  if (data.expiresAt.getTime() > now.getTime() + MAX_EXEMPTION_DAYS * DAY_MS) {
    throw new DomainError('BAD_INPUT', `An exemption lasts at most ${MAX_EXEMPTION_DAYS} days`, 'expiresAt');
  }
  return inTransaction(async (tx) => {
    if (data.clusterId) {
      const cluster = await findClusterByIdOrName(tx, data.clusterId);
      if (!cluster) throw new DomainError('NOT_FOUND', 'Cluster not found', 'clusterId');
      data.clusterId = cluster.id;
    }
    const row = await repo.insertExemption(tx, { ...data, requestedById: actorUserId(ctx), requestedByLabel: actorLabel(ctx) });
    const dto = toExemptionDto(row, now);
    await recordAudit(tx, ctx, { action: 'readiness.exemption.request', targetType: 'readiness_exemption', targetId: row.id, after: dto });
    return dto;
  });
}

/** Re-evaluates the clusters an exemption touches so that scores move at once, then the gates. */
async function reevaluateFor(clusterId: string | null, now: Date): Promise<void> {
  const ids = await repo.clusterIdsFor(db(), clusterId);
  for (const id of ids) await runEvaluation(id, now);
  await recomputeGates(now);
}

export async function approveExemption(ctx: RequestContext, input: DecideExemptionInput, now: Date = new Date()): Promise<ExemptionDto> {
  authorize(ctx, 'readiness.approve', 'Only incident commanders and admins can approve exemptions');
  const { id, note } = decideExemptionSchema.parse(input);
  const dto = await inTransaction(async (tx) => {
    const before = await repo.findExemption(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Exemption not found');
    if (before.status !== 'pending') throw new DomainError('CONFLICT', `This exemption is ${before.status}, not pending`);
    if (before.requestedById !== null && before.requestedById === actorUserId(ctx)) {
      throw new DomainError('FORBIDDEN', 'You cannot approve your own exemption request');
    }
    if (before.expiresAt.getTime() <= now.getTime()) throw new DomainError('CONFLICT', 'This request has already expired');
    const row = await repo.updateExemption(tx, id, {
      status: 'approved',
      approverId: actorUserId(ctx),
      approverLabel: actorLabel(ctx),
      decidedAt: now,
      approvedAt: now,
      decisionNote: note ?? null,
    });
    const after = toExemptionDto(row, now);
    await recordAudit(tx, ctx, { action: 'readiness.exemption.approve', targetType: 'readiness_exemption', targetId: id, before: toExemptionDto(before, now), after });
    return after;
  });
  await reevaluateFor(dto.clusterId, now);
  return dto;
}

export async function rejectExemption(ctx: RequestContext, input: DecideExemptionInput, now: Date = new Date()): Promise<ExemptionDto> {
  authorize(ctx, 'readiness.approve', 'Only incident commanders and admins can reject exemptions');
  const { id, note } = decideExemptionSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findExemption(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Exemption not found');
    if (before.status !== 'pending') throw new DomainError('CONFLICT', `This exemption is ${before.status}, not pending`);
    const row = await repo.updateExemption(tx, id, {
      status: 'rejected',
      approverId: actorUserId(ctx),
      approverLabel: actorLabel(ctx),
      decidedAt: now,
      decisionNote: note ?? null,
    });
    const after = toExemptionDto(row, now);
    await recordAudit(tx, ctx, { action: 'readiness.exemption.reject', targetType: 'readiness_exemption', targetId: id, before: toExemptionDto(before, now), after });
    return after;
  });
}

/** Ends an exemption now: approvers may revoke any; the requester may withdraw their own. */
export async function revokeExemption(ctx: RequestContext, input: DecideExemptionInput, now: Date = new Date()): Promise<ExemptionDto> {
  authorize(ctx, 'readiness.exempt', 'Only engineers, incident commanders and admins can revoke exemptions');
  const { id, note } = decideExemptionSchema.parse(input);
  const { dto, wasApplied } = await inTransaction(async (tx) => {
    const before = await repo.findExemption(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Exemption not found');
    const own = before.requestedById !== null && before.requestedById === actorUserId(ctx);
    if (!own && !can(ctx.actor, 'readiness.approve')) {
      throw new DomainError('FORBIDDEN', 'Only incident commanders, admins or the requester can revoke an exemption');
    }
    if (before.status !== 'pending' && before.status !== 'approved') throw new DomainError('CONFLICT', `This exemption is already ${before.status}`);
    const row = await repo.updateExemption(tx, id, {
      status: 'revoked',
      revokedAt: now,
      revokedById: actorUserId(ctx),
      revokedByLabel: actorLabel(ctx),
      ...(note ? { decisionNote: note } : {}),
    });
    const after = toExemptionDto(row, now);
    await recordAudit(tx, ctx, { action: 'readiness.exemption.revoke', targetType: 'readiness_exemption', targetId: id, before: toExemptionDto(before, now), after });
    return { dto: after, wasApplied: before.status === 'approved' && before.expiresAt.getTime() > now.getTime() };
  });
  if (wasApplied) await reevaluateFor(dto.clusterId, now);
  return dto;
}

export async function getExemption(ctx: RequestContext, input: { id: string }, now: Date = new Date()): Promise<ExemptionDto> {
  authorize(ctx, 'app.read', 'You may not view exemptions');
  const { id } = exemptionIdSchema.parse(input);
  const row = await repo.findExemption(db(), id);
  if (!row) throw new DomainError('NOT_FOUND', 'Exemption not found');
  return toExemptionDto(row, now);
}
