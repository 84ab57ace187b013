import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../lib/request-context';
import { getPrisma } from '../db';
import { firingSummary } from './alerts.service';

// The Overview's alert card reads the count of firing alerts and the newest
// few. Other test files write alerts into the same database meanwhile, so ours
// start in 2100 (the newest there are) and the count is a lower bound.

const viewer: RequestContext = { actor: { kind: 'user', id: 'u', email: 'v@x', name: 'V', role: 'viewer' }, requestId: null };
const nobody: RequestContext = { actor: { kind: 'token', id: 't', name: 't', scopes: ['alerts'] }, requestId: null };
const run = `firing-${Date.now()}`;
const base = Date.UTC(2100, 0, 1);

beforeAll(async () => {
  const at = (i: number) => new Date(base + i * 60_000);
  await getPrisma().alert.createMany({
    data: Array.from({ length: 8 }, (_, i) => ({
      fingerprint: `${run}-${i}`,
      alertname: `${run}-${i}`,
      // The newest one is resolved: it is not counted and not listed.
      status: i === 7 ? ('resolved' as const) : ('firing' as const),
      startsAt: at(i),
      labels: { alertname: `${run}-${i}` },
      annotations: {},
      receivedAt: at(i),
      lastSeenAt: at(i),
    })),
  });
});

afterAll(async () => {
  await getPrisma().alert.deleteMany({ where: { fingerprint: { startsWith: run } } });
});

describe('firing alerts for the Overview', () => {
  it('counts every firing alert and lists the newest few, newest first', async () => {
    const summary = await firingSummary(viewer, 5);
    expect(summary.total).toBeGreaterThanOrEqual(7);
    expect(summary.newest.map((a) => a.alertname)).toEqual([6, 5, 4, 3, 2].map((i) => `${run}-${i}`));
    expect((await firingSummary(viewer, 0)).newest).toEqual([]);
  });

  it('needs app.read', async () => {
    await expect(firingSummary(nobody, 5)).rejects.toThrow(/may not view alerts/);
  });
});
