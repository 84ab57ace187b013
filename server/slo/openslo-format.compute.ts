import { z } from 'zod';
import { formatPath, fromZodIssues, type PathSegment, type FieldIssue } from '../lib/issues';
import {
  defaultAlerting,
  durationSchema,
  hasWindowVar,
  nameSchema,
  objectiveSchema,
  sloSchema,
  timeZoneSchema,
  type Slo,
  type SloAlerting,
  type SloBudgeting,
  type SloSli,
  type SloWindow,
} from './slo.schema';
import { defaultAlertName } from './slo-naming.compute';
import { latencyQueries } from './slo-promql.compute';

// OpenSLO v1 `kind: SLO` (with an inline `indicator` or an `indicatorRef` to a
// `kind: SLI` in the same file). Runwell reads ratioMetric SLIs with Prometheus
// sources. OpenSLO has no query templating: a query that contains `{{.window}}`
// is used as is (that is what we export); a bare counter selector with
// `counter: true` is wrapped as sum(rate(<selector>[{{.window}}])).
// Alerting has no OpenSLO equivalent we can map (AlertPolicies are about
// notification targets), so Runwell's alerting block travels in the annotation
// `runwell.dev/alerting` (JSON); without it the alert is named after the SLO.

export const ALERTING_ANNOTATION = 'runwell.dev/alerting';

const metadataSchema = z.strictObject({
  name: nameSchema,
  displayName: z.string().optional(),
  labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const metricSchema = z.strictObject({
  metricSource: z
    .strictObject({
      type: z.string().optional(),
      metricSourceRef: z.string().optional(),
      spec: z.looseObject({ query: z.string({ error: 'must be a string (a PromQL query)' }) }),
    })
    .superRefine((src, ctx) => {
      if (src.type !== undefined && src.type.toLowerCase() !== 'prometheus') {
        ctx.addIssue({ code: 'custom', path: ['type'], message: `must be Prometheus (Runwell reads Prometheus sources only; got ${src.type})` });
      }
      for (const key of Object.keys(src.spec)) {
        if (key !== 'query') ctx.addIssue({ code: 'custom', path: ['spec', key], message: 'unknown key' });
      }
    }),
});

const ratioMetricSchema = z.strictObject({
  counter: z.boolean().optional(),
  good: metricSchema.optional(),
  bad: metricSchema.optional(),
  total: metricSchema.optional(),
  rawType: z.enum(['success', 'failure']).optional(),
  raw: metricSchema.optional(),
});

const unsupported = (what: string) =>
  z.unknown().optional().superRefine((v, ctx) => {
    if (v !== undefined) ctx.addIssue({ code: 'custom', message: `${what} is not supported by Runwell` });
  });

const sliSpecSchema = z.strictObject({
  description: z.string().optional(),
  thresholdMetric: unsupported('thresholdMetric (use a ratioMetric)'),
  ratioMetric: ratioMetricSchema.optional(),
});

const sliDocSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLI'),
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

const objectiveItemSchema = z.strictObject({
  displayName: z.string().optional(),
  op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
  value: unsupported('objectives[].value (threshold SLIs)'),
  target: z.number().optional(),
  targetPercent: z.number().optional(),
  timeSliceTarget: z.number().optional(),
  timeSliceWindow: durationSchema.optional(),
  indicator: unsupported('a per-objective indicator (composite SLOs)'),
  indicatorRef: unsupported('a per-objective indicatorRef (composite SLOs)'),
  compositeWeight: unsupported('compositeWeight'),
});

const timeWindowSchema = z.strictObject({
  duration: z.string().regex(/^[1-9][0-9]*[mhdwMQY]$/, 'must be a duration such as 28d, 4w, 1M or 1Q'),
  isRolling: z.boolean().optional(),
  calendar: z.strictObject({ startTime: z.string(), timeZone: timeZoneSchema }).optional(),
});

const sloDocSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLO'),
  metadata: metadataSchema,
  spec: z.strictObject({
    description: z.string().optional(),
    service: nameSchema,
    indicator: z.strictObject({ metadata: metadataSchema, spec: sliSpecSchema }).optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z.array(timeWindowSchema).length(1, 'must have exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices'], {
      error: 'must be Occurrences, Timeslices or RatioTimeslices',
    }),
    // Several objectives (e.g. two latency thresholds) become one SLO each, named <name>-<index> as Sloth names v1alpha ones.
    objectives: z.array(objectiveItemSchema).min(1, 'must have at least one objective'),
    alertPolicies: z.array(z.unknown()).optional(),
  }),
});

