import { z } from 'zod';
import { formatPath, fromZodIssues, type FieldIssue } from '../lib/issues';
import { defaultAlertName } from './slo-naming.compute';
import {
  alertNameSchema,
  annotationsSchema,
  labelsSchema,
  nameSchema,
  objectiveSchema,
  sloSchema,
  windowQuerySchema,
  type Slo,
  type SloAlert,
  type SloWindow,
} from './slo.schema';
import { errorQueryOf, eventQueries } from './slo-promql.compute';
import { describeWindow } from './slo-windows.compute';
import { chainRefusals, pluginsSpecSchema, resolveChain, type PluginStep, type PluginsSpec } from './slo-plugins.compute';
import { resolveSliPlugin, SLI_PLUGINS } from './sli-plugins.compute';

// Sloth's two input formats:
//  - the `version: prometheus/v1` file (snake_case keys), and
//  - the `sloth.slok.dev/v1 PrometheusServiceLevel` object (camelCase keys since
//    Sloth 0.6; earlier CRDs, and the example in our product spec, use the
//    snake_case keys, which we accept per SLO).
// Neither carries a window: Sloth takes it from `--default-slo-period` (30d), we
// from the caller's `defaultWindow`.

const slothAlertSchema = z.strictObject({
  disable: z.boolean({ error: 'must be true or false' }).optional(),
  labels: labelsSchema.optional(),
  annotations: annotationsSchema.optional(),
});

const slothAlertingSchema = z
  .strictObject({
    name: alertNameSchema.optional(),
    labels: labelsSchema.optional(),
    annotations: annotationsSchema.optional(),
    page_alert: slothAlertSchema.optional(),
    ticket_alert: slothAlertSchema.optional(),
  })
  .optional();

