import { listAlertsFor } from '../alerts/alerts.service';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import { isOpen } from '../incidents/incidents.compute';
import { listIncidents } from '../incidents/incidents.service';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { can } from '../lib/roles';
import { oncallOverview } from '../oncall/oncall.service';
import { listPostmortems } from '../postmortems/postmortems.service';
import { serviceReadiness } from '../readiness/readiness.service';
import { runbooksForService } from '../runbooks/runbooks.service';
import { listSlos, sloAlertNames } from '../slo/slo.service';
import * as repo from './catalog.repo';
import { budgetState, onCallNow, sortSlos, splitIncidents } from './service-page.compute';
import { serviceKeySchema, type ServicePageDto } from './service-page.schema';

const RECENT_ALERTS = 10;
const INCIDENTS_READ = 50;

// Composes the service page from each domain's own read (each authorizes again),
// so the page shows exactly what the SLO, readiness, incident and on-call pages show.
export async function getServicePage(ctx: RequestContext, input: { key: string }, now = Date.now()): Promise<ServicePageDto> {
  authorize(ctx, 'app.read', 'You may not view the service catalog');
  const { key } = serviceKeySchema.parse(input);
  const service = (await repo.findServiceBySlug(db(), key)) ?? (await repo.findServiceById(db(), key));
  if (!service) throw new DomainError('NOT_FOUND', `No service "${key}"`);

  const [slos, readiness, oncall, incidents, alerts, postmortems] = await Promise.all([
    listSlos(ctx, { serviceId: service.id }, now),
    serviceReadiness(ctx, service.id),
    oncallOverview(ctx, { teamId: service.teamId, days: 7 }, now),
    listIncidents(ctx, { state: 'all', serviceId: service.id }),
    listAlertsFor(ctx, { serviceId: service.id, limit: 200 }),
    can(ctx.actor, 'postmortem.read') ? listPostmortems(ctx, { serviceId: service.id, pageSize: 20 }, now) : null,
  ]);
  const alertNames = [...new Set([...alerts.map((a) => a.alertname), ...(await sloAlertNames(ctx, service.id))])];
  // The runbooks of this service's alerts; none linked yet: its team's, said as such.
  const linked = await runbooksForService(ctx, { alertNames });
  const teamFallback = linked.length === 0;
  const runbooks = teamFallback ? await runbooksForService(ctx, { teamId: service.teamId, alertNames: [] }) : linked;

  const incidentRows = incidents.slice(0, INCIDENTS_READ).map((i) => ({
    id: i.id,
    number: i.number,
    title: i.title,
    severity: i.severity,
    state: i.state,
    stateLabel: i.stateLabel,
    open: isOpen(i.state),
    startedAt: i.times.startedAt,
    resolvedAt: i.times.resolvedAt,
  }));

  return {
    service,
    budget: budgetState(slos),
    slos: sortSlos(slos).map((s) => ({ id: s.id, name: s.name, objective: s.objective, windowLabel: s.windowLabel, sli: s.sli, remainingPercent: s.remainingPercent, band: s.band, burnRate1h: s.burnRate1h })),
    readiness,
    oncall: onCallNow(oncall.schedules, oncall.people),
    incidents: splitIncidents(incidentRows, now),
    alerts: alerts.slice(0, RECENT_ALERTS).map((a) => ({ id: a.id, alertname: a.alertname, status: a.status, priority: a.priority, startsAt: a.startsAt, flapping: a.flapping, incidentId: a.incidentId })),
    postmortems: postmortems
      ? postmortems.items.map((p) => ({ id: p.id, incidentId: p.incidentId, incidentNumber: p.incident.number, title: p.title || p.incident.title, stateLabel: p.stateLabel, overdue: p.overdue, publishedAt: p.publishedAt }))
      : null,
    runbooks: runbooks.map((r) => ({ id: r.id, title: r.title, alertName: r.alertName, complete: r.complete })),
    runbooksOfTeam: teamFallback && runbooks.length > 0,
  };
}
