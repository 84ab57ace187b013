import type { RequestContext } from '../lib/request-context';
import { createDataSource, listDataSources } from '../datasources/datasources.service';
import { listRunbooks, saveRunbook } from '../runbooks/runbooks.service';
import { importSlos, listSlos } from '../slo/slo.service';
import { listTeams } from '../teams/teams.service';
import { seedDemoIncidents, type IncidentWindowSource } from './demo-incidents.service';
import { seedDemoPostmortems } from './demo-postmortems.service';
import { DEMO_RUNBOOKS } from './demo-runbooks.data';
import { DEMO_PROMETHEUS_NAME, DEMO_SLOS, demoSlothYaml } from './demo-slos.data';

export type DemoMetricsResult = { createdDataSource: boolean; createdSlos: string[]; createdRunbooks: string[]; createdIncidents: string[]; createdPostmortems: string[]; warnings: string[] };

// The demo's metrics side (idempotent, through the domain services so rows are
// validated and audited): the simulator's Prometheus as the default data source
// SLOs for the demo services, the runbooks their burn alerts link to, and two
// past incidents on the simulated metrics' incident windows. Creating an SLO queues its backfill, so the
// SLO pages fill from 30 days of synthetic history within minutes.
// Separate from seedDemo because it needs the simulator's URL (known to `serve`),
// and the simulator's incident windows, injected by `serve` (see IncidentWindowSource).
/** `clusterId`: the simulated cluster the Prometheus API belongs to (its series count for that cluster, e.g. Falco's events). */
export async function seedDemoMetrics(ctx: RequestContext, prometheusUrl: string, incidentWindows?: IncidentWindowSource, clusterId?: string): Promise<DemoMetricsResult> {
  const sources = await listDataSources(ctx);
  let source = sources.find((s) => s.name === DEMO_PROMETHEUS_NAME);
  const createdDataSource = !source;
  // A data source someone changed (URL, auth) is theirs now; the seed does not overwrite it.
  source ??= await createDataSource(ctx, { name: DEMO_PROMETHEUS_NAME, url: prometheusUrl, authKind: 'none', isDefault: !sources.some((s) => s.isDefault), ...(clusterId ? { clusterId } : {}) });

  const existing = new Set((await listSlos(ctx)).map((s) => `${s.serviceSlug}/${s.name}`));
  const createdSlos: string[] = [];
  const warnings: string[] = [];
  for (const slo of DEMO_SLOS) {
    // One service at a time: a service someone deleted is skipped, not fatal.
    const names = ['requests-availability', ...(slo.latency === undefined ? [] : ['requests-latency'])];
    if (names.every((n) => existing.has(`${slo.service}/${n}`))) continue;
    const r = await importSlos(ctx, { text: demoSlothYaml(slo), fileName: `${slo.service}.sloth.yaml`, dataSourceId: source.id, windowDays: 30, replace: false });
    if (r.ok) createdSlos.push(...r.created);
    else warnings.push(`${slo.service}: ${r.issues.map((i) => i.message).join('; ')}`);
  }
  const createdRunbooks = await seedDemoRunbooks(ctx);
  const createdIncidents = await seedDemoIncidents(ctx, incidentWindows);
  return { createdDataSource, createdSlos, createdRunbooks, createdIncidents, createdPostmortems: await seedDemoPostmortems(ctx), warnings };
}

/** The runbooks the SLO alerts link to (by runbook_url), one per alert, by slug. */
async function seedDemoRunbooks(ctx: RequestContext): Promise<string[]> {
  const existing = new Set((await listRunbooks(ctx)).map((r) => r.slug));
  const teams = new Map((await listTeams(ctx)).map((t) => [t.slug, t.id]));
  const created: string[] = [];
  for (const r of DEMO_RUNBOOKS) {
    if (existing.has(r.slug)) continue;
    await saveRunbook(ctx, { slug: r.slug, markdown: r.markdown, url: r.url, teamId: teams.get(r.team) ?? null });
    created.push(r.slug);
  }
  return created;
}
