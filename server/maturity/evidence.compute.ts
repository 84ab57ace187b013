import { measured, noData, notApplicable, percent } from './maturity.compute';
import type { RunbookCoverage } from '../runbooks/runbooks.schema';
import type { Evidence, Measure } from './maturity.schema';
import { operationsEvidence, type OperationsGathered } from './operations-evidence.compute';

// Turns what the other domains report into the assessment's evidence, for one
// team or for the organisation (teamId null). Pure: maturity.service.ts gathers
// the inputs through the other domains' services.

export type Gathered = {
  services: { id: string; name?: string; teamId: string }[];
  /** Readiness scorecards of one check, keyed by team id; `org` is the total. */
  replicas: { byTeam: Map<string, { score: number; workloads: number }>; org: { score: number; workloads: number } };
  pdbs: { byTeam: Map<string, { score: number; workloads: number }>; org: { score: number; workloads: number } };
  slos: { serviceId: string; teamId: string; dataState: 'ok' | 'no-data' }[];
  /** Alert quality, pages per 8 h shift over the last 4 weeks, per team. */
  pagesPerShift: Map<string, { value: number | null; detail: string }>;
  /** Post-mortem completion over 90 days, per team and overall. */
  postmortems: { byTeam: Map<string, { due: number; filed: number; rate: number | null }>; org: { due: number; filed: number; rate: number | null } };
  /** On-call schedules: the share of the next 14 days covered, per schedule. */
  schedules: { teamId: string; coveredPercent: number }[];
  runbooksByTeam: Map<string, number>;
  runbooksTotal: number;
  /** Alert rules and those without a usable runbook_url, per owner: a PrometheusRule's namespace (`cluster/namespace`) or an SLO's team. */
  runbookUrls: RunbookCoverage[];
  capacity: { clusters: number; forecasting: number };
  /** The change ledger (server/changes): every recorded change, or why there is none. */
  changes: LedgerChange[] | { unavailable: string };
  /** Certificates, DR, kube-bench, toil, and the canary/chaos/KEDA objects (operations-evidence.compute.ts). */
  operations: OperationsGathered;
};

export type LedgerChange = { source: 'api' | 'ui' | 'gitops'; title: string; status: string; requestedAt: number; teamIds: string[]; serviceIds?: string[] };

const DAY_MS = 86_400_000;

/** What the ledger figures are made of; additive, so a service's is its own plus the platform's (service-maturity.compute.ts). */
export type LedgerSummary = { total: number; gitops30d: number; oldest: number; upgrades90d: number };

export function ledgerSummary(changes: readonly LedgerChange[], now: number): LedgerSummary {
  let gitops30d = 0;
  let oldest = Infinity;
  let upgrades90d = 0;
  for (const c of changes) {
    if (c.source === 'gitops' && c.requestedAt > now - 30 * DAY_MS && c.requestedAt <= now) gitops30d += 1;
    if (c.requestedAt < oldest) oldest = c.requestedAt;
    if (c.source !== 'ui' && /upgrade/i.test(c.title) && c.status === 'succeeded' && c.requestedAt > now - 90 * DAY_MS) upgrades90d += 1;
  }
  return { total: changes.length, gitops30d, oldest, upgrades90d };
}

export const addLedger = (a: LedgerSummary, b: LedgerSummary): LedgerSummary => ({ total: a.total + b.total, gitops30d: a.gitops30d + b.gitops30d, oldest: Math.min(a.oldest, b.oldest), upgrades90d: a.upgrades90d + b.upgrades90d });

export function ledgerMeasures(sum: LedgerSummary | { unavailable: string }, now: number): Pick<Evidence, 'gitopsChanges30d' | 'ledgerDays' | 'automatedUpgrades90d'> {
  if ('unavailable' in sum) {
    const missing = noData(sum.unavailable, '/changes');
    return { gitopsChanges30d: missing, ledgerDays: missing, automatedUpgrades90d: missing };
  }
  const { gitops30d: gitops, upgrades90d: upgrades } = sum;
  const days = Number.isFinite(sum.oldest) ? Math.max(0, Math.floor((now - sum.oldest) / DAY_MS)) : 0;
  return {
    gitopsChanges30d: measured(gitops, `${plural(gitops, 'GitOps change')} recorded in the last 30 days (of ${plural(sum.total, 'change')} in the ledger)`, '/changes'),
    ledgerDays: sum.total ? measured(days, `ledger history reaches back ${plural(days, 'day')}`, '/changes') : measured(0, 'no change recorded yet', '/changes'),
    automatedUpgrades90d: measured(upgrades, `${plural(upgrades, 'automated upgrade')} (API/GitOps changes titled "upgrade", succeeded) in 90 days`, '/changes'),
  };
}

