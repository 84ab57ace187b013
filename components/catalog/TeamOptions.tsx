import type { ReactNode } from 'react';
import type { TeamDto } from '@/server/teams/teams.schema';

/** The options of a team picker: `first` is the empty choice ("All teams", "Pick the owning team"), then one per team by id. */
export function TeamOptions({ teams, first }: { teams: readonly Pick<TeamDto, 'id' | 'name'>[] | undefined; first: ReactNode }) {
  return (
    <>
      <option value="">{first}</option>
      {(teams ?? []).map((t) => (
        <option key={t.id} value={t.id}>
          {t.name}
        </option>
      ))}
    </>
  );
}
