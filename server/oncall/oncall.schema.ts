import { z } from 'zod';
import { isValidTimeZone } from '../lib/time-zone';
import { idText } from '../lib/text';

// On-call schedules and escalation policies (docs/incidents.md, "On-call
// schedules"). Times of day are local wall-clock times in the rotation's own
// time zone; instants (overrides, pages) are epoch milliseconds.

const TIME_OF_DAY_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const timeOfDaySchema = z.string().regex(TIME_OF_DAY_RE, 'must be a time of day HH:MM (24-hour), e.g. 09:00');

const localDateSchema = z
  .string()
  .regex(LOCAL_DATE_RE, 'must be a date YYYY-MM-DD')
  .refine((text) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1970 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a calendar date');

const zoneSchema = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC');

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
const weekdaySchema = z.number().int().min(1, 'weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'weekdays are 1 (Monday) to 7 (Sunday)');
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/**
 * A recurring local window: on each listed weekday from `start` to `end`. `end` at
 * or before `start` crosses midnight into the next day (17:00-09:00 = nights);
 * equal times mean the whole day. The weekday is the day the window starts.
 */
const timeWindowSchema = z.object({
  days: z
    .array(weekdaySchema)
    .min(1, 'pick at least one weekday')
    .refine((d) => new Set(d).size === d.length, 'lists a weekday twice'),
  start: timeOfDaySchema,
  end: timeOfDaySchema,
});
export type TimeWindow = z.output<typeof timeWindowSchema>;

/** A team's business hours: a same-day window (no overnight) in the team's zone. */
export const businessHoursSchema = timeWindowSchema
  .extend({ timeZone: zoneSchema })
  .refine((b) => minutesOfDay(b.end) > minutesOfDay(b.start), { message: 'business hours must end after they start on the same day', path: ['end'] });
export type BusinessHours = z.output<typeof businessHoursSchema>;

/** Used when a team has not set its own (docs/incidents.md says so in each decision). */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'UTC' };

const turnSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('daily') }),
    z.object({ type: z.literal('weekly') }),
    z.object({
      type: z.literal('custom'),
      every: z.number().int('must be a whole number').min(1, 'must be at least 1').max(366, 'must be at most 366'),
      unit: z.enum(['hours', 'days']),
    }),
  ],
  { error: 'turn type must be daily, weekly or custom' },
);
export const rotationSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(80),
  turn: turnSchema,
  /** Local wall-clock time of every hand-off, in `timeZone`. */
  handoffTime: timeOfDaySchema,
  timeZone: zoneSchema,
  /** Local date of the first hand-off; participant 0 takes the first turn. */
  startDate: localDateSchema,
  participants: z.array(idText()).min(1, 'add at least one participant').max(100),
  /** Only on call inside this window (e.g. weekdays 09:00-17:00); outside it a lower layer shows through. */
  restriction: timeWindowSchema.optional(),
});
export type Rotation = z.output<typeof rotationSchema>;

const overrideSchema = z
  .object({
    userId: idText(),
    start: z.number().int(),
    end: z.number().int(),
  })
  .refine((o) => o.end > o.start, { message: 'must end after it starts', path: ['end'] });
export type Override = z.output<typeof overrideSchema>;

export const scheduleSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(80),
  /** Listed bottom to top: a later layer overrides an earlier one wherever it has someone on call. */
  layers: z.array(rotationSchema).min(1, 'add at least one layer').max(10),
  /** Override everything; when two overlap, the later one in the list wins. */
  overrides: z.array(overrideSchema).default([]),
});
export type Schedule = z.output<typeof scheduleSchema>;

// ---------------------------------------------------------------------------
// Escalation policies

const escalationTargetSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('schedule'), scheduleId: idText() }),
    z.object({ type: z.literal('user'), userId: idText() }),
    /** The lead of `teamId`, or of the team that owns the paged service when absent. */
    z.object({ type: z.literal('team-lead'), teamId: idText().optional() }),
  ],
  { error: 'target type must be schedule, user or team-lead' },
);
export type EscalationTarget = z.output<typeof escalationTargetSchema>;

const escalationStepSchema = z.object({
  /** Minutes after the page (not after the previous step) at which this step fires. */
  afterMinutes: z.number().int('must be whole minutes').min(0, 'must not be negative').max(7 * 24 * 60),
  targets: z.array(escalationTargetSchema).min(1, 'add at least one target'),
});
export type EscalationStep = z.output<typeof escalationStepSchema>;

export const escalationPolicySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(80),
  steps: z
    .array(escalationStepSchema)
    .min(1, 'add at least one step')
    .max(10)
    .superRefine((steps, ctx) => {
      steps.forEach((s, i) => {
        if (i > 0 && s.afterMinutes <= steps[i - 1]!.afterMinutes) {
          ctx.addIssue({ code: 'custom', path: [i, 'afterMinutes'], message: 'must be later than the step before' });
        }
      });
    }),
});
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;

// ---------------------------------------------------------------------------

/** "09:30" -> 570. */
export function minutesOfDay(timeOfDay: string): number {
  const m = TIME_OF_DAY_RE.exec(timeOfDay);
  if (!m) throw new RangeError(`not a time of day: "${timeOfDay}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "2026-03-29" -> { year, month, day }. */
export function parseLocalDate(text: string): { year: number; month: number; day: number } {
  const m = LOCAL_DATE_RE.exec(text);
  if (!m) throw new RangeError(`not a date: "${text}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
