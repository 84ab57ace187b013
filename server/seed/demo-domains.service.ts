import type { RequestContext } from '../lib/request-context';
import { getRecoveryTargets, listServices, setRecoveryTargets } from '../catalog/catalog.service';
import { countDrills, recordDrill } from '../dr/dr.service';
import { listRunbooks, saveRunbook } from '../runbooks/runbooks.service';
import { listTeams } from '../teams/teams.service';
import { DOMAIN_RUNBOOKS } from './demo-domain-runbooks.data';
import { OPS_RUNBOOKS } from './demo-ops-runbooks.data';
import { seedDemoOpsHistory } from './demo-ops-history.service';

// The demo's operations domains (docs/domains.md): runbooks for the domain
// alerts, RTO/RPO targets on the payment and checkout services, and two past
// DR drills (one recent, one overdue). Idempotent; through the services.

const DAY = 86_400_000;

const TARGETS: Record<string, { rtoMinutes: number; rpoMinutes: number }> = {
  'payments-api': { rtoMinutes: 60, rpoMinutes: 24 * 60 },
  'payments-ledger': { rtoMinutes: 30, rpoMinutes: 60 },
  'checkout-web': { rtoMinutes: 60, rpoMinutes: 24 * 60 },
};

export async function seedDemoDomains(ctx: RequestContext, now = Date.now()): Promise<string[]> {
  const created: string[] = [];
  const existing = new Set((await listRunbooks(ctx)).map((r) => r.slug));
  const teams = new Map((await listTeams(ctx)).map((t) => [t.slug, t.id]));
  for (const r of [...DOMAIN_RUNBOOKS, ...OPS_RUNBOOKS]) {
    if (existing.has(r.slug)) continue;
    await saveRunbook(ctx, { slug: r.slug, markdown: r.markdown, url: r.url, teamId: teams.get(r.team) ?? null });
    created.push(`runbook ${r.slug}`);
  }
  const services = new Map((await listServices(ctx)).map((s) => [s.slug, s]));
  for (const [slug, t] of Object.entries(TARGETS)) {
    const s = services.get(slug);
    if (!s) continue;
    const current = await getRecoveryTargets(ctx, s.id);
    if (current.rtoMinutes !== null || current.rpoMinutes !== null) continue; // someone set them: theirs
    await setRecoveryTargets(ctx, { serviceId: s.id, ...t });
    created.push(`targets ${slug}`);
  }
  const drills = [
    { slug: 'payments-api', agoDays: 40, minutes: 38, success: true, loss: 300, restore: 'payments-drill-q4' },
    { slug: 'payments-ledger', agoDays: 104, minutes: 52, success: true, loss: 45, restore: 'payments-ledger-drill-q3' },
  ];
  for (const d of drills) {
    const s = services.get(d.slug);
    if (!s || (await countDrills(ctx, s.id)) > 0) continue;
    const startedAt = new Date(now - d.agoDays * DAY);
    await recordDrill(ctx, { serviceId: s.id, restoreName: d.restore, startedAt, finishedAt: new Date(startedAt.getTime() + d.minutes * 60_000), success: d.success, dataLossMinutes: d.loss, notes: 'Restored into a scratch namespace from the nightly Velero backup; smoke tests passed.' });
    created.push(`drill ${d.slug}`);
  }
  created.push(...(await seedDemoOpsHistory(now)));
  return created;
}
