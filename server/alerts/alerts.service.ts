import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { remainingBudgetsByService } from '../slo/slo.service';
import { DomainError } from '../errors';
import { decidePayload, normalizePayload, type AlertChange } from './alerts.compute';
import * as repo from './alerts.repo';
import { addAlertTimelineEntries } from '../incidents/incident-record.service';
import { openAlertPages, resolvePagesOfAlerts } from '../paging/page-intake.service';
import { DEFAULT_SERVICE_RULES, parseWebhookPayload, serviceRulesSchema, type PayloadIssue, type ServiceRule } from './alerts.schema';
import { countOutcome, pageSummary, planNewAlert, type ServiceBudgets, type DeliveryOutcome, type NewAlertPlan, type TriageMemo } from './intake.compute';

const HOUR_MS = 3_600_000;

export type IngestResult = {
  deliveryId: string;
  alerts: number;
  outcome: DeliveryOutcome;
  pagesOpened: number;
  pagesResolved: number;
  warnings: string[];
};

class PayloadError extends DomainError {
  constructor(readonly issues: PayloadIssue[], message: string) {
    super('BAD_INPUT', message);
  }
}

/**
 * Budget state per service for triage: the remaining budget of each SLO with
 * data (slo.service remainingBudgetsByService); triage reads the SLO the alert
 * names, or the worst one when it names none (budgetForAlert). Services without
 * one are "unknown" and triage says so (P2, docs/incidents.md "Triage").
 * Budgets move once per 5-minute bucket, so the figures are cached for a
 * minute: a burst of deliveries must not evaluate every SLO each time. A
 * failure to read them never blocks intake: the budget is then unknown.
 */
let budgetCache: { at: number; budgets: Map<string, ServiceBudgets> } | null = null;
const BUDGET_CACHE_MS = 60_000;

export function clearBudgetCache(): void {
  budgetCache = null;
}

async function budgetsFor(serviceIds: readonly string[], now: number): Promise<Map<string, ServiceBudgets>> {
  if (budgetCache && now >= budgetCache.at && now < budgetCache.at + BUDGET_CACHE_MS) return budgetCache.budgets;
  try {
    const budgets: Map<string, ServiceBudgets> = await remainingBudgetsByService(serviceIds, now);
    budgetCache = { at: now, budgets };
    return budgets;
  } catch {
    return new Map();
  }
}

// Transient database failures worth another attempt inside the same request:
// serialization failures and deadlocks between concurrent deliveries.
const RETRYABLE = /40001|40P01|deadlock|could not serialize/i;

/**
 * Stores one Alertmanager delivery: the raw body and every alert change commit
 * together, or nothing does. The caller answers 2xx only after this resolves,
 * so a failure makes Alertmanager retry; replays are no-ops (decidePayload).
 */
