import { describe, expect, it } from 'vitest';
import { actorWith, uniqueSlug } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { qualityReport } from './quality.service';

// The alert-quality report from stored pages, alerts and the team's schedule.

describe('alert quality report', () => {
  it('computes the seed table per team and the weekly trend, post-mortem completion from published post-mortems', async () => {
    const viewer = await actorWith('viewer');
    const p = getPrisma();
    const now = Date.parse('2026-03-28T12:00:00Z');
    const team = await p.team.create({ data: { slug: uniqueSlug('quality'), name: 'Quality team' } });
    const user = await p.user.create({ data: { email: `${uniqueSlug('q')}@q.test`, name: 'Q' } });
    await p.oncallSchedule.create({ data: { teamId: team.id, name: 'All day', layers: [{ name: 'L', turn: { type: 'daily' }, handoffTime: '00:00', timeZone: 'UTC', startDate: '2026-01-01', participants: [user.id] }] } });
    // 12 pages in the last week (3 not actionable), one alert flapping (fire, resolve, fire within the hour).
    for (let i = 0; i < 12; i++) {
      const at = new Date(now - (i + 1) * 12 * 3_600_000);
      const alert = await p.alert.create({ data: { fingerprint: uniqueSlug('qf'), startsAt: at, endsAt: new Date(at.getTime() + 60_000), alertname: 'Q', status: 'resolved', labels: {}, annotations: {}, receivedAt: at, lastSeenAt: at, teamId: team.id } });
      await p.page.create({ data: { alertId: alert.id, teamId: team.id, priority: 'P2', summary: 'q', pagedAt: at, status: 'resolved', actionable: i >= 3 } });
    }
    const fp = uniqueSlug('flap');
    const t = now - 5 * 3_600_000;
    await p.alert.create({ data: { fingerprint: fp, startsAt: new Date(t), endsAt: new Date(t + 10 * 60_000), alertname: 'F', status: 'resolved', labels: {}, annotations: {}, receivedAt: new Date(t), lastSeenAt: new Date(t), teamId: team.id } });
    await p.alert.create({ data: { fingerprint: fp, startsAt: new Date(t + 20 * 60_000), alertname: 'F', status: 'firing', labels: {}, annotations: {}, receivedAt: new Date(t), lastSeenAt: new Date(t), teamId: team.id } });

    // Two resolved P2 incidents past their 48 h: one post-mortem published, one not -> 50 %, warning.
    for (const [i, published] of [[1, true], [2, false]] as const) {
      const started = new Date(now - i * 5 * 86_400_000);
      const inc = await p.incident.create({ data: { title: `Q${i}`, severity: 'P2', state: 'resolved', teamId: team.id, startedAt: started, resolvedAt: new Date(started.getTime() + 3_600_000) } });
      await p.postMortem.create({ data: { incidentId: inc.id, title: `Q${i}`, required: true, state: published ? 'published' : 'draft', firstPublishedAt: published ? new Date(started.getTime() + 86_400_000) : null } });
    }

    const report = await qualityReport(viewer, { teamId: team.id, weeks: 8 }, now);
    const rows = Object.fromEntries(report.teams[0]!.rows.map((r) => [r.key, r]));
    // 4 weeks around the clock = 84 shifts of 8 h; 12 pages.
    expect(rows.pagesPerShift!.value).toBeCloseTo(12 / (((report.period.to - report.period.from) / 3_600_000) / 8), 6);
    expect(rows.pagesPerShift!.band).toBe('healthy');
    expect(rows.actionablePercent).toMatchObject({ value: 75, band: 'watch' });
    expect(rows.p1Mttr!.band).toBe('no-data');
    expect(rows.postmortemCompletion).toMatchObject({ value: 50, band: 'warning', detail: '1 of 2 post-mortems filed', actionNeeded: true });
    expect(rows.flapRate!.value).toBeCloseTo((1 / 13) * 100, 6);
    expect(report.teams[0]!.trend).toHaveLength(8);
    expect(report.teams[0]!.trend.at(-1)!.actionablePercent).toBe(75);
    expect(report.teams[0]!.trend[0]!.pagesPerShift).toBe(0);
  });
});
