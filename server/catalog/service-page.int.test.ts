import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, expectDomainError, suffix, uniqueSlug } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { declareIncident, transition } from '../incidents/incidents.service';
import type { RequestContext } from '../lib/request-context';
import { createTeam } from '../teams/teams.service';
import { listAuditEntries } from '../audit/audit.service';
import { createService, deleteService, updateService } from './catalog.service';
import { getServicePage } from './service-page.service';

// The service page reads each domain through its own service: here, that a
// service's incidents (and only its own) appear, by slug or by id.

let commander: RequestContext;
let viewer: RequestContext;

beforeAll(async () => {
  commander = await actorWith('incident_commander', 'service-page.test');
  viewer = await actorWith('viewer', 'service-page.test');
});

afterAll(async () => {
  await getPrisma().$disconnect();
});

describe('getServicePage', () => {
  it('shows the service, its open and recently resolved incidents, and nothing of other services', async () => {
    const team = await createTeam(commander, { slug: uniqueSlug('sp-team'), name: `SP team ${suffix()}` });
    const mine = await createService(commander, { slug: uniqueSlug('sp-mine'), name: 'Mine', tier: 'tier1', links: [], teamId: team.id });
    const other = await createService(commander, { slug: uniqueSlug('sp-other'), name: 'Other', tier: 'tier2', links: [], teamId: team.id });
    const open = await declareIncident(commander, { title: 'Mine is down', severity: 'P3', serviceIds: [mine.id] });
    const done = await declareIncident(commander, { title: 'Mine was slow', severity: 'P3', serviceIds: [mine.id] });
    await transition(commander, { id: done.id, to: 'resolved' });
    await declareIncident(commander, { title: 'Other is down', severity: 'P3', serviceIds: [other.id] });

    const bySlug = await getServicePage(viewer, { key: mine.slug });
    const byId = await getServicePage(viewer, { key: mine.id });
    expect(byId.service.id).toBe(mine.id);
    expect(bySlug.service).toMatchObject({ id: mine.id, name: 'Mine', teamName: team.name });
    expect(bySlug.incidents.open.map((i) => i.id)).toEqual([open.id]);
    expect(bySlug.incidents.recent.map((i) => i.id)).toEqual([done.id]);
    expect(bySlug.slos).toEqual([]);
    expect(bySlug.budget.worst).toBeNull();
    expect(bySlug.readiness.score).toBeNull();
    expect(bySlug.oncall).toEqual([]);
    expect(bySlug.postmortems).not.toBeNull();
  });

  it('the audit log names the service as it is called now, and keeps the id of a deleted one', async () => {
    const team = await createTeam(commander, { slug: uniqueSlug('sp-audit'), name: `SP audit ${suffix()}` });
    const svc = await createService(commander, { slug: uniqueSlug('sp-named'), name: 'Named', tier: 'tier2', links: [], teamId: team.id });
    await updateService(commander, { id: svc.id, name: 'Renamed' });
    const gone = await createService(commander, { slug: uniqueSlug('sp-gone'), name: 'Gone', tier: 'tier2', links: [], teamId: team.id });
    await deleteService(commander, { id: gone.id });
    const admin = await actorWith('admin', 'service-page.test');
    const named = await listAuditEntries(admin, { targetType: 'service', targetId: svc.id, limit: 10 });
    expect(named.items.map((e) => e.targetName)).toEqual(['Renamed', 'Renamed']);
    const deleted = await listAuditEntries(admin, { targetType: 'service', targetId: gone.id, limit: 10 });
    expect(deleted.items.map((e) => e.targetName)).toEqual([null, null]);
  });

  it('answers NOT_FOUND for an unknown service', async () => {
    await expectDomainError(getServicePage(viewer, { key: `no-such-${suffix()}` }), 'NOT_FOUND');
  });
});
