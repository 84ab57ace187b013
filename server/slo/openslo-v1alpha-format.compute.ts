import { z } from 'zod';
import { formatPath, fromZodIssues, type FieldIssue, type PathSegment } from '../lib/issues';
import { nameSchema, sloSchema, timeZoneSchema, windowQuerySchema, type Slo, type SloWindow } from './slo.schema';
import { errorQueryOf, eventQueries } from './slo-promql.compute';

// OpenSLO v1alpha `kind: SLO`, the OpenSLO dialect Sloth reads: an SLO has a list
// of `objectives`, each with its own `ratioMetrics` good/total queries
// (`source: prometheus`, `queryType: promql`) and `target` ratio, and one
// `timeWindows` entry. As Sloth does, every objective becomes its own SLO named
// `<metadata.name>-<index>` with both alerts disabled (v1alpha has no alerting
// that maps onto burn-rate alerts). Unlike Sloth, the SLI stays good/total
// (Sloth turns it into a raw `1 - good/total` query), so Runwell's exact period
// ratio applies.

const querySchema = z.strictObject({
  source: z.string({ error: 'must be prometheus' }).refine((s) => ['prometheus', 'sloth'].includes(s.toLowerCase()), 'must be prometheus (Runwell reads Prometheus sources only)'),
  queryType: z.string({ error: 'must be promql' }).refine((s) => s.toLowerCase() === 'promql', 'must be promql'),
  query: windowQuerySchema,
  metadata: z.record(z.string(), z.string()).optional(),
});

const objectiveSchema = z.strictObject({
  displayName: z.string().optional(),
  value: z.number().optional(),
  target: z.number({ error: 'must be a ratio such as 0.999' }).refine((t) => t > 0 && t < 1, 'must be above 0 and below 1 (a ratio such as 0.999; 1 would leave no error budget)'),
  ratioMetrics: z.strictObject({ good: querySchema, total: querySchema, incremental: z.boolean().optional() }, { error: 'is required: good and total queries' }),
  op: z.string().optional(),
  timeSliceTarget: z.number().optional(),
});

const timeWindowSchema = z.strictObject({
  count: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1),
  unit: z.enum(['Day', 'Week', 'Month', 'Quarter', 'day', 'week', 'month', 'quarter'], { error: 'must be Day or Week (or Month/Quarter with a calendar)' }),
  isRolling: z.boolean().optional(),
  calendar: z.strictObject({ startTime: z.string(), timeZone: timeZoneSchema }).optional(),
});

const sloDocSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1alpha'),
  kind: z.literal('SLO'),
  metadata: z.strictObject({ name: nameSchema, displayName: z.string().optional() }),
  spec: z.strictObject({
    service: nameSchema,
    description: z.string().optional(),
    budgetingMethod: z.literal('Occurrences', { error: 'must be Occurrences (what Sloth and Runwell read in v1alpha)' }).optional(),
    objectives: z.array(objectiveSchema, { error: 'must be a list of objectives' }).min(1, 'must list at least one objective'),
    timeWindows: z.array(timeWindowSchema).max(1, 'must have one time window (Sloth reads only one)').optional(),
  }),
});

