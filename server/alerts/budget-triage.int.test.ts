import { beforeAll, describe, expect, it } from 'vitest';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { db } from '../database/tx';
import { getPrisma } from '../db';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import * as sloRepo from '../slo/slo.repo';
import { createSlo, incidentBudgets, setBackfillSender } from '../slo/slo.service';
import { rawAlert, rawPayload } from './alerts.fixtures';
import { clearBudgetCache, ingestWebhook } from './alerts.service';

// Triage reads the real remaining budget of the alert's service (the worst SLO
// with data): < 10 % P1, < 50 % P2, otherwise P3; and the incident page prices
// an incident in error budget from the same stored buckets.

const FIVE_MIN = 5 * MINUTE_MS;
const NOW = Math.floor(Date.UTC(2026, 10, 20, 12, 0) / FIVE_MIN) * FIVE_MIN;
const tag = suffix();
const services: Record<string, { id: string; slug: string; seq: number }> = {};

async function serviceWithSlo(name: string, errorShare: number, outage?: { from: number; to: number }) {
  const p = getPrisma();
  const team = await p.team.create({ data: { slug: `bt-${name}-${tag}`, name: `Budget ${name}` } });
  const slug = `bt-${name}-${tag}`;
  const service = await p.service.create({ data: { slug, name, tier: 'tier2', teamId: team.id } });
  await createSlo(systemCtx, {
    slo: { service: slug, name: 'availability', objective: 99.9, sli: { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' }, alerting: { name: 'AvailabilityErrorBudgetBurn' } },
  });
  const row = (await sloRepo.listSlos(db(), { serviceId: service.id }))[0]!;
  const buckets: sloRepo.StoredBucket[] = [];
  for (let s = NOW - 30 * DAY_MS; s < NOW; s += FIVE_MIN) {
    const down = outage && s >= outage.from && s < outage.to;
    buckets.push({ start: s, bad: down ? 1000 : 1000 * errorShare, total: 1000, missing: false });
  }
  await sloRepo.upsertBuckets(db(), row.seq, buckets);
  services[name] = { id: service.id, slug, seq: row.seq };
}

beforeAll(async () => {
  setBackfillSender(async () => undefined);
  await serviceWithSlo('critical', 0.00095); // 5 % of the budget left
  await serviceWithSlo('low', 0.0007); // 30 % left
  await serviceWithSlo('healthy', 0.0002); // 80 % left
  await serviceWithSlo('outage', 0, { from: NOW - 60 * MINUTE_MS, to: NOW - 30 * MINUTE_MS });
  clearBudgetCache();
});

describe('budget-aware triage', () => {
  it.each([
    ['critical', 'P1', 'slo-budget-critical'],
    ['low', 'P2', 'slo-budget-low'],
    ['healthy', 'P3', 'slo-budget-healthy'],
  ])('a burn alert on the %s service is %s', async (name, priority, branch) => {
    const slug = services[name]!.slug;
    const fingerprint = `bt-${name}-${tag}`;
    const body = rawPayload([rawAlert({ fingerprint, labels: { alertname: 'AvailabilityErrorBudgetBurn', sloth_service: slug, sloth_slo: 'availability', service: slug } })]);
    await ingestWebhook(systemCtx, body, NOW);
    const alert = await getPrisma().alert.findFirstOrThrow({ where: { fingerprint } });
    expect(alert.priority).toBe(priority);
    const triage = alert.triage as { branch: string; budgetUnknown?: boolean; reasons: string[] };
    expect(triage.branch).toBe(branch);
    expect(triage.budgetUnknown ?? false).toBe(false);
    expect(triage.reasons.join('\n')).toContain(`${slug}/availability`);
  });
});

describe('incident budget impact', () => {
  it('prices a 30-minute full outage in budget minutes of the affected SLO', async () => {
    const rows = await incidentBudgets({ serviceIds: [services.outage!.id], sloRefs: [], startedAt: NOW - 60 * MINUTE_MS, endedAt: NOW - 30 * MINUTE_MS }, NOW);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slo).toBe(`${services.outage!.slug}/availability`);
    expect(rows[0]!.dataState).toBe('ok');
    expect(rows[0]!.totalMinutes).toBeCloseTo(43.2, 5);
    expect(rows[0]!.consumedMinutes).toBeCloseTo(30, 3);
    expect(rows[0]!.consumedPercent).toBeCloseTo((30 / 43.2) * 100, 2);
  });
});
