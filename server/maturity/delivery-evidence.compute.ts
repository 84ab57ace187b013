import { SERVICE_MAP_KEYS, TEAM_KEYS } from '../lib/kube-conventions';
import { measured, noData } from './maturity.compute';
import type { Evidence, Measure } from './maturity.schema';

// The canary, chaos and autoscaling markers (docs/maturity.md) measured from the
// objects the collectors keep: Argo Rollouts and Flagger Canaries (level 3
// "Canary deployments"), Chaos Mesh PodChaos (level 4 "Chaos engineering"),
// Chaos Mesh Schedules (level 5 "Continuous chaos"), KEDA ScaledObjects (level 5
// "Predictive scaling"). Pure. What the collectors cannot see (a canary by
// another tool, a game day on paper) stays attestable: none found is measured
// as 0, and a lead's attestation may still meet the marker.

const DAY_MS = 86_400_000;
export const CHAOS_WINDOW_DAYS = 90;
export const DELIVERY_KINDS = ['Rollout', 'Canary', 'PodChaos', 'ChaosSchedule', 'ScaledObject'] as const;
type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** An inventory row as inventory.service objectsOfKinds answers it (Namespaces too, for their teams). */
export type InventoryRowFact = { kind: string; clusterName: string; namespace: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; data: unknown; createdAt: number | null };

export type DeliveryFact = { kind: DeliveryKind; cluster: string; namespace: string; name: string; teamId: string | null; serviceSlug: string | null; createdAt: number | null; paused: boolean; href: string; triggers: string[] };

type Lookup = { services: { slug: string; teamId: string }[]; teams: { id: string; slug: string; name: string }[] };
type J = Record<string, unknown>;
const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringMap = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(rec(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
const first = (m: Record<string, string>, keys: readonly string[]) => keys.map((k) => m[k]).find((v) => typeof v === 'string' && v !== '') ?? null;
const CHAOS_PAUSE = 'experiment.chaos-mesh.org/pause';

const workloadHref = (cluster: string, ns: string, kind: string, name: string) => `/clusters/${encodeURIComponent(cluster)}/workloads/${encodeURIComponent(ns)}/${kind}/${encodeURIComponent(name)}`;

/** Who an object is evidence for: the catalog service it names (its labels, or a chaos selector's app label), else its team label, else the team of the namespace it targets. */
export function deliveryFacts(rows: readonly InventoryRowFact[], l: Lookup): DeliveryFact[] {
  const serviceTeam = new Map(l.services.map((s) => [s.slug, s.teamId]));
  const teamByLabel = new Map(l.teams.flatMap((t) => [[t.slug, t.id] as const, [t.name, t.id] as const, [t.slug.toLowerCase(), t.id] as const]));
  const nsTeam = new Map<string, string>();
  for (const r of rows) {
    if (r.kind !== 'Namespace') continue;
    const t = first(r.labels, TEAM_KEYS) ?? first(r.annotations, TEAM_KEYS);
    const id = t ? teamByLabel.get(t) : undefined;
    if (id) nsTeam.set(`${r.clusterName}/${r.name}`, id);
  }
  const out: DeliveryFact[] = [];
  for (const r of rows) {
    if (!(DELIVERY_KINDS as readonly string[]).includes(r.kind)) continue;
    const kind = r.kind as DeliveryKind;
    const spec = rec(rec(r.data).spec);
    const chaos = kind === 'PodChaos' || kind === 'ChaosSchedule';
    const targets = chaos && strs(spec.namespaces).length ? strs(spec.namespaces) : [r.namespace];
    // The app a chaos experiment hits, by its selector's labels.
    const selectorApp = chaos ? first(stringMap(spec.labelSelectors), ['app.kubernetes.io/part-of', 'app.kubernetes.io/name', 'app']) : null;
    const slug = [first(r.labels, SERVICE_MAP_KEYS), selectorApp].find((s) => s !== null && serviceTeam.has(s)) ?? null;
    const label = first(r.labels, TEAM_KEYS) ?? first(r.annotations, TEAM_KEYS);
    const teamId = (slug ? serviceTeam.get(slug) : undefined) ?? (label ? teamByLabel.get(label) : undefined) ?? targets.map((ns) => nsTeam.get(`${r.clusterName}/${ns}`)).find(Boolean) ?? null;
    const target = kind === 'Canary' ? rec(spec.targetRef) : kind === 'ScaledObject' ? rec(spec.scaleTargetRef) : kind === 'Rollout' ? rec(spec.workloadRef) : {};
    const targetName = typeof target.name === 'string' ? target.name : null;
    out.push({
      kind,
      cluster: r.clusterName,
      namespace: r.namespace,
      name: r.name,
      teamId,
      serviceSlug: slug,
      createdAt: r.createdAt,
      paused: r.annotations[CHAOS_PAUSE] === 'true',
      href: targetName ? workloadHref(r.clusterName, r.namespace, typeof target.kind === 'string' ? target.kind : 'Deployment', targetName) : `/clusters/${encodeURIComponent(r.clusterName)}`,
      triggers: kind === 'ScaledObject' ? [...new Set((Array.isArray(spec.triggers) ? spec.triggers : []).map((t) => String(rec(t).type ?? '')).filter(Boolean))] : [],
    });
  }
  return out.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export type DeliveryEvidence = Pick<Evidence, 'canaryObjects' | 'chaosExperiments' | 'scheduledChaos' | 'predictiveScalers'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (facts: readonly DeliveryFact[]) => {
  const shown = facts.slice(0, 3).map((f) => `${f.namespace}/${f.name}`);
  return `${shown.join(', ')}${facts.length > 3 ? ` and ${facts.length - 3} more` : ''}`;
};
const services = (facts: readonly DeliveryFact[]) => {
  const s = [...new Set(facts.map((f) => f.serviceSlug).filter(Boolean))];
  return s.length ? ` for ${plural(s.length, 'service')} (${s.slice(0, 3).join(', ')}${s.length > 3 ? ', …' : ''})` : '';
};

function count(facts: readonly DeliveryFact[], what: string, none: string, fallbackHref: string): Measure {
  if (facts.length === 0) return measured(0, none, fallbackHref);
  return measured(facts.length, `${plural(facts.length, what)}${services(facts)}: ${names(facts)}`, facts[0]!.href);
}

export function deliveryEvidence(facts: readonly DeliveryFact[] | { unavailable: string }, teamId: string | null, now: number): DeliveryEvidence {
  // None found: the inventory (clusters) is where the objects would show.
  const href = '/clusters';
  if (!Array.isArray(facts)) {
    const missing = noData((facts as { unavailable: string }).unavailable, href);
    return { canaryObjects: missing, chaosExperiments: missing, scheduledChaos: missing, predictiveScalers: missing };
  }
  const own = teamId ? facts.filter((f) => f.teamId === teamId) : facts;
  const whose = teamId ? "the team's workloads" : 'any workload';
  const canaries = own.filter((f) => f.kind === 'Rollout' || f.kind === 'Canary');
  const kinds = `${canaries.filter((f) => f.kind === 'Rollout').length} Argo Rollouts, ${canaries.filter((f) => f.kind === 'Canary').length} Flagger Canaries`;
  const since = now - CHAOS_WINDOW_DAYS * DAY_MS;
  const experiments = own.filter((f) => f.kind === 'PodChaos' && f.createdAt !== null && f.createdAt > since && f.createdAt <= now);
  const schedules = own.filter((f) => f.kind === 'ChaosSchedule' && !f.paused);
  const paused = own.filter((f) => f.kind === 'ChaosSchedule' && f.paused).length;
  const scalers = own.filter((f) => f.kind === 'ScaledObject');
  const triggers = [...new Set(scalers.flatMap((f) => f.triggers))];
  const canary = count(canaries, 'canary object', `no Argo Rollout or Flagger Canary found for ${whose} (a canary by another tool can be attested)`, href);
  return {
    canaryObjects: canaries.length ? { ...canary, detail: `${canary.detail} (${kinds})` } : canary,
    chaosExperiments: count(experiments, 'Chaos Mesh experiment', `no Chaos Mesh experiment against ${whose} in ${CHAOS_WINDOW_DAYS} days (game days are not recorded: attest one)`, href),
    scheduledChaos: ((m: Measure) => (paused ? { ...m, detail: `${m.detail}; ${plural(paused, 'paused schedule')} not counted` } : m))(
      count(schedules, 'active chaos schedule', `no active Chaos Mesh Schedule for ${whose}`, href),
    ),
    predictiveScalers: ((m: Measure) => (triggers.length ? { ...m, detail: `${m.detail} (triggers: ${triggers.join(', ')})` } : m))(
      count(scalers, 'KEDA ScaledObject', `no KEDA ScaledObject for ${whose} (HPAs on CPU react, they do not scale ahead of demand)`, href),
    ),
  };
}
