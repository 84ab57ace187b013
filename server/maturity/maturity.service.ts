import { authorize } from '../lib/authorize';
import { can } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { recordAudit } from '../audit/audit.service';
import { db, inTransaction, type Db } from '../database/tx';
import * as actionItems from '../postmortems/action-items.service';
import * as capacity from '../capacity/capacity.service';
import * as catalog from '../catalog/catalog.service';
import * as changes from '../changes/changes.service';
import * as clusters from '../clusters/clusters.service';
import * as oncall from '../oncall/oncall.service';
import * as quality from '../alerts/quality.service';
import * as readiness from '../readiness/readiness.service';
import * as runbooks from '../runbooks/runbooks.service';
import * as slo from '../slo/slo.service';
import * as teams from '../teams/teams.service';
import { assess } from './maturity.compute';
import { attestOrg, attestTeam, latestByKey, type AttestationFact } from './attestation.compute';
import { gatherOperations } from './operations-evidence.service';
import { coveredPercent, evidenceFor, type Gathered, type LedgerChange } from './evidence.compute';
import * as repo from './maturity.repo';
import type { MaturityDto, ScopeAssessment, ServiceAssessment, TrendPoint } from './maturity.schema';
import { serviceEvidence, serviceFacts, withBlocking } from './service-maturity.compute';
import { DomainError } from '../errors';

// Gathers evidence from the other domains' services (never their repos),
// assesses the organisation and every team (maturity.compute.ts), and keeps one
// snapshot per scope and day for the trend (docs/maturity.md).

const DAY_MS = 86_400_000;
const ONCALL_DAYS = 14;

/** Every change in the ledger (server/changes), newest first, up to LEDGER_CAP; the assessment reads GitOps use and history from it. */
const LEDGER_CAP = 5_000;
export async function changeLedgerEvidence(ctx: RequestContext): Promise<Gathered['changes']> {
  const PAGE = 200;
  const toFacts = (items: Awaited<ReturnType<typeof changes.listChanges>>['items']): LedgerChange[] =>
    items.map((c) => ({ source: c.source, title: c.title, status: c.status, requestedAt: c.requestedAt, teamIds: [...new Set(c.services.map((s) => s.team.id))], serviceIds: c.services.map((s) => s.id) }));
  const first = await changes.listChanges(ctx, { page: 1, pageSize: PAGE });
  const out = toFacts(first.items);
  // The remaining pages a few at a time (the pool has connections to spare; one by one took 1.6 s for 6,000 changes).
  const pages = Math.ceil(Math.min(first.total, LEDGER_CAP) / PAGE);
  for (let from = 2; from <= pages; from += 4) {
    const batch = await Promise.all(Array.from({ length: Math.min(4, pages - from + 1) }, (_, i) => changes.listChanges(ctx, { page: from + i, pageSize: PAGE })));
    for (const b of batch) out.push(...toFacts(b.items));
  }
  return out.slice(0, LEDGER_CAP);
}

async function capacityEvidence(ctx: RequestContext): Promise<Gathered['capacity']> {
  const list = await clusters.listClusters(ctx);
  const overviews = await Promise.all(list.map((c) => capacity.getOverview(ctx, { clusterId: c.id }).catch(() => null)));
  const forecasting = overviews.filter((o) => o && o.trends.some((t) => t.firstRunOut.status !== 'insufficient-data')).length;
  return { clusters: list.length, forecasting };
}

