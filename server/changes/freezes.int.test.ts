import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, expectIssueAt, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createTeam } from '../teams/teams.service';
import { previewGate } from './gate.service';
import { declareFreeze, listDeclaredFreezes, removeFreeze } from './freezes.service';

// Declared freezes against Postgres: an admin's ad-hoc window and holiday hold
// the gate for their team at once, leave other teams alone, are audited, and
// are removed again; bad input names its field.
const WEDNESDAY = Date.parse('2026-03-18T12:00:00Z');
const DAY = 86_400_000;

let admin: RequestContext;
let engineer: RequestContext;
let teamId: string;
let svc: string;
let otherSvc: string;

beforeAll(async () => {
  [admin, engineer] = await Promise.all([actorWith('admin'), actorWith('engineer')]);
  teamId = (await createTeam(systemCtx, { slug: uniqueSlug('frz-team'), name: 'Freeze team', timeZone: 'UTC' })).id;
  const other = await createTeam(systemCtx, { slug: uniqueSlug('frz-other'), name: 'Other team', timeZone: 'UTC' });
  svc = (await createService(systemCtx, { slug: uniqueSlug('frz-svc'), name: 'Frozen', teamId })).slug;
  otherSvc = (await createService(systemCtx, { slug: uniqueSlug('frz-svc2'), name: 'Not frozen', teamId: other.id })).slug;
});

describe('declared freezes', () => {
  it('an ad-hoc freeze holds its team’s T2 changes now, not another team’s, and goes away when removed', async () => {
    const { id } = await declareFreeze(admin, { kind: 'adhoc', name: 'Spring sale', teamId, tiers: ['T2', 'T3'], startsAt: new Date(WEDNESDAY - DAY).toISOString(), endsAt: new Date(WEDNESDAY + DAY).toISOString() });
    const held = await previewGate(engineer, { services: [svc], tier: 'T2' }, WEDNESDAY);
    expect(held.decision).toBe('hold');
    expect(held.reasons.map((r) => r.message).join(' ')).toMatch(/Spring sale/);
    expect((await previewGate(engineer, { services: [otherSvc], tier: 'T2' }, WEDNESDAY)).decision).not.toBe('hold');
    expect((await previewGate(engineer, { services: [svc], tier: 'T1' }, WEDNESDAY)).decision).toBe('allow');
    expect((await listDeclaredFreezes(engineer)).find((f) => f.id === id)).toMatchObject({ kind: 'adhoc', team: 'Freeze team', tiers: ['T2', 'T3'] });
    await removeFreeze(admin, { id });
    expect((await previewGate(engineer, { services: [svc], tier: 'T2' }, WEDNESDAY)).decision).not.toBe('hold');
    expect((await auditFor('freeze', id)).map((a) => a.action)).toEqual(['freeze.declare', 'freeze.remove']);
  });

  it('a holiday holds 48 h before and after by default', async () => {
    const { id } = await declareFreeze(admin, { kind: 'holiday', name: 'Founders day', teamId, date: '2026-03-19' });
    expect((await previewGate(engineer, { services: [svc], tier: 'T3' }, WEDNESDAY)).decision).toBe('hold');
    // Monday noon after it: past the margin and the weekend freeze.
    expect((await previewGate(engineer, { services: [svc], tier: 'T3' }, WEDNESDAY + 5 * DAY)).decision).not.toBe('hold');
    await removeFreeze(admin, { id });
  });

  it('only admins declare; bad input names its field', async () => {
    await expectDomainError(declareFreeze(engineer, { kind: 'holiday', name: 'Nope day', date: '2026-03-19' }), 'FORBIDDEN');
    await expectIssueAt(declareFreeze(admin, { kind: 'adhoc', name: 'Backwards', tiers: ['T2'], startsAt: '2026-03-20T00:00:00Z', endsAt: '2026-03-19T00:00:00Z' }), 'endsAt');
    await expectIssueAt(declareFreeze(admin, { kind: 'holiday', name: 'Bad date', date: '19.03.2026' }), 'date');
    await expectDomainError(declareFreeze(admin, { kind: 'holiday', name: 'Ghost team', teamId: 'no-such-team', date: '2026-03-19' }), 'BAD_INPUT', 'teamId');
    await expectDomainError(removeFreeze(admin, { id: 'no-such-freeze' }), 'NOT_FOUND');
  });
});