/** The ledger's three figures for one scope: GitOps changes (30 d), days of history, automated cluster upgrades (90 d). */
export function ledgerEvidence(changes: Gathered['changes'], teamId: string | null, now: number): Pick<Evidence, 'gitopsChanges30d' | 'ledgerDays' | 'automatedUpgrades90d'> {
  if (!Array.isArray(changes)) return ledgerMeasures(changes, now);
  // A change without services is platform work (a cluster upgrade): it counts for every team.
  const own = teamId ? changes.filter((c) => c.teamIds.length === 0 || c.teamIds.includes(teamId)) : changes;
  return ledgerMeasures(ledgerSummary(own, now), now);
}

/**
 * Evidence Runwell has no source for: one place, so that wiring a source in is
 * one line. These markers are the ones a team lead may attest.
 */
export const NOT_OBSERVED = {
  autoRemediations: 'automated remediations are not recorded',
  selfHealingOperators: 'operators are not assessed',
  autonomousDr: 'failovers are not recorded',
} as const;

/**
 * Measured from the inventory (delivery-evidence.compute.ts), but only in part:
 * what the collectors cannot see stays attestable (a lead's attestation meets
 * the marker while the measure does not).
 */
export const PARTLY_OBSERVED = {
  canaryObjects: 'canaries by tools other than Argo Rollouts and Flagger',
  chaosExperiments: 'game days and Litmus experiments',
  predictiveScalers: 'predictive autoscalers other than KEDA',
  scheduledChaos: 'chaos scheduled outside Chaos Mesh',
} as const;
export type NotObservedKey = keyof typeof NOT_OBSERVED;

