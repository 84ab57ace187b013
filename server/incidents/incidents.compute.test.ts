import { describe, expect, it } from 'vitest';
import { allowedTransitions, isOpen, missingRoles, transitionIncident, type Incident } from './incidents.compute';
import { INCIDENT_STATES, incidentRolesSchema, type IncidentState, type IncidentTimes } from './incidents.schema';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const times = (over: Partial<IncidentTimes> = {}): IncidentTimes => ({
  startedAt: T0,
  detectedAt: T0 + 2 * MIN,
  acknowledgedAt: null,
  identifiedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  closedAt: null,
  ...over,
});
const incident = (state: IncidentState, over: Partial<IncidentTimes> = {}): Incident => ({ state, times: times(over) });

describe('allowed transitions', () => {
  // Every (from, to) pair: allowed?, and what it needs.
  const expected: Record<IncidentState, Partial<Record<IncidentState, string>>> = {
    triage: { investigating: '', identified: '', mitigated: '', resolved: '', declined: 'reason', merged: 'mergedInto' },
    investigating: { identified: '', mitigated: '', resolved: '', merged: 'mergedInto' },
    identified: { investigating: 'reason', mitigated: '', resolved: '', merged: 'mergedInto' },
    mitigated: { investigating: 'reason', identified: 'reason', resolved: '', merged: 'mergedInto' },
    resolved: { investigating: 'reason', closed: '' },
    closed: {},
    declined: { triage: 'reason' },
    merged: {},
  };
  const pairs = INCIDENT_STATES.flatMap((from) => INCIDENT_STATES.map((to) => ({ from, to, needs: expected[from][to] })));

  it.each(pairs)('$from -> $to: $needs', ({ from, to, needs }) => {
    const rule = allowedTransitions(from).find((t) => t.to === to);
    if (needs === undefined) {
      expect(rule).toBeUndefined();
      const r = transitionIncident(incident(from), { to, at: T0, reason: 'x', mergedInto: 'INC-1' });
      expect(r).toMatchObject({ ok: false, field: 'to' });
    } else {
      expect(rule!.needs.join(',')).toBe(needs);
    }
  });

  it('open states', () => {
    expect(INCIDENT_STATES.filter(isOpen)).toEqual(['triage', 'investigating', 'identified', 'mitigated']);
  });
});

describe('transitionIncident', () => {
  it('walks the happy path and records each milestone once', () => {
    let inc: Incident = incident('triage');
    const steps: [IncidentState, number][] = [
      ['investigating', 5],
      ['identified', 12],
      ['mitigated', 20],
      ['resolved', 30],
      ['closed', 60 * 24],
    ];
    for (const [to, minutes] of steps) {
      const r = transitionIncident(inc, { to, at: T0 + minutes * MIN });
      if (!r.ok) throw new Error(r.error);
      inc = { state: r.state, times: r.times };
    }
    expect(inc.times).toEqual(
      times({ acknowledgedAt: T0 + 5 * MIN, identifiedAt: T0 + 12 * MIN, mitigatedAt: T0 + 20 * MIN, resolvedAt: T0 + 30 * MIN, closedAt: T0 + 1440 * MIN }),
    );
  });

  it('skipping ahead fills the skipped impact milestones, not "identified"', () => {
    const r = transitionIncident(incident('triage'), { to: 'resolved', at: T0 + 9 * MIN });
    expect(r.ok && r.times).toMatchObject({ acknowledgedAt: T0 + 9 * MIN, identifiedAt: null, mitigatedAt: T0 + 9 * MIN, resolvedAt: T0 + 9 * MIN });
  });

  it('reopening clears the resolution so MTTR counts to the final one', () => {
    const resolved = incident('resolved', { acknowledgedAt: T0 + MIN, identifiedAt: T0 + 2 * MIN, mitigatedAt: T0 + 3 * MIN, resolvedAt: T0 + 4 * MIN });
    const r = transitionIncident(resolved, { to: 'investigating', at: T0 + 30 * MIN, reason: 'errors are back' });
    expect(r).toMatchObject({ ok: true, state: 'investigating', event: { from: 'resolved', to: 'investigating', reason: 'errors are back' } });
    expect(r.ok && r.times).toMatchObject({ acknowledgedAt: T0 + MIN, identifiedAt: null, mitigatedAt: null, resolvedAt: null });
  });

  it('mitigated back to identified keeps the identification', () => {
    const m = incident('mitigated', { acknowledgedAt: T0 + MIN, identifiedAt: T0 + 2 * MIN, mitigatedAt: T0 + 3 * MIN });
    const r = transitionIncident(m, { to: 'identified', at: T0 + 10 * MIN, reason: 'the rollback did not help' });
    expect(r.ok && r.times).toMatchObject({ identifiedAt: T0 + 2 * MIN, mitigatedAt: null });
  });

  it.each([
    { name: 'declining without a reason', from: 'triage', to: 'declined', reason: '  ', field: 'reason', error: /say why the incident goes to declined/ },
    { name: 'going back without a reason', from: 'mitigated', to: 'investigating', reason: undefined, field: 'reason', error: /goes back to investigating/ },
    { name: 'merging without a target', from: 'investigating', to: 'merged', reason: 'dup', field: 'mergedInto', error: /merged into/ },
    { name: 'closing an open incident', from: 'investigating', to: 'closed', reason: undefined, field: 'to', error: /cannot go from investigating to closed \(possible: identified, mitigated, resolved, merged\)/ },
    { name: 'leaving a final state', from: 'closed', to: 'investigating', reason: 'x', field: 'to', error: /closed is final/ },
    { name: 'staying put', from: 'identified', to: 'identified', reason: undefined, field: 'to', error: /already identified/ },
  ] as const)('refuses $name', ({ from, to, reason, field, error }) => {
    const r = transitionIncident(incident(from), { to, at: T0, reason });
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.error).toMatch(error);
  });

  it('declining acknowledges; merging records the target', () => {
    const d = transitionIncident(incident('triage'), { to: 'declined', at: T0 + MIN, reason: 'test alert' });
    expect(d).toMatchObject({ ok: true, state: 'declined', times: { acknowledgedAt: T0 + MIN, resolvedAt: null } });
    const m = transitionIncident(incident('investigating', { acknowledgedAt: T0 }), { to: 'merged', at: T0 + MIN, mergedInto: 'INC-7' });
    expect(m).toMatchObject({ ok: true, mergedInto: 'INC-7', event: { reason: 'merged into INC-7' } });
  });
});

describe('roles', () => {
  const none = incidentRolesSchema.parse({});
  it.each([
    { severity: 'P1', roles: none, missing: ['commander', 'communications', 'scribe'] },
    { severity: 'P1', roles: { ...none, commander: 'ana', scribe: 'ana' }, missing: ['communications'] },
    { severity: 'P2', roles: none, missing: ['commander'] },
    { severity: 'P2', roles: { ...none, commander: 'ben' }, missing: [] },
    { severity: 'P3', roles: none, missing: [] },
  ] as const)('$severity -> $missing', ({ severity, roles, missing }) => {
    expect(missingRoles(severity, roles)).toEqual(missing);
  });
});
