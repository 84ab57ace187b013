import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/client';

// The on-call page's one query (schedules, policies, teams, people), shared by
// every part of the page; `Overview` is its data.

export type Overview = NonNullable<ReturnType<typeof useOncallOverview>['data']>;

export function useOncallOverview(teamId: string, days: number) {
  const trpc = useTRPC();
  return useQuery(trpc.oncall.overview.queryOptions({ teamId: teamId || undefined, days }));
}
