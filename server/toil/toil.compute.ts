import { TOIL_ACTION, type SprintDto, type ToilBand, type ToilSettingsDto } from './toil.schema';

// Pure toil arithmetic (docs/domains.md, "Toil"): sprint boundaries, the hours
// a page costs, each sprint's toil against the team's engineering hours, the
// seed's bands and the gate's signal. `now` is always passed in.

export const DAY_MS = 86_400_000;
/** A page left open for days is a forgotten page, not days of toil: one page counts at most this long. */
const PAGE_CAP_HOURS = 8;
/** Focus hours per engineer and working day behind the default engineering hours. */
const HOURS_PER_ENGINEER_DAY = 6;

const DEFAULT_SETTINGS = { sprintDays: 14, pageMinutes: 15, blockFeatureWork: false, engineeringHours: null } as const;
/** Default sprints start on Mondays: 2026-01-05 was one. */
const DEFAULT_ANCHOR = '2026-01-05';

/** < 20 healthy, 20..50 watch (both ends included), > 50 over. */
export function toilBand(percent: number | null): ToilBand {
  if (percent === null || !Number.isFinite(percent)) return 'no-data';
  if (percent < 20) return 'healthy';
  if (percent <= 50) return 'watch';
  return 'over';
}

export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export type Sprint = { index: number; start: number; end: number };

/** The sprint holding `at` (UTC days): sprints are `days` long and one starts on `anchor`; works before the anchor too. */
export function sprintAt(at: number, anchor: string, days: number): Sprint {
  const a = dayMs(anchor);
  const len = days * DAY_MS;
  const index = Math.floor((at - a) / len);
  const start = a + index * len;
  return { index, start, end: start + len };
}

/** The `count` sprints ending with the one holding `at`, oldest first. */
export function lastSprints(at: number, anchor: string, days: number, count: number): Sprint[] {
  const current = sprintAt(at, anchor, days);
  const len = days * DAY_MS;
  return Array.from({ length: count }, (_, i) => {
    const back = count - 1 - i;
    return { index: current.index - back, start: current.start - back * len, end: current.end - back * len };
  });
}

/** Working days in a sprint (5 of every 7). */
const workingDays = (sprintDays: number): number => Math.round((sprintDays * 5) / 7);

/** The team's engineering hours per sprint: the configured figure, else members x 6 h x working days; null without members. */
export function engineeringHours(settings: Pick<ToilSettingsDto, 'engineeringHours' | 'sprintDays'>, members: number): number | null {
  if (settings.engineeringHours !== null) return settings.engineeringHours;
  if (members <= 0) return null;
  return members * HOURS_PER_ENGINEER_DAY * workingDays(settings.sprintDays);
}

export type PageFact = { pagedAt: number; acknowledgedAt: number | null; resolvedAt: number | null; resolvedByPerson: boolean };

/**
 * What one page cost in toil. Nobody touched it (auto-resolved or still
 * unanswered): nothing. A person resolved it (a manual page): the time from
 * page to resolution, at least `pageMinutes` and at most PAGE_CAP_HOURS.
 * Acknowledged and then resolved by its alert: `pageMinutes`.
 */
export function pageToil(p: PageFact, pageMinutes: number): { handled: boolean; manual: boolean; hours: number; resolveMinutes: number | null } {
  const manual = p.resolvedByPerson && p.resolvedAt !== null;
  const handled = manual || p.acknowledgedAt !== null;
  if (!handled) return { handled: false, manual: false, hours: 0, resolveMinutes: null };
  const floor = pageMinutes / 60;
  if (!manual) return { handled: true, manual: false, hours: floor, resolveMinutes: null };
  const minutes = Math.max(0, (p.resolvedAt! - p.pagedAt) / 60_000);
  return { handled: true, manual: true, hours: Math.min(PAGE_CAP_HOURS, Math.max(floor, minutes / 60)), resolveMinutes: minutes };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export type EntryFact = { day: string; hours: number };

/** One sprint of one team: logged + measured toil against its engineering hours. */
export function summarizeSprint(sprint: Sprint, entries: readonly EntryFact[], pages: readonly PageFact[], settings: ToilSettingsDto, members: number): SprintDto {
  const inSprint = (ms: number) => ms >= sprint.start && ms < sprint.end;
  const loggedHours = entries.filter((e) => inSprint(dayMs(e.day))).reduce((s, e) => s + e.hours, 0);
  const costs = pages.filter((p) => inSprint(p.pagedAt)).map((p) => pageToil(p, settings.pageMinutes));
  const handled = costs.filter((c) => c.handled);
  const manual = handled.filter((c) => c.manual);
  const pageHours = handled.reduce((s, c) => s + c.hours, 0);
  const toilHours = loggedHours + pageHours;
  const eng = engineeringHours(settings, members);
  const percent = eng ? round1((100 * toilHours) / eng) : null;
  const med = median(manual.map((c) => c.resolveMinutes!));
  return {
    index: sprint.index,
    start: dayOf(sprint.start),
    end: dayOf(sprint.end - DAY_MS),
    loggedHours: round2(loggedHours),
    pagesHandled: handled.length,
    manualPages: manual.length,
    medianManualMinutes: med === null ? null : Math.round(med),
    pageHours: round2(pageHours),
    toilHours: round2(toilHours),
    engineeringHours: eng,
    percent,
    band: toilBand(percent),
  };
}

/** The current sprint with how far in it is and, at the pace so far, where it ends. */
export function currentSprint(sprint: Sprint, summary: SprintDto, now: number): SprintDto & { elapsedDays: number; projectedPercent: number | null } {
  const total = (sprint.end - sprint.start) / DAY_MS;
  // The day in progress counts as elapsed: on the first day one full day has "passed".
  const elapsedDays = Math.min(total, Math.max(1, Math.ceil((now - sprint.start) / DAY_MS)));
  const projectedPercent = summary.percent === null ? null : round1((summary.percent * total) / elapsedDays);
  return { ...summary, elapsedDays, projectedPercent };
}

/** The seed's action, shown only over budget. */
export const actionFor = (band: ToilBand): string | null => (band === 'over' ? TOIL_ACTION : null);

/** What the change gate does with feature changes of a team in this band: flag, or block when the team opted in. */
export function gateEffect(band: ToilBand, blockFeatureWork: boolean): 'none' | 'flag' | 'block' {
  if (band !== 'over') return 'none';
  return blockFeatureWork ? 'block' : 'flag';
}

/** Settings with the defaults filled in. */
export function effectiveSettings(row: { sprintDays: number; sprintAnchor: string; engineeringHours: number | null; pageMinutes: number; blockFeatureWork: boolean } | null): ToilSettingsDto {
  if (!row) return { ...DEFAULT_SETTINGS, sprintAnchor: DEFAULT_ANCHOR, configured: false };
  return { ...row, configured: true };
}

/** Refuses days in the future (beyond the end of today UTC) and before 400 days ago: toil is logged as it happens. */
export function dayProblem(day: string, now: number): string | null {
  const ms = dayMs(day);
  if (ms > now) return 'is in the future: log toil on the day it happened';
  if (ms < now - 400 * DAY_MS) return 'is more than 400 days ago';
  return null;
}