const slothSliSchema = z
  .strictObject({
    events: z
      .strictObject({ error_query: windowQuerySchema, total_query: windowQuerySchema })
      .superRefine((e, ctx) => {
        if (e.error_query.replace(/\s+/g, '') === e.total_query.replace(/\s+/g, '')) {
          ctx.addIssue({ code: 'custom', path: ['total_query'], message: 'must differ from error_query (identical queries give a constant 100% error ratio)' });
        }
      })
      .optional(),
    raw: z.strictObject({ error_ratio_query: windowQuerySchema }).optional(),
    // Resolved to events/raw queries by sli-plugins.compute.ts once the SLO's objective and labels are known.
    plugin: z
      .strictObject({
        id: z.string({ error: 'must be an SLI plugin ID such as sloth-common/kubernetes/apiserver/availability' }).min(1, 'is required'),
        options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string' }).transform(String)).default({}),
      })
      .optional(),
  })
  .superRefine((sli, ctx) => {
    const given = (['events', 'raw', 'plugin'] as const).filter((k) => sli[k] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', message: 'needs events (error_query + total_query), raw (error_ratio_query) or plugin (id + options)' });
    if (given.length > 1) ctx.addIssue({ code: 'custom', message: `give only one of events, raw and plugin (got ${given.join(', ')})` });
  });

const slothSloSchema = z.strictObject({
  name: nameSchema,
  objective: objectiveSchema,
  description: z.string().optional(),
  labels: labelsSchema.optional(),
  sli: slothSliSchema,
  alerting: slothAlertingSchema,
  plugins: pluginsSpecSchema.optional(),
});

const slothFileSchema = z.strictObject({
  version: z.literal('prometheus/v1', { error: 'must be "prometheus/v1"' }),
  service: nameSchema,
  labels: labelsSchema.optional(),
  slos: z.array(slothSloSchema, { error: 'must be a list of SLOs' }).min(1, 'must list at least one SLO'),
  slo_plugins: pluginsSpecSchema.optional(),
});

const slothCrdSchema = z.strictObject({
  apiVersion: z.literal('sloth.slok.dev/v1', { error: 'must be "sloth.slok.dev/v1"' }),
  kind: z.literal('PrometheusServiceLevel', { error: 'must be "PrometheusServiceLevel"' }),
  metadata: z
    .looseObject({ name: z.string().optional(), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() })
    .optional(),
  spec: z.strictObject({
    service: nameSchema,
    labels: labelsSchema.optional(),
    slos: z.array(z.unknown(), { error: 'must be a list of SLOs' }).min(1, 'must list at least one SLO'),
    sloPlugins: pluginsSpecSchema.optional(),
  }),
  status: z.unknown().optional(),
});

type SlothSlo = z.output<typeof slothSloSchema>;
type SlothAlert = z.output<typeof slothAlertSchema>;

export type SlothParsed = {
  slos: Slo[];
  /** Per SLO (same order): its SLO plugin chain, when the spec declares one, and the declarations (to add app-level plugins). */
  chains: (PluginStep[] | undefined)[];
  pluginSpecs: { group?: PluginsSpec; slo?: PluginsSpec }[];
  issues: FieldIssue[];
  warnings: FieldIssue[];
  /** The CR's metadata; its labels go onto the PrometheusRule, as Sloth's operator does. */
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
};

/** A `version: prometheus/v1` document (already YAML-decoded). */
export function parseSlothFile(doc: unknown, defaultWindow: SloWindow): SlothParsed {
  const r = slothFileSchema.safeParse(doc, { reportInput: true });
  if (!r.success) return { slos: [], chains: [], pluginSpecs: [], issues: fromZodIssues(r.error.issues), warnings: [] };
  const spec = r.data;
  const out: SlothParsed = { slos: [], chains: [], pluginSpecs: [], issues: [], warnings: [] };
  spec.slos.forEach((s, i) => addModel(out, ['slos', i], s, toModel(spec.service, spec.labels ?? {}, s, defaultWindow), spec.slo_plugins));
  return out;
}

function addModel(
  out: SlothParsed,
  path: (string | number)[],
  source: SlothSlo,
  converted: { slo: Slo; warnings: string[]; sliIssues: FieldIssue[] },
  groupPlugins: PluginsSpec | undefined,
): void {
  if (converted.sliIssues.length) {
    out.issues.push(...converted.sliIssues.map((i) => ({ ...i, path: formatPath([...path, 'sli', 'plugin']) + (i.path ? `.${i.path}` : '') })));
    return;
  }
  out.warnings.push(...converted.warnings.map((message) => ({ path: formatPath([...path, 'alerting', 'name']), message })));
  // Fields were checked with the user's paths above; this is the model's cross-field safety net.
  const checked = sloSchema.safeParse(converted.slo, { reportInput: true });
  if (!checked.success) {
    out.issues.push(...fromZodIssues(checked.error.issues, [...path, '(model)']));
    return;
  }
  const chain = resolveChain(groupPlugins, source.plugins);
  const refusals = chain ? chainRefusals(checked.data, chain) : [];
  if (refusals.length) {
    out.issues.push(...refusals.map((message) => ({ path: formatPath([...path, 'plugins']), message })));
    return;
  }
  out.slos.push(checked.data);
  out.chains.push(chain);
  out.pluginSpecs.push({ ...(groupPlugins ? { group: groupPlugins } : {}), ...(source.plugins ? { slo: source.plugins } : {}) });
}

// CRD key spelling: camelCase (current) <-> snake_case (legacy, and the schema above).
const CAMEL_TO_SNAKE: Record<string, string> = {
  errorQuery: 'error_query',
  totalQuery: 'total_query',
  errorRatioQuery: 'error_ratio_query',
  pageAlert: 'page_alert',
  ticketAlert: 'ticket_alert',
};
const SNAKE_TO_CAMEL = Object.fromEntries(Object.entries(CAMEL_TO_SNAKE).map(([c, s]) => [s, c]));
const CAMEL_HINTS = Object.fromEntries(Object.entries(SNAKE_TO_CAMEL).map(([s, c]) => [s, `the PrometheusServiceLevel CRD spells it ${c}`]));
const SNAKE_HINTS = Object.fromEntries(
  Object.entries(CAMEL_TO_SNAKE).map(([c, s]) => [c, `this SLO uses the legacy snake_case spelling elsewhere; write ${s}, or use camelCase throughout`]),
);

/** A `sloth.slok.dev/v1 PrometheusServiceLevel` object. */
export function parseSlothCrd(doc: unknown, defaultWindow: SloWindow): SlothParsed {
  const r = slothCrdSchema.safeParse(doc, { reportInput: true });
  if (!r.success) return { slos: [], chains: [], pluginSpecs: [], issues: fromZodIssues(r.error.issues), warnings: [] };
  const { spec, metadata } = r.data;
  const out: SlothParsed = {
    slos: [],
    chains: [],
    pluginSpecs: [],
    issues: [],
    warnings: [],
    metadata: { name: metadata?.name, namespace: metadata?.namespace, ...(metadata?.labels ? { labels: metadata.labels } : {}) },
  };
  spec.slos.forEach((raw, i) => {
    const base = ['spec', 'slos', i];
    const legacy = usesSnakeCase(raw);
    const input = legacy ? raw : renameKeys(raw, CAMEL_TO_SNAKE);
    const parsed = slothSloSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      const found = fromZodIssues(parsed.error.issues, base, legacy ? SNAKE_HINTS : CAMEL_HINTS);
      out.issues.push(...(legacy ? found : found.map((f) => ({ ...f, path: renameInPath(f.path, SNAKE_TO_CAMEL) }))));
      return;
    }
    addModel(out, base, parsed.data, toModel(spec.service, spec.labels ?? {}, parsed.data, defaultWindow), spec.sloPlugins);
  });
  return out;
}

