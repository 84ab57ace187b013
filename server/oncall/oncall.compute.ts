import { addToWall, instantAt, wallTimeAt, type WallTime } from '../lib/time-zone';
import { minutesOfDay, parseLocalDate, type Override, type Rotation, type Schedule } from './oncall.schema';
import { windowOccurrences, type Interval } from './time-window.compute';

// Who is on call (docs/incidents.md, "On-call schedules").
//
// Hand-offs happen at the rotation's local wall-clock time: hand-off k is the
// first hand-off's wall time plus k turns on the local clock face, converted to
// an instant in the rotation's zone. A weekly Monday 09:00 Europe/Berlin rotation
// therefore hands off at 09:00 local before and after the March and October
// changes, and a daily shift across the spring-forward night is 23 hours long
// (25 in October). A hand-off at a wall time the spring change skips (02:30)
// happens as the clock resumes (03:30); one the autumn change repeats happens at
// its first occurrence.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A turn on the local clock face, in minutes. */
function turnMinutes(rotation: Pick<Rotation, 'turn'>): number {
  const t = rotation.turn;
  if (t.type === 'daily') return 1440;
  if (t.type === 'weekly') return 7 * 1440;
  return t.every * (t.unit === 'days' ? 1440 : 60);
}

function firstHandoffWall(rotation: Rotation): WallTime {
  return { ...parseLocalDate(rotation.startDate), hour: 0, minute: minutesOfDay(rotation.handoffTime), second: 0 };
}

/** Instant of hand-off k (k = 0 is the rotation's start; participant k mod n takes over). */
export function handoffAt(rotation: Rotation, k: number): number {
  return instantAt(addToWall(firstHandoffWall(rotation), { minutes: k * turnMinutes(rotation) }), rotation.timeZone);
}

/** Index of the turn in progress at `t`; -1 before the rotation starts. */
export function turnIndexAt(rotation: Rotation, t: number): number {
  if (t < handoffAt(rotation, 0)) return -1;
  // Estimate on the clock face, then settle on instants: around a backward change
  // the clock face repeats an hour and the estimate can be one turn off.
  const w = wallTimeAt(t, rotation.timeZone);
  const first = firstHandoffWall(rotation);
  const faceMinutes = (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Date.UTC(first.year, first.month - 1, first.day, first.hour, first.minute)) / 60_000;
  let k = Math.max(0, Math.floor(faceMinutes / turnMinutes(rotation)));
  while (k > 0 && handoffAt(rotation, k) > t) k--;
  while (handoffAt(rotation, k + 1) <= t) k++;
  return k;
}

export type LayerShift = {
  start: number;
  end: number;
  userId: string;
  layer: number;
  /** The turn this shift belongs to (several shifts when a restriction splits a turn). */
  turn: number;
};

/**
 * The shifts of one rotation overlapping [from, to), clipped to it and to the
 * rotation's restriction window. Turns that collapse to nothing (two hand-offs on
 * the same instant, in a skipped hour) are dropped.
 */
export function renderLayer(rotation: Rotation, layer: number, from: number, to: number): LayerShift[] {
  if (to <= from) return [];
  const n = rotation.participants.length;
  const out: LayerShift[] = [];
  let k = Math.max(0, turnIndexAt(rotation, from));
  for (let start = handoffAt(rotation, k); start < to; k++) {
    const end = handoffAt(rotation, k + 1);
    const span = { start: Math.max(start, from), end: Math.min(end, to) };
    if (span.end > span.start) {
      const userId = rotation.participants[k % n]!;
      const pieces = rotation.restriction ? windowOccurrences(rotation.restriction, rotation.timeZone, span.start, span.end) : [span];
      for (const p of pieces) out.push({ ...p, userId, layer, turn: k });
    }
    start = end;
  }
  return out;
}

type ShiftSource = { kind: 'layer'; layer: number; name: string } | { kind: 'override'; override: number };

type FinalShift = Interval & { userId: string; source: ShiftSource };

export type RenderedSchedule = {
  /** Who is on call, in order; adjacent pieces with the same person and source are merged. */
  shifts: FinalShift[];
  /** Times inside the range when nobody is on call. */
  gaps: Interval[];
  layers: LayerShift[][];
};

/**
 * The final schedule over [from, to): an override covers everything below it
 * (the later override wins where two overlap); otherwise the highest layer
 * (last in the list) with someone on call; otherwise a gap.
 */