export function parseOpenSloV1alpha(doc: unknown, defaultWindow: SloWindow): { slos: Slo[]; issues: FieldIssue[] } {
  const r = sloDocSchema.safeParse(doc, { reportInput: true });
  if (!r.success) return { slos: [], issues: fromZodIssues(r.error.issues) };
  const d = r.data;
  const issues: FieldIssue[] = [];
  const problem = (path: PathSegment[], message: string) => issues.push({ path: formatPath(path), message });
  const window = d.spec.timeWindows?.[0] ? toWindow(d.spec.timeWindows[0], problem) : defaultWindow;
  if (!window) return { slos: [], issues };

  const slos: Slo[] = [];
  d.spec.objectives.forEach((o, i) => {
    const slo = {
      service: d.spec.service,
      name: `${d.metadata.name}-${i}`,
      ...(d.spec.description ? { description: d.spec.description } : {}),
      sli: { type: 'goodEvents', goodQuery: o.ratioMetrics.good.query, totalQuery: o.ratioMetrics.total.query },
      objective: Number((o.target * 100).toPrecision(12)),
      window,
      labels: {},
      alerting: {
        labels: {},
        annotations: {},
        page: { disabled: true, labels: {}, annotations: {} },
        ticket: { disabled: true, labels: {}, annotations: {} },
      },
    };
    const checked = sloSchema.safeParse(slo, { reportInput: true });
    if (checked.success) slos.push(checked.data);
    else issues.push(...fromZodIssues(checked.error.issues, ['spec', 'objectives', i, '(model)']));
  });
  return { slos: issues.length ? [] : slos, issues };
}

function toWindow(w: z.output<typeof timeWindowSchema>, problem: (path: PathSegment[], message: string) => void): SloWindow | undefined {
  const path = ['spec', 'timeWindows', 0];
  const unit = w.unit.toLowerCase();
  if (unit === 'day' || unit === 'week') {
    const days = unit === 'day' ? w.count : w.count * 7;
    if (days > 365) {
      problem([...path, 'count'], 'must be at most 365 days');
      return undefined;
    }
    return { type: 'rolling', days };
  }
  if (w.isRolling !== false || !w.calendar || w.count !== 1) {
    problem([...path, 'unit'], 'Month and Quarter need count: 1, isRolling: false and a calendar (startTime, timeZone); use Day for rolling windows');
    return undefined;
  }
  return { type: 'calendar', unit: unit === 'month' ? 'month' : 'quarter', timeZone: w.calendar.timeZone };
}

// ---------------------------------------------------------------------------
// Export

/**
 * One v1alpha document per SLO (one objective). What v1alpha cannot hold is
 * returned as notes: errors/total SLIs become good = total - errors; raw SLIs
 * cannot be written (v1alpha has only good/total) and are left out; alerting
 * and labels are dropped; timeslice budgeting is written as Occurrences.
 */
export function toOpenSloV1alphaDocuments(slos: readonly Slo[]): { body: Record<string, unknown>; notes: string[] }[] {
  return slos.map((slo) => {
    const notes: string[] = [];
    const events = eventQueries(slo.sli);
    if (!events) {
      return { body: {}, notes: [`${slo.service}/${slo.name}: a raw error-ratio SLI cannot be written in OpenSLO v1alpha (good/total only); left out`] };
    }
    const good = events.kind === 'good' ? events.goodQuery : `(${events.totalQuery.trim()})\n-\n(${errorQueryOf(events).trim()})`;
    if (events.kind === 'errors') notes.push(`${slo.name}: good = total - errors`);
    if (slo.budgeting.method !== 'occurrences') notes.push(`${slo.name}: budgeting ${slo.budgeting.method} written as Occurrences`);
    if (Object.keys(slo.labels).length || slo.alerting.name) notes.push(`${slo.name}: labels and alerting are not expressible in v1alpha`);
    const q = (query: string) => ({ source: 'prometheus', queryType: 'promql', query });
    return {
      body: {
        apiVersion: 'openslo/v1alpha',
        kind: 'SLO',
        metadata: { name: slo.name },
        spec: {
          service: slo.service,
          ...(slo.description ? { description: slo.description } : {}),
          budgetingMethod: 'Occurrences',
          objectives: [{ ratioMetrics: { good: q(good), total: q(events.totalQuery) }, target: Number((slo.objective / 100).toPrecision(12)) }],
          timeWindows: [
            slo.window.type === 'rolling'
              ? { count: slo.window.days, unit: 'Day' }
              : { count: 1, unit: slo.window.unit === 'month' ? 'Month' : 'Quarter', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: slo.window.timeZone } },
          ],
        },
      },
      notes,
    };
  });
}
