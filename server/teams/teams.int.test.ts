import { afterAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../audit/audit.service';
import type { Role } from '../lib/roles';
import {
  actorWith as actorWithRole,
  auditFor as auditAbout,
  expectDomainError,
  expectIssueAt,
  systemCtx,
  uniqueSlug,
} from '@/tests/setup/actors';
import { createService } from '../catalog/catalog.service';
import { getPrisma } from '../db';
import { addMember, createTeam, deleteTeam, getTeam, listTeams, removeMember, updateTeam } from './teams.service';

const system = systemCtx;
const actorWith = (role: Role) => actorWithRole(role, 'teams.test');
const auditFor = (targetId: string) => auditAbout('team', targetId);

afterAll(async () => {
  await getPrisma().$disconnect();
});

describe('teams service', () => {
  it('creates, updates and deletes a team, auditing each step with before/after', async () => {
    const engineer = await actorWith('engineer');
    const slug = uniqueSlug('payments');

    const created = await createTeam(engineer, { slug, name: 'Payments', timeZone: 'europe/paris' });
    expect(created).toMatchObject({ slug, name: 'Payments', description: '', timeZone: 'Europe/Paris' });

    const updated = await updateTeam(engineer, { id: created.id, name: 'Payments Platform', description: 'Money in, money out' });
    expect(updated).toMatchObject({ slug, name: 'Payments Platform', description: 'Money in, money out' });
    expect((await getTeam(engineer, slug)).name).toBe('Payments Platform');

    await deleteTeam(engineer, { id: created.id });
    await expectDomainError(getTeam(engineer, slug), 'NOT_FOUND');

    const audit = await auditFor(created.id);
    expect(audit.map((a) => a.action)).toEqual(['team.create', 'team.update', 'team.delete']);
    for (const row of audit) {
      expect(row).toMatchObject({ actorType: 'user', actorId: engineer.actor.id, requestId: engineer.requestId });
    }
    const [create, update, remove] = audit;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({ id: created.id, slug, name: 'Payments', timeZone: 'Europe/Paris' });
    expect(update!.before).toMatchObject({ name: 'Payments', description: '' });
    expect(update!.after).toMatchObject({ name: 'Payments Platform', description: 'Money in, money out' });
    expect(remove!.before).toMatchObject({ slug, name: 'Payments Platform', members: [] });
    expect(remove!.after).toBeNull();
  });

  it('refuses a duplicate slug on create and on update with CONFLICT', async () => {
    const engineer = await actorWith('engineer');
    const slug = uniqueSlug('search');
    await createTeam(engineer, { slug, name: 'Search' });
    const error = await expectDomainError(createTeam(engineer, { slug, name: 'Search again' }), 'CONFLICT');
    expect(error.message).toContain(slug);

    const other = await createTeam(engineer, { slug: uniqueSlug('other'), name: 'Other' });
    await expectDomainError(updateTeam(engineer, { id: other.id, slug }), 'CONFLICT');
    expect((await getTeam(engineer, other.slug)).slug).toBe(other.slug);
    // Keeping one's own slug is not a conflict.
    await expect(updateTeam(engineer, { id: other.id, slug: other.slug, name: 'Other 2' })).resolves.toMatchObject({ name: 'Other 2' });
  });

  it('refuses to delete a team that still owns services, naming them', async () => {
    const engineer = await actorWith('engineer');
    const team = await createTeam(engineer, { slug: uniqueSlug('ledger'), name: 'Ledger' });
    const service = await createService(engineer, { slug: uniqueSlug('ledger-api'), name: 'Ledger API', teamId: team.id });

    const error = await expectDomainError(deleteTeam(engineer, { id: team.id }), 'CONFLICT');
    expect(error.message).toContain('still owns 1 service');
    expect(error.message).toContain(service.slug);
    expect((await getTeam(engineer, team.slug)).serviceCount).toBe(1);
    expect((await auditFor(team.id)).map((a) => a.action)).toEqual(['team.create']);
  });

  it('adds, promotes and removes members, auditing each change', async () => {
    const engineer = await actorWith('engineer');
    const person = await actorWith('viewer');
    const team = await createTeam(engineer, { slug: uniqueSlug('core'), name: 'Core' });

    let detail = await addMember(engineer, { teamId: team.id, userId: person.actor.id });
    expect(detail.members).toEqual([expect.objectContaining({ userId: person.actor.id, isLead: false })]);
    // Same membership again: nothing changes, nothing is audited.
    await addMember(engineer, { teamId: team.id, userId: person.actor.id, isLead: false });
    detail = await addMember(engineer, { teamId: team.id, userId: person.actor.id, isLead: true });
    expect(detail.members[0]?.isLead).toBe(true);
    detail = await removeMember(engineer, { teamId: team.id, userId: person.actor.id });
    expect(detail.members).toEqual([]);
    await expectDomainError(removeMember(engineer, { teamId: team.id, userId: person.actor.id }), 'NOT_FOUND');
    await expectDomainError(addMember(engineer, { teamId: team.id, userId: 'no-such-user' }), 'NOT_FOUND');

    const audit = await auditFor(team.id);
    expect(audit.map((a) => a.action)).toEqual(['team.create', 'team.member_add', 'team.member_update', 'team.member_remove']);
    expect(audit[1]!.after).toMatchObject({ userId: person.actor.id, isLead: false });
    expect(audit[2]!.before).toMatchObject({ isLead: false });
    expect(audit[2]!.after).toMatchObject({ isLead: true });
    expect(audit[3]!.before).toMatchObject({ userId: person.actor.id, isLead: true });
    expect(audit[3]!.after).toBeNull();
  });

  it('lets a viewer list teams but not change them; nothing is written', async () => {
    const engineer = await actorWith('engineer');
    const viewer = await actorWith('viewer');
    const team = await createTeam(engineer, { slug: uniqueSlug('infra'), name: 'Infra' });
    const slug = uniqueSlug('viewer-made');

    expect((await listTeams(viewer)).map((t) => t.slug)).toContain(team.slug);
    await expectDomainError(createTeam(viewer, { slug, name: 'Nope' }), 'FORBIDDEN');
    await expectDomainError(updateTeam(viewer, { id: team.id, name: 'Renamed' }), 'FORBIDDEN');
    await expectDomainError(deleteTeam(viewer, { id: team.id }), 'FORBIDDEN');
    await expectDomainError(addMember(viewer, { teamId: team.id, userId: viewer.actor.id }), 'FORBIDDEN');

    expect((await listTeams(system)).map((t) => t.slug)).not.toContain(slug);
    expect(await getTeam(viewer, team.slug)).toMatchObject({ name: 'Infra', members: [] });
    const { items } = await listAuditEntries(system, { actor: viewer.actor.kind === 'user' ? viewer.actor.email : '', limit: 50 });
    expect(items).toEqual([]);
  });

  it('reports invalid input with the field path and writes nothing', async () => {
    const engineer = await actorWith('engineer');
    await expectIssueAt(createTeam(engineer, { slug: 'Not A Slug', name: 'Bad' }), 'slug');
    await expectIssueAt(createTeam(engineer, { slug: uniqueSlug('tz'), name: 'TZ', timeZone: 'Mars/Olympus' }), 'timeZone');
    const team = await createTeam(engineer, { slug: uniqueSlug('valid'), name: 'Valid' });
    await expectIssueAt(updateTeam(engineer, { id: team.id, name: '' }), 'name');
    expect((await auditFor(team.id)).map((a) => a.action)).toEqual(['team.create']);
  });
});