/** Everything the assessment reads, from each domain's service. */
export async function gather(ctx: RequestContext, now: number): Promise<{ gathered: Gathered; teamList: { id: string; name: string }[] }> {
  const lookup = Promise.all([teams.listTeams(ctx), catalog.listServices(ctx)]);
  // The share of a team's workloads passing each check (the overview's check filter lists only those failing it).
  const [teamList, services, passRates, slos, q, pm, oc, rbs, lint, cap, ledger] = await Promise.all([
    lookup.then(([t]) => t),
    lookup.then(([, s]) => s),
    readiness.checkPassRate(ctx, ['deploymentMissingReplicas', 'missingPodDisruptionBudget'] as const),
    slo.listSlos(ctx, {}, now),
    quality.qualityReport(ctx, { weeks: 4 }, now),
    actionItems.completionReport(ctx, { days: 90 }, now),
    oncall.oncallOverview(ctx, { days: ONCALL_DAYS }, now),
    runbooks.listRunbooks(ctx),
    runbooks.lintRules(ctx).catch(() => ({ coverage: [] })),
    capacityEvidence(ctx),
    changeLedgerEvidence(ctx),
  ]);
  const operations = await gatherOperations(ctx, now, { services: services.map((x) => ({ id: x.id, slug: x.slug, teamId: x.teamId })), teams: teamList.map((t) => ({ id: t.id, slug: t.slug, name: t.name })) });
  const teamByName = new Map(teamList.map((t) => [t.name, t.id]));
  const runbooksByTeam = new Map<string, number>();
  for (const r of rbs) {
    const id = r.team ? teamByName.get(r.team) : undefined;
    if (id) runbooksByTeam.set(id, (runbooksByTeam.get(id) ?? 0) + 1);
  }
  const gathered: Gathered = {
    services: services.map((s) => ({ id: s.id, name: s.name, teamId: s.teamId })),
    replicas: passRates.deploymentMissingReplicas,
    pdbs: passRates.missingPodDisruptionBudget,
    slos: slos.map((s) => ({ serviceId: s.serviceId, teamId: s.teamId, dataState: s.dataState })),
    pagesPerShift: new Map(
      q.teams.map((t) => {
        const row = t.rows.find((r) => r.key === 'pagesPerShift');
        return [t.teamId, { value: row?.value ?? null, detail: row?.detail ?? '' }];
      }),
    ),
    postmortems: {
      byTeam: new Map(pm.teams.filter((t) => t.teamId).map((t) => [t.teamId!, { due: t.due, filed: t.filed, rate: t.rate }])),
      org: { due: pm.overall.due, filed: pm.overall.filed, rate: pm.overall.rate },
    },
    schedules: oc.schedules.map((s) => ({ teamId: s.teamId, coveredPercent: s.problem ? 0 : coveredPercent(s.calendar.from, s.calendar.to, s.calendar.gaps) })),
    runbooksByTeam,
    runbooksTotal: rbs.length,
    runbookUrls: lint.coverage,
    capacity: cap,
    changes: ledger,
    operations,
  };
  return { gathered, teamList: teamList.map((t) => ({ id: t.id, name: t.name })) };
}

/** Assesses the organisation, each team and each service from live evidence (docs/maturity.md). */
export async function assessAll(ctx: RequestContext, now = Date.now()): Promise<{ org: ScopeAssessment; teams: ScopeAssessment[]; services: ServiceAssessment[] }> {
  authorize(ctx, 'app.read', 'You may not view maturity');
  const [{ gathered, teamList }, attestations, previous] = await Promise.all([gather(ctx, now), attestationFacts(now), repo.levelsOn(db(), utcDay(now - DAY_MS))]);
  const latest = latestByKey(attestations);
  const before = new Map(previous.map((r) => [r.scopeKey, r.level]));
  const evidence = new Map(teamList.map((t) => [t.id, evidenceFor(gathered, t.id, now)]));
  const teamResults = teamList.map<ScopeAssessment>((t) => ({
    scope: 'team',
    teamId: t.id,
    team: t.name,
    services: gathered.services.filter((s) => s.teamId === t.id).length,
    previousLevel: before.get(t.id) ?? null,
    ...assess(evidence.get(t.id)!, undefined, (markers) => attestTeam(markers, t.id, latest, now)),
  }));
  // Each service: its own figures where it has them, its team's elsewhere; the team's attestations count for its services.
  const facts = serviceFacts(gathered, now);
  const teamOf = new Map(teamResults.map((t) => [t.teamId!, t]));
  const services = gathered.services.flatMap<ServiceAssessment>((s) => {
    const team = teamOf.get(s.teamId);
    if (!team) return [];
    const a = assess(serviceEvidence(facts.get(s.id)!, evidence.get(s.teamId)!, now), undefined, (markers) => attestTeam(markers, s.teamId, latest, now));
    return [{ serviceId: s.id, service: s.name ?? s.id, teamId: s.teamId, team: team.team, teamLevel: team.level, ...a, next: withBlocking(a, [a]) }];
  });
  for (const t of teamResults) t.next = withBlocking(t, services.filter((s) => s.teamId === t.teamId));
  const owning = [...new Set(gathered.services.map((s) => s.teamId))];
  const orgAssessment = assess(evidenceFor(gathered, null, now), undefined, (markers) => attestOrg(markers, owning, latest, now));
  const org: ScopeAssessment = {
    scope: 'org',
    teamId: null,
    team: 'Organisation',
    services: gathered.services.length,
    previousLevel: before.get('org') ?? null,
    ...orgAssessment,
    next: withBlocking(orgAssessment, services),
  };
  return { org, teams: teamResults, services };
}