// Only these positions have spelling variants; label and annotation names never change.
const KEY_POSITIONS: readonly (readonly string[])[] = [['sli', 'events'], ['sli', 'raw'], ['alerting']];

function usesSnakeCase(slo: unknown): boolean {
  return KEY_POSITIONS.some((at) => Object.keys(objectAt(slo, at) ?? {}).some((k) => k in SNAKE_TO_CAMEL));
}

function renameKeys(slo: unknown, names: Record<string, string>): unknown {
  const copy = structuredClone(slo);
  for (const at of KEY_POSITIONS) {
    const obj = objectAt(copy, at);
    if (!obj) continue;
    for (const [from, to] of Object.entries(names)) {
      if (from in obj && !(to in obj)) {
        obj[to] = obj[from];
        delete obj[from];
      }
    }
  }
  return copy;
}

function objectAt(value: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let cur: unknown = value;
  for (const seg of path) cur = isPlainObject(cur) ? cur[seg] : undefined;
  return isPlainObject(cur) ? cur : undefined;
}

function renameInPath(path: string, names: Record<string, string>): string {
  return path.replace(/[A-Za-z_]+/g, (seg) => names[seg] ?? seg);
}

function toModel(
  service: string,
  serviceLabels: Record<string, string>,
  s: SlothSlo,
  window: SloWindow,
): { slo: Slo; warnings: string[]; sliIssues: FieldIssue[] } {
  const labels = { ...serviceLabels, ...(s.labels ?? {}) };
  const sliIssues: FieldIssue[] = [];
  let sli: Slo['sli'];
  if (s.sli.plugin) {
    const r = resolveSliPlugin(s.sli.plugin.id, { options: s.sli.plugin.options, objective: s.objective, labels });
    if (r.ok) sli = r.sli;
    else {
      sli = { type: 'raw', errorRatioQuery: '{{.window}}' };
      const known = s.sli.plugin.id in SLI_PLUGINS;
      sliIssues.push(...r.problems.map((p) => ({ path: p.option ? `options.${p.option}` : known ? '' : 'id', message: p.message })));
    }
  } else if (s.sli.events) sli = { type: 'events', errorQuery: s.sli.events.error_query, totalQuery: s.sli.events.total_query };
  else sli = { type: 'raw', errorRatioQuery: s.sli.raw!.error_ratio_query };
  const annotations = { ...(s.alerting?.annotations ?? {}) };
  // runbook_url is a first-class field in Runwell; it goes back into annotations on export.
  const runbookUrl = z.url().safeParse(annotations.runbook_url);
  if (runbookUrl.success) delete annotations.runbook_url;
  const alert = (a: SlothAlert | undefined): SloAlert => ({
    disabled: a?.disable ?? false,
    labels: a?.labels ?? {},
    annotations: a?.annotations ?? {},
  });
  // Sloth refuses an SLO without an alert name; we name it after the SLO and say so.
  const bothDisabled = !!(s.alerting?.page_alert?.disable && s.alerting?.ticket_alert?.disable);
  const name = s.alerting?.name ?? (bothDisabled ? undefined : defaultAlertName(service, s.name));
  const warnings = name && !s.alerting?.name ? [`not set: the alerts will be named ${name}`] : [];
  const slo: Slo = {
    service,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    sli,
    objective: s.objective,
    window,
    budgeting: { method: 'occurrences' },
    labels,
    alerting: {
      ...(name ? { name } : {}),
      labels: s.alerting?.labels ?? {},
      annotations,
      ...(runbookUrl.success ? { runbookUrl: runbookUrl.data } : {}),
      page: alert(s.alerting?.page_alert),
      ticket: alert(s.alerting?.ticket_alert),
    },
  };
  return { slo, warnings, sliIssues };
}

