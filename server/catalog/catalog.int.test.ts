import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import type { Role } from '../lib/roles';
import {
  actorWith as actorWithRole,
  auditFor as auditAbout,
  expectDomainError,
  expectIssueAt,
  suffix,
  systemCtx,
  uniqueSlug,
} from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { createTeam } from '../teams/teams.service';
import type { TeamDto } from '../teams/teams.schema';
import { createService, deleteService, getService, listServices, updateService } from './catalog.service';

const system = systemCtx;
const actorWith = (role: Role) => actorWithRole(role, 'catalog.test');
const auditFor = (targetId: string) => auditAbout('service', targetId);

let engineer: RequestContext;
let viewer: RequestContext;
let payments: TeamDto;
let search: TeamDto;

beforeAll(async () => {
  engineer = await actorWith('engineer');
  viewer = await actorWith('viewer');
  payments = await createTeam(engineer, { slug: uniqueSlug('payments'), name: `Payments ${suffix()}` });
  search = await createTeam(engineer, { slug: uniqueSlug('search'), name: `Search ${suffix()}` });
});

afterAll(async () => {
  await getPrisma().$disconnect();
});

describe('catalog service', () => {
  it('creates, updates and deletes a service, auditing each step with before/after', async () => {
    const slug = uniqueSlug('checkout');
    const links = [
      { label: 'Runbook', url: 'https://runbooks.example.com/checkout' },
      { label: 'Dashboard', url: 'http://grafana.internal/d/checkout' },
    ];
    const created = await createService(engineer, { slug, name: 'Checkout', tier: 'tier1', links, teamId: payments.id });
    expect(created).toMatchObject({ slug, name: 'Checkout', tier: 'tier1', links, teamId: payments.id, teamName: payments.name, teamSlug: payments.slug });
    expect(await getService(viewer, { slug })).toEqual(created);

    const updated = await updateService(engineer, { id: created.id, tier: 'tier2', teamId: search.id, links: [] });
    expect(updated).toMatchObject({ slug, tier: 'tier2', teamId: search.id, teamName: search.name, links: [] });

    await deleteService(engineer, { id: created.id });
    await expectDomainError(getService(viewer, { slug }), 'NOT_FOUND');
    await expectDomainError(deleteService(engineer, { id: created.id }), 'NOT_FOUND');

    const audit = await auditFor(created.id);
    expect(audit.map((a) => a.action)).toEqual(['service.create', 'service.update', 'service.delete']);
    for (const row of audit) expect(row).toMatchObject({ actorType: 'user', actorId: engineer.actor.id, requestId: engineer.requestId });
    const [create, update, remove] = audit;
    expect(create!.before).toBeNull();
    expect(create!.after).toMatchObject({ id: created.id, slug, tier: 'tier1', links, teamId: payments.id });
    expect(update!.before).toMatchObject({ tier: 'tier1', teamId: payments.id, links });
    expect(update!.after).toMatchObject({ tier: 'tier2', teamId: search.id, links: [] });
    expect(remove!.before).toMatchObject({ slug, tier: 'tier2' });
    expect(remove!.after).toBeNull();
  });

  it('lists with team names and filters by team, tier and search', async () => {
    const tag = suffix();
    const a = await createService(engineer, { slug: `api-${tag}`, name: `Gateway ${tag}`, tier: 'tier1', teamId: payments.id });
    const b = await createService(engineer, { slug: `batch-${tag}`, name: `Batch ${tag}`, tier: 'tier3', teamId: payments.id, description: 'nightly reconciliation' });
    const c = await createService(engineer, { slug: `index-${tag}`, name: `Indexer ${tag}`, tier: 'tier1', teamId: search.id });
    const slugs = async (filter: Parameters<typeof listServices>[1]) =>
      (await listServices(viewer, filter)).map((s) => s.slug).filter((s) => s.endsWith(tag));

    expect(await slugs({ search: tag })).toEqual([a.slug, c.slug, b.slug]); // tier, then name
    expect(await slugs({ teamId: payments.id })).toEqual([a.slug, b.slug]);
    expect(await slugs({ tier: 'tier1' })).toEqual([a.slug, c.slug]);
    expect(await slugs({ teamId: search.id, tier: 'tier1' })).toEqual([c.slug]);
    expect(await slugs({ search: 'NIGHTLY' })).toEqual([b.slug]);
    expect(await slugs({ search: `indexer ${tag}` })).toEqual([c.slug]);
    const listed = (await listServices(viewer, { search: tag })).find((s) => s.id === c.id);
    expect(listed).toMatchObject({ teamName: search.name, teamSlug: search.slug });
  });

  it('refuses a duplicate slug with CONFLICT, also when two requests race', async () => {
    const slug = uniqueSlug('ledger');
    await createService(engineer, { slug, name: 'Ledger', teamId: payments.id });
    const error = await expectDomainError(createService(engineer, { slug, name: 'Ledger 2', teamId: search.id }), 'CONFLICT');
    expect(error.message).toContain(slug);

    const other = await createService(engineer, { slug: uniqueSlug('other'), name: 'Other', teamId: payments.id });
    await expectDomainError(updateService(engineer, { id: other.id, slug }), 'CONFLICT');

    const raced = uniqueSlug('race');
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => createService(engineer, { slug: raced, name: `Race ${n}`, teamId: payments.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    }
  });

  it('refuses an unknown owning team', async () => {
    await expectDomainError(createService(engineer, { slug: uniqueSlug('orphan'), name: 'Orphan', teamId: 'no-such-team' }), 'NOT_FOUND');
  });

  it('lets a viewer read but not change the catalog; nothing is written', async () => {
    const existing = await createService(engineer, { slug: uniqueSlug('profile'), name: 'Profile', teamId: payments.id });
    const slug = uniqueSlug('viewer-made');
    await expectDomainError(createService(viewer, { slug, name: 'Nope', teamId: payments.id }), 'FORBIDDEN');
    await expectDomainError(updateService(viewer, { id: existing.id, tier: 'tier1' }), 'FORBIDDEN');
    await expectDomainError(deleteService(viewer, { id: existing.id }), 'FORBIDDEN');

    await expectDomainError(getService(viewer, { slug }), 'NOT_FOUND');
    expect(await getService(viewer, { slug: existing.slug })).toMatchObject({ tier: 'tier2', name: 'Profile' });
    expect((await auditFor(existing.id)).map((a) => a.action)).toEqual(['service.create']);
    const { items } = await listAuditEntries(system, { actor: viewer.actor.kind === 'user' ? viewer.actor.email : '', limit: 50 });
    expect(items).toEqual([]);
  });

  it('reports invalid input with the field path and writes nothing', async () => {
    await expectIssueAt(createService(engineer, { slug: 'Bad Slug!', name: 'Bad', teamId: payments.id }), 'slug');
    const slug = uniqueSlug('links');
    await expectIssueAt(
      createService(engineer, {
        slug,
        name: 'Links',
        teamId: payments.id,
        links: [{ label: 'ok', url: 'https://ok.example' }, { label: 'evil', url: 'javascript:alert(1)' }],
      }),
      'links.1.url',
    );
    await expectDomainError(getService(viewer, { slug }), 'NOT_FOUND');
    const existing = await createService(engineer, { slug: uniqueSlug('valid'), name: 'Valid', teamId: payments.id });
    await expectIssueAt(updateService(engineer, { id: existing.id, links: [{ label: 'ftp', url: 'ftp://files.example' }] }), 'links.0.url');
    await expectIssueAt(updateService(engineer, { id: existing.id, tier: 'tier9' as 'tier1' }), 'tier');
    expect((await auditFor(existing.id)).map((a) => a.action)).toEqual(['service.create']);
  });
});