export async function ingestWebhook(ctx: RequestContext, body: unknown, receivedAt = Date.now()): Promise<IngestResult> {
  authorize(ctx, 'alerts.ingest', 'This token may not send alerts (needs the alerts scope)');
  const parsed = parseWebhookPayload(body);
  if (!parsed.ok) throw new PayloadError(parsed.issues, parsed.message);
  const payload = parsed.payload;
  const normalized = normalizePayload(payload, receivedAt);
  const events = [...normalized.events].sort((a, b) => a.key.localeCompare(b.key));

  // Read-only context outside the transaction: small tables, and a stale read
  // only affects the service a brand-new alert maps to.
  const [services, teamSlugs, storedRules, businessHours] = await Promise.all([
    repo.loadServices(db()),
    repo.loadTeamSlugs(db()),
    repo.loadMappingRules(db()),
    repo.loadBusinessHours(db()),
  ]);
  const rules = storedRules ?? [...DEFAULT_SERVICE_RULES];
  const budgets = await budgetsFor(services.map((s) => s.id), receivedAt);

  const attempt = () =>
    inTransaction(async (tx) => {
      const existing = await repo.findExisting(tx, events);
      const fresh = events.filter((e) => !existing.has(e.key));
      const history = await repo.recentInstances(tx, [...new Set(fresh.map((e) => e.fingerprint))], receivedAt - 2 * HOUR_MS);
      const plans = new Map<string, NewAlertPlan>();
      const ids = new Map<string, string>();
      const memo: TriageMemo = new Map();
      const rows: repo.NewAlertRow[] = fresh.map((event) => {
        const plan = planNewAlert(event, { services, rules, businessHours, budgets, history, now: receivedAt }, teamSlugs, memo);
        plans.set(event.key, plan);
        const id = repo.newId();
        ids.set(event.key, id);
        const { key: _key, ...instance } = event;
        return {
          id,
          ...instance,
          serviceId: plan.serviceId,
          teamId: plan.teamId,
          mapping: plan.mapping,
          triage: plan.triage,
          priority: plan.triage?.priority ?? null,
          flapping: plan.flapping,
          peakChangesPerHour: plan.peakChangesPerHour,
          receivedAt,
        };
      });
      const inserted = await repo.insertNewAlerts(tx, rows);
      const insertedKeys = new Set(fresh.filter((e) => inserted.has(ids.get(e.key)!)).map((e) => e.key));

      // Everything not inserted by us is stored (by an earlier or a concurrent
      // delivery): lock it and decide against its committed state.
      const others = events.filter((e) => !insertedKeys.has(e.key));
      const stored = await repo.lockExisting(tx, others);
      const decisions = decidePayload(others, stored);
      const updates: repo.AlertUpdate[] = [];
      const resolvedIds: string[] = [];
      const timeline: { incidentId: string; at: number; text: string; alertId: string }[] = [];
      for (const { event, change } of decisions) {
        const row = stored.get(event.key);
        if (!row) throw new Error(`alert ${event.key} was neither inserted nor found`);
        if (change.next || change.annotationsChanged) {
          updates.push({
            id: row.id,
            status: change.next?.status ?? row.status,
            endsAt: change.next ? change.next.endsAt : row.endsAt,
            annotations: event.annotations,
            stateChanged: change.next !== null,
          });
        }
        if (change.kind === 'resolved') resolvedIds.push(row.id);
        if (row.incidentId && (change.kind === 'resolved' || change.kind === 're-fired')) {
          timeline.push({
            incidentId: row.incidentId,
            at: change.kind === 'resolved' ? (event.endsAt ?? receivedAt) : receivedAt,
            text: `${event.alertname || 'Alert'} ${change.kind === 'resolved' ? 'resolved' : 'fires again'}`,
            alertId: row.id,
          });
        }
      }
      await repo.applyUpdates(tx, updates, [...stored.values()].map((s) => s.id), receivedAt);

      // Page for new firing alerts whose triage asks for it, through the owning
      // team's escalation policy; the paging job sends the notifications.
      const toPage = fresh.filter((e) => insertedKeys.has(e.key) && plans.get(e.key)!.page);
      const policies = await repo.defaultPolicies(tx, [...new Set(toPage.map((e) => plans.get(e.key)!.teamId).filter((t): t is string => !!t))]);
      const pagesOpened = await openAlertPages(
        tx,
        toPage.map((e) => {
          const plan = plans.get(e.key)!;
          return {
            alertId: ids.get(e.key)!,
            teamId: plan.teamId,
            policyId: plan.teamId ? (policies.get(plan.teamId) ?? null) : null,
            priority: plan.triage!.priority,
            summary: pageSummary(e),
            pagedAt: receivedAt,
          };
        }),
      );
      const pagesResolved = await resolvePagesOfAlerts(tx, resolvedIds, receivedAt);
      await addAlertTimelineEntries(tx, timeline);

      const changes: AlertChange[] = [
        ...fresh.filter((e) => insertedKeys.has(e.key)).map(() => ({ kind: 'new' }) as AlertChange),
        ...decisions.map((d) => d.change),
      ];
      const outcome = countOutcome(changes);
      const deliveryId = await repo.insertDelivery(tx, {
        receivedAt,
        tokenId: ctx.actor.kind === 'token' ? ctx.actor.id : null,
        receiver: payload.receiver,
        groupKey: payload.groupKey,
        status: payload.status,
        alertCount: payload.alerts.length,
        truncated: payload.truncatedAlerts,
        outcome,
        payload: body,
      });
      // The delivery row holds the body; the audit row says who sent it and what it changed.
      await recordAudit(tx, ctx, {
        action: 'alerts.ingest',
        targetType: 'alert_webhook_delivery',
        targetId: deliveryId,
        after: { receiver: payload.receiver, groupKey: payload.groupKey, alerts: payload.alerts.length, outcome, pagesOpened, pagesResolved },
      });
      return { deliveryId, alerts: payload.alerts.length, outcome, pagesOpened, pagesResolved, warnings: normalized.warnings };
    });

  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (i < 3 && RETRYABLE.test(String((error as Error)?.message ?? error))) continue;
      throw new DomainError('UNAVAILABLE', `alerts not stored, retry: ${String((error as Error)?.message ?? error).split('\n').at(-1)!.slice(0, 200)}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Reads and settings

export async function listAlertsFor(ctx: RequestContext, filter: Partial<repo.AlertListFilter>) {
  authorize(ctx, 'app.read', 'You may not view alerts');
  return repo.listAlerts(db(), { limit: 200, ...filter });
}

/** The Overview's alert card: the count of firing alerts and the newest few (not 200 whole alerts to count them). */
export async function firingSummary(ctx: RequestContext, newest: number) {
  authorize(ctx, 'app.read', 'You may not view alerts');
  return repo.firingAlerts(db(), newest);
}

export async function getAlert(ctx: RequestContext, id: string) {
  authorize(ctx, 'app.read', 'You may not view alerts');
  const alert = await repo.findAlert(db(), id);
  if (!alert) throw new DomainError('NOT_FOUND', 'Alert not found');
  return alert;
}

export async function listDeliveries(ctx: RequestContext, limit = 50) {
  authorize(ctx, 'settings.manage', 'Only admins can view webhook deliveries');
  return repo.listDeliveries(db(), limit);
}

export async function getMappingRules(ctx: RequestContext): Promise<{ rules: ServiceRule[]; isDefault: boolean }> {
  authorize(ctx, 'app.read', 'You may not view alert settings');
  const stored = await repo.loadMappingRules(db());
  return stored ? { rules: stored, isDefault: false } : { rules: [...DEFAULT_SERVICE_RULES], isDefault: true };
}

export async function setMappingRules(ctx: RequestContext, input: unknown): Promise<ServiceRule[]> {
  authorize(ctx, 'settings.manage', 'Only admins can change alert mapping rules');
  const rules = serviceRulesSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.loadMappingRules(tx);
    await repo.replaceMappingRules(tx, rules);
    await recordAudit(tx, ctx, { action: 'alerts.rules.update', targetType: 'alert_mapping_rules', before, after: rules });
    return rules;
  });
}
