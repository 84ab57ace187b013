import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { db } from '../database/tx';
import { factListenerConnected, startFactListener, stopFactListener } from '../database/notifications';
import { createTeam } from '../teams/teams.service';
import * as repo from './slo.repo';
import { BUCKET_MS } from './slo-recompute.service';
import { refreshStates, writeBuckets } from './slo-state.service';
import { createSlo, deleteSlo, listSlos, setBackfillSender, sloOverview, sloPage, updateSlo } from './slo.service';
import type { SloInput } from './slo.schema';

// The SLO lists of now are memoized per process (slo-read.service.ts); these
// tests read them through the memo (no `now` given) and check that the pages
// and the overview are cut from the right figures, and that a write through
// the domain shows at the very next read.

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'slo-list-test' }, requestId: null };
const suffix = randomBytes(3).toString('hex');
const slug = `list-${suffix}`;
let teamId: string;

const slo = (name: string): SloInput => ({
  service: slug,
  name,
  objective: 99,
  window: { type: 'rolling', days: 1 },
  sli: { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
  alerting: { name: `List${name.replaceAll('-', '')}` },
});

/** An hour of buckets ending at the current evaluation instant with this error ratio, and the state built from them. */
async function withErrorRatio(id: string, ratio: number) {
  const at = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  const row = (await repo.findSlo(db(), id))!;
  const buckets = Array.from({ length: 12 }, (_, i) => ({ start: at - (12 - i) * BUCKET_MS, bad: 1000 * ratio, total: 1000, missing: false }));
  await writeBuckets(row, buckets);
  await refreshStates([row], at);
}

const ids = new Map<string, string>();

beforeAll(async () => {
  setBackfillSender(async () => undefined);
  const team = await createTeam(system, { slug: `lt-${suffix}`, name: `List team ${suffix}` });
  teamId = team.id;
  await createService(system, { slug, name: 'List', teamId });
  // An hour of a 1-day window with a 1 % budget: 15 % errors spend 62.5 % of it (caution), 50 % spend it
  // twice over (exhausted); healthy has no errors, silent no data.
  for (const [name, ratio] of [['healthy', 0], ['burning', 0.15], ['exhausted', 0.5], ['silent', null]] as const) {
    const created = await createSlo(system, { slo: slo(name), dataSourceId: null });
    ids.set(name, created.id);
    if (ratio !== null) await withErrorRatio(created.id, ratio);
  }
}, 60_000);

afterAll(async () => {
  await stopFactListener();
});

describe('SLO list pages and the overview card', () => {
  it('pages the list sorted by budget left, least first, no data last', async () => {
    const first = await sloPage(system, { teamId, sort: 'budget-asc', page: 1, pageSize: 3 });
    expect(first.total).toBe(4);
    expect(first.items.map((i) => i.name)).toEqual(['exhausted', 'burning', 'healthy']);
    const second = await sloPage(system, { teamId, sort: 'budget-asc', page: 2, pageSize: 3 });
    expect(second.items.map((i) => i.name)).toEqual(['silent']);
    const desc = await sloPage(system, { teamId, sort: 'budget-desc', page: 1, pageSize: 10 });
    expect(desc.items.map((i) => i.name)).toEqual(['healthy', 'burning', 'exhausted', 'silent']);
  });

  it('filters by band before paging', async () => {
    const page = await sloPage(system, { teamId, band: 'exhausted', sort: 'service', page: 1, pageSize: 10 });
    expect(page.items.map((i) => i.name)).toEqual(['exhausted']);
    expect(page.total).toBe(1);
  });

  it('the overview counts bands and names the worst, from the same figures as the list', async () => {
    const list = await listSlos(system, { teamId });
    const overview = await sloOverview(system);
    const exhausted = list.find((i) => i.name === 'exhausted')!;
    expect(exhausted.band).toBe('exhausted');
    expect(list.find((i) => i.name === 'burning')!.band).toBe('caution');
    expect(overview.total).toBeGreaterThanOrEqual(4);
    expect(overview.counts.exhausted).toBeGreaterThanOrEqual(1);
    expect(overview.counts['no-data']).toBeGreaterThanOrEqual(1);
    expect(overview.worst.some((w) => w.id === exhausted.id && w.remainingPercent === exhausted.remainingPercent)).toBe(true);
    expect(overview.counts.caution).toBeGreaterThanOrEqual(1);
    expect(overview.worst.some((w) => w.name === 'healthy' || w.name === 'silent')).toBe(false);
  });

  it('a rename, new figures and a delete show at the next read, memo or not', async () => {
    await listSlos(system, { teamId }); // fills the memo
    await updateSlo(system, { id: ids.get('healthy')!, slo: slo('healthy-renamed'), dataSourceId: null });
    expect((await listSlos(system, { teamId })).map((i) => i.name)).toContain('healthy-renamed');

    await withErrorRatio(ids.get('burning')!, 0.5);
    const burning = (await sloPage(system, { teamId, band: 'exhausted', sort: 'service', page: 1, pageSize: 10 })).items.map((i) => i.name);
    expect(burning).toEqual(['burning', 'exhausted']);

    await deleteSlo(system, { id: ids.get('silent')! });
    const after = await sloPage(system, { teamId, sort: 'budget-asc', page: 1, pageSize: 10 });
    expect(after.total).toBe(3);
    expect(after.items.map((i) => i.name)).not.toContain('silent');
  });

  it("another process's write shows in about a second (a database notice), not after the lists' time bound", async () => {
    startFactListener();
    const deadline = Date.now() + 5_000;
    while (!factListenerConnected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await listSlos(system, { teamId }); // fills the memo
    // Another process renames the service: a plain connection, no announcement in this process.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    const t0 = Date.now();
    try {
      await other.query(`UPDATE "Service" SET name = 'Renamed elsewhere' WHERE slug = $1`, [slug]);
    } finally {
      await other.end();
    }
    let names: string[] = [];
    while (Date.now() - t0 < 10_000) {
      names = (await listSlos(system, { teamId })).map((i) => i.serviceName);
      if (names.every((n) => n === 'Renamed elsewhere')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n === 'Renamed elsewhere')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
