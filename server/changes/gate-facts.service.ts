import { LRUCache } from 'lru-cache';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import { onFactChange } from '../lib/fact-changes';
import { batchedLookup } from '../lib/batch';
import { servicesWithOverduePostmortem } from '../postmortems/postmortems.service';
import { policyBand } from '../slo/slo-policy.compute';
import { BUCKET_MS, remainingBudgetsByService } from '../slo/slo.service';
import type { ToilGateSignal } from '../toil/toil.schema';
import { toilGateSignals } from '../toil/toil.service';
import type { ServiceBudget } from './changes.compute';
import * as repo from './changes.repo';

// The facts a gate decision reads: the services, their teams' freeze rules,
// the worst SLO budget per service, overdue post-mortems and toil.
//
// A change being *recorded* (or approved, or moved on) reads them fresh: that
// decision is stored. A change that is only *asked about* (CI's
// `GET /api/v1/changes/gate`, `runwell change gate --url`, the form's live
// preview) reads them through a short per-process cache: fifty pipelines
// asking within the same seconds would otherwise each pay ~8 queries and a
// budget evaluation, and every one of those facts moves on a scale of
// minutes (budgets per 5-minute bucket, post-mortems per hour, toil per day).
// Freeze rules and toil declared, logged or changed in this process are
// visible at once (server/lib/fact-changes); from another web replica, and
// for budgets and post-mortem states, within RUNWELL_GATE_CACHE_MS (10 s).

export type GateFacts = {
  freezeRows: repo.FreezeRow[];
  budgets: ServiceBudget[];
  overdue: { serviceId: string; serviceName: string }[];
  toil: ToilGateSignal[];
};

type Team = repo.GateService['team'];

export async function freshFacts(services: readonly repo.GateService[], teams: readonly Team[], at: number, now: number, tx = db()): Promise<GateFacts> {
  const serviceIds = services.map((s) => s.id);
  const [freezeRows, remaining, overdue, toil] = await Promise.all([
    repo.listFreezes(tx, teams.map((t) => t.id)),
    remainingBudgetsByService(serviceIds, now),
    servicesWithOverduePostmortem(serviceIds, now),
    toilGateSignals(teams.map((t) => t.id), at),
  ]);
  return { freezeRows, budgets: worstBudgets(services, remaining), overdue: overdueServices(services, overdue), toil };
}

const overdueServices = (services: readonly repo.GateService[], overdue: ReadonlySet<string>) =>
  services.filter((s) => overdue.has(s.id)).map((s) => ({ serviceId: s.id, serviceName: s.name }));

/** The worst SLO of each service decides its band (the seed's policy); no SLO with data: 'no-data', not blocking. */
export function worstBudgets(services: readonly repo.GateService[], remaining: ReadonlyMap<string, readonly { remainingPercent: number; slo: string }[]>): ServiceBudget[] {
  return services.map((s) => {
    const worst = [...(remaining.get(s.id) ?? [])].sort((a, b) => a.remainingPercent - b.remainingPercent)[0];
    return worst
      ? { serviceId: s.id, serviceName: s.name, band: policyBand(worst.remainingPercent), remainingPercent: worst.remainingPercent, slo: worst.slo }
      : { serviceId: s.id, serviceName: s.name, band: 'no-data' as const, remainingPercent: null };
  });
}

// ---------------------------------------------------------------------------
// The cache for decisions that are only asked about

function cacheMs(): number {
  const ms = Number(process.env.RUNWELL_GATE_CACHE_MS ?? 10_000);
  return Number.isFinite(ms) && ms >= 0 && ms <= 300_000 ? ms : 10_000;
}

type Entry = { value: unknown };
// One LRU for every kind of fact (keys are prefixed); bounded so that a CI
// fleet naming thousands of services cannot grow the process without limit.
let cache: LRUCache<string, Entry> | null = null;
function store(): LRUCache<string, Entry> | null {
  const ttl = cacheMs();
  if (ttl === 0) return null;
  if (!cache) {
    cache = new LRUCache<string, Entry>({ max: 20_000, ttl });
    onFactChange(() => cache?.clear());
  }
  return cache;
}

/** Cached values for `keys`; the misses are loaded in one call and stored. */
async function cachedMany<V>(prefix: string, keys: readonly string[], load: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const c = store();
  const out = new Map<string, V>();
  const missing: string[] = [];
  for (const k of new Set(keys)) {
    const hit = c?.get(`${prefix}:${k}`);
    if (hit) out.set(k, hit.value as V);
    else missing.push(k);
  }
  if (missing.length === 0) return out;
  const loaded = await load(missing);
  for (const k of missing) {
    if (!loaded.has(k)) continue;
    out.set(k, loaded.get(k)!);
    c?.set(`${prefix}:${k}`, { value: loaded.get(k) });
  }
  return out;
}

const HOUR_MS = 3_600_000;
const SECOND_MS = 1_000;