export function notObserved(key: NotObservedKey): Measure {
  return noData(NOT_OBSERVED[key], '/docs/maturity#not-observed');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function evidenceFor(g: Gathered, teamId: string | null, now: number): Evidence {
  const services = teamId ? g.services.filter((s) => s.teamId === teamId) : g.services;
  const slos = teamId ? g.slos.filter((s) => s.teamId === teamId) : g.slos;

  const readiness = (card: { score: number; workloads: number } | undefined, check: string): Measure =>
    card && card.workloads > 0
      ? measured(card.score, `${check}: ${card.score} % of ${plural(card.workloads, 'workload')} pass`, '/readiness')
      : noData(`no evaluated workloads for ${check}`, '/readiness');

  const pages = ((): Measure => {
    if (teamId) {
      const q = g.pagesPerShift.get(teamId);
      return q && q.value !== null ? measured(q.value, q.detail, '/quality') : noData(q?.detail || 'no pages or no on-call schedule', '/quality');
    }
    const values = [...g.pagesPerShift.values()].map((q) => q.value).filter((v): v is number => v !== null);
    if (!values.length) return noData('no team has a measured page rate', '/quality');
    const worst = Math.round(Math.max(...values) * 100) / 100; // the page printed 0.011904761904761904
    return measured(worst, `worst team: ${worst} pages per shift (of ${plural(values.length, 'team')})`, '/quality');
  })();

  const pm = teamId ? g.postmortems.byTeam.get(teamId) : g.postmortems.org;
  const postmortems: Measure =
    !pm || pm.due === 0 || pm.rate === null
      ? notApplicable('no P1/P2 post-mortem due in 90 days', '/postmortems')
      : measured(pm.rate, `${pm.filed} of ${pm.due} P1/P2 post-mortems filed in 90 days`, '/postmortems');

  const schedules = teamId ? g.schedules.filter((s) => s.teamId === teamId) : g.schedules;
  const oncall = ((): Measure => {
    if (teamId) {
      if (!schedules.length) return measured(0, 'no on-call schedule', '/oncall');
      const best = Math.max(...schedules.map((s) => s.coveredPercent));
      return measured(best, `best of ${plural(schedules.length, 'schedule')} covers ${best} % of the next 14 days`, '/oncall');
    }
    const teamsWith = new Set(schedules.filter((s) => s.coveredPercent >= 95).map((s) => s.teamId)).size;
    const teams = new Set(g.services.map((s) => s.teamId)).size;
    const p = percent(teamsWith, teams);
    return p === null ? noData('no team owns a service', '/oncall') : measured(p, `${teamsWith} of ${plural(teams, 'team')} with services have a gap-free rotation`, '/oncall');
  })();

  const runbooks = teamId ? (g.runbooksByTeam.get(teamId) ?? 0) : g.runbooksTotal;
  const rules = teamId ? teamRules(g, teamId) : g.runbookUrls;
  const alerts = rules.reduce((n, r) => n + r.alerts, 0);
  const usable = alerts - rules.reduce((n, r) => n + r.missing, 0);
  const urlCoverage = percent(usable, alerts);

  const withSlo = new Set(slos.map((s) => s.serviceId));
  const sloServices = percent(services.filter((s) => withSlo.has(s.id)).length, services.length);
  const sloData = percent(slos.filter((s) => s.dataState === 'ok').length, slos.length);

  return {
    ...ledgerEvidence(g.changes, teamId, now),
    runbooks: measured(runbooks, `${plural(runbooks, 'runbook')} in the library${teamId ? ' owned by the team' : ''}`, '/runbooks'),
    runbookUrlCoverage:
      urlCoverage === null
        ? noData(teamId ? "no alert rule of the team's: no PrometheusRule in its services' namespaces, no SLO rules" : 'no alert rules known (PrometheusRules or SLO rules)', '/runbooks')
        : measured(urlCoverage, `${usable} of ${plural(alerts, 'alert rule')}${teamId ? " of the team's (PrometheusRules in its services' namespaces, its SLO rules)" : ''} carry a usable runbook_url`, '/runbooks'),
    pagesPerShift: pages,
    replicaScore: readiness(teamId ? g.replicas.byTeam.get(teamId) : g.replicas.org, 'replica check (2 or more replicas)'),
    pdbScore: readiness(teamId ? g.pdbs.byTeam.get(teamId) : g.pdbs.org, 'PodDisruptionBudget check'),
    postmortemCompletion: postmortems,
    oncallCoverage: oncall,
    servicesWithSloPercent:
      sloServices === null ? noData('no services in the catalog', '/slos') : measured(sloServices, `${withSlo.size} of ${plural(services.length, 'service')} have an SLO`, '/slos'),
    slosWithDataPercent:
      sloData === null ? noData('no SLOs defined', '/slos') : measured(sloData, `${slos.filter((s) => s.dataState === 'ok').length} of ${plural(slos.length, 'SLO')} have sampled data`, '/slos'),
    capacityForecastClusters:
      g.capacity.clusters === 0
        ? noData('no clusters registered', '/clusters')
        : measured(percent(g.capacity.forecasting, g.capacity.clusters)!, `${g.capacity.forecasting} of ${plural(g.capacity.clusters, 'cluster')} have enough history for a run-out forecast (shared platform)`, '/clusters'),
    ...operationsEvidence(g.operations, teamId, now),
    autoRemediations: notObserved('autoRemediations'),
    selfHealingOperators: notObserved('selfHealingOperators'),
    autonomousDr: notObserved('autonomousDr'),
  };
}

/** The rules a team owns: PrometheusRules in the namespaces where DR found its services, and its SLOs' rules. */
function teamRules(g: Gathered, teamId: string): RunbookCoverage[] {
  const dr = g.operations.dr;
  const namespaces = new Set('unavailable' in dr ? [] : dr.services.filter((s) => s.teamId === teamId).flatMap((s) => s.namespaces));
  return g.runbookUrls.filter((r) => (r.owner === 'team' ? r.teamId === teamId : namespaces.has(`${r.cluster}/${r.namespace}`)));
}

/** Share of [from, to) not inside a gap, in percent with one decimal. */
export function coveredPercent(from: number, to: number, gaps: readonly { start: number; end: number }[]): number {
  const span = to - from;
  if (span <= 0) return 0;
  const uncovered = gaps.reduce((sum, g) => sum + Math.max(0, Math.min(g.end, to) - Math.max(g.start, from)), 0);
  return Math.round(((span - uncovered) / span) * 1000) / 10;
}
