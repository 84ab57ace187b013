import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { onUniqueViolation } from '../database/unique';
import { DomainError } from '../errors';
import * as repo from './catalog.repo';
import {
  recoveryTargetsSchema,
  type RecoveryTargetsInput,
  createServiceSchema,
  serviceFilterSchema,
  serviceIdSchema,
  serviceSlugSchema,
  updateServiceSchema,
  type CreateServiceInput,
  type ServiceDto,
  type ServiceFilter,
  type UpdateServiceInput,
} from './catalog.schema';

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view the service catalog');
const authorizeManage = (ctx: RequestContext) =>
  authorize(ctx, 'catalog.manage', 'Only engineers, incident commanders and admins can manage services');

const slugTaken = (slug: string) => new DomainError('CONFLICT', `A service with slug "${slug}" already exists`, 'slug');

// Only the slug is unique, so a unique violation on a write that sets it is a taken slug.
const withUniqueSlug = <T>(slug: string | undefined, work: () => Promise<T>): Promise<T> =>
  slug ? onUniqueViolation(work, () => slugTaken(slug)) : work();

async function requireTeam(tx: Db, teamId: string): Promise<void> {
  if (!(await repo.teamExists(tx, teamId))) throw new DomainError('NOT_FOUND', 'The owning team does not exist');
}

async function requireService(tx: Db, id: string): Promise<ServiceDto> {
  const service = await repo.findServiceById(tx, id);
  if (!service) throw new DomainError('NOT_FOUND', 'Service not found');
  return service;
}

export async function listServices(ctx: RequestContext, filter: ServiceFilter = {}): Promise<ServiceDto[]> {
  authorizeRead(ctx);
  return repo.listServices(db(), serviceFilterSchema.parse(filter));
}

export async function getService(ctx: RequestContext, input: { slug: string }): Promise<ServiceDto> {
  authorizeRead(ctx);
  const { slug } = serviceSlugSchema.parse(input);
  const service = await repo.findServiceBySlug(db(), slug);
  if (!service) throw new DomainError('NOT_FOUND', `No service with slug "${slug}"`);
  return service;
}

export async function createService(ctx: RequestContext, input: CreateServiceInput): Promise<ServiceDto> {
  authorizeManage(ctx);
  const data = createServiceSchema.parse(input);
  return withUniqueSlug(data.slug, () =>
    inTransaction(async (tx) => {
      await requireTeam(tx, data.teamId);
      if (await repo.findServiceBySlug(tx, data.slug)) throw slugTaken(data.slug);
      const service = await repo.insertService(tx, data);
      await recordAudit(tx, ctx, { action: 'service.create', targetType: 'service', targetId: service.id, after: service });
      return service;
    }),
  );
}

export async function updateService(ctx: RequestContext, input: UpdateServiceInput): Promise<ServiceDto> {
  authorizeManage(ctx);
  const { id, ...changes } = updateServiceSchema.parse(input);
  return withUniqueSlug(changes.slug, () =>
    inTransaction(async (tx) => {
      const before = await requireService(tx, id);
      if (changes.teamId && changes.teamId !== before.teamId) await requireTeam(tx, changes.teamId);
      if (changes.slug && changes.slug !== before.slug && (await repo.findServiceBySlug(tx, changes.slug))) {
        throw slugTaken(changes.slug);
      }
      const after = await repo.updateService(tx, id, changes);
      await recordAudit(tx, ctx, { action: 'service.update', targetType: 'service', targetId: id, before, after });
      return after;
    }),
  );
}

export async function deleteService(ctx: RequestContext, input: { id: string }): Promise<ServiceDto> {
  authorizeManage(ctx);
  const { id } = serviceIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await requireService(tx, id);
    await repo.deleteService(tx, id);
    await recordAudit(tx, ctx, { action: 'service.delete', targetType: 'service', targetId: id, before });
    return before;
  });
}

/** Sets a service's RTO/RPO (the DR page's targets form); audited like every catalog change. */
export async function setRecoveryTargets(ctx: RequestContext, input: RecoveryTargetsInput) {
  authorizeManage(ctx);
  const { serviceId, ...targets } = recoveryTargetsSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.recoveryTargetsOf(tx, serviceId);
    if (!before) throw new DomainError('NOT_FOUND', 'Service not found');
    const after = await repo.setRecoveryTargets(tx, serviceId, targets);
    await recordAudit(tx, ctx, { action: 'service.recovery-targets', targetType: 'service', targetId: serviceId, before, after });
    return after;
  });
}

export async function getRecoveryTargets(ctx: RequestContext, serviceId: string) {
  authorizeRead(ctx);
  const t = await repo.recoveryTargetsOf(db(), serviceId);
  if (!t) throw new DomainError('NOT_FOUND', 'Service not found');
  return t;
}