// Batched across concurrent requests (server/lib/batch): a key carries the
// instant its fact is read at, coarsened to the fact's own scale so that
// requests of the same moment share a query (budgets move per 5-minute bucket,
// overdue post-mortems at their due second, toil per sprint: the hour of `at`).
// The cache itself keys budgets and toil by that instant too; overdue
// post-mortems are cached by service alone (an instant of one second would
// never be asked for twice), so a post-mortem falling due is seen within the
// cache's TTL, like a budget moving within its bucket.
const splitKey = (key: string) => key.split('\u0000') as [string, string];
const keyOf = (id: string, instant: number) => `${id}\u0000${instant}`;

function byInstant(keys: readonly string[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const k of keys) {
    const [id, instant] = splitKey(k);
    groups.set(Number(instant), [...(groups.get(Number(instant)) ?? []), id]);
  }
  return groups;
}

async function perInstant<V>(keys: string[], load: (ids: string[], instant: number) => Promise<Map<string, V>>): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  for (const [instant, ids] of byInstant(keys)) for (const [id, v] of await load(ids, instant)) out.set(keyOf(id, instant), v);
  return out;
}

const serviceLookup = batchedLookup(async (names: string[]) => {
  const rows = await repo.findServices(db(), names);
  const wanted = new Set(names);
  return new Map(rows.flatMap((r) => [r.id, r.slug].filter((k) => wanted.has(k)).map((k) => [k, r] as const)));
});
const freezeLookup = batchedLookup(async (teamIds: string[]) => {
  const rows = await repo.listFreezes(db(), teamIds);
  return new Map(teamIds.map((id) => [id, rows.filter((r) => r.teamId === null || r.teamId === id)]));
});
const budgetLookup = batchedLookup((keys: string[]) =>
  perInstant(keys, async (ids, instant) => {
    const found = await remainingBudgetsByService(ids, instant);
    return new Map(ids.map((id) => [id, found.get(id) ?? []]));
  }),
);
const overdueLookup = batchedLookup((keys: string[]) =>
  perInstant(keys, async (ids, instant) => {
    const overdue = await servicesWithOverduePostmortem(ids, instant);
    return new Map(ids.map((id) => [id, overdue.has(id)]));
  }),
);
const toilLookup = batchedLookup((keys: string[]) =>
  perInstant(keys, async (ids, instant) => {
    const signals = await toilGateSignals(ids, instant);
    return new Map(ids.map((id) => [id, signals.filter((s) => s.teamId === id)]));
  }),
);

/** Looks each key up (the lookups batch); keys not found are left out. */
async function each<V>(keys: readonly string[], lookup: (k: string) => Promise<V | undefined>): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  const values = await Promise.all(keys.map(lookup));
  keys.forEach((k, i) => {
    if (values[i] !== undefined) out.set(k, values[i]);
  });
  return out;
}

/** The services named by id or slug; an unknown name is a 400 naming it (and is never cached). */
export async function cachedServices(wanted: readonly string[], field = 'services'): Promise<repo.GateService[]> {
  const found = await cachedMany('service', wanted, (missing) => each(missing, serviceLookup));
  const unknown = [...new Set(wanted)].filter((w) => !found.has(w));
  if (unknown.length > 0) throw new DomainError('BAD_INPUT', `Unknown service${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, field);
  return [...new Map([...found.values()].map((s) => [s.id, s])).values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function cachedFacts(services: readonly repo.GateService[], teams: readonly Team[], at: number, now: number): Promise<GateFacts> {
  const teamIds = teams.map((t) => t.id);
  const serviceIds = services.map((s) => s.id);
  const budgetAt = Math.floor(now / BUCKET_MS) * BUCKET_MS; // the SLO domain's evaluation instant
  const overdueAt = Math.floor(now / SECOND_MS) * SECOND_MS;
  const toilAt = Math.floor(at / HOUR_MS) * HOUR_MS;
  const [freezes, remaining, overdue, toil] = await Promise.all([
    cachedMany('freezes', teamIds, (missing) => each(missing, freezeLookup)),
    cachedMany(`budget@${budgetAt}`, serviceIds, (missing) => each(missing, (id) => budgetLookup(keyOf(id, budgetAt)))),
    cachedMany('overdue', serviceIds, (missing) => each(missing, (id) => overdueLookup(keyOf(id, overdueAt)))),
    cachedMany(`toil@${toilAt}`, teamIds, (missing) => each(missing, (id) => toilLookup(keyOf(id, toilAt)))),
  ]);
  const freezeRows = [...new Map([...freezes.values()].flat().map((r) => [r.id, r])).values()];
  return {
    freezeRows,
    budgets: worstBudgets(services, remaining),
    overdue: overdueServices(services, new Set([...overdue].filter(([, isOverdue]) => isOverdue).map(([id]) => id))),
    toil: [...toil.values()].flat(),
  };
}
