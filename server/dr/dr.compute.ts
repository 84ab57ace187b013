import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { DomainTile } from '../domains/strip.schema';
import { cronMaxGapMs, staleGraceMs } from './cron.compute';
import type { BackupState, DrCounts, DrillRow, DrillState, NamespaceBackupRow, ServiceDrRow } from './dr.schema';

// Backup age against schedule per namespace and service, drills against
// RTO/RPO, the quarterly drill cadence, and the alerts and tile they give
// (docs/domains.md "Disaster recovery"). Pure: `now` is passed in.

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The seed's cadence: every service's restore is rehearsed at least quarterly. */
const DRILL_CADENCE_DAYS = 90;
/** "Drill due" reminders start this long before the due date. */
const DRILL_DUE_SOON_DAYS = 14;

export type ScheduleObject = { clusterId: string; name: string; cron: string; paused: boolean; included: readonly string[]; excluded: readonly string[] };
export type BackupObject = { clusterId: string; name: string; schedule: string | null; included: string[]; excluded: string[]; phase: string; startedAt: number | null; completedAt: number | null; errors: number; reason: string | null };
export type NamespaceObject = { clusterId: string; cluster: string; name: string; team: string | null };
export type ServiceTarget = { id: string; slug: string; name: string; tier: string; team: string; teamSlug: string; rtoMinutes: number | null; rpoMinutes: number | null };
export type DrillObject = Omit<DrillRow, 'service' | 'restoreMinutes' | 'meetsRto' | 'meetsRpo' | 'rtoMinutes' | 'rpoMinutes'> & { serviceId: string };

const FAILED_PHASES = new Set(['Failed', 'PartiallyFailed', 'FailedValidation', 'FinalizingPartiallyFailed']);
const IN_PROGRESS = new Set(['New', 'InProgress', 'WaitingForPluginOperations', 'WaitingForPluginOperationsPartiallyFailed', 'Finalizing', 'Deleting']);
/** Namespaces nobody backs up on purpose: the cluster's own and Velero's. */
export function isSystemNamespace(ns: string): boolean {
  return ns.startsWith('kube-') || ns === 'velero';
}

function covers(included: readonly string[], excluded: readonly string[], ns: string): boolean {
  if (excluded.includes(ns) || excluded.includes('*')) return false;
  return included.length === 0 || included.includes('*') || included.includes(ns);
}

export type StaleVerdict = { stale: boolean; staleAfterMs: number };

/** A backup is stale when older than its schedule's longest gap plus grace: 25 h on a daily schedule is stale. */
export function judgeAge(ageMs: number, intervalMs: number): StaleVerdict {
  const staleAfterMs = intervalMs + staleGraceMs(intervalMs);
  return { stale: ageMs > staleAfterMs, staleAfterMs };
}

const STATE_RANK: Record<BackupState, number> = { failed: 0, never: 1, stale: 2, paused: 3, 'no-schedule': 4, ok: 5 };

function worseState(a: BackupState, b: BackupState): BackupState {
  return STATE_RANK[a] <= STATE_RANK[b] ? a : b;
}

/**
 * One namespace's backup state. Worst wins: the newest finished attempt
 * failed; no success ever; the newest success is stale; the schedule is
 * paused; no schedule covers it; else fresh.
 */
