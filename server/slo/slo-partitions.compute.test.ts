import { describe, expect, it } from 'vitest';
import { windowSchema, type SloWindow } from './slo.schema';
import { MAX_WINDOW_DAYS, bucketKeepDays, groupByDays, parsePartitionName, partitionAt, planPartitions, windowReachDays, type PartitionedTable, type PlanInput } from './slo-partitions.compute';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const rolling = (days: number): SloWindow => ({ type: 'rolling', days });
const calendar = (unit: 'month' | 'quarter'): SloWindow => ({ type: 'calendar', unit, timeZone: 'Pacific/Kiritimati' });

describe('partitionAt: the UTC day / month holding an instant', () => {
  it.each<[PartitionedTable, string, string, string, string]>([
    ['SloSliBucket', '2026-12-06T19:30:00Z', 'SloSliBucket_p20261206', '2026-12-06T00:00:00Z', '2026-12-07T00:00:00Z'],
    ['SloSliBucket', '2026-12-06T00:00:00Z', 'SloSliBucket_p20261206', '2026-12-06T00:00:00Z', '2026-12-07T00:00:00Z'],
    ['SloSliBucket', '2026-12-06T23:59:59.999Z', 'SloSliBucket_p20261206', '2026-12-06T00:00:00Z', '2026-12-07T00:00:00Z'],
    ['SloSliBucket', '2028-02-29T12:00:00Z', 'SloSliBucket_p20280229', '2028-02-29T00:00:00Z', '2028-03-01T00:00:00Z'],
    ['SloSliBucket', '2026-12-31T23:00:00Z', 'SloSliBucket_p20261231', '2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['SloSliDay', '2026-12-06T19:30:00Z', 'SloSliDay_p202612', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['SloSliDay', '2028-02-01T00:00:00Z', 'SloSliDay_p202802', '2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z'],
  ])('%s at %s is %s', (table, t, name, from, to) => {
    expect(partitionAt(table, at(t))).toEqual({ table, name, from: at(from), to: at(to) });
  });
});

describe('parsePartitionName: only names this code makes', () => {
  it.each<[PartitionedTable, string, string | null]>([
    ['SloSliBucket', 'SloSliBucket_p20261206', '2026-12-06T00:00:00Z'],
    ['SloSliDay', 'SloSliDay_p202612', '2026-12-01T00:00:00Z'],
    ['SloSliBucket', 'SloSliBucket_default', null],
    ['SloSliBucket', 'SloSliDay_p202612', null],
    ['SloSliDay', 'SloSliDay_p20261206', null],
    ['SloSliBucket', 'SloSliBucket_p20261340', null],
    ['SloSliBucket', 'SloSliBucket_p20270229', null],
    ['SloSliDay', 'SloSliDay_p202613', null],
    ['SloSliBucket', 'SloSliBucket_p2026120', null],
    ['SloSliBucket', 'SloSliBucket_p20261206_old', null],
  ])('%s %s', (table, name, from) => {
    const p = parsePartitionName(table, name);
    expect(p?.from ?? null).toBe(from === null ? null : at(from));
    if (p) expect(p.name).toBe(name);
  });
});

describe('how many days of buckets are kept', () => {
  it.each<[string, SloWindow, number]>([
    ['rolling N days reads N days', rolling(90), 90],
    ['a calendar month reads up to 31 days, a day more east of UTC', calendar('month'), 32],
    ['a calendar quarter reads up to 92 days (Jul-Sep), a day more east of UTC', calendar('quarter'), 93],
  ])('windowReachDays: %s', (_label, window, days) => {
    expect(windowReachDays(window)).toBe(days);
  });

  it('MAX_WINDOW_DAYS is the longest rolling window the schema accepts', () => {
    expect(windowSchema.safeParse(rolling(MAX_WINDOW_DAYS)).success).toBe(true);
    expect(windowSchema.safeParse(rolling(MAX_WINDOW_DAYS + 1)).success).toBe(false);
    expect(windowReachDays(calendar('quarter'))).toBeLessThan(MAX_WINDOW_DAYS);
  });

  it.each<[string, SloWindow[], number]>([
    ['no SLO: the default window + margin', [], 37],
    ['short windows still keep the default window + margin', [rolling(1), rolling(7)], 37],
    ['the longest window + margin', [rolling(7), rolling(90), rolling(28)], 97],
    ['a calendar quarter + margin', [rolling(30), calendar('quarter')], 100],
    ['the largest rolling window allowed + margin', [rolling(365)], 372],
  ])('bucketKeepDays: %s', (_label, windows, days) => {
    expect(bucketKeepDays(windows)).toBe(days);
  });
});

const NOW = at('2026-12-06T19:30:00Z');
const names = (ps: ReadonlyArray<{ name: string }>) => ps.map((p) => p.name);
const base: PlanInput = { now: NOW, existing: [], windows: [], dayRetentionDays: 400 };
/** What exists after a plan is carried out. */
const applied = (input: PlanInput) => {
  const plan = planPartitions(input);
  const dropped = new Set(names(plan.drop));
  return [...input.existing.filter((e) => !dropped.has(e.name)), ...plan.create.map(({ table, name }) => ({ table, name }))];
};

describe('planPartitions', () => {
  it('on an empty database: every bucket day from the cutoff to 7 days ahead, every roll-up month from the retention to 2 months ahead', () => {
    const plan = planPartitions(base);
    expect(plan.bucketCutoff).toBe(at('2026-10-30T00:00:00Z')); // 2026-12-06 - 37 d
    expect(plan.dayCutoff).toBe(at('2025-11-01T00:00:00Z')); // 2026-12-06 - 400 d
    const buckets = plan.create.filter((p) => p.table === 'SloSliBucket');
    expect(buckets).toHaveLength(37 + 1 + 7);
    expect(buckets[0]!.name).toBe('SloSliBucket_p20261030');
    expect(buckets.at(-1)!.name).toBe('SloSliBucket_p20261213');
    expect(names(plan.create.filter((p) => p.table === 'SloSliDay'))).toEqual([
      'SloSliDay_p202511', 'SloSliDay_p202512', 'SloSliDay_p202601', 'SloSliDay_p202602', 'SloSliDay_p202603', 'SloSliDay_p202604',
      'SloSliDay_p202605', 'SloSliDay_p202606', 'SloSliDay_p202607', 'SloSliDay_p202608', 'SloSliDay_p202609', 'SloSliDay_p202610',
      'SloSliDay_p202611', 'SloSliDay_p202612', 'SloSliDay_p202701', 'SloSliDay_p202702',
    ]); // prettier-ignore
    expect(plan.drop).toEqual([]);
  });

  it('a day later: one bucket partition ahead, the oldest dropped; nothing for the roll-ups inside the month', () => {
    const existing = applied(base);
    const plan = planPartitions({ ...base, now: NOW + DAY, existing });
    expect(names(plan.create)).toEqual(['SloSliBucket_p20261214']);
    expect(names(plan.drop)).toEqual(['SloSliBucket_p20261030']);
  });

  it('drops a partition only once it lies wholly before the cutoff', () => {
    const existing = (['p20261028', 'p20261029', 'p20261030'] as const).map((s) => ({ table: 'SloSliBucket' as const, name: `SloSliBucket_${s}` }));
    const plan = planPartitions({ ...base, existing });
    // Cutoff 2026-10-30 00:00: the 29th ends exactly there, the 30th starts there.
    expect(names(plan.drop)).toEqual(['SloSliBucket_p20261028', 'SloSliBucket_p20261029']);
    expect(names(plan.create)).not.toContain('SloSliBucket_p20261030');
  });

  it.each<[string, Partial<PlanInput>, string, string]>([
    ['a 90-day SLO keeps 97 days of buckets', { windows: [rolling(90), rolling(30)] }, 'SloSliBucket_p20260831', 'SloSliBucket_p20260830'],
    ['a calendar quarter keeps 100 days', { windows: [calendar('quarter')] }, 'SloSliBucket_p20260828', 'SloSliBucket_p20260827'],
    ['roll-ups: 400 days by default', {}, 'SloSliDay_p202511', 'SloSliDay_p202510'],
    ['roll-ups: a shorter retention setting', { dayRetentionDays: 90 }, 'SloSliDay_p202609', 'SloSliDay_p202608'],
    ['roll-ups are never kept shorter than buckets', { dayRetentionDays: 1, windows: [rolling(365)] }, 'SloSliDay_p202511', 'SloSliDay_p202510'],
  ])('%s', (_label, over, oldestKept, newestDropped) => {
    const everything = (['SloSliBucket', 'SloSliDay'] as const).flatMap((table) =>
      Array.from({ length: 800 }, (_, i) => partitionAt(table, NOW - i * DAY)).map(({ name }) => ({ table, name })),
    );
    const plan = planPartitions({ ...base, ...over, existing: [...new Map(everything.map((e) => [e.name, e])).values()] });
    const table = oldestKept.startsWith('SloSliDay') ? 'SloSliDay' : 'SloSliBucket';
    const dropped = names(plan.drop.filter((p) => p.table === table));
    expect(dropped.at(-1)).toBe(newestDropped);
    expect(dropped).not.toContain(oldestKept);
    expect(plan.create.filter((p) => p.table === table && p.from < NOW)).toEqual([]);
  });

  it('is idempotent: carried out, the same plan has nothing left to do, the same day and hours later', () => {
    const input = { ...base, windows: [rolling(90)] };
    const existing = applied(input);
    for (const now of [NOW, NOW + 3 * 3_600_000]) {
      const again = planPartitions({ ...input, now, existing });
      expect({ create: again.create, drop: again.drop }).toEqual({ create: [], drop: [] });
    }
  });

  it.each<[string, Partial<PlanInput>, string, string]>([
    ['buckets: rows no window allowed can read (365 + 7 days)', {}, 'SloSliBucket', '2025-11-29T00:00:00Z'],
    ['buckets: the same with a 365-day SLO', { windows: [rolling(365)] }, 'SloSliBucket', '2025-11-29T00:00:00Z'],
    ['roll-ups: the retention (400 days) when longer', { dayRetentionDays: 400 }, 'SloSliDay', '2025-11-01T00:00:00Z'],
    ['roll-ups: 372 days when the retention is shorter (a backfill may write there)', { dayRetentionDays: 90 }, 'SloSliDay', '2025-11-29T00:00:00Z'],
  ])('purges the DEFAULT partition before both the cutoff and what any window allowed reaches: %s', (_label, over, table, before) => {
    expect(planPartitions({ ...base, ...over }).purgeDefaultBefore[table as PartitionedTable]).toBe(at(before));
  });

  it('leaves partitions it did not name alone and says so', () => {
    const plan = planPartitions({ ...base, existing: [{ table: 'SloSliBucket', name: 'SloSliBucket_archive' }, { table: 'SloSliDay', name: 'SloSliDay_p2019' }] });
    expect(plan.unknown).toEqual(['SloSliBucket_archive', 'SloSliDay_p2019']);
    expect(plan.drop).toEqual([]);
  });
});

describe('groupByDays: one statement per combination of UTC days', () => {
  const D = at('2026-12-06T00:00:00Z');
  const H = 3_600_000;
  it.each<[string, number[][], number[][]]>([
    ['the same day, any hour: one group', [[D + H], [D + 20 * H], [D]], [[0, 1, 2]]],
    ['days apart: their own groups, in first-seen order', [[D - 30 * DAY + H], [D + H], [D - 30 * DAY + 2 * H], [D - 7 * DAY]], [[0, 2], [1], [3]]],
    ['pairs of days: both must match', [[D, D + H], [D, D + DAY], [D + H, D + 2 * H]], [[0, 2], [1]]],
    ['nothing: no group', [], []],
  ])('%s', (_label, items, want) => {
    const indexed = items.map((days, i) => ({ i, days }));
    expect(groupByDays(indexed, (x) => x.days).map((g) => g.map((x) => x.i))).toEqual(want);
  });
});
