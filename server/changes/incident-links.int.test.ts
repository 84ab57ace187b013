import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { declareIncident, getIncident } from '../incidents/incidents.service';
import { createTeam } from '../teams/teams.service';
import { changesBefore } from './change-history.service';
import { createChange, doraReport, getChange, transitionChange } from './changes.service';
import { changesForIncident, markChangeCause } from './incident-links.service';

// "Check recent changes" against Postgres: the incident console lists the
// service's changes of the 24 h before impact; a responder marks one as the
// confirmed cause, which the change, the incident timeline, the audit log, the
// post-mortem pre-fill and DORA's change failure rate all see.
const WEDNESDAY = Date.parse('2026-01-21T12:00:00Z');
const HOUR = 3_600_000;

let engineer: RequestContext;
let viewer: RequestContext;
let serviceId: string;
let serviceSlug: string;

beforeAll(async () => {
  [engineer, viewer] = await Promise.all([actorWith('engineer'), actorWith('viewer')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('cause-team'), name: 'Cause team' });
  const svc = await createService(systemCtx, { slug: uniqueSlug('cause-svc'), name: 'Cause service', teamId: team.id });
  serviceId = svc.id;
  serviceSlug = svc.slug;
});

async function shipped(title: string, at: number, committedAt?: number) {
  const { change } = await createChange(engineer, { title, services: [serviceSlug], tier: 'T1', ...(committedAt ? { committedAt: new Date(committedAt).toISOString() } : {}) }, 'ui', at);
  await transitionChange(engineer, { id: change.id, status: 'in_progress' }, at);
  await transitionChange(engineer, { id: change.id, status: 'succeeded' }, at + 60_000);
  return change.id;
}

describe('changes marked as an incident cause', () => {
  it('lists the changes of the 24 h before impact, newest first, and records a confirmed cause everywhere', async () => {
    const old = await shipped('Old config tweak', WEDNESDAY - 30 * HOUR);
    const earlier = await shipped('Bump cache size', WEDNESDAY - 5 * HOUR, WEDNESDAY - 7 * HOUR);
    const suspect = await shipped('Roll out payments v2', WEDNESDAY - HOUR, WEDNESDAY - 3 * HOUR);
    const incident = await declareIncident(await actorWith('incident_commander'), { title: 'Checkout errors', severity: 'P2', serviceIds: [serviceId], startedAt: new Date(WEDNESDAY) }, WEDNESDAY);

    const listed = await changesForIncident(viewer, { incidentId: incident.id });
    expect(listed.items.map((c) => c.id)).toEqual([suspect, earlier]);
    expect(listed.items.map((c) => c.id)).not.toContain(old);
    expect(listed.canMark).toBe(false);

    await expectDomainError(markChangeCause(viewer, { incidentId: incident.id, changeId: suspect, cause: 'confirmed' }), 'FORBIDDEN');
    await markChangeCause(engineer, { incidentId: incident.id, changeId: suspect, cause: 'suspected' }, WEDNESDAY + HOUR);
    await markChangeCause(engineer, { incidentId: incident.id, changeId: suspect, cause: 'confirmed' }, WEDNESDAY + 2 * HOUR);
    // Marking the same again changes nothing (no second event or audit row).
    await markChangeCause(engineer, { incidentId: incident.id, changeId: suspect, cause: 'confirmed' }, WEDNESDAY + 3 * HOUR);

    expect((await changesForIncident(engineer, { incidentId: incident.id })).items[0]).toMatchObject({ id: suspect, cause: 'confirmed' });
    const detail = await getChange(viewer, { id: suspect });
    expect(detail.incidents).toEqual([expect.objectContaining({ cause: 'confirmed', incident: expect.objectContaining({ id: incident.id, number: incident.number }) })]);
    expect(detail.timeline.filter((e) => e.kind === 'incident').map((e) => e.message)).toEqual([`Incident #${incident.number}: marked as the suspected cause`, `Incident #${incident.number}: marked as the confirmed cause`]);
    expect((await auditFor('change', suspect)).filter((a) => a.action === 'change.mark_cause')).toHaveLength(2);
    const timeline = (await getIncident(viewer, incident.id)).timeline.map((e) => e.text);
    expect(timeline).toContain('Change "Roll out payments v2" marked as the confirmed cause');
    // The post-mortem pre-fill names it.
    expect((await changesBefore([serviceId], WEDNESDAY, 24, incident.id)).find((c) => c.id === suspect)?.cause).toBe('confirmed');

    // DORA: the confirmed cause is a failed change (1 of 3 deployed); lead time runs from the
    // commit where there is one: median of 1 min (no commit time) and 2 h 1 min (from the commit).
    const dora = await doraReport(viewer, { service: serviceId, days: 7 }, WEDNESDAY + 4 * HOUR);
    expect([dora.deployments, dora.failed]).toEqual([3, 1]);
    expect(dora.leadTimeMs).toBe(HOUR + 60_000);

    await markChangeCause(engineer, { incidentId: incident.id, changeId: suspect, cause: null }, WEDNESDAY + 5 * HOUR);
    expect((await getChange(viewer, { id: suspect })).incidents).toEqual([]);
    expect((await doraReport(viewer, { service: serviceId, days: 7 }, WEDNESDAY + 5 * HOUR)).failed).toBe(0);
  });

  it('names what is wrong in bad input', async () => {
    await expectDomainError(markChangeCause(engineer, { incidentId: 'nope', changeId: 'nope', cause: 'confirmed' }), 'NOT_FOUND');
    await expect(markChangeCause(engineer, { incidentId: 'x', changeId: 'y', cause: 'maybe' })).rejects.toThrow(/suspected, confirmed or null/);
  });
});
