import { db } from '../database/tx';
import * as repo from './paging.repo';

// What the toil budget (server/toil) reads from on-call: each page's times and
// whether a person resolved it. No authorization here: the toil service
// authorizes its callers before it asks.

export type PageHandling = { teamId: string; pagedAt: number; acknowledgedAt: number | null; resolvedAt: number | null; resolvedByPerson: boolean };

export async function pageHandlingOfTeams(teamIds: readonly string[], from: number, to: number): Promise<PageHandling[]> {
  const rows = await repo.pagesOfTeamsBetween(db(), teamIds, from, to);
  return rows.map((r) => ({
    teamId: r.teamId!,
    pagedAt: r.pagedAt.getTime(),
    acknowledgedAt: r.acknowledgedAt?.getTime() ?? null,
    resolvedAt: r.resolvedAt?.getTime() ?? null,
    resolvedByPerson: r.resolvedById !== null,
  }));
}
