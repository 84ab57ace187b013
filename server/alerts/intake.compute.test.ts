import { describe, expect, it } from 'vitest';
import { normalizePayload } from './alerts.compute';
import { rawAlert, rawPayload } from './alerts.fixtures';
import { parseWebhookPayload } from './alerts.schema';
import { countOutcome, pageSummary, planNewAlert, type IntakeContext, type TriageMemo } from './intake.compute';

const now = Date.parse('2026-03-02T12:00:00Z'); // a Monday, inside default business hours
const ctx: IntakeContext = {
  services: [
    { id: 's1', slug: 'payments', tier: 'tier1', teamId: 't1' },
    { id: 's2', slug: 'batch', tier: 'tier3', teamId: 't2' },
  ],
  rules: [{ label: 'sloth_service' }, { label: 'service' }],
  businessHours: new Map(),
  budgets: new Map([['s1', [{ remainingPercent: 4, slo: 'payments/availability' }, { remainingPercent: 96, slo: 'payments/latency' }]]]),
  history: [],
  now,
};
const teams = new Map([['platform', 't9']]);

function eventOf(labels: Record<string, string>, over: Record<string, unknown> = {}) {
  const p = parseWebhookPayload(rawPayload([rawAlert({ fingerprint: 'f1', labels: { alertname: 'A', ...labels }, ...over })]));
  if (!p.ok) throw new Error(p.message);
  return normalizePayload(p.payload, now).events[0]!;
}

describe('planNewAlert', () => {
  it.each([
    ['SLO burn with 4 % left', { sloth_slo: 'availability', sloth_service: 'payments' }, 's1', 'P1', true],
    ['SLO burn of the healthy latency SLO (96 % left), not the worst one', { sloth_slo: 'latency', sloth_service: 'payments' }, 's1', 'P3', false],
    ['tier-1 service', { service: 'payments' }, 's1', 'P2', true],
    ['tier-3 internal alert', { service: 'batch' }, 's2', 'business-hours', false],
    ['unknown service, team label', { service: 'nope', team: 'Platform' }, null, 'business-hours', false],
    ['customer_visible label wins over tier 3', { service: 'batch', customer_visible: 'true' }, 's2', 'P2', true],
  ])('%s', (_name, labels, serviceId, priority, page) => {
    const plan = planNewAlert(eventOf(labels), ctx, teams);
    expect(plan.serviceId).toBe(serviceId);
    expect(plan.triage?.priority).toBe(priority);
    expect(plan.page).toBe(page);
  });

  it('names the team from the team label when no service matched', () => {
    const plan = planNewAlert(eventOf({ team: 'platform' }), ctx, teams);
    expect(plan.teamId).toBe('t9');
    expect(plan.mapping.at(-1)).toContain('team="platform"');
  });

  it('does not triage or page an alert first seen resolved', () => {
    const plan = planNewAlert(eventOf({ service: 'payments' }, { status: 'resolved', endsAt: '2026-03-01T10:05:00Z' }), ctx, teams);
    expect(plan).toMatchObject({ triage: null, page: false });
  });

  it('counts a fire-resolve-fire within the hour as flapping', () => {
    const history = [{ fingerprint: 'f1', startsAt: now - 40 * 60_000, endsAt: now - 20 * 60_000 }];
    const plan = planNewAlert(eventOf({ service: 'batch' }, { startsAt: new Date(now - 60_000).toISOString() }), { ...ctx, history }, teams);
    expect(plan.flapping).toBe(true);
    expect(plan.triage?.silenceCandidate).toBe(true);
  });

  it.each([
    [{ service: 'payments' }],
    [{ service: 'batch' }],
    [{ sloth_slo: 'availability', sloth_service: 'payments' }],
    [{ service: 'batch', customer_visible: 'yes' }],
  ])('memoized triage gives the same decision as a fresh one (%o)', (labels) => {
    const memo: TriageMemo = new Map();
    const first = planNewAlert(eventOf(labels), ctx, teams, memo);
    const again = planNewAlert(eventOf({ ...labels, pod: 'other' }), ctx, teams, memo);
    const fresh = planNewAlert(eventOf({ ...labels, pod: 'other' }), ctx, teams);
    expect(again.triage).toEqual(fresh.triage);
    expect(memo.size).toBe(1);
    expect(first.triage).toEqual(fresh.triage);
  });
});

describe('countOutcome and pageSummary', () => {
  it('counts change kinds', () => {
    const mk = (kind: 'new' | 'repeat' | 'resolved' | 're-fired', annotationsChanged = false) => ({ kind, next: null, annotationsChanged, reason: '' });
    expect(countOutcome([mk('new'), mk('repeat', true), mk('repeat'), mk('resolved'), mk('re-fired')])).toEqual({ new: 1, repeat: 2, resolved: 1, refired: 1, annotationsRefreshed: 1 });
  });
  it.each([
    [{ alertname: 'HighErrorRate', labels: { service: 'payments' }, annotations: { summary: 'errors > 5%' } }, 'HighErrorRate (payments): errors > 5%'],
    [{ alertname: '', labels: {}, annotations: {} }, 'alert'],
  ])('pageSummary %#', (event, text) => expect(pageSummary(event)).toBe(text));
});
