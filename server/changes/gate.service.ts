import { db, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import { can, type Actor } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { GATED_STATUSES, gateDecision, statusForDecision, type GateResult } from './changes.compute';
import * as repo from './changes.repo';
import { gateQuerySchema, type ApprovalKind, type ChangeStatus, type Tier } from './changes.schema';
import { freezeCalendar, type FreezeRule } from './freeze.compute';
import { cachedFacts, cachedServices, freshFacts } from './gate-facts.service';

// The change gate (docs/changes.md): one evaluation for the UI, the API and
// the CLI. Facts come from gate-facts.service (fresh for a decision that is
// stored, batched and cached for one that is only asked about); the decision
// is changes.compute's pure gateDecision.

/** How many CAB members must approve a T3 change (RUNWELL_CHANGE_CAB_SIZE, default 2). */
export function cabSize(): number {
  const n = Number(process.env.RUNWELL_CHANGE_CAB_SIZE ?? 2);
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : 2;
}

/** The seed's default when no organisation-wide weekly rule is stored: Friday 15:00 - Monday 09:00 for T2/T3. */
export const DEFAULT_WEEKLY_FREEZE = { id: 'default-weekly', name: 'Weekend freeze (Fri 15:00 - Mon 09:00)', kind: 'weekly' as const, tiers: ['T2', 'T3'] as Tier[], startDay: 5, startMinute: 900, endDay: 1, endMinute: 540 };


/** Stored rules as FreezeRules in each team's zone: organisation-wide rules apply to every team, in its own zone. */
function rulesFor(rows: readonly repo.FreezeRow[], teams: readonly { id: string; name: string; timeZone: string }[]): FreezeRule[] {
  const withDefault = rows.some((r) => r.kind === 'weekly' && r.teamId === null) ? rows : [...rows, { ...DEFAULT_WEEKLY_FREEZE, teamId: null, date: null, marginHours: 48, startsAt: null, endsAt: null, createdAt: new Date(0) }];
  return teams.flatMap((team) =>
    withDefault
      .filter((r) => r.teamId === null || r.teamId === team.id)
      .map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as FreezeRule['kind'],
        tiers: r.tiers as Tier[],
        timeZone: team.timeZone,
        teamName: team.name,
        startDay: r.startDay,
        startMinute: r.startMinute,
        endDay: r.endDay,
        endMinute: r.endMinute,
        date: r.date,
        marginHours: r.marginHours,
        startsAt: r.startsAt?.getTime() ?? null,
        endsAt: r.endsAt?.getTime() ?? null,
      })),
  );
}

type Evaluate = {
  services: readonly repo.GateService[];
  tier: Tier;
  reliability: boolean;
  at: number;
  now: number;
  approvals?: readonly { kind: string; userId: string }[];
  authorId?: string | null;
  hasRunbook?: boolean;
  override?: { reason: string; by: string } | null;
  /** 'cached' only for decisions that are asked about, never stored (gate-facts.service). */
  facts?: 'fresh' | 'cached';
};

export async function evaluate(tx: Db, e: Evaluate): Promise<GateResult> {
  const teams = [...new Map(e.services.map((s) => [s.team.id, s.team])).values()];
  const { freezeRows, budgets, overdue, toil } = e.facts === 'cached' ? await cachedFacts(e.services, teams, e.at, e.now) : await freshFacts(e.services, teams, e.at, e.now, tx);
  return gateDecision({
    tier: e.tier,
    reliability: e.reliability,
    at: e.at,
    services: e.services.map((s) => ({ id: s.id, name: s.name })),
    freezes: rulesFor(freezeRows, teams),
    budgets,
    overduePostmortems: overdue,
    approvals: (e.approvals ?? []) as { kind: ApprovalKind; userId: string }[],
    authorId: e.authorId ?? null,
    hasRunbook: e.hasRunbook ?? false,
    cabSize: cabSize(),
    override: e.override ?? null,
    toil,
  });
}

export async function resolveServices(tx: Db, wanted: readonly string[], field = 'services'): Promise<repo.GateService[]> {
  const found = await repo.findServices(tx, wanted);
  const known = new Set(found.flatMap((s) => [s.id, s.slug]));
  const missing = wanted.filter((w) => !known.has(w));
  if (missing.length > 0) throw new DomainError('BAD_INPUT', `Unknown service${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, field);
  return found;
}

// The gate for a change that is not recorded yet (CI, CLI, the form's preview)

export function mayAskGate(actor: Actor): boolean {
  return can(actor, 'app.read') || can(actor, 'change.submit') || can(actor, 'check.run');
}

export async function previewGate(ctx: RequestContext, input: unknown, now = Date.now()) {
  if (!mayAskGate(ctx.actor)) throw new DomainError('FORBIDDEN', 'Asking the change gate needs a sign-in or an API token with the changes, check or read scope');
  const q = gateQuerySchema.parse(input);
  const services = await cachedServices(q.services);
  const at = q.at?.getTime() ?? now;
  const result = await evaluate(db(), { services, tier: q.tier, reliability: q.reliability, at, now, hasRunbook: true, facts: 'cached' });
  return { ...result, at: new Date(at).toISOString(), services: services.map((s) => ({ id: s.id, slug: s.slug, name: s.name })) };
}

/** Re-run the gate for a stored change and write the decision (and status, while the gate still governs it). */
export async function regate(tx: Db, row: repo.ChangeRow, now: number, by: string): Promise<GateResult> {
  const override = row.overrideReason ? { reason: row.overrideReason, by: row.overriddenByLabel ?? '' } : null;
  const result = await evaluate(tx, {
    services: row.services.map((s) => s.service),
    tier: row.tier as Tier,
    reliability: row.reliability,
    at: Math.max(now, row.requestedAt.getTime()),
    now,
    approvals: row.approvals,
    authorId: row.authorId,
    hasRunbook: !!row.runbookUrl,
    override,
  });
  const status = GATED_STATUSES.includes(row.status as ChangeStatus) ? statusForDecision(result.decision) : (row.status as ChangeStatus);
  await repo.update(tx, row.id, { decision: result.decision, decisionReasons: result.reasons, decisionRequires: result.requires, decidedAt: new Date(now), status });
  if (result.decision !== row.decision || status !== row.status) {
    await repo.addEvent(tx, { changeId: row.id, at: new Date(now), kind: 'gate', message: `Gate: ${result.decision.replace('_', ' ')}${status !== row.status ? ` (status ${status.replace('_', ' ')})` : ''}`, actorLabel: by });
  }
  return result;
}

/** Freeze windows over the next `days` days, per team (each in its own zone). */
export async function freezeCalendarView(ctx: RequestContext, days = 28, now = Date.now()) {
  authorize(ctx, 'app.read', 'Sign in to see the freeze calendar');
  const [teams, rows] = await Promise.all([repo.listTeams(db()), repo.listFreezes(db())]);
  return teams.map((team) => ({
    team,
    intervals: freezeCalendar(rulesFor(rows, [team]), now, days).map((i) => ({ name: i.name, kind: i.kind, tiers: [...i.tiers], start: i.start, end: i.end, active: i.start <= now && now < i.end })),
  }));
}
