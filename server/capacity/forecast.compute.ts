// Capacity forecast from daily snapshots: an ordinary least-squares line through
// requested and used (per resource), projected 6 months ahead against today's
// allocatable, and the first day a line reaches it.
//
// Why allocatable is held flat: the question people ask is "when do we need
// more nodes?". Extending allocatable's own trend would assume the nodes keep
// being added, hiding exactly the date we are after.

export const DAY_MS = 86_400_000;
export const FORECAST_DAYS = 183; // ~6 months
/** Fewer distinct days than this and a line says nothing. */
const MIN_FORECAST_POINTS = 3;

export interface SnapshotPoint {
  /** UTC day (midnight) of the snapshot. */
  day: Date;
  allocatable: number;
  requested: number;
  used: number | null;
}

export interface Line {
  /** value per day */
  slope: number;
  /** value at day 0 (the first snapshot) */
  intercept: number;
  /** coefficient of determination, 0..1 (1 when every point lies on the line) */
  r2: number;
  points: number;
}

/** Least squares through (x, y); null with fewer than two distinct x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): Line | null {
  const n = xs.length;
  if (n < 2 || n !== ys.length) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2, points: n };
}

export type RunOut =
  | { status: 'insufficient-data'; points: number; needed: number }
  | { status: 'already'; date: Date }
  | { status: 'within'; date: Date; days: number }
  | { status: 'not-within'; horizonDays: number };

interface SeriesForecast {
  line: Line | null;
  runOut: RunOut;
}

export interface Forecast {
  /** Latest allocatable: the level the lines are measured against. */
  allocatable: number | null;
  requested: SeriesForecast;
  used: SeriesForecast;
  /** Daily projection from the day after the last snapshot, FORECAST_DAYS long. */
  projection: { day: Date; requested: number | null; used: number | null; allocatable: number }[];
  /** The earlier of the two run-out dates, the one headlines use. */
  firstRunOut: RunOut;
}

function dayIndex(first: Date, day: Date): number {
  return Math.round((day.getTime() - first.getTime()) / DAY_MS);
}

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function runOutOf(line: Line | null, points: number, first: Date, lastIndex: number, latestValue: number, allocatable: number): RunOut {
  if (!line || points < MIN_FORECAST_POINTS) return { status: 'insufficient-data', points, needed: MIN_FORECAST_POINTS };
  // Already at or over: the latest measurement says so, whatever the line does.
  if (latestValue >= allocatable) return { status: 'already', date: new Date(first.getTime() + lastIndex * DAY_MS) };
  if (line.slope <= 0) return { status: 'not-within', horizonDays: FORECAST_DAYS };
  const crossing = Math.ceil((allocatable - line.intercept) / line.slope);
  // The line may sit above the latest point (noisy data): it then "crosses" in
  // the past; report the next day rather than a date already behind us.
  const day = Math.max(crossing, lastIndex + 1);
  const days = day - lastIndex;
  if (days > FORECAST_DAYS) return { status: 'not-within', horizonDays: FORECAST_DAYS };
  return { status: 'within', date: new Date(first.getTime() + day * DAY_MS), days };
}

function earliest(a: RunOut, b: RunOut): RunOut {
  const rank = (r: RunOut) => (r.status === 'already' ? 0 : r.status === 'within' ? 1 : r.status === 'not-within' ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) < rank(b) ? a : b;
  if (a.status === 'within' && b.status === 'within') return a.days <= b.days ? a : b;
  return a;
}

/**
 * One resource's forecast. Snapshots may come in any order and may repeat a day
 * (the last one of a day wins); used may be missing on days metrics were down.
 */
export function forecast(snapshots: readonly SnapshotPoint[]): Forecast {
  const byDay = new Map<number, SnapshotPoint>();
  for (const s of snapshots) byDay.set(utcDay(s.day).getTime(), { ...s, day: utcDay(s.day) });
  const points = [...byDay.values()].sort((a, b) => a.day.getTime() - b.day.getTime());
  if (points.length === 0) {
    const none: SeriesForecast = { line: null, runOut: { status: 'insufficient-data', points: 0, needed: MIN_FORECAST_POINTS } };
    return { allocatable: null, requested: none, used: none, projection: [], firstRunOut: none.runOut };
  }
  const first = points[0]!.day;
  const last = points[points.length - 1]!;
  const lastIndex = dayIndex(first, last.day);
  const allocatable = last.allocatable;

  const xs = points.map((p) => dayIndex(first, p.day));
  const requestedLine = fitLine(xs, points.map((p) => p.requested));
  const usedPoints = points.filter((p) => p.used !== null);
  const usedLine = fitLine(
    usedPoints.map((p) => dayIndex(first, p.day)),
    usedPoints.map((p) => p.used!),
  );
  const lastUsed = usedPoints.length ? usedPoints[usedPoints.length - 1]!.used! : 0;

  const requested: SeriesForecast = {
    line: requestedLine,
    runOut: runOutOf(requestedLine, points.length, first, lastIndex, last.requested, allocatable),
  };
  const used: SeriesForecast = {
    line: usedLine,
    runOut: runOutOf(usedLine, usedPoints.length, first, lastIndex, lastUsed, allocatable),
  };

  const enough = (s: SeriesForecast) => s.line !== null && s.runOut.status !== 'insufficient-data';
  const at = (line: Line | null, x: number) => (line ? Math.max(0, line.intercept + line.slope * x) : null);
  const projection: Forecast['projection'] = [];
  if (enough(requested) || enough(used)) {
    for (let i = 1; i <= FORECAST_DAYS; i++) {
      const x = lastIndex + i;
      projection.push({
        day: new Date(first.getTime() + x * DAY_MS),
        requested: enough(requested) ? at(requestedLine, x) : null,
        used: enough(used) ? at(usedLine, x) : null,
        allocatable,
      });
    }
  }
  return { allocatable, requested, used, projection, firstRunOut: earliest(requested.runOut, used.runOut) };
}

/** Plain words for a run-out, e.g. for the capacity page's headline. */
export function describeRunOut(r: RunOut, what: string): string {
  switch (r.status) {
    case 'insufficient-data':
      return `Not enough history yet to forecast ${what}: ${r.points} daily snapshot${r.points === 1 ? '' : 's'}, at least ${r.needed} needed.`;
    case 'already':
      return `${what} has already reached allocatable capacity.`;
    case 'within':
      return `At the current trend, ${what} reaches allocatable capacity in ${r.days} day${r.days === 1 ? '' : 's'}.`;
    case 'not-within':
      return `At the current trend, ${what} does not reach allocatable capacity within 6 months.`;
  }
}
