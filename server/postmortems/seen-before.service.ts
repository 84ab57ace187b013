import { epochMs as ms } from '../lib/duration';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { isActionOverdue } from './postmortems.compute';
import * as repo from './postmortems.repo';
import { seesDrafts } from './postmortems.service';
import { rankSeenBefore } from './seen-before.compute';


/**
 * "We have seen this before": past post-mortems of incidents with the same
 * service and alert signature (or either), with their unfinished action items.
 * Readers who see published post-mortems only get only those.
 */
export async function seenBefore(ctx: RequestContext, incidentId: string, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortems');
  const sig = await repo.incidentSignature(db(), incidentId);
  const rows = await repo.seenBeforeCandidates(db(), incidentId, sig);
  const visible = seesDrafts(ctx.actor) ? rows : rows.filter((r) => r.state === 'published');
  const ranked = rankSeenBefore(
    sig,
    visible.map((r) => ({ postmortemId: r.id, incidentId: r.incident.id, startedAt: r.incident.startedAt.getTime(), services: r.incident.services.map((s) => s.service), alertnames: r.incident.alerts.map((a) => a.alertname), row: r })),
  );
  return ranked.map(({ row, match, sharedServices, sharedAlerts }) => ({
    postmortem: { id: row.id, state: row.state, title: row.title },
    incident: { id: row.incident.id, number: row.incident.number, title: row.incident.title, severity: row.incident.severity, startedAt: row.incident.startedAt.getTime() },
    match,
    sharedServices,
    sharedAlerts,
    openActionItems: row._count.actionItems,
    actionItems: row.actionItems.map((a) => ({ id: a.id, title: a.title, status: a.status, dueAt: ms(a.dueAt), overdue: isActionOverdue({ status: a.status, dueAt: ms(a.dueAt) }, now) })),
  }));
}