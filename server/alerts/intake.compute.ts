import type { BusinessHours } from '../oncall/oncall.schema';
import type { AlertEvent, AlertChange, StateChange } from './alerts.compute';
import { mapAlertToService, measureFlapping, stateChangesOf } from './alerts.compute';
import type { ServiceRule } from './alerts.schema';
import { budgetForAlert, customerVisibility, sloBurnSignal, triageAlert, type SloBudget, type TriageDecision, type TriageInput } from './triage.compute';

// What the webhook receiver decides for the alerts of one delivery, before it
// writes anything: service, flap stats, triage and whether to page. Pure; the
// service feeds it what the database holds (docs/incidents.md, "Storage").

const HOUR_MS = 3_600_000;

export type IntakeService = { id: string; slug: string; tier: 'tier1' | 'tier2' | 'tier3'; teamId: string };

/** Remaining budget of each SLO (with data) of one service, named "service/slo". */
export type ServiceBudgets = readonly SloBudget[];

export type IntakeContext = {
  services: readonly IntakeService[];
  rules: readonly ServiceRule[];
  businessHours: ReadonlyMap<string, BusinessHours>;
  /** Remaining budget of every SLO with data, per service id; missing = unknown. */
  budgets: ReadonlyMap<string, ServiceBudgets>;
  /** Earlier instances of the delivery's fingerprints within the last hour(s). */
  history: readonly { fingerprint: string; startsAt: number; endsAt: number | null }[];
  now: number;
};

export type NewAlertPlan = {
  event: AlertEvent;
  serviceId: string | null;
  teamId: string | null;
  mapping: string[];
  flapping: boolean;
  peakChangesPerHour: number;
  triage: TriageDecision | null;
  /** Page the owning team (triage asked for it and the alert fires). */
  page: boolean;
};

/** The team label names an owner directly when no service matched. */
function teamSlugOf(labels: Record<string, string>): string | null {
  return labels.team?.trim().toLowerCase() || null;
}

/**
 * triageAlert depends only on what this key holds (burn signal, visibility,
 * service, budget, business hours, noise; `now` is one per delivery), and its
 * time-zone work costs ~0.5 ms. Alerts of one group mostly share all of it, so
 * a delivery triages each distinct key once.
 */
function triageKey(input: TriageInput): string {
  return JSON.stringify([
    sloBurnSignal(input.alert.labels),
    customerVisibility(input),
    input.service,
    input.budget,
    input.businessHours,
    input.noise ?? null,
    input.now,
  ]);
}

export type TriageMemo = Map<string, TriageDecision>;

function triageOnce(input: TriageInput, memo: TriageMemo | undefined): TriageDecision {
  if (!memo) return triageAlert(input);
  const key = triageKey(input);
  let decision = memo.get(key);
  if (!decision) {
    decision = triageAlert(input);
    memo.set(key, decision);
  }
  return decision;
}

const flattened = new WeakMap<object, SloBudget[]>();
function allBudgets(budgets: ReadonlyMap<string, ServiceBudgets>): SloBudget[] {
  let all = flattened.get(budgets);
  if (!all) flattened.set(budgets, (all = [...budgets.values()].flat()));
  return all;
}

export function planNewAlert(event: AlertEvent, ctx: IntakeContext, teamIdsBySlug: ReadonlyMap<string, string>, memo?: TriageMemo): NewAlertPlan {
  const bySlug = new Map(ctx.services.map((s) => [s.slug, s]));
  const match = mapAlertToService(event.labels, ctx.rules, bySlug.keys());
  const service = match.service ? bySlug.get(match.service)! : null;
  const labelTeam = teamSlugOf(event.labels);
  const teamId = service?.teamId ?? (labelTeam ? (teamIdsBySlug.get(labelTeam) ?? null) : null);
  const mapping = [...match.explanation];
  if (!service && teamId) mapping.push(`team="${labelTeam}" names the owning team`);

  const own = { fingerprint: event.fingerprint, startsAt: event.startsAt, endsAt: event.endsAt };
  const changes: StateChange[] = stateChangesOf([...ctx.history.filter((h) => h.fingerprint === event.fingerprint), own]);
  const flap = measureFlapping(changes, { from: ctx.now - HOUR_MS, to: ctx.now + 1 }).alerts.find((a) => a.fingerprint === event.fingerprint);
  const flapping = flap?.flapping ?? false;
  const peak = flap?.peakChangesInAnHour ?? 0;

  if (event.status !== 'firing') {
    return { event, serviceId: service?.id ?? null, teamId, mapping, flapping, peakChangesPerHour: peak, triage: null, page: false };
  }
  const triage = triageOnce({
    alert: { labels: event.labels, annotations: event.annotations },
    service: service ? { slug: service.slug, tier: service.tier } : null,
    budget: budgetForAlert(event.labels, service?.slug ?? null, service ? (ctx.budgets.get(service.id) ?? []) : [], allBudgets(ctx.budgets)),
    businessHours: teamId ? (ctx.businessHours.get(teamId) ?? null) : null,
    noise: { flapping, peakChangesInAnHour: peak },
    now: ctx.now,
  }, memo);
  const page = triage.actions.some((a) => a.kind === 'page');
  return { event, serviceId: service?.id ?? null, teamId, mapping, flapping, peakChangesPerHour: peak, triage, page };
}

export type DeliveryOutcome = { new: number; repeat: number; resolved: number; refired: number; annotationsRefreshed: number };

export function countOutcome(changes: readonly AlertChange[]): DeliveryOutcome {
  const out: DeliveryOutcome = { new: 0, repeat: 0, resolved: 0, refired: 0, annotationsRefreshed: 0 };
  for (const c of changes) {
    if (c.kind === 'new') out.new++;
    else if (c.kind === 'repeat') out.repeat++;
    else if (c.kind === 'resolved') out.resolved++;
    else out.refired++;
    if (c.kind === 'repeat' && c.annotationsChanged) out.annotationsRefreshed++;
  }
  return out;
}

/** Summary line for a page and its notifications. */
export function pageSummary(event: Pick<AlertEvent, 'alertname' | 'annotations' | 'labels'>): string {
  const text = event.annotations.summary || event.annotations.description || '';
  const where = event.labels.service || event.labels.job || event.labels.namespace || '';
  return [event.alertname || 'alert', where && `(${where})`, text && `: ${text}`].filter(Boolean).join(' ').replace(' :', ':').slice(0, 500);
}