export function namespaceBackup(ns: NamespaceObject, schedules: readonly ScheduleObject[], backups: readonly BackupObject[], now: number, intervalOf: (cron: string) => number | null = cronMaxGapMs): Omit<NamespaceBackupRow, 'services'> {
  const mine = schedules.filter((s) => s.clusterId === ns.clusterId && covers(s.included, s.excluded, ns.name));
  const active = mine.filter((s) => !s.paused);
  const timed = active.map((s) => ({ s, interval: intervalOf(s.cron) })).filter((x): x is { s: ScheduleObject; interval: number } => x.interval !== null).sort((a, b) => a.interval - b.interval);
  const tightest = timed[0] ?? null;
  const own = backups.filter((b) => b.clusterId === ns.clusterId && covers(b.included, b.excluded, ns.name));
  let lastSuccess: BackupObject | null = null;
  let lastAttempt: BackupObject | null = null;
  let failures7d = 0;
  for (const b of own) {
    const at = b.completedAt ?? b.startedAt;
    if (at === null || IN_PROGRESS.has(b.phase)) continue;
    if (b.phase === 'Completed' && (!lastSuccess || at > (lastSuccess.completedAt ?? lastSuccess.startedAt ?? 0))) lastSuccess = b;
    if (!lastAttempt || at > (lastAttempt.completedAt ?? lastAttempt.startedAt ?? 0)) lastAttempt = b;
    if (FAILED_PHASES.has(b.phase) && at >= now - 7 * DAY_MS) failures7d++;
  }
  const successAt = lastSuccess ? (lastSuccess.completedAt ?? lastSuccess.startedAt) : null;
  const ageMs = successAt === null ? null : Math.max(0, now - successAt);
  const verdict = ageMs !== null && tightest ? judgeAge(ageMs, tightest.interval) : null;
  let state: BackupState;
  if (mine.length === 0) state = 'no-schedule';
  else if (lastAttempt && FAILED_PHASES.has(lastAttempt.phase)) state = 'failed';
  else if (active.length === 0) state = 'paused';
  else if (!lastSuccess) state = 'never';
  else if (verdict?.stale) state = 'stale';
  else state = 'ok';
  const attemptAt = lastAttempt ? (lastAttempt.completedAt ?? lastAttempt.startedAt)! : null;
  return {
    id: `${ns.clusterId}/${ns.name}`,
    clusterId: ns.clusterId,
    cluster: ns.cluster,
    namespace: ns.name,
    team: ns.team,
    schedules: (tightest ? [tightest.s, ...mine.filter((s) => s !== tightest.s)] : mine).map((s) => `velero/${s.name}`),
    cron: tightest?.s.cron ?? mine[0]?.cron ?? null,
    intervalMs: tightest?.interval ?? null,
    lastSuccessAt: successAt === null ? null : new Date(successAt).toISOString(),
    ageMs,
    staleAfterMs: verdict?.staleAfterMs ?? (tightest ? tightest.interval + staleGraceMs(tightest.interval) : null),
    lastAttempt: lastAttempt ? { name: lastAttempt.name, phase: lastAttempt.phase, at: new Date(attemptAt!).toISOString(), errors: lastAttempt.errors, reason: lastAttempt.reason } : null,
    failures7d,
    state,
  };
}

/** Worst first: state, then age (oldest first), then name. */
export function compareNamespaces(a: Pick<NamespaceBackupRow, 'state' | 'ageMs' | 'cluster' | 'namespace'>, b: typeof a): number {
  return STATE_RANK[a.state] - STATE_RANK[b.state] || (b.ageMs ?? Infinity) - (a.ageMs ?? Infinity) || a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace);
}

function countNamespaces(rows: readonly Pick<NamespaceBackupRow, 'state'>[]): Record<BackupState, number> {
  const c: Record<BackupState, number> = { failed: 0, stale: 0, never: 0, 'no-schedule': 0, paused: 0, ok: 0 };
  for (const r of rows) c[r.state]++;
  return c;
}

