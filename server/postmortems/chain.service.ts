import { changesBefore } from '../changes/change-history.service';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import * as incidents from '../incidents/incident-record.service';
import { STATE_LABELS } from '../incidents/incidents.schema';
import { authorize } from '../lib/authorize';
import { epochMs as ms } from '../lib/duration';
import type { RequestContext } from '../lib/request-context';
import { pagesOfIncident } from '../paging/page-intake.service';
import { incidentBudgets, type IncidentBudgetRow } from '../slo/slo.service';
import * as items from './action-items.repo';
import { buildChain, type ChainInput, type ChainNode } from './chain.compute';
import { isOverdue } from './postmortems.compute';
import * as repo from './postmortems.repo';
import { chainRefSchema, serviceChainsSchema } from './postmortems.schema';
import { seesDrafts } from './postmortems.service';

// The linked timeline (docs/postmortems.md, "The chain"): change -> burn ->
// alert -> page -> incident -> post-mortem -> action items for one incident,
// and for a service's last incidents. Each stage is read from the domain that
// owns it: the ledger (changesBefore, with the causes marked on the incident),
// the SLOs (incidentBudgets), paging (pagesOfIncident), the incident record;
// alerts and the post-mortem are read here. Pure assembly in chain.compute.

export const CHANGE_WINDOW_HOURS = 24;

export type IncidentChain = { incident: { id: string; number: number; title: string; severity: string; stateLabel: string; startedAt: number }; nodes: ChainNode[] };

async function chainOf(ctx: RequestContext, inc: incidents.IncidentRow, now: number): Promise<IncidentChain> {
  const times = incidents.timesOf(inc);
  const serviceIds = inc.services.map((s) => s.service.id);
  const [changes, budget, alerts, pages, pm] = await Promise.all([
    changesBefore(serviceIds, times.startedAt, CHANGE_WINDOW_HOURS, inc.id),
    incidentBudgets({ serviceIds, sloRefs: inc.sloRefs, startedAt: times.startedAt, endedAt: times.resolvedAt }, now).catch(() => [] as IncidentBudgetRow[]),
    repo.alertGroups(db(), inc.id),
    pagesOfIncident(db(), inc.id),
    repo.findByIncident(db(), inc.id),
  ]);
  const visible = !!pm && (pm.state === 'published' || seesDrafts(ctx.actor));
  const actionItems = pm && visible ? await items.ofPostmortem(db(), pm.id) : [];
  const dueAt = pm ? ms(pm.dueAt) : null;
  const input: ChainInput = {
    incident: { id: inc.id, number: inc.number, title: inc.title, severity: inc.severity, state: inc.state, stateLabel: STATE_LABELS[inc.state], startedAt: times.startedAt, detectedAt: times.detectedAt, acknowledgedAt: times.acknowledgedAt, resolvedAt: times.resolvedAt },
    windowHours: CHANGE_WINDOW_HOURS,
    changes: changes.map((c) => ({ id: c.id, title: c.title, tier: c.tier, status: c.status, at: c.at, cause: c.cause })),
    budget: budget.map((b) => ({ sloId: b.sloId, slo: b.slo, consumedPercent: b.consumedPercent, consumedMinutes: b.consumedMinutes, remainingPercentAfter: b.remainingPercentAfter, dataState: b.dataState })),
    alerts: alerts.map((g) => ({ alertname: g.alertname, service: g.service, count: Number(g.count), firstAt: g.firstAt.getTime(), lastAt: g.lastAt.getTime() })),
    pages: pages.map((p) => ({ id: p.id, status: p.status, priority: p.priority, pagedAt: p.pagedAt.getTime(), acknowledgedAt: ms(p.acknowledgedAt) })),
    postmortem: pm
      ? { id: pm.id, state: pm.state, dueAt, notNeededReason: pm.notNeededReason, visible, overdue: isOverdue({ required: pm.required, state: pm.state, dueAt, notNeededReason: pm.notNeededReason, firstPublishedAt: ms(pm.firstPublishedAt) }, now) }
      : null,
    actionItems: actionItems.map((a) => ({ id: a.id, title: a.title, status: a.status, dueAt: ms(a.dueAt), trackerUrl: a.trackerUrl })),
  };
  return { incident: { id: inc.id, number: inc.number, title: inc.title, severity: inc.severity, stateLabel: STATE_LABELS[inc.state], startedAt: times.startedAt }, nodes: buildChain(input, now) };
}

/** One incident's chain (the incident page's "Chain" section). */
export async function incidentChain(ctx: RequestContext, input: unknown, now = Date.now()): Promise<IncidentChain> {
  authorize(ctx, 'app.read', 'You may not view incidents');
  const { incidentId } = chainRefSchema.parse(input);
  const inc = await incidents.findIncident(db(), incidentId);
  if (!inc) throw new DomainError('NOT_FOUND', 'Incident not found');
  return chainOf(ctx, inc, now);
}

/** The chains of a service's last incidents, newest first (the service page, compact). */
export async function serviceChains(ctx: RequestContext, input: unknown, now = Date.now()): Promise<IncidentChain[]> {
  authorize(ctx, 'app.read', 'You may not view incidents');
  const { serviceId, limit } = serviceChainsSchema.parse(input);
  const ids = await incidents.recentIncidentIdsOfService(db(), serviceId, limit);
  const rows = (await Promise.all(ids.map((id) => incidents.findIncident(db(), id)))).filter((r): r is incidents.IncidentRow => !!r);
  return Promise.all(rows.map((r) => chainOf(ctx, r, now)));
}