/** One service's assessment (the service page): its level, its team's, and what it still misses. */
export async function serviceMaturity(ctx: RequestContext, serviceId: string, now = Date.now()): Promise<ServiceAssessment> {
  const { services } = await assessAll(ctx, now);
  const found = services.find((s) => s.serviceId === serviceId);
  if (!found) throw new DomainError('NOT_FOUND', 'No such service', 'serviceId');
  return found;
}

/** Attestations that count or expired within the last year (shown as expired). */
async function attestationFacts(now: number): Promise<AttestationFact[]> {
  const rows = await repo.activeAttestations(db(), new Date(now - 365 * DAY_MS));
  return rows.map((r) => ({ ...r, attestedAt: r.attestedAt.getTime(), expiresAt: r.expiresAt.getTime(), revokedAt: r.revokedAt?.getTime() ?? null }));
}

/** Teams this actor may attest for: admins every team, others the teams they lead (if their role may attest at all). */
export async function attestTeamIds(ctx: RequestContext, teamIds: readonly string[]): Promise<string[]> {
  if (!can(ctx.actor, 'maturity.attest') || ctx.actor.kind === 'token') return [];
  if (ctx.actor.kind === 'system' || ctx.actor.role === 'admin') return [...teamIds];
  const led = new Set(await repo.ledTeamIds(db(), ctx.actor.id));
  return teamIds.filter((t) => led.has(t));
}

export function utcDay(ms: number): Date {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS);
}

function trendOf(rows: Awaited<ReturnType<typeof repo.levelsSince>>): TrendPoint[] {
  const byDay = new Map<string, TrendPoint>();
  for (const r of rows) {
    const day = r.day.toISOString().slice(0, 10);
    const p = byDay.get(day) ?? { day, org: 0, teams: {} };
    if (r.scopeKey === 'org') p.org = r.level;
    else p.teams[r.label] = r.level;
    byDay.set(day, p);
  }
  return [...byDay.values()];
}

/** The /maturity page: live assessment plus the stored trend. */
export async function getMaturity(ctx: RequestContext, input: { days?: number } = {}, now = Date.now()): Promise<MaturityDto> {
  const days = Math.min(Math.max(input.days ?? 90, 7), 365);
  const { org, teams: teamResults } = await assessAll(ctx, now);
  const [rows, attestable] = await Promise.all([repo.levelsSince(db(), utcDay(now - (days - 1) * DAY_MS)), attestTeamIds(ctx, teamResults.map((t) => t.teamId!))]);
  return { assessedAt: now, org, teams: teamResults, trend: trendOf(rows), attestTeamIds: attestable };
}

async function store(tx: Db, org: ScopeAssessment, teamResults: ScopeAssessment[], now: number): Promise<number> {
  const day = utcDay(now);
  const rows = [org, ...teamResults].map((a) => ({
    day,
    scopeKey: a.teamId ?? 'org',
    label: a.team,
    level: a.level,
    markers: a.markers.map((m) => ({ id: m.id, status: m.status, source: m.source, value: m.value, detail: m.detail, href: m.href })),
    assessedAt: new Date(now),
  }));
  return repo.upsertSnapshots(tx, rows);
}

/** The daily job: assess and store today's snapshot of every scope. */
export async function snapshotNow(now = Date.now()): Promise<{ scopes: number; orgLevel: number }> {
  const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'maturity-snapshot' }, requestId: null };
  const { org, teams: teamResults } = await assessAll(system, now);
  return { scopes: await store(db(), org, teamResults, now), orgLevel: org.level };
}

/** "Assess now" on the page: the same snapshot, on demand, recorded in the audit log. */
export async function reassess(ctx: RequestContext, now = Date.now()): Promise<{ scopes: number; orgLevel: number }> {
  authorize(ctx, 'maturity.assess', 'You may not run a maturity assessment');
  const { org, teams: teamResults } = await assessAll(ctx, now);
  const scopes = await inTransaction(async (tx) => {
    const n = await store(tx, org, teamResults, now);
    await recordAudit(tx, ctx, { action: 'maturity.assess', targetType: 'maturity', targetId: utcDay(now).toISOString().slice(0, 10), after: { scopes: n, orgLevel: org.level, teams: teamResults.map((t) => ({ team: t.team, level: t.level })) } });
    return n;
  });
  return { scopes, orgLevel: org.level };
}

/** Levels stored at the end of a day, per scope (the executive report's "then vs now"). */
export async function levelsAt(ctx: RequestContext, day: Date): Promise<Map<string, number>> {
  authorize(ctx, 'app.read', 'You may not view maturity');
  const rows = await repo.levelsOn(db(), day);
  return new Map(rows.map((r) => [r.scopeKey, r.level]));
}
