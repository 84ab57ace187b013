import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { recordDrill } from '../dr/dr.service';
import { createTeam } from '../teams/teams.service';
import { assessAll, getMaturity, reassess, serviceMaturity, snapshotNow } from './maturity.service';

// The assessment from real services over a real database: teams appear with
// their evidence, unobserved markers say "no data", snapshots feed the trend.

let executive: RequestContext;
let viewer: RequestContext;
let teamId: string;
let serviceId: string;
const now = Date.parse('2026-11-20T12:00:00Z');

beforeAll(async () => {
  [executive, viewer] = await Promise.all([actorWith('executive', 'maturity.test'), actorWith('viewer', 'maturity.test')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('mat-team'), name: uniqueSlug('Maturity team') });
  teamId = team.id;
  serviceId = (await createService(systemCtx, { slug: uniqueSlug('mat-svc'), name: 'Maturity svc', teamId })).id;
});

describe('maturity assessment', () => {
  it('assesses each team from live evidence, with no data where Runwell has no source', async () => {
    const { org, teams } = await assessAll(viewer, now);
    const team = teams.find((t) => t.teamId === teamId)!;
    expect(team).toBeDefined();
    expect(team.services).toBe(1);
    expect(team.markers).toHaveLength(30);
    // A new team with no SLO: measured as 0 %, not met; no schedule: 0 % coverage.
    expect(team.markers.find((m) => m.id === 'defined.slos')).toMatchObject({ status: 'not-met', value: 0 });
    expect(team.markers.find((m) => m.id === 'managed.oncall')).toMatchObject({ status: 'not-met', value: 0, href: '/oncall' });
    // The change ledger is read through its service: no GitOps change of the team's own. Service-less
    // (platform) GitOps syncs count for every team, and other test files record some in this database.
    const gitops = team.markers.find((m) => m.id === 'managed.gitops')!;
    expect(gitops).toMatchObject({ status: 'not-met', href: '/changes' });
    expect(gitops.value).toBeLessThan(10);
    // The operations domains through their services: no drill yet, no namespace of the service in any cluster.
    expect(team.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'not-met', value: 0, href: '/dr' });
    expect(team.markers.find((m) => m.id === 'defined.velero')).toMatchObject({ status: 'no-data', value: null, href: '/dr' });
    expect(team.markers.find((m) => m.id === 'reactive.manual-certs')).toMatchObject({ source: 'measured', href: '/certificates' });
    expect(team.markers.find((m) => m.id === 'measured.toil-50')).toMatchObject({ href: '/toil' });
    // Measured from the inventory: no Rollout or Canary of the new team (0, not met); a canary by another tool may still be attested.
    expect(team.markers.find((m) => m.id === 'defined.canary')).toMatchObject({ status: 'not-met', value: 0, attestable: true });
    // Never observed: no data, which holds the level back like "not met"; a lead may attest it.
    expect(team.markers.find((m) => m.id === 'measured.auto-remediation')).toMatchObject({ status: 'no-data', value: null, attestable: true });
    expect(team.level).toBe(1);
    expect(team.next[0]!.level).toBe(1);
    expect(org.services).toBeGreaterThanOrEqual(1);
  });

  it('counts a DR drill recorded in the last 90 days', async () => {
    const engineer = await actorWith('engineer', 'maturity.test');
    await recordDrill(engineer, { serviceId, restoreName: 'restore-1', startedAt: new Date(now - 5 * 86_400_000), finishedAt: new Date(now - 5 * 86_400_000 + 3_600_000), success: true, dataLossMinutes: 0 });
    const team = (await assessAll(viewer, now)).teams.find((t) => t.teamId === teamId)!;
    expect(team.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'met', value: 1 });
    // 100 days later the drill is out of the window.
    const later = (await assessAll(viewer, now + 100 * 86_400_000)).teams.find((t) => t.teamId === teamId)!;
    expect(later.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'not-met', value: 0 });
  });

  it('assesses each service on its own figures; the team counts the services each gap holds back', async () => {
    const other = (await createService(systemCtx, { slug: uniqueSlug('mat-svc2'), name: 'Maturity svc 2', teamId })).id;
    const { teams, services } = await assessAll(viewer, now);
    const team = teams.find((t) => t.teamId === teamId)!;
    const mine = services.filter((s) => s.teamId === teamId);
    expect(mine.map((s) => s.serviceId).sort()).toEqual([serviceId, other].sort());
    // The drill was of the first service: its own DR marker is met, the second's is not; the team's (one drill) is met.
    const drilled = mine.find((s) => s.serviceId === serviceId)!;
    const undrilled = mine.find((s) => s.serviceId === other)!;
    expect(drilled.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'met', value: 1 });
    expect(undrilled.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'not-met', value: 0 });
    expect(team.markers.find((m) => m.id === 'defined.dr-quarterly')).toMatchObject({ status: 'met' });
    // The team's practices are the same for its services: on-call is not met for all three.
    expect(undrilled.markers.find((m) => m.id === 'managed.oncall')).toMatchObject({ status: 'not-met', value: 0 });
    expect(undrilled).toMatchObject({ team: team.team, teamLevel: team.level });
    // "What to do next": each step says how many of the team's services it holds back, lowest level first.
    for (const step of team.next) expect(step.blocks).toBe(mine.filter((s) => s.markers.find((m) => m.id === step.id)!.status !== 'met').length);
    expect(team.next.map((m) => m.level)).toEqual([...team.next.map((m) => m.level)].sort());
    expect((await serviceMaturity(viewer, other, now)).serviceId).toBe(other);
    await expectDomainError(serviceMaturity(viewer, 'no-such-service', now), 'NOT_FOUND');
  });

  it('stores one snapshot per scope and day; the trend reads them', async () => {
    const r = await snapshotNow(now);
    expect(r.scopes).toBeGreaterThanOrEqual(2);
    await snapshotNow(now + 60_000); // same day: replaced, not duplicated
    const dto = await getMaturity(viewer, { days: 30 }, now + 120_000);
    const day = dto.trend.find((p) => p.day === '2026-11-20')!;
    expect(day.org).toBe(r.orgLevel);
    expect(dto.trend.filter((p) => p.day === '2026-11-20')).toHaveLength(1);
    // The next day, the stored level is the previous level.
    const next = await assessAll(viewer, now + 86_400_000);
    expect(next.org.previousLevel).toBe(r.orgLevel);
    expect(next.teams.find((t) => t.teamId === teamId)!.previousLevel).toBe(dto.teams.find((t) => t.teamId === teamId)!.level);
  });

  it('runs on demand for executives only, and audits it', async () => {
    await expectDomainError(reassess(viewer, now), 'FORBIDDEN');
    const r = await reassess(executive, now);
    expect(r.scopes).toBeGreaterThanOrEqual(2);
    const audit = await auditFor('maturity', '2026-11-20');
    expect(audit.map((a) => a.action)).toContain('maturity.assess');
  });
});