export function renderSchedule(schedule: Pick<Schedule, 'layers' | 'overrides'>, from: number, to: number): RenderedSchedule {
  const layers = schedule.layers.map((r, i) => renderLayer(r, i, from, to));
  const overrides = schedule.overrides.map((o, i) => ({ ...o, index: i })).filter((o) => o.end > from && o.start < to);
  const cuts = new Set<number>([from, to]);
  for (const s of layers.flat()) cuts.add(s.start).add(s.end);
  for (const o of overrides) cuts.add(Math.max(o.start, from)).add(Math.min(o.end, to));
  const points = [...cuts].filter((t) => t >= from && t <= to).sort((a, b) => a - b);

  const shifts: FinalShift[] = [];
  const gaps: Interval[] = [];
  const cursors = layers.map(() => 0);
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const who = whoAt(start, overrides, layers, cursors, schedule.layers);
    if (!who) {
      appendInterval(gaps, { start, end });
      continue;
    }
    const last = shifts.at(-1);
    if (last && last.end === start && last.userId === who.userId && sameSource(last.source, who.source)) last.end = end;
    else shifts.push({ start, end, ...who });
  }
  return { shifts, gaps, layers };
}

function whoAt(
  t: number,
  overrides: (Override & { index: number })[],
  layers: LayerShift[][],
  cursors: number[],
  rotations: readonly Rotation[],
): { userId: string; source: ShiftSource } | null {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (o.start <= t && t < o.end) return { userId: o.userId, source: { kind: 'override', override: o.index } };
  }
  let found: { userId: string; source: ShiftSource } | null = null;
  // Segments are visited in time order, so each layer's cursor only moves forward.
  layers.forEach((shifts, l) => {
    while (cursors[l]! < shifts.length && shifts[cursors[l]!]!.end <= t) cursors[l]!++;
    const s = shifts[cursors[l]!];
    if (s && s.start <= t) found = { userId: s.userId, source: { kind: 'layer', layer: l, name: rotations[l]!.name } };
  });
  return found;
}

function sameSource(a: ShiftSource, b: ShiftSource): boolean {
  return a.kind === 'layer' && b.kind === 'layer' ? a.layer === b.layer : a.kind === 'override' && b.kind === 'override' && a.override === b.override;
}

function appendInterval(list: Interval[], iv: Interval): void {
  const last = list.at(-1);
  if (last && last.end === iv.start) last.end = iv.end;
  else list.push({ ...iv });
}

// ---------------------------------------------------------------------------
// Now and next

export type OnCallNow = {
  userId: string | null;
  source: ShiftSource | null;
  /** When the current person (or the gap) began, as far back as the look-back reaches. */
  since: number;
  /** The next hand-off: when someone else (or nobody) takes over; null if none within the horizon. */
  next: { at: number; userId: string | null; source: ShiftSource | null } | null;
};

/**
 * Who is on call at `now` and the next hand-off. A hand-off is a change of
 * person: an override for the person already on call is not one. The search runs
 * `horizonMs` either side of `now` (default: three of the longest turns, at least
 * two weeks).
 */
export function onCallAt(schedule: Pick<Schedule, 'layers' | 'overrides'>, now: number, horizonMs?: number): OnCallNow {
  const horizon = horizonMs ?? Math.max(14 * DAY_MS, 3 * Math.max(...schedule.layers.map((l) => turnMinutes(l) * 60_000)));
  const from = now - horizon;
  const to = now + horizon;
  const { shifts } = renderSchedule(schedule, from, to);
  // Timeline of who, gaps included.
  const timeline: { start: number; end: number; userId: string | null; source: ShiftSource | null }[] = [];
  let t = from;
  for (const s of shifts) {
    if (s.start > t) timeline.push({ start: t, end: s.start, userId: null, source: null });
    timeline.push(s);
    t = s.end;
  }
  if (t < to) timeline.push({ start: t, end: to, userId: null, source: null });

  const i = timeline.findIndex((p) => p.start <= now && now < p.end);
  const current = timeline[i]!;
  let first = i;
  while (first > 0 && timeline[first - 1]!.userId === current.userId) first--;
  let j = i + 1;
  while (j < timeline.length && timeline[j]!.userId === current.userId) j++;
  const after = timeline[j];
  return {
    userId: current.userId,
    source: current.source,
    since: timeline[first]!.start,
    next: after ? { at: after.start, userId: after.userId, source: after.source } : null,
  };
}
