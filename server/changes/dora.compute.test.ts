import { describe, expect, it } from 'vitest';
import { doraFigures, type DoraChange } from './dora.compute';

const H = 3_600_000;
const D = 24 * H;
const from = Date.parse('2026-11-01T00:00:00Z');
const period = { from, to: from + 28 * D };
const deployed = (status: DoraChange['status'], day: number, leadH = 2): DoraChange => ({ status, requestedAt: from + day * D - leadH * H, startedAt: from + day * D - H, finishedAt: from + day * D });

describe('doraFigures', () => {
  it('counts deployments in the period, failure rate over finished ones, median lead time of successful ones', () => {
    const changes = [deployed('succeeded', 1, 2), deployed('succeeded', 2, 4), deployed('succeeded', 3, 30), deployed('failed', 4), deployed('rolled_back', 5), deployed('succeeded', 40), { status: 'held', requestedAt: from, startedAt: null, finishedAt: null } as DoraChange];
    const f = doraFigures(changes, { medianMs: 1.75 * H, count: 2 }, period);
    expect(f.deployments).toBe(5);
    expect(f.deploymentsPerWeek).toBe(1.3);
    expect(f.deploymentFrequency).toBe('high');
    expect(f.changeFailureRate).toBeCloseTo(0.4);
    expect(f.changeFailure).toBe('medium');
    expect(f.leadTimeMs).toBe(4 * H);
    expect(f.leadTime).toBe('high');
    expect(f.timeToRestoreMs).toBe(1.75 * H);
    expect(f.timeToRestore).toBe('high');
  });

  it.each([
    [28, 'elite'],
    [4, 'high'],
    [1, 'medium'],
  ] as const)('%i deployments in 28 days -> %s frequency', (n, band) => {
    expect(doraFigures(Array.from({ length: n }, (_, i) => deployed('succeeded', i)), { medianMs: null, count: 0 }, period).deploymentFrequency).toBe(band);
  });

  it('says no-data rather than zero when nothing shipped', () => {
    const f = doraFigures([], { medianMs: null, count: 0 }, period);
    expect([f.deploymentFrequency, f.leadTime, f.changeFailure, f.timeToRestore]).toEqual(['no-data', 'no-data', 'no-data', 'no-data']);
    expect(f.changeFailureRate).toBeNull();
  });

  it('elite lead time and restore under an hour, low failure rate above 45 %', () => {
    const f = doraFigures([deployed('succeeded', 1, 0.5), deployed('failed', 2), deployed('rolled_back', 3)], { medianMs: 10 * 60_000, count: 1 }, period);
    expect(f.leadTime).toBe('elite');
    expect(f.timeToRestore).toBe('elite');
    expect(f.changeFailure).toBe('low');
  });
});