export function drillRow(d: DrillObject, service: ServiceTarget): DrillRow {
  const restoreMinutes = Math.round((Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / MIN_MS);
  return {
    ...d,
    service: { id: service.id, slug: service.slug, name: service.name },
    restoreMinutes,
    rtoMinutes: service.rtoMinutes,
    rpoMinutes: service.rpoMinutes,
    meetsRto: service.rtoMinutes === null ? null : d.success && restoreMinutes <= service.rtoMinutes,
    meetsRpo: service.rpoMinutes === null ? null : d.success && d.dataLossMinutes <= service.rpoMinutes,
  };
}

/** Quarterly cadence: due 90 days after the last successful drill; reminded 14 days before. */
export function drillState(lastSuccessAt: number | null, now: number): { state: DrillState; dueAt: number | null } {
  if (lastSuccessAt === null) return { state: 'never', dueAt: null };
  const dueAt = lastSuccessAt + DRILL_CADENCE_DAYS * DAY_MS;
  if (now > dueAt) return { state: 'overdue', dueAt };
  if (now > dueAt - DRILL_DUE_SOON_DAYS * DAY_MS) return { state: 'due-soon', dueAt };
  return { state: 'ok', dueAt };
}

/** Services the drill cadence applies to: those with a recovery target, and every tier-1 service. */
function needsDrills(s: Pick<ServiceTarget, 'tier' | 'rtoMinutes' | 'rpoMinutes'>): boolean {
  return s.tier === 'tier1' || s.rtoMinutes !== null || s.rpoMinutes !== null;
}

export function serviceDr(s: ServiceTarget, namespaces: readonly NamespaceBackupRow[], drills: readonly DrillRow[], now: number): ServiceDrRow {
  const mine = drills.filter((d) => d.service.id === s.id).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const lastOk = mine.find((d) => d.success) ?? null;
  const cadence = drillState(lastOk ? Date.parse(lastOk.finishedAt) : null, now);
  let backupState: BackupState | null = null;
  let backupAgeMs: number | null = null;
  let anyNever = false;
  for (const n of namespaces) {
    backupState = backupState === null ? n.state : worseState(backupState, n.state);
    if (n.ageMs === null) anyNever = true;
    else backupAgeMs = Math.max(backupAgeMs ?? 0, n.ageMs);
  }
  const rpoAtRisk = s.rpoMinutes !== null && namespaces.length > 0 && (anyNever || (backupAgeMs !== null && backupAgeMs > s.rpoMinutes * MIN_MS));
  return {
    service: { id: s.id, slug: s.slug, name: s.name, tier: s.tier, team: s.team },
    rtoMinutes: s.rtoMinutes,
    rpoMinutes: s.rpoMinutes,
    namespaces: namespaces.map((n) => `${n.cluster}/${n.namespace}`),
    backupState,
    backupAgeMs: anyNever ? null : backupAgeMs,
    rpoAtRisk,
    lastDrill: mine[0] ?? null,
    lastSuccessfulDrillAt: lastOk?.finishedAt ?? null,
    drillDueAt: cadence.dueAt === null ? null : new Date(cadence.dueAt).toISOString(),
    drillState: needsDrills(s) ? cadence.state : lastOk ? cadence.state : 'ok',
  };
}

export function countDr(namespaces: readonly NamespaceBackupRow[], services: readonly ServiceDrRow[]): DrCounts {
  return {
    ...countNamespaces(namespaces),
    namespaces: namespaces.length,
    drillsOverdue: services.filter((s) => s.drillState === 'overdue' || s.drillState === 'never').length,
    rpoAtRisk: services.filter((s) => s.rpoAtRisk).length,
  };
}

export function formatAge(ms: number | null): string {
  if (ms === null) return 'never';
  if (ms < HOUR_MS) return `${Math.max(0, Math.round(ms / MIN_MS))} min`;
  if (ms < 72 * HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / DAY_MS)} days`;
}

export const DR_ALERTS = { stale: 'BackupStale', failed: 'BackupFailed', rpo: 'BackupRpoAtRisk', drill: 'DrDrillDue' } as const;

/**
 * Alerts: a stale or failed backup per namespace, a service whose newest
 * backup is older than its RPO, a service whose quarterly drill is overdue.
 * None is customer-visible (nothing is down yet), so triage sends them to
 * business hours instead of waking anyone; each is one alert until it clears.
 */
export function drAlerts(namespaces: readonly NamespaceBackupRow[], services: readonly ServiceDrRow[], runbooks: Partial<Record<string, string>>, href: string): DomainAlert[] {
  const out: DomainAlert[] = [];
  for (const n of namespaces) {
    const labels = { cluster: n.cluster, namespace: n.namespace, ...(n.team ? { team: n.team } : {}), ...(n.services.length === 1 ? { service: n.services[0]!.slug } : {}) };
    if (n.state === 'stale' || n.state === 'never') {
      out.push({
        key: `${n.id}/stale`,
        alertname: DR_ALERTS.stale,
        severity: n.ageMs !== null && n.intervalMs !== null && n.ageMs > 2 * n.intervalMs ? 'critical' : 'warning',
        customerVisible: false,
        labels,
        summary: n.ageMs === null ? `Namespace ${n.namespace} on ${n.cluster} has no successful backup` : `The newest backup of ${n.namespace} on ${n.cluster} is ${formatAge(n.ageMs)} old (schedule ${n.cron}, stale after ${formatAge(n.staleAfterMs)})`,
        runbookUrl: runbooks[DR_ALERTS.stale],
        href,
      });
    }
    if (n.state === 'failed' && n.lastAttempt) {
      out.push({
        key: `${n.id}/failed`,
        alertname: DR_ALERTS.failed,
        severity: 'warning',
        customerVisible: false,
        labels,
        summary: `Backup ${n.lastAttempt.name} of ${n.namespace} on ${n.cluster} ${n.lastAttempt.phase === 'Failed' ? 'failed' : 'partially failed'}`,
        description: n.lastAttempt.reason ?? `${n.lastAttempt.errors} errors`,
        runbookUrl: runbooks[DR_ALERTS.failed],
        href,
      });
    }
  }
  for (const s of services) {
    const labels = { service: s.service.slug };
    if (s.rpoAtRisk) {
      out.push({ key: `${s.service.id}/rpo`, alertname: DR_ALERTS.rpo, severity: 'warning', customerVisible: false, labels, summary: `${s.service.name}: the newest backup is ${formatAge(s.backupAgeMs)} old, beyond its RPO of ${s.rpoMinutes} min`, runbookUrl: runbooks[DR_ALERTS.stale], href });
    }
    if (s.drillState === 'overdue') {
      out.push({ key: `${s.service.id}/drill`, alertname: DR_ALERTS.drill, severity: 'info', customerVisible: false, labels, summary: `${s.service.name}: the quarterly DR drill is overdue (last successful drill ${s.lastSuccessfulDrillAt?.slice(0, 10)})`, runbookUrl: runbooks[DR_ALERTS.drill], href });
    }
  }
  return out;
}

/** The strip tile: the oldest backup against its schedule. */
export function drTile(namespaces: readonly NamespaceBackupRow[], services: readonly ServiceDrRow[], href: string): DomainTile {
  const base = { domain: 'dr' as const, label: 'Disaster recovery', signal: 'oldest backup', href };
  const scheduled = namespaces.filter((n) => n.state !== 'no-schedule');
  if (namespaces.length === 0) return { ...base, value: '—', status: 'no-data', detail: 'No namespaces found in the inventory' };
  const c = countDr(namespaces, services);
  let oldest: number | null = null;
  for (const n of scheduled) if (n.ageMs !== null) oldest = Math.max(oldest ?? 0, n.ageMs);
  const issues = [
    c.failed && `${c.failed} failed`,
    c.stale && `${c.stale} stale`,
    c.never && `${c.never} never backed up`,
    c['no-schedule'] && `${c['no-schedule']} without a schedule`,
    c.drillsOverdue && `${c.drillsOverdue} drills due`,
  ].filter(Boolean);
  const status = c.failed || c.never || c.rpoAtRisk ? 'critical' : c.stale || c.drillsOverdue || c.paused ? 'warning' : scheduled.length ? 'ok' : 'warning';
  return { ...base, value: scheduled.length ? formatAge(oldest) : 'no backups', status, detail: issues.length ? `${issues.join(', ')} (${c.namespaces} namespaces)` : `All ${c.namespaces} namespaces backed up on schedule` };
}

export function drTrendValues(namespaces: readonly NamespaceBackupRow[], services: readonly ServiceDrRow[]): Record<string, number> {
  const c = countDr(namespaces, services);
  let oldestHours = 0;
  for (const n of namespaces) if (n.state !== 'no-schedule' && n.ageMs !== null) oldestHours = Math.max(oldestHours, Math.round((n.ageMs / HOUR_MS) * 10) / 10);
  return { failed: c.failed, stale: c.stale, never: c.never, noSchedule: c['no-schedule'], ok: c.ok, drillsOverdue: c.drillsOverdue, rpoAtRisk: c.rpoAtRisk, oldestHours };
}
