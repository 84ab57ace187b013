import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { DOMAIN_LABEL, DOMAIN_SOURCE_LABEL, DOMAIN_SOURCE_VALUE, planDomainDelivery, type DomainAlert } from './domain-alerts.compute';
import * as repo from './alerts.repo';
import { ingestWebhook } from './alerts.service';

export type { DomainAlert } from './domain-alerts.compute';

export type DomainEmitResult = {
  domain: string;
  /** Conditions holding now. */
  firing: number;
  /** Of them, first seen in this run (triaged; paged when triage says so). */
  fresh: number;
  resolved: number;
  pagesOpened: number;
  pagesResolved: number;
  /** The webhook delivery row, or null when nothing changed (no write at all). */
  deliveryId: string | null;
};

/**
 * Brings the alert store in line with the conditions of `domain` that hold at
 * `now` (docs/domains.md "Domain alerts"): new conditions become alerts through
 * the same intake as Alertmanager's (stored, triaged by the owning service's
 * budget and visibility, paged through the team's escalation policy), open ones
 * stay one alert, cleared ones resolve (and their pages with them).
 *
 * Every domain's worker job calls this with ALL its current conditions: a
 * condition left out is treated as cleared.
 */
export async function emitDomainAlerts(ctx: RequestContext, domain: string, current: readonly DomainAlert[], now = Date.now()): Promise<DomainEmitResult> {
  authorize(ctx, 'alerts.ingest', 'You may not raise alerts');
  const open = await repo.openDomainAlerts(db(), DOMAIN_SOURCE_LABEL, DOMAIN_SOURCE_VALUE, DOMAIN_LABEL, domain);
  const plan = planDomainDelivery(domain, current, open, now);
  const base = { domain, firing: current.length, fresh: plan.fresh, resolved: plan.resolved };
  if (plan.payload.alerts.length === 0) return { ...base, pagesOpened: 0, pagesResolved: 0, deliveryId: null };
  const r = await ingestWebhook(ctx, plan.payload, now);
  return { ...base, pagesOpened: r.pagesOpened, pagesResolved: r.pagesResolved, deliveryId: r.deliveryId };
}
