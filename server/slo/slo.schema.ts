import { z } from 'zod';
import { isDuration, parseDuration } from '../lib/duration';
import { isValidTimeZone } from '../lib/time-zone';
import { idText } from '../lib/text';

// The Runwell SLO model. Import formats (Sloth, OpenSLO) map onto it and export
// from it; the field schemas below are shared with the format parsers so that a
// problem is reported with the path the user wrote (`slos[0].objective`), with the
// same reason whichever format it came in.

// Sloth's name rule: IDs end up in label values and URLs.
const NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Sloth's template variable, spaces allowed as in Go templates: {{.window}}, {{ .window }}.
export const WINDOW_VAR_RE = /\{\{\s*\.window\s*\}\}/g;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Alert names become the `alertname` label value; keep them identifier-like.
const ALERT_NAME_RE = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;
// Labels the generated rules set themselves; a spec label may not override them.
const RESERVED_LABEL_RE = /^(sloth_|__)/;

export const nameSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(NAME_RE, "must start and end with a letter or digit and contain only letters, digits, '.', '_' and '-'");

export const objectiveSchema = z
  .number({ error: 'must be a number (percent, e.g. 99.9)' })
  .refine((n) => n > 0 && n < 100, {
    message: 'must be above 0 and below 100 (a percent such as 99.9; 100 would leave no error budget)',
  });

export function hasWindowVar(query: string): boolean {
  return new RegExp(WINDOW_VAR_RE.source).test(query);
}

export const windowQuerySchema = z
  .string({ error: 'must be a string (a PromQL query)' })
  .refine((q) => q.trim().length > 0, 'is required')
  .refine(hasWindowVar, 'must contain {{.window}} where the range goes, e.g. rate(x[{{.window}}])');

const labelValueSchema = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string' }).transform(String);

// Go's YAML decoder (Sloth) turns `tier: 2` into "2"; we accept the same scalars.
export const labelsSchema = z.record(
  z
    .string()
    .regex(LABEL_NAME_RE, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*')
    .refine((k) => !RESERVED_LABEL_RE.test(k), 'label names starting with sloth_ or __ are reserved for the generated rules'),
  labelValueSchema,
);

export const annotationsSchema = z.record(idText(), labelValueSchema);

export const alertNameSchema = z
  .string({ error: 'must be a string' })
  .regex(ALERT_NAME_RE, 'must be a Prometheus alert name: a letter or _, then letters, digits, _ : . -');

export const durationSchema = z
  .string({ error: 'must be a duration such as 1m or 5m' })
  .refine(isDuration, 'must be a duration such as 1m or 5m');

export const timeZoneSchema = z.string({ error: 'must be an IANA time zone' }).refine(isValidTimeZone, {
  message: 'must be an IANA time zone such as Europe/Berlin or UTC',
});

// ---------------------------------------------------------------------------
// SLI

const sliSchema = z.discriminatedUnion(
  'type',
  [
    // Sloth's events SLI: bad events / all events.
    z.strictObject({ type: z.literal('events'), errorQuery: windowQuerySchema, totalQuery: windowQuerySchema }),
    // OpenSLO's good/total ratio.
    z.strictObject({ type: z.literal('goodEvents'), goodQuery: windowQuerySchema, totalQuery: windowQuerySchema }),
    // Good = requests faster than `le` seconds, read from a histogram.
    z.strictObject({
      type: z.literal('latency'),
      metric: z
        .string()
        .regex(METRIC_NAME_RE, 'must be a metric name')
        .refine((m) => !/_(bucket|count|sum)$/.test(m), 'give the histogram base name, without _bucket/_count/_sum'),
      // PromQL label matchers without braces, e.g. job="api",route!="/health".
      selector: z.string().default(''),
      // Exactly as the `le` label appears in the exposition ("0.5", "1", "2.5").
      le: z
        .string()
        .refine((v) => /^[0-9.eE+-]+$/.test(v) && Number.isFinite(Number(v)) && Number(v) > 0, 'must be a positive number, as written in the le label'),
    }),
    // An error ratio (0..1) computed elsewhere.
    z.strictObject({ type: z.literal('raw'), errorRatioQuery: windowQuerySchema }),
  ],
  { error: 'must be one of events, goodEvents, latency, raw' },
);

// ---------------------------------------------------------------------------
// Window and budgeting

export const windowSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('rolling'), days: z.number().int('must be whole days').min(1).max(365) }),
    // Calendar periods reset at local midnight on the 1st of the month/quarter (Jan, Apr, Jul, Oct).
    z.strictObject({ type: z.literal('calendar'), unit: z.enum(['month', 'quarter']), timeZone: timeZoneSchema }),
  ],
  { error: 'must be rolling or calendar' },
);

