import { beforeAll, describe, expect, it } from 'vitest';
import { suffix } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { clearBudgetCache } from '../alerts/alerts.service';
import { evaluateDomains } from './evaluate.service';

// The security (kube-bench) and toil domains through the domains.evaluate job
// and the one alert pipeline: KubeBenchScoreDropped reaches triage, pages the
// cluster's owning team exactly once however often the job runs, and resolves
// with its page when a later run holds steady; ToilOverBudget is stored and
// triaged for business hours (it never pages), once per team and sprint.

const tag = suffix();
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
let clusterName = '';
let teamSlug = '';
let toilSlug = '';

beforeAll(async () => {
  const p = getPrisma();
  teamSlug = `kb-${tag}`;
  await p.team.create({ data: { slug: teamSlug, name: `Platform ${tag}` } });
  clusterName = `kb-${tag}`;
  const cluster = await p.cluster.create({ data: { name: clusterName } });
  await p.inventoryObject.create({ data: { clusterId: cluster.id, kind: 'Namespace', namespace: '', name: 'kube-system', uid: `u-${tag}`, resourceVersion: '1', team: teamSlug, labels: { 'runwell.io/team': teamSlug } } });
  const run = (node: string, at: number, pass: number, fail: number) => ({ clusterId: cluster.id, node, benchmark: 'cis-1.8', nodeTypes: ['node'], pass, fail, warn: 3, info: 0, score: (100 * pass) / (pass + fail), source: 'api', uploadedBy: 'test', runAt: new Date(at) });
  // Yesterday 95 %, today 80 % (pooled over two nodes): a 15-point drop and below the 90 % bar.
  await p.kubeBenchRun.createMany({ data: [run('n1', NOW - 26 * HOUR, 48, 2), run('n2', NOW - 26 * HOUR, 47, 3), run('n1', NOW - 2 * HOUR, 40, 10), run('n2', NOW - 2 * HOUR, 40, 10)] });

  toilSlug = `toil-${tag}`;
  const team = await p.team.create({ data: { slug: toilSlug, name: `Toil ${tag}` } });
  await p.toilSettings.create({ data: { teamId: team.id, sprintDays: 14, sprintAnchor: new Date('2026-11-30T00:00:00Z'), engineeringHours: 40 } });
  await p.toilEntry.createMany({ data: [{ teamId: team.id, day: new Date('2026-12-01T00:00:00Z'), hours: 15, what: 'manual failover', source: 'api', authorLabel: 'test' }, { teamId: team.id, day: new Date('2026-12-03T00:00:00Z'), hours: 10, what: 'cert rotation by hand', source: 'api', authorLabel: 'test' }] });
  clearBudgetCache();
});

const benchAlerts = () => getPrisma().alert.findMany({ where: { alertname: 'KubeBenchScoreDropped', labels: { path: ['cluster'], equals: clusterName } }, include: { pages: true }, orderBy: { createdAt: 'asc' } });
const toilAlerts = () => getPrisma().alert.findMany({ where: { alertname: 'ToilOverBudget', labels: { path: ['team'], equals: toilSlug } }, include: { pages: true } });

describe('KubeBenchScoreDropped through the pipeline', () => {
  it('a 15-point drop pages the owning team once (P2); below the bar waits for business hours', async () => {
    const r = await evaluateDomains(NOW, ['security']);
    expect(r.failed).toEqual([]);
    const rows = await benchAlerts();
    const byReason = Object.fromEntries(rows.map((a) => [(a.labels as Record<string, string>).reason, a]));
    expect(Object.keys(byReason).sort()).toEqual(['below-threshold', 'dropped']);
    expect(byReason.dropped).toMatchObject({ status: 'firing', priority: 'P2' });
    expect(byReason.dropped!.labels).toMatchObject({ source: 'runwell', domain: 'security', severity: 'critical', team: teamSlug });
    expect(byReason.dropped!.teamId).not.toBeNull();
    expect(byReason.dropped!.pages).toHaveLength(1);
    expect(byReason['below-threshold']).toMatchObject({ status: 'firing', priority: 'business-hours' });
    expect(byReason['below-threshold']!.pages).toHaveLength(0);
  });

  it('every 5 minutes for two hours: still two alerts and one page', async () => {
    for (let m = 5; m <= 120; m += 5) {
      const r = await evaluateDomains(NOW + m * 60_000, ['security']);
      expect(r.results[0]).toMatchObject({ fresh: 0, pagesOpened: 0 });
    }
    const rows = await benchAlerts();
    expect(rows).toHaveLength(2);
    expect(rows.reduce((n, a) => n + a.pages.length, 0)).toBe(1);
  }, 60_000);

  it('a next run that holds steady clears the drop (and its page); the score stays below the bar', async () => {
    const cluster = await getPrisma().cluster.findUniqueOrThrow({ where: { name: clusterName } });
    const at = NOW + 22 * HOUR; // the next day
    await getPrisma().kubeBenchRun.createMany({ data: ['n1', 'n2'].map((node) => ({ clusterId: cluster.id, node, benchmark: 'cis-1.8', nodeTypes: ['node'], pass: 40, fail: 10, warn: 3, info: 0, score: 80, source: 'api', uploadedBy: 'test', runAt: new Date(at) })) });
    const r = await evaluateDomains(at + HOUR, ['security']);
    expect(r.results[0]).toMatchObject({ resolved: 1, pagesResolved: 1, fresh: 0 });
    const rows = await benchAlerts();
    expect(rows.map((a) => [(a.labels as Record<string, string>).reason, a.status]).sort()).toEqual([
      ['below-threshold', 'firing'],
      ['dropped', 'resolved'],
    ]);
  });
});

describe('ToilOverBudget through the pipeline', () => {
  it('25 h of 40 (62.5 %) is one internal alert for the team, triaged for business hours, never paged', async () => {
    for (let m = 0; m < 6; m++) {
      const r = await evaluateDomains(NOW + m * 5 * 60_000, ['toil']);
      expect(r.failed).toEqual([]);
    }
    const rows = await toilAlerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'firing', priority: 'business-hours' });
    expect(rows[0]!.labels).toMatchObject({ source: 'runwell', domain: 'toil', team: toilSlug, sprint: '2026-11-30' });
    expect(rows[0]!.annotations).toMatchObject({ summary: expect.stringContaining('63 %') });
    expect(rows[0]!.teamId).not.toBeNull();
    expect(rows[0]!.pages).toHaveLength(0);
  });
});