type SliSpec = z.output<typeof sliSpecSchema>;
type SloDoc = z.output<typeof sloDocSchema>;

/** SLIs by name for indicatorRef; null marks an SLI whose own document is invalid. */
export type OpenSloSliIndex = Map<string, SloSli | null>;

/** Validates a `kind: SLI` document (problems carry that document's paths). */
export function parseOpenSloSli(doc: unknown): { name?: string; sli: SloSli | null; issues: FieldIssue[] } {
  const r = sliDocSchema.safeParse(doc, { reportInput: true });
  const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  if (!r.success) return { name: typeof name === 'string' ? name : undefined, sli: null, issues: fromZodIssues(r.error.issues) };
  const issues: FieldIssue[] = [];
  const sli = toSli(r.data.spec, ['spec'], (path, message) => issues.push({ path: formatPath(path), message }));
  return { name: r.data.metadata.name, sli: sli ?? null, issues };
}

export function parseOpenSloSlo(doc: unknown, slis: OpenSloSliIndex): { slos: Slo[]; issues: FieldIssue[]; warnings: FieldIssue[] } {
  const r = sloDocSchema.safeParse(doc, { reportInput: true });
  if (!r.success) return { slos: [], issues: fromZodIssues(r.error.issues), warnings: [] };
  const d = r.data;
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const problem = (path: PathSegment[], message: string) => issues.push({ path: formatPath(path), message });

  // SLI: inline or referenced
  let sli: SloSli | undefined;
  if (d.spec.indicator && d.spec.indicatorRef) problem(['spec', 'indicatorRef'], 'give either indicator or indicatorRef, not both');
  else if (d.spec.indicator) sli = toSli(d.spec.indicator.spec, ['spec', 'indicator', 'spec'], problem);
  else if (d.spec.indicatorRef) {
    const ref = slis.get(d.spec.indicatorRef);
    if (ref === undefined) problem(['spec', 'indicatorRef'], `no kind: SLI named "${d.spec.indicatorRef}" in this file`);
    else if (ref === null) problem(['spec', 'indicatorRef'], `the SLI "${d.spec.indicatorRef}" is invalid (see its document)`);
    else sli = ref;
  } else problem(['spec', 'indicator'], 'is required (or indicatorRef)');

  const window = toWindow(d.spec.timeWindow[0]!, problem);
  const labels = toLabels(d.metadata.labels ?? {}, problem);
  const alerting = toAlerting(d, problem);
  if (d.spec.alertPolicies?.length) {
    warnings.push({ path: 'spec.alertPolicies', message: 'ignored: Runwell generates multi-window burn-rate alerts from the SLO itself' });
  }
  const several = d.spec.objectives.length > 1;
  const slos: Slo[] = [];
  d.spec.objectives.forEach((objective, i) => {
    const objectivePercent = toObjective(objective, i, problem);
    const budgeting = toBudgeting(d.spec.budgetingMethod, objective, i, problem);
    if (issues.length || !sli || objectivePercent === undefined || !window || !budgeting || !alerting) return;
    const name = several ? `${d.metadata.name}-${i}` : d.metadata.name;
    const slo = {
      service: d.spec.service,
      name,
      ...(d.spec.description ? { description: d.spec.description } : {}),
      sli,
      objective: objectivePercent,
      window,
      budgeting,
      labels,
      // A derived alert name follows the objective's SLO name.
      alerting: several && !d.metadata.annotations?.[ALERTING_ANNOTATION] ? defaultAlerting(defaultAlertName(d.spec.service, name)) : alerting,
    };
    // Field checks ran above with OpenSLO paths; this is the model's cross-field safety net.
    const checked = sloSchema.safeParse(slo, { reportInput: true });
    if (!checked.success) issues.push(...fromZodIssues(checked.error.issues, ['(model)']));
    else slos.push(checked.data);
  });
  return issues.length ? { slos: [], issues, warnings } : { slos, issues: [], warnings };
}

type Problem = (path: PathSegment[], message: string) => void;

