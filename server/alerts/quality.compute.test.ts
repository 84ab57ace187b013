import { describe, expect, it } from 'vitest';
import type { IncidentSeverity } from '../incidents/incidents.schema';
import { alertQuality, bandOf, QUALITY_METRICS, type QualityIncident, type QualityInput, type QualityKey } from './quality.compute';

const H = 3_600_000;
const MIN = 60_000;
const from = Date.parse('2026-03-02T00:00:00Z');
const to = from + 7 * 24 * H; // a week: 21 shifts of 8 h around the clock
const now = to + 72 * H;

function incident(id: string, severity: IncidentSeverity, startOffsetH: number, mttrMin: number | null, filedAfterH: number | null = null): QualityIncident {
  const startedAt = from + startOffsetH * H;
  const resolvedAt = mttrMin === null ? null : startedAt + mttrMin * MIN;
  return {
    id,
    severity,
    state: resolvedAt === null ? 'investigating' : 'resolved',
    times: { startedAt, detectedAt: null, acknowledgedAt: null, identifiedAt: null, mitigatedAt: null, resolvedAt, closedAt: null },
    postmortemFiledAt: filedAfterH === null || resolvedAt === null ? null : resolvedAt + filedAfterH * H,
  };
}

function input(over: Partial<QualityInput> = {}): QualityInput {
  return { period: { from, to }, now, pages: [], onCallMs: 7 * 24 * H, incidents: [], flap: null, ...over };
}

const row = (rows: ReturnType<typeof alertQuality>, key: QualityKey) => rows.find((r) => r.key === key)!;
const pages = (n: number, actionable: (i: number) => boolean | null = () => true) => Array.from({ length: n }, (_, i) => ({ at: from + i * H, actionable: actionable(i) }));

describe('bands at the seed thresholds', () => {
  const def = (key: QualityKey) => QUALITY_METRICS.find((m) => m.key === key)!;
  it.each([
    { key: 'pagesPerShift', value: 1.99, band: 'healthy' },
    { key: 'pagesPerShift', value: 2, band: 'watch' },
    { key: 'pagesPerShift', value: 5, band: 'watch' },
    { key: 'pagesPerShift', value: 5.01, band: 'warning' },
    { key: 'actionablePercent', value: 80.01, band: 'healthy' },
    { key: 'actionablePercent', value: 80, band: 'watch' },
    { key: 'actionablePercent', value: 60, band: 'watch' },
    { key: 'actionablePercent', value: 59.99, band: 'warning' },
    { key: 'p1Mttr', value: 29, band: 'healthy' },
    { key: 'p1Mttr', value: 30, band: 'watch' },
    { key: 'p1Mttr', value: 60, band: 'watch' },
    { key: 'p1Mttr', value: 61, band: 'warning' },
    { key: 'postmortemCompletion', value: 100, band: 'healthy' },
    { key: 'postmortemCompletion', value: 99, band: 'watch' },
    { key: 'postmortemCompletion', value: 80, band: 'watch' },
    { key: 'postmortemCompletion', value: 79.9, band: 'warning' },
    { key: 'flapRate', value: 4.9, band: 'healthy' },
    { key: 'flapRate', value: 5, band: 'watch' },
    { key: 'flapRate', value: 15, band: 'watch' },
    { key: 'flapRate', value: 15.1, band: 'warning' },
    { key: 'flapRate', value: null, band: 'no-data' },
  ] as const)('$key $value -> $band', ({ key, value, band }) => {
    expect(bandOf(value, def(key))).toBe(band);
  });

  it('a float a hair off the threshold counts as the threshold', () => {
    expect(bandOf((4 / 5) * 100 - 1e-12, def('actionablePercent'))).toBe('watch');
  });
});

