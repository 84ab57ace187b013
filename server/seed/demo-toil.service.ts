import type { RequestContext } from '../lib/request-context';
import { DAY_MS, dayMs } from '../toil/toil.compute';
import { getToilOverview, logToil } from '../toil/toil.service';

// Demo toil history (docs/domains.md, "Toil"): six sprints per demo team, as a
// share of each team's engineering hours. Platform runs over 50 % (the seed's
// "halt feature work" shows), Payments climbs through the watch band, the
// others stay low. Idempotent: a team with logged toil is left alone.

const SHARES: Record<string, number[]> = {
  platform: [35, 42, 48, 55, 61, 56],
  payments: [16, 19, 22, 25, 28, 30],
  checkout: [12, 10, 14, 9, 11, 8],
  search: [5, 8, 6, 4, 7, 3],
};

const WORK = [
  'Rotated TLS certificates by hand',
  'Restarted stuck CI runners',
  'Resized PVCs that filled up',
  'Re-ran failed Velero backups',
  'Answered access requests for namespaces',
  'Cleaned up orphaned load balancers',
  'Manual failover drill follow-up',
  'Hand-edited DNS records for a migration',
];

const quarter = (h: number) => Math.max(0.25, Math.round(h * 4) / 4);

export async function seedDemoToil(ctx: RequestContext, now = Date.now()): Promise<number> {
  const overview = await getToilOverview(ctx, { sprints: 6 }, now);
  let logged = 0;
  for (const team of overview.teams) {
    const shares = SHARES[team.teamSlug];
    const eng = team.current.engineeringHours;
    if (!shares || !eng || team.trend.some((s) => s.loggedHours > 0)) continue;
    for (const [i, sprint] of team.trend.entries()) {
      const total = (eng * shares[i]!) / 100 - sprint.pageHours;
      if (total <= 0) continue;
      const current = i === team.trend.length - 1;
      const start = dayMs(sprint.start);
      // Past sprints: three entries spread over the sprint; the running one: all on its first day (never in the future).
      const days = current ? [start] : [start + DAY_MS, start + 5 * DAY_MS, start + 9 * DAY_MS];
      for (const [j, day] of days.entries()) {
        const what = WORK[(i * 3 + j + team.teamSlug.length) % WORK.length]!;
        await logToil(ctx, { team: team.teamSlug, hours: quarter(total / days.length), what, day: new Date(day).toISOString().slice(0, 10) }, 'ui', now);
        logged++;
      }
    }
  }
  return logged;
}