function toSli(spec: SliSpec, base: PathSegment[], problem: Problem): SloSli | undefined {
  const rm = spec.ratioMetric;
  if (!rm) {
    problem([...base, 'ratioMetric'], 'is required (Runwell reads ratio SLIs)');
    return undefined;
  }
  const at = [...base, 'ratioMetric'];
  const query = (which: 'good' | 'bad' | 'total' | 'raw'): string | undefined => {
    const q = rm[which]?.metricSource.spec.query;
    if (q === undefined) return undefined;
    const path = [...at, which, 'metricSource', 'spec', 'query'];
    if (hasWindowVar(q)) return q;
    if (rm.counter && which !== 'raw' && /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$/.test(q.trim())) {
      return `sum(rate(${q.trim()}[{{.window}}]))`;
    }
    problem(path, 'must contain {{.window}} where the range goes, or be a counter selector with counter: true');
    return undefined;
  };
  const shape = (['good', 'bad', 'total', 'raw'] as const).filter((k) => rm[k] !== undefined).join('+');
  switch (shape) {
    case 'good+total': {
      const [good, total] = [query('good'), query('total')];
      return good && total ? { type: 'goodEvents', goodQuery: good, totalQuery: total } : undefined;
    }
    case 'bad+total': {
      const [bad, total] = [query('bad'), query('total')];
      return bad && total ? { type: 'events', errorQuery: bad, totalQuery: total } : undefined;
    }
    case 'raw': {
      const raw = query('raw');
      if (!rm.rawType) problem([...at, 'rawType'], 'is required with raw (success or failure)');
      if (!raw || !rm.rawType) return undefined;
      // A success ratio is turned into the error ratio Runwell records.
      return { type: 'raw', errorRatioQuery: rm.rawType === 'failure' ? raw : `1 - (${raw.trim()})` };
    }
    default:
      problem(at, 'must have good + total, bad + total, or raw + rawType');
      return undefined;
  }
}

function toObjective(o: SloDoc['spec']['objectives'][number], index: number, problem: Problem): number | undefined {
  const path = ['spec', 'objectives', index];
  if (o.target !== undefined && o.targetPercent !== undefined) {
    problem([...path, 'targetPercent'], 'give either target or targetPercent, not both');
    return undefined;
  }
  if (o.target === undefined && o.targetPercent === undefined) {
    problem([...path, 'target'], 'is required (a ratio such as 0.999, or targetPercent: 99.9)');
    return undefined;
  }
  const percent = o.targetPercent ?? Number((o.target! * 100).toPrecision(12));
  const r = objectiveSchema.safeParse(percent);
  if (!r.success) {
    problem([...path, o.targetPercent !== undefined ? 'targetPercent' : 'target'], o.targetPercent !== undefined
      ? 'must be above 0 and below 100'
      : 'must be above 0 and below 1 (a ratio such as 0.999; 1 would leave no error budget)');
    return undefined;
  }
  return percent;
}

const CALENDAR_START_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

function toWindow(w: SloDoc['spec']['timeWindow'][number], problem: Problem): SloWindow | undefined {
  const path = ['spec', 'timeWindow', 0];
  const n = Number(w.duration.slice(0, -1));
  const unit = w.duration.slice(-1);
  if (w.isRolling) {
    if (w.calendar) problem([...path, 'calendar'], 'must not be set on a rolling window');
    const days = unit === 'd' ? n : unit === 'w' ? 7 * n : unit === 'h' && n % 24 === 0 ? n / 24 : undefined;
    if (days === undefined || days > 365) {
      problem([...path, 'duration'], 'a rolling window must be whole days, at most 365 (e.g. 28d, 4w)');
      return undefined;
    }
    return { type: 'rolling', days };
  }
  if (!w.calendar) {
    problem([...path, 'calendar'], 'is required when isRolling is false (or set isRolling: true)');
    return undefined;
  }
  if (w.duration !== '1M' && w.duration !== '1Q') {
    problem([...path, 'duration'], 'a calendar window must be 1M (month) or 1Q (quarter)');
    return undefined;
  }
  const start = CALENDAR_START_RE.exec(w.calendar.startTime);
  const month = Number(start?.[2]);
  const atPeriodStart = start && start[3] === '01' && start[4] === '00' && start[5] === '00' && start[6] === '00';
  if (!atPeriodStart || (w.duration === '1Q' && (month - 1) % 3 !== 0)) {
    problem(
      [...path, 'calendar', 'startTime'],
      `must be the start of a ${w.duration === '1M' ? 'month' : 'quarter (January, April, July or October)'} at 00:00:00, e.g. 2024-01-01 00:00:00`,
    );
    return undefined;
  }
  return { type: 'calendar', unit: w.duration === '1M' ? 'month' : 'quarter', timeZone: w.calendar.timeZone };
}

