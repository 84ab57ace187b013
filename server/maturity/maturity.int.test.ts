import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createTeam } from '../teams/teams.service';
import { assessAll, getMaturity, reassess, snapshotNow } from './maturity.service';

// The assessment from real services over a real database: teams appear with
// their evidence, unobserved markers say "no data", snapshots feed the trend.

let executive: RequestContext;
let viewer: RequestContext;
let teamId: string;
const now = Date.parse('2026-11-20T12:00:00Z');

beforeAll(async () => {
  [executive, viewer] = await Promise.all([actorWith('executive', 'maturity.test'), actorWith('viewer', 'maturity.test')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('mat-team'), name: uniqueSlug('Maturity team') });
  teamId = team.id;
  await createService(systemCtx, { slug: uniqueSlug('mat-svc'), name: 'Maturity svc', teamId });
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
    // The change ledger is read through its service: no GitOps change recorded for the team.
    expect(team.markers.find((m) => m.id === 'managed.gitops')).toMatchObject({ status: 'not-met', value: 0, href: '/changes' });
    // Never observed: no data, which holds the level back like "not met".
    expect(team.markers.find((m) => m.id === 'defined.velero')).toMatchObject({ status: 'no-data', value: null });
    expect(team.level).toBe(1);
    expect(team.next[0]!.level).toBe(1);
    expect(org.services).toBeGreaterThanOrEqual(1);
  });

  it('stores one snapshot per scope and day; the trend reads them', async () => {
    const r = await snapshotNow(now);
    expect(r.scopes).toBeGreaterThanOrEqual(2);
    await snapshotNow(now + 60_000); // same day: replaced, not duplicated
    const dto = await getMaturity(viewer, { days: 30 }, now + 120_000);
    const day = dto.trend.find((p) => p.day === '2026-11-20')!;
    expect(day.org).toBe(r.orgLevel);
    expect(dto.trend.filter((p) => p.day === '2026-11-20')).toHaveLength(1);
  });

  it('runs on demand for executives only, and audits it', async () => {
    await expectDomainError(reassess(viewer, now), 'FORBIDDEN');
    const r = await reassess(executive, now);
    expect(r.scopes).toBeGreaterThanOrEqual(2);
    const audit = await auditFor('maturity', '2026-11-20');
    expect(audit.map((a) => a.action)).toContain('maturity.assess');
  });
});
