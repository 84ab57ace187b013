import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, expectIssueAt, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { addMember, createTeam } from '../teams/teams.service';
import { attest, revokeAttestation } from './attestation.service';
import { assessAll, getMaturity } from './maturity.service';

// Attestations against a real database: who may attest, validation with field
// paths, the marker counted as attested, expiry, revocation and the audit log.

let lead: RequestContext;
let engineer: RequestContext;
let admin: RequestContext;
let viewer: RequestContext;
let teamId: string;
const DAY = 86_400_000;
const now = Date.parse('2026-11-21T12:00:00Z');
const input = (over: Record<string, unknown> = {}) => ({ teamId, markerId: 'measured.chaos' as const, evidenceUrl: 'https://wiki.example.com/game-days/2026-11', note: 'Game day on checkout', ...over });

const canaryOf = async (at: number) => (await assessAll(viewer, at)).teams.find((t) => t.teamId === teamId)!.markers.find((m) => m.id === 'measured.chaos')!;

beforeAll(async () => {
  [lead, engineer, admin, viewer] = await Promise.all([actorWith('engineer', 'attest.test'), actorWith('engineer', 'attest.test'), actorWith('admin', 'attest.test'), actorWith('viewer', 'attest.test')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('att-team'), name: uniqueSlug('Attest team') });
  teamId = team.id;
  await createService(systemCtx, { slug: uniqueSlug('att-svc'), name: 'Attest svc', teamId });
  await addMember(systemCtx, { teamId, userId: lead.actor.id, isLead: true });
  await addMember(systemCtx, { teamId, userId: engineer.actor.id, isLead: false });
});

describe('attestations', () => {
  it('are refused to engineers who do not lead the team, and to viewers', async () => {
    await expectDomainError(attest(engineer, input(), now), 'FORBIDDEN');
    await expectDomainError(attest(viewer, input(), now), 'FORBIDDEN');
  });

  it('validate the evidence link, the criterion and the expiry with field paths', async () => {
    await expectIssueAt(attest(lead, input({ evidenceUrl: 'javascript:alert(1)' }), now), 'evidenceUrl');
    await expectIssueAt(attest(lead, input({ evidenceUrl: '' }), now), 'evidenceUrl');
    await expectIssueAt(attest(lead, input({ markerId: 'defined.velero' }), now), 'markerId');
    await expectIssueAt(attest(lead, input({ days: 400 }), now), 'days');
  });

  it('count as met (source attested) until they expire, shown apart from measured evidence', async () => {
    // Measured (no Chaos Mesh experiment of the team: 0, not met) but game days are not observed: attestable.
    expect(await canaryOf(now)).toMatchObject({ status: 'not-met', value: 0, source: 'measured', attestable: true, attestation: null });
    const a = await attest(lead, input(), now);
    expect(Date.parse(a.until) - now).toBe(90 * DAY);
    const m = await canaryOf(now + DAY);
    expect(m).toMatchObject({ status: 'met', source: 'attested', href: 'https://wiki.example.com/game-days/2026-11' });
    expect(m.detail).toMatch(/^attested by .+ until 2027-02-19: Game day on checkout$/);
    // 91 days later it no longer counts, and says so.
    const expired = await canaryOf(now + 91 * DAY);
    expect(expired).toMatchObject({ status: 'not-met', source: 'measured' });
    expect(expired.attestation).toMatchObject({ expired: true });
    const audit = await auditFor('team', teamId);
    expect(audit.find((e) => e.action === 'maturity.attest')?.after).toMatchObject({ markerId: 'measured.chaos', evidenceUrl: 'https://wiki.example.com/game-days/2026-11' });
  });

  it('tell the page which teams the viewer may attest for', async () => {
    expect((await getMaturity(lead, {}, now)).attestTeamIds).toEqual([teamId]);
    expect((await getMaturity(engineer, {}, now)).attestTeamIds).toEqual([]);
    expect((await getMaturity(admin, {}, now)).attestTeamIds).toContain(teamId);
  });

  it('are replaced by a newer one and revocable by an admin, audited', async () => {
    const first = await attest(lead, input({ days: 30 }), now);
    const second = await attest(admin, input({ note: 'Second game day' }), now + 60_000);
    const m = await canaryOf(now + DAY);
    expect(m.attestation).toMatchObject({ id: second.id, expired: false });
    await expectDomainError(revokeAttestation(engineer, { id: second.id }, now + DAY), 'FORBIDDEN');
    await revokeAttestation(admin, { id: second.id }, now + DAY);
    await expectDomainError(revokeAttestation(admin, { id: first.id }, now + DAY), 'CONFLICT');
    expect(await canaryOf(now + 2 * DAY)).toMatchObject({ status: 'not-met', attestation: null });
    const actions = (await auditFor('team', teamId)).map((e) => e.action);
    expect(actions).toContain('maturity.attest.revoke');
  });
});