function toBudgeting(method: SloDoc['spec']['budgetingMethod'], o: SloDoc['spec']['objectives'][number], index: number, problem: Problem): SloBudgeting | undefined {
  const path = ['spec', 'objectives', index];
  if (method === 'Occurrences') return { method: 'occurrences' };
  if (!o.timeSliceWindow) {
    problem([...path, 'timeSliceWindow'], `is required with budgetingMethod ${method}`);
    return undefined;
  }
  if (method === 'RatioTimeslices') return { method: 'ratioTimeslices', timesliceSize: o.timeSliceWindow };
  if (o.timeSliceTarget === undefined || !(o.timeSliceTarget > 0 && o.timeSliceTarget <= 1)) {
    problem([...path, 'timeSliceTarget'], 'is required with Timeslices: a ratio above 0 and at most 1 (e.g. 0.95)');
    return undefined;
  }
  return { method: 'timeslices', timesliceSize: o.timeSliceWindow, timesliceTarget: Number((o.timeSliceTarget * 100).toPrecision(12)) };
}

function toLabels(labels: Record<string, string | string[]>, problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (Array.isArray(v) && v.length !== 1) problem(['metadata', 'labels', k], 'must have one value (Prometheus labels are single-valued)');
    else out[k] = Array.isArray(v) ? v[0]! : v;
  }
  return out;
}

function toAlerting(d: SloDoc, problem: Problem): SloAlerting | undefined {
  const raw = d.metadata.annotations?.[ALERTING_ANNOTATION];
  if (raw === undefined) return defaultAlerting(defaultAlertName(d.spec.service, d.metadata.name));
  try {
    return JSON.parse(raw) as SloAlerting; // validated with the whole SLO by sloSchema
  } catch {
    problem(['metadata', 'annotations', ALERTING_ANNOTATION], 'must be JSON (Runwell alerting settings)');
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Export

export function toOpenSloDocument(slo: Slo): Record<string, unknown> {
  const defaultAlerts = defaultAlerting(defaultAlertName(slo.service, slo.name));
  const customAlerting = JSON.stringify(slo.alerting) !== JSON.stringify(defaultAlerts);
  const objective: Record<string, unknown> = { target: Number((slo.objective / 100).toPrecision(12)) };
  if (slo.budgeting.method !== 'occurrences') objective.timeSliceWindow = slo.budgeting.timesliceSize;
  if (slo.budgeting.method === 'timeslices') objective.timeSliceTarget = Number((slo.budgeting.timesliceTarget / 100).toPrecision(12));
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: slo.name,
      ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
      ...(customAlerting ? { annotations: { [ALERTING_ANNOTATION]: JSON.stringify(slo.alerting) } } : {}),
    },
    spec: {
      ...(slo.description ? { description: slo.description } : {}),
      service: slo.service,
      indicator: { metadata: { name: `${slo.service}-${slo.name}` }, spec: { ratioMetric: ratioMetricOf(slo.sli) } },
      timeWindow: [windowOf(slo.window)],
      budgetingMethod: { occurrences: 'Occurrences', timeslices: 'Timeslices', ratioTimeslices: 'RatioTimeslices' }[slo.budgeting.method],
      objectives: [objective],
    },
  };
}

const source = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });

function ratioMetricOf(sli: SloSli): Record<string, unknown> {
  // counter: false - our queries already apply rate() over {{.window}}.
  switch (sli.type) {
    case 'events':
      return { counter: false, bad: source(sli.errorQuery), total: source(sli.totalQuery) };
    case 'goodEvents':
      return { counter: false, good: source(sli.goodQuery), total: source(sli.totalQuery) };
    case 'latency': {
      const q = latencyQueries(sli);
      return { counter: false, good: source(q.goodQuery), total: source(q.totalQuery) };
    }
    case 'raw':
      return { counter: false, rawType: 'failure', raw: source(sli.errorRatioQuery) };
  }
}

function windowOf(w: SloWindow): Record<string, unknown> {
  if (w.type === 'rolling') return { duration: `${w.days}d`, isRolling: true };
  return {
    duration: w.unit === 'month' ? '1M' : '1Q',
    isRolling: false,
    calendar: { startTime: '2024-01-01 00:00:00', timeZone: w.timeZone },
  };
}
