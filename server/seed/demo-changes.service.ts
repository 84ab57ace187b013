import { createChange, importDecidedChange, transitionChange } from '../changes/changes.service';
import { DomainError } from '../errors';
import type { RequestContext } from '../lib/request-context';
import { addToWall, instantAt, isoWeekday, wallTimeAt } from '../lib/time-zone';

// The demo's change ledger (docs/changes.md): a few changes through the real
// gate, idempotent by externalId: a shipped T1, a T1 that failed and was
// rolled back, a T2 planned for next Saturday (held by the payments team's
// weekend freeze), a reliability fix waiting for its team lead, and a T3 the
// budget blocked two days ago (imported with that day's decision, since the
// budget it was blocked on has since recovered or not).

const DAY = 86_400_000;

/** Next Saturday 11:00 in `timeZone` (a week later when today is Saturday). */
function nextSaturday(now: number, timeZone: string): number {
  const w = wallTimeAt(now, timeZone);
  const days = (6 - isoWeekday(w) + 7) % 7 || 7;
  return instantAt(addToWall({ year: w.year, month: w.month, day: w.day }, { days, hours: 11 }), timeZone);
}

export async function seedDemoChanges(ctx: RequestContext, now = Date.now()): Promise<string[]> {
  const created: string[] = [];
  const record = async (input: Record<string, unknown>, at: number, moves: ('in_progress' | 'succeeded' | 'failed' | 'rolled_back')[] = []) => {
    // A demo service someone deleted: skip that entry, not the seed.
    const r = await createChange(ctx, input, 'api', at).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'BAD_INPUT') return null;
      throw e;
    });
    if (!r?.created) return;
    created.push(r.change.title);
    let t = at;
    // The gate is asked again on start: when today's budget refuses, the entry stays approved (still a true ledger).
    for (const status of moves) await transitionChange(ctx, { id: r.change.id, status, at: new Date((t += 10 * 60_000)) }).catch(() => undefined);
  };

  await record({ externalId: 'demo-checkout-image', title: 'Bump checkout-web image to 2026.12.03', services: ['checkout-web'], tier: 'T1', commitSha: '3f9c2e1a7b', prUrl: 'https://git.example.com/checkout/checkout-web/pull/412', rollbackPlan: 'Argo Rollouts aborts on failed analysis', cluster: 'prod-eu-1' }, now - 2 * DAY, ['in_progress', 'succeeded']);
  await record({ externalId: 'demo-search-ranking', title: 'Enable new search ranking flag', services: ['search-api'], tier: 'T1', commitSha: 'a1b2c3d4e5', rollbackPlan: 'Turn the flag off' }, now - 5 * DAY, ['in_progress', 'failed', 'rolled_back']);
  await record(
    { externalId: 'demo-payments-hpa', title: 'Raise payments-api HPA max from 12 to 20', services: ['payments-api'], tier: 'T2', requestedAt: new Date(nextSaturday(now, 'Europe/Paris')), rollbackPlan: 'git revert; Argo CD syncs within 5 minutes' },
    now,
  );
  await record({ externalId: 'demo-ledger-retry', title: 'Retry budget for the payments-ledger client', services: ['payments-ledger'], tier: 'T2', reliability: true, description: 'Action item of the payments incident post-mortem.' }, now);
  const blocked = await importDecidedChange(
    ctx,
    { externalId: 'demo-ingress-upgrade', title: 'Upgrade the ingress controller and control plane to 1.31', services: ['ingress-gateway'], tier: 'T3', runbookUrl: 'https://runbooks.example.com/platform/control-plane-upgrade', requestedAt: new Date(now - 2 * DAY) },
    {
      decision: 'block',
      at: now - 2 * DAY,
      reasons: [{ code: 'budget_restricted', message: 'Ingress gateway (requests-availability) had 18 % error budget left: no T3 changes while the budget is 10-25 %' }],
    },
  ).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'BAD_INPUT') return { created: false };
    throw e;
  });
  if (blocked.created) created.push('Upgrade the ingress controller and control plane to 1.31');
  return created;
}