// ---------------------------------------------------------------------------
// Export

export type SlothDocument = { service: string; body: Record<string, unknown>; notes: string[] };

/**
 * One Sloth document per service. Labels shared by all of a service's SLOs go to
 * the service level. What Sloth cannot express (window, budgeting method) is
 * returned as notes for a YAML comment: good/total and latency SLIs become
 * error = total - good queries.
 */
export function toSlothDocuments(
  slos: readonly Slo[],
  style: 'file' | 'crd',
  metadata: (service: string) => { name: string; namespace?: string } = (service) => ({ name: service.toLowerCase() }),
): SlothDocument[] {
  const byService = new Map<string, Slo[]>();
  for (const slo of slos) byService.set(slo.service, [...(byService.get(slo.service) ?? []), slo]);

  return [...byService].map(([service, group]) => {
    const shared = sharedLabels(group.map((s) => s.labels));
    const k = style === 'crd' ? SNAKE_TO_CAMEL : {};
    const key = (snake: string) => k[snake] ?? snake;
    const sloBodies = group.map((slo) => {
      const own = Object.fromEntries(Object.entries(slo.labels).filter(([name]) => !(name in shared)));
      const events = eventQueries(slo.sli);
      const sli =
        events === null && slo.sli.type === 'raw'
          ? { raw: { [key('error_ratio_query')]: slo.sli.errorRatioQuery } }
          : { events: { [key('error_query')]: errorQueryOf(events!), [key('total_query')]: events!.totalQuery } };
      return compact({
        name: slo.name,
        objective: slo.objective,
        description: slo.description,
        labels: own,
        sli,
        alerting: alertingBody(slo, key),
      });
    });
    const notes = [...new Set(group.flatMap(slothNotes))];
    const spec = compact({ service, labels: shared, slos: sloBodies });
    const body =
      style === 'file'
        ? { version: 'prometheus/v1', ...spec }
        : { apiVersion: 'sloth.slok.dev/v1', kind: 'PrometheusServiceLevel', metadata: compact(metadata(service)), spec };
    return { service, body, notes };
  });
}

function alertingBody(slo: Slo, key: (snake: string) => string): Record<string, unknown> {
  const a = slo.alerting;
  const alert = (x: SloAlert) => compact({ disable: x.disabled || undefined, labels: x.labels, annotations: x.annotations });
  return compact({
    name: a.name,
    labels: a.labels,
    annotations: { ...a.annotations, ...(a.runbookUrl ? { runbook_url: a.runbookUrl } : {}) },
    [key('page_alert')]: alert(a.page),
    [key('ticket_alert')]: alert(a.ticket),
  });
}

function slothNotes(slo: Slo): string[] {
  const notes: string[] = [];
  if (!(slo.window.type === 'rolling' && slo.window.days === 30)) {
    notes.push(`${slo.name}: window ${describeWindow(slo.window)} (Sloth has no window field; generate with --window / --default-slo-period)`);
  }
  if (slo.budgeting.method !== 'occurrences') notes.push(`${slo.name}: budgeting ${slo.budgeting.method} is not expressible in Sloth (occurrences)`);
  if (slo.sli.type === 'goodEvents' || slo.sli.type === 'latency') notes.push(`${slo.name}: ${slo.sli.type} SLI written as error_query = total - good`);
  return notes;
}

function sharedLabels(all: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = all;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((l) => l[k] === v)));
}

/** Drops undefined values and empty maps, as Sloth's omitempty does. */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(obj).filter(([, v]) => v !== undefined && !(isPlainObject(v) && Object.keys(v).length === 0)),
  ) as Partial<T>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