const budgetingSchema = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('occurrences') }),
    // OpenSLO Timeslices: a slice is good when its own good/total >= timesliceTarget (percent).
    z.strictObject({
      method: z.literal('timeslices'),
      timesliceSize: durationSchema,
      timesliceTarget: z.number().refine((n) => n > 0 && n <= 100, 'must be above 0 and at most 100 (percent)'),
    }),
    // OpenSLO RatioTimeslices: the SLI is the mean of the slices' ratios.
    z.strictObject({ method: z.literal('ratioTimeslices'), timesliceSize: durationSchema }),
  ],
  { error: 'must be occurrences, timeslices or ratioTimeslices' },
);

// ---------------------------------------------------------------------------
// Alerting

const alertSchema = z.strictObject({
  disabled: z.boolean().default(false),
  labels: labelsSchema.default({}),
  annotations: annotationsSchema.default({}),
});

const alertingSchema = z
  .strictObject({
    // Required unless both alerts are disabled (Sloth's rule).
    name: alertNameSchema.optional(),
    labels: labelsSchema.default({}),
    annotations: annotationsSchema.default({}),
    runbookUrl: z.url({ error: 'must be a URL' }).optional(),
    page: alertSchema.default({ disabled: false, labels: {}, annotations: {} }),
    ticket: alertSchema.default({ disabled: false, labels: {}, annotations: {} }),
  })
  .superRefine((a, ctx) => {
    if (!a.name && !(a.page.disabled && a.ticket.disabled)) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required unless both page and ticket alerts are disabled' });
    }
  });

// ---------------------------------------------------------------------------
// SLO

export const sloSchema = z
  .strictObject({
    service: nameSchema,
    name: nameSchema,
    description: z.string().optional(),
    sli: sliSchema,
    objective: objectiveSchema,
    window: windowSchema.default({ type: 'rolling', days: 30 }),
    budgeting: budgetingSchema.default({ method: 'occurrences' }),
    labels: labelsSchema.default({}),
    alerting: alertingSchema,
  })
  .superRefine((slo, ctx) => {
    for (const message of sliProblems(slo.sli)) ctx.addIssue({ code: 'custom', path: ['sli', 'totalQuery'], message });
    const b = slo.budgeting;
    if (b.method !== 'occurrences' && isDuration(b.timesliceSize) && parseDuration(b.timesliceSize) > 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['budgeting', 'timesliceSize'], message: 'must be at most 1d' });
    }
  });

export type Slo = z.output<typeof sloSchema>;
export type SloInput = z.input<typeof sloSchema>;
export type SloSli = Slo['sli'];
export type SloWindow = Slo['window'];
export type SloBudgeting = Slo['budgeting'];
export type SloAlerting = Slo['alerting'];
export type SloAlert = SloAlerting['page'];

/** Cross-field SLI problems, reported against the total query. */
function sliProblems(sli: SloSli): string[] {
  if (sli.type === 'events' && normalizeQuery(sli.errorQuery) === normalizeQuery(sli.totalQuery)) {
    return ['must differ from the error query (identical queries give a constant 100% error ratio)'];
  }
  if (sli.type === 'goodEvents' && normalizeQuery(sli.goodQuery) === normalizeQuery(sli.totalQuery)) {
    return ['must differ from the good query (identical queries give a constant 0% error ratio)'];
  }
  return [];
}

function normalizeQuery(q: string): string {
  return q.replace(/\s+/g, '');
}

/** Sloth's `sloth_id`: `<service>-<slo>`. */
export function sloId(slo: Pick<Slo, 'service' | 'name'>): string {
  return `${slo.service}-${slo.name}`;
}

/** 99.9 -> 0.001, without binary noise (1 - 0.999 is 0.0009999999999998899). */
export function errorBudgetRatio(objectivePercent: number): number {
  return Number(((100 - objectivePercent) / 100).toPrecision(12));
}

export function objectiveRatio(objectivePercent: number): number {
  return Number((objectivePercent / 100).toPrecision(12));
}

/** Default alerting block: both alerts enabled, no extra labels. */
export function defaultAlerting(name?: string): SloAlerting {
  return {
    ...(name ? { name } : {}),
    labels: {},
    annotations: {},
    page: { disabled: false, labels: {}, annotations: {} },
    ticket: { disabled: false, labels: {}, annotations: {} },
  };
}