describe('alertQuality', () => {
  it('an empty period is "no data" everywhere except pages per shift (0 pages is a measurement)', () => {
    const rows = alertQuality(input());
    expect(rows.map((r) => [r.key, r.band])).toEqual([
      ['pagesPerShift', 'healthy'],
      ['actionablePercent', 'no-data'],
      ['p1Mttr', 'no-data'],
      ['postmortemCompletion', 'no-data'],
      ['flapRate', 'no-data'],
    ]);
    expect(rows.map((r) => r.detail)).toEqual([
      '0 pages over 21 shifts of 8 h',
      'no pages in the period',
      'no P1 incidents in the period',
      'no resolved P1/P2 incidents in the period',
      'no alert changed state in the period',
    ]);
  });

  it('a noisy week: every row in warning, with the seed actions', () => {
    const rows = alertQuality(
      input({
        pages: pages(126, (i) => i % 2 === 0), // 6 per shift, half actionable
        incidents: [incident('a', 'P1', 1, 90, 1), incident('b', 'P1', 30, 70, null), incident('c', 'P2', 50, 20, null)],
        flap: { flapping: 4, alerts: 20 },
      }),
    );
    expect(rows.map((r) => [r.key, Number(r.value!.toFixed(2)), r.band, r.actionNeeded])).toEqual([
      ['pagesPerShift', 6, 'warning', true],
      ['actionablePercent', 50, 'warning', true],
      ['p1Mttr', 80, 'warning', true],
      ['postmortemCompletion', 33.33, 'warning', true],
      ['flapRate', 20, 'warning', true],
    ]);
    expect(rows.map((r) => r.action)).toEqual([
      'Alert audit: silence/tune noisy alerts',
      'Review alert conditions; raise thresholds',
      'Improve runbooks; add diagnostic steps',
      'Block new incidents until post-mortem filed',
      'Add for: 5m duration to flapping alerts',
    ]);
    expect(rows.map((r) => [r.healthyTarget, r.warningAt])).toEqual([
      ['< 2', '> 5'],
      ['> 80 %', '< 60 %'],
      ['< 30 min', '> 60 min'],
      ['100 %', '< 80 %'],
      ['< 5 %', '> 15 %'],
    ]);
  });

  it('pages per shift uses the time on call; unknown coverage assumes around the clock', () => {
    expect(row(alertQuality(input({ pages: pages(10), onCallMs: 40 * H })), 'pagesPerShift')).toMatchObject({ value: 2, band: 'watch' });
    expect(row(alertQuality(input({ pages: pages(21), onCallMs: null })), 'pagesPerShift').detail).toMatch(/around the clock assumed/);
    expect(row(alertQuality(input({ pages: pages(3), onCallMs: 0 })), 'pagesPerShift')).toMatchObject({ value: null, band: 'no-data' });
  });

  it('unclassified pages are left out of the actionable share, and counted', () => {
    const r = row(alertQuality(input({ pages: pages(10, (i) => (i < 2 ? null : i < 9)) })), 'actionablePercent');
    expect(r).toMatchObject({ value: 87.5, band: 'healthy', detail: '7 of 8 classified pages were actionable; 2 not classified yet' });
    expect(row(alertQuality(input({ pages: pages(2, () => null) })), 'actionablePercent')).toMatchObject({ band: 'no-data', detail: 'none of 2 pages classified yet' });
  });

  it('P1 MTTR is the mean over resolved P1s that started in the period; open ones are named', () => {
    const r = row(alertQuality(input({ incidents: [incident('a', 'P1', 1, 20), incident('b', 'P1', 2, 30), incident('c', 'P1', 3, null), incident('d', 'P2', 4, 500), incident('e', 'P1', -5, 500)] })), 'p1Mttr');
    expect(r).toMatchObject({ value: 25, band: 'healthy', detail: 'mean of 2 resolved P1 incidents (median 25 min); 1 still unresolved, not counted' });
  });

  it('post-mortems still within 48 h are pending, not missing', () => {
    const late = input({ now: from + 24 * H, incidents: [incident('a', 'P1', 1, 60, 2), incident('b', 'P2', 2, 60, null), incident('c', 'P3', 3, 60, null)] });
    expect(row(alertQuality(late), 'postmortemCompletion')).toMatchObject({ value: 100, band: 'healthy', detail: '1 of 1 post-mortems filed; 1 pending (within 48 h of resolution)' });
    const pendingOnly = input({ now: from + 10 * H, incidents: [incident('b', 'P2', 2, 60, null)] });
    expect(row(alertQuality(pendingOnly), 'postmortemCompletion')).toMatchObject({ value: null, band: 'no-data' });
  });
});
