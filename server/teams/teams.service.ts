import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { onUniqueViolation } from '../database/unique';
import { DomainError } from '../errors';
import * as repo from './teams.repo';
import {
  addMemberSchema,
  createTeamSchema,
  removeMemberSchema,
  teamIdSchema,
  updateTeamSchema,
  type AddMemberInput,
  type CreateTeamInput,
  type MemberCandidateDto,
  type RemoveMemberInput,
  type TeamDetailDto,
  type TeamDto,
  type UpdateTeamInput,
} from './teams.schema';

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view teams');
const authorizeManage = (ctx: RequestContext) =>
  authorize(ctx, 'catalog.manage', 'Only engineers, incident commanders and admins can manage teams');

const slugTaken = (slug: string) => new DomainError('CONFLICT', `A team with slug "${slug}" already exists`, 'slug');

// Only the slug is unique, so a unique violation on a write that sets it is a taken slug.
const withUniqueSlug = <T>(slug: string | undefined, work: () => Promise<T>): Promise<T> =>
  slug ? onUniqueViolation(work, () => slugTaken(slug)) : work();

async function requireTeam(tx: Db, id: string): Promise<TeamDto> {
  const team = await repo.findTeamById(tx, id);
  if (!team) throw new DomainError('NOT_FOUND', 'Team not found');
  return team;
}

export async function listTeams(ctx: RequestContext): Promise<TeamDetailDto[]> {
  authorizeRead(ctx);
  return repo.listTeams(db());
}

export async function getTeam(ctx: RequestContext, slug: string): Promise<TeamDetailDto> {
  authorizeRead(ctx);
  const team = await repo.findTeamDetail(db(), { slug });
  if (!team) throw new DomainError('NOT_FOUND', `No team with slug "${slug}"`);
  return team;
}

export async function listMemberCandidates(ctx: RequestContext): Promise<MemberCandidateDto[]> {
  authorizeManage(ctx);
  return repo.listMemberCandidates(db());
}

export async function createTeam(ctx: RequestContext, input: CreateTeamInput): Promise<TeamDto> {
  authorizeManage(ctx);
  const data = createTeamSchema.parse(input);
  return withUniqueSlug(data.slug, () =>
    inTransaction(async (tx) => {
      if (await repo.findTeamBySlug(tx, data.slug)) throw slugTaken(data.slug);
      const team = await repo.insertTeam(tx, data);
      await recordAudit(tx, ctx, { action: 'team.create', targetType: 'team', targetId: team.id, after: team });
      return team;
    }),
  );
}

export async function updateTeam(ctx: RequestContext, input: UpdateTeamInput): Promise<TeamDto> {
  authorizeManage(ctx);
  const { id, ...changes } = updateTeamSchema.parse(input);
  return withUniqueSlug(changes.slug, () =>
    inTransaction(async (tx) => {
      const before = await requireTeam(tx, id);
      if (changes.slug && changes.slug !== before.slug && (await repo.findTeamBySlug(tx, changes.slug))) {
        throw slugTaken(changes.slug);
      }
      const after = await repo.updateTeam(tx, id, changes);
      await recordAudit(tx, ctx, { action: 'team.update', targetType: 'team', targetId: id, before, after });
      return after;
    }),
  );
}

export async function deleteTeam(ctx: RequestContext, input: { id: string }): Promise<TeamDto> {
  authorizeManage(ctx);
  const { id } = teamIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await requireTeam(tx, id);
    const owned = await repo.ownedServiceSlugs(tx, id);
    if (owned.total > 0) {
      const more = owned.total > owned.slugs.length ? ` and ${owned.total - owned.slugs.length} more` : '';
      throw new DomainError(
        'CONFLICT',
        `Team "${before.name}" still owns ${owned.total} service${owned.total === 1 ? '' : 's'} ` +
          `(${owned.slugs.join(', ')}${more}); move them to another team or delete them first`,
      );
    }
    const detail = await repo.findTeamDetail(tx, { id });
    await repo.deleteTeam(tx, id);
    await recordAudit(tx, ctx, {
      action: 'team.delete',
      targetType: 'team',
      targetId: id,
      before: { ...before, members: detail?.members ?? [] },
    });
    return before;
  });
}

export async function addMember(ctx: RequestContext, input: AddMemberInput): Promise<TeamDetailDto> {
  authorizeManage(ctx);
  const data = addMemberSchema.parse(input);
  return inTransaction(async (tx) => {
    await requireTeam(tx, data.teamId);
    if (!(await repo.findActiveUser(tx, data.userId))) throw new DomainError('NOT_FOUND', 'User not found or disabled');
    const before = await repo.findMember(tx, data.teamId, data.userId);
    if (before && before.isLead === data.isLead) return (await repo.findTeamDetail(tx, { id: data.teamId }))!;
    await repo.upsertMember(tx, data.teamId, data.userId, data.isLead);
    const after = await repo.findMember(tx, data.teamId, data.userId);
    await recordAudit(tx, ctx, {
      action: before ? 'team.member_update' : 'team.member_add',
      targetType: 'team',
      targetId: data.teamId,
      before,
      after,
    });
    return (await repo.findTeamDetail(tx, { id: data.teamId }))!;
  });
}

export async function removeMember(ctx: RequestContext, input: RemoveMemberInput): Promise<TeamDetailDto> {
  authorizeManage(ctx);
  const data = removeMemberSchema.parse(input);
  return inTransaction(async (tx) => {
    await requireTeam(tx, data.teamId);
    const before = await repo.findMember(tx, data.teamId, data.userId);
    if (!before) throw new DomainError('NOT_FOUND', 'That person is not a member of this team');
    await repo.deleteMember(tx, data.teamId, data.userId);
    await recordAudit(tx, ctx, {
      action: 'team.member_remove',
      targetType: 'team',
      targetId: data.teamId,
      before,
    });
    return (await repo.findTeamDetail(tx, { id: data.teamId }))!;
  });
}
