import { describe, expect, it } from 'vitest';
import { attestableMarkerIds, attestOrg, attestTeam, expiryOf, isValid, latestByKey, type AttestationFact } from './attestation.compute';
import { assess, MARKERS, measured, noData } from './maturity.compute';
import { ATTESTABLE_MARKER_IDS, EVIDENCE_KEYS, type Evidence } from './maturity.schema';

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');
const fact = (over: Partial<AttestationFact> = {}): AttestationFact => ({
  id: 'at1',
  teamId: 'a',
  markerId: 'defined.canary',
  evidenceUrl: 'https://wiki.example.com/canary',
  note: 'Argo Rollouts on checkout',
  attestedByName: 'Lee Lead',
  attestedAt: now - 10 * DAY,
  expiresAt: expiryOf(now - 10 * DAY, 90),
  revokedAt: null,
  ...over,
});

// Everything up to level 3 measured and met, except the canary marker (unobservable).
function evidence(): Evidence {
  const e = Object.fromEntries(EVIDENCE_KEYS.map((k) => [k, noData('not observed', '/x')])) as Evidence;
  for (const d of MARKERS.filter((x) => x.level <= 3)) {
    const value = d.op === '<=' ? 0 : d.op === '<' ? d.threshold - 1 : d.threshold + (d.op === '>' ? 1 : 0);
    e[d.evidence] = measured(value, 'ok', '/x');
  }
  e.canaryObjects = noData('Argo Rollouts / Flagger objects are not collected', '/docs/maturity#not-observed');
  return e;
}

describe('the attestable criteria', () => {
  it('are exactly the markers whose evidence Runwell does not observe', () => {
    expect(attestableMarkerIds().sort()).toEqual([...ATTESTABLE_MARKER_IDS].sort());
  });
});

describe('isValid (expiry and revocation)', () => {
  it.each([
    { name: 'within its 90 days', a: fact(), ok: true },
    { name: 'expires exactly now', a: fact({ expiresAt: now }), ok: false },
    { name: 'expired yesterday', a: fact({ attestedAt: now - 91 * DAY, expiresAt: expiryOf(now - 91 * DAY, 90) }), ok: false },
    { name: 'revoked', a: fact({ revokedAt: now - DAY }), ok: false },
    { name: 'attested in the future', a: fact({ attestedAt: now + DAY }), ok: false },
  ])('$name → $ok', ({ a, ok }) => expect(isValid(a, now)).toBe(ok));

  it('defaults to 90 days', () => expect(expiryOf(0, 90)).toBe(90 * DAY));
});

describe('attestTeam', () => {
  const level = (facts: AttestationFact[]) => assess(evidence(), undefined, (m) => attestTeam(m, 'a', latestByKey(facts), now));
  it.each([
    { name: 'no attestation: the unobservable canary marker holds level 3', facts: [], level: 2, status: 'no-data', source: 'measured' },
    { name: 'a valid attestation: the level moves to 3', facts: [fact()], level: 3, status: 'met', source: 'attested' },
    { name: 'an expired attestation no longer counts', facts: [fact({ attestedAt: now - 100 * DAY, expiresAt: now - DAY })], level: 2, status: 'no-data', source: 'measured' },
    { name: 'a revoked attestation no longer counts', facts: [fact({ revokedAt: now - DAY })], level: 2, status: 'no-data', source: 'measured' },
    { name: "another team's attestation does not count", facts: [fact({ teamId: 'b' })], level: 2, status: 'no-data', source: 'measured' },
    { name: 'the newest attestation wins', facts: [fact({ id: 'old', attestedAt: now - 200 * DAY, expiresAt: now - 110 * DAY }), fact({ id: 'new' })], level: 3, status: 'met', source: 'attested' },
  ])('$name', ({ facts, level: expected, status, source }) => {
    const a = level(facts);
    const canary = a.markers.find((m) => m.id === 'defined.canary')!;
    expect(a.level).toBe(expected);
    expect(canary).toMatchObject({ status, source, attestable: true });
    if (source === 'attested') {
      expect(canary.detail).toMatch(/^attested by Lee Lead until 2027-02-23/);
      expect(canary.href).toBe('https://wiki.example.com/canary');
    }
  });

  it('shows an expired attestation as expired', () => {
    const a = level([fact({ attestedAt: now - 100 * DAY, expiresAt: now - DAY })]);
    const canary = a.markers.find((m) => m.id === 'defined.canary')!;
    expect(canary.attestation).toMatchObject({ expired: true, by: 'Lee Lead' });
    expect(canary.detail).toContain('expired 2026-12-04');
  });

  it('never attests a measured criterion', () => {
    const a = assess(evidence(), undefined, (m) => attestTeam(m, 'a', latestByKey([fact({ markerId: 'defined.velero' })]), now));
    expect(a.markers.find((m) => m.id === 'defined.velero')).toMatchObject({ source: 'measured', attestable: false, attestation: null });
  });
});

describe('attestOrg', () => {
  it.each([
    { name: 'every team owning services attested', facts: [fact(), fact({ id: 'b', teamId: 'b' })], status: 'met', detail: /all 2 teams/ },
    { name: 'one of two teams attested', facts: [fact()], status: 'no-data', detail: /attested by 1 of 2 teams/ },
    { name: 'none attested', facts: [], status: 'no-data', detail: /not collected$/ },
  ])('$name', ({ facts, status, detail }) => {
    const a = assess(evidence(), undefined, (m) => attestOrg(m, ['a', 'b'], latestByKey(facts), now));
    const canary = a.markers.find((m) => m.id === 'defined.canary')!;
    expect(canary.status).toBe(status);
    expect(canary.detail).toMatch(detail);
  });
});
