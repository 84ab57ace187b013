import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { freshMemo } from '../lib/fresh-memo';
import { factGeneration } from '../database/notifications';
import { renderSchedule } from '../oncall/oncall.compute';
import { scheduleFromStored } from '../oncall/stored.compute';
import { measureFlapping, stateChangesOf } from './alerts.compute';
import { alertQuality, QUALITY_METRICS, type QualityKey, type QualityRow } from './quality.compute';
import * as repo from './quality.repo';

// The alert-quality page (docs/incidents.md, "Alert quality"): the seed's table
// per team for the latest period, and each metric per week for the trend.

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type TeamQuality = {
  teamId: string;
  team: string;
  rows: QualityRow[];
  trend: ({ weekStart: number } & Partial<Record<QualityKey, number | null>>)[];
};

type QualityReport = { period: { from: number; to: number }; weeks: number; metrics: typeof QUALITY_METRICS; teams: TeamQuality[] };

// Eight weeks of pages, incidents and alert instances per team are read and
// measured per report; the page (and the maturity assessment) ask far more
// often than a week's figures move, so reports of now are kept until a write
// to what they read (a database notice from any process, at most one
// recomputation a second: server/database/notifications.ts), a new UTC day,
// or a minute should the notices stop.
const memo = freshMemo<QualityReport>({ freshMs: 60_000, staleMs: 5 * 60_000, max: 50 });
const written = factGeneration(['quality']);

export async function qualityReport(ctx: RequestContext, input: { teamId?: string; weeks?: number } = {}, now = Date.now()): Promise<QualityReport> {
  authorize(ctx, 'app.read', 'You may not view alert quality');
  const weeks = Math.min(Math.max(input.weeks ?? 8, 1), 26);
  const version = async () => `${Math.ceil(Date.now() / DAY_MS)}|${written()}`;
  return memo.asOf(`${input.teamId ?? ''}|${weeks}`, now, version, (at) => measure(input.teamId, weeks, at));
}

async function measure(teamId: string | undefined, weeks: number, now: number): Promise<QualityReport> {
  // Weeks end at the next UTC midnight, so the latest week includes today.
  const end = Math.ceil(now / DAY_MS) * DAY_MS;
  const start = end - weeks * WEEK_MS;
  const teams = await repo.teams(db(), teamId);
  const ids = teams.map((t) => t.id);
  const [pages, incidents, instances, schedules] = await Promise.all([
    repo.pagesBetween(db(), ids, new Date(start), new Date(end)),
    repo.incidentsBetween(db(), ids, new Date(start), new Date(end)),
    repo.alertInstancesBetween(db(), ids, new Date(start), new Date(end)),
    repo.firstSchedules(db(), ids),
  ]);

  const out: TeamQuality[] = teams.map((team) => {
    const schedule = schedules.find((s) => s.teamId === team.id);
    const compute = (from: number, to: number) => {
      let onCallMs: number | null = null;
      if (schedule) {
        try {
          onCallMs = renderSchedule(scheduleFromStored(schedule), from, to).shifts.reduce((s, x) => s + (x.end - x.start), 0);
        } catch {
          onCallMs = null;
        }
      }
      const mine = instances.filter((a) => a.teamId === team.id).map((a) => ({ fingerprint: a.fingerprint, startsAt: a.startsAt.getTime(), endsAt: a.endsAt?.getTime() ?? null }));
      const flap = measureFlapping(stateChangesOf(mine), { from, to });
      const changed = flap.alerts.length;
      const rows = alertQuality({
        period: { from, to },
        now,
        pages: pages.filter((p) => p.teamId === team.id).map((p) => ({ at: p.pagedAt.getTime(), actionable: p.actionable })),
        onCallMs,
        incidents: incidents
          .filter((i) => i.teamId === team.id)
          .map((i) => ({
            id: i.id,
            state: i.state,
            severity: i.severity,
            times: {
              startedAt: i.startedAt.getTime(),
              detectedAt: i.detectedAt?.getTime() ?? null,
              acknowledgedAt: i.acknowledgedAt?.getTime() ?? null,
              identifiedAt: i.identifiedAt?.getTime() ?? null,
              mitigatedAt: i.mitigatedAt?.getTime() ?? null,
              resolvedAt: i.resolvedAt?.getTime() ?? null,
              closedAt: i.closedAt?.getTime() ?? null,
            },
            // Filed = first published (docs/postmortems.md); reopening one does not unfile it.
            postmortemFiledAt: i.postMortem?.firstPublishedAt?.getTime() ?? null,
          })),
        flap: changed ? { flapping: flap.alerts.filter((a) => a.flapping).length, alerts: changed } : null,
      });
      return rows;
    };
    const trend = [];
    for (let w = 0; w < weeks; w++) {
      const from = start + w * WEEK_MS;
      const rows = compute(from, from + WEEK_MS);
      trend.push({ weekStart: from, ...Object.fromEntries(rows.map((r) => [r.key, r.value])) });
    }
    return { teamId: team.id, team: team.name, rows: compute(end - WEEK_MS * Math.min(4, weeks), end), trend };
  });
  return { period: { from: end - WEEK_MS * Math.min(4, weeks), to: end }, weeks, metrics: QUALITY_METRICS, teams: out };
}
