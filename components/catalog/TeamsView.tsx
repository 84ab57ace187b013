'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { RowActions, Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import type { TeamDetailDto } from '@/server/teams/teams.schema';
import { ConfirmDelete } from './ConfirmDelete';
import { TeamForm } from './TeamForm';
import { TeamMembers } from './TeamMembers';

type Open = { kind: 'create' } | { kind: 'edit' | 'members' | 'delete'; teamId: string } | null;

export function TeamsView({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  // Dialogs read the team from the live query so member changes show at once.
  const selected = open && open.kind !== 'create' ? teams.data?.find((t) => t.id === open.teamId) : undefined;

  const createButton = canManage && (
    <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
      Create team
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Teams"
        description="Who owns what: every service belongs to one team, and a team's leads and time zone drive on-call and approvals."
        actions={createButton}
      />
      {teams.error && <Alert tone="danger" title="Teams could not be loaded">{errorMessage(teams.error)}</Alert>}
      {teams.isLoading && <p className="muted">Loading teams…</p>}
      {teams.data && teams.data.length === 0 && (
        <EmptyState title="No teams yet" action={createButton}>
          <p className="muted">Create the teams that own your services, then add their people.</p>
        </EmptyState>
      )}
      {teams.data && teams.data.length > 0 && (
        <Table caption="Teams" columns={['Name', 'Slug', 'Time zone', 'Leads', 'Members', 'Services', 'Actions']}>
          {teams.data.map((team) => (
            <TeamRow key={team.id} team={team} canManage={canManage} onOpen={(kind) => setOpen({ kind, teamId: team.id })} />
          ))}
        </Table>
      )}

      <Dialog open={open?.kind === 'create'} onClose={close} title="Create team">
        <TeamForm
          onCancel={close}
          onDone={(team) => {
            close();
            toast.show(`Team ${team.name} created`);
          }}
        />
      </Dialog>
      {selected && open?.kind === 'edit' && (
        <Dialog open onClose={close} title={`Edit team ${selected.name}`}>
          <TeamForm
            team={selected}
            onCancel={close}
            onDone={(team) => {
              close();
              toast.show(`Team ${team.name} saved`);
            }}
          />
        </Dialog>
      )}
      {selected && open?.kind === 'members' && (
        <Dialog open onClose={close} title={`Members of ${selected.name}`}>
          <TeamMembers team={selected} canManage={canManage} />
        </Dialog>
      )}
      {selected && open?.kind === 'delete' && (
        <ConfirmDelete
          title={`Delete team ${selected.name}?`}
          confirmLabel="Yes, delete"
          onCancel={close}
          onConfirm={() => client.teams.delete.mutate({ id: selected.id })}
          onDone={async () => {
            close();
            toast.show(`Team ${selected.name} deleted`);
            await queryClient.invalidateQueries(trpc.teams.pathFilter());
          }}
        >
          <p>
            The team and its memberships are removed. A team that still owns services cannot be deleted: move its services to
            another team first.
          </p>
        </ConfirmDelete>
      )}
    </>
  );
}

function TeamRow({
  team,
  canManage,
  onOpen,
}: {
  team: TeamDetailDto;
  canManage: boolean;
  onOpen: (kind: 'edit' | 'members' | 'delete') => void;
}) {
  const leads = team.members.filter((m) => m.isLead);
  return (
    <tr>
      <td>
        <strong>{team.name}</strong>
        {team.description && <div className="muted">{team.description}</div>}
      </td>
      <td className="mono nowrap">{team.slug}</td>
      <td>{team.timeZone}</td>
      <td>
        {leads.length ? (
          leads.map((l) => l.name).join(', ')
        ) : (
          <span title="Escalation steps that page this team's lead wake nobody until someone is made lead (Members).">
            <Badge tone="warning">No lead</Badge>
            <div className="muted">escalation to &quot;team lead&quot; pages nobody</div>
          </span>
        )}
      </td>
      <td>{team.members.length}</td>
      <td>
        {team.serviceCount > 0 ? (
          <Link href={`/settings/services?team=${encodeURIComponent(team.id)}`}>{team.serviceCount}</Link>
        ) : (
          0
        )}
      </td>
      <RowActions>
        <Button size="sm" onClick={() => onOpen('members')} aria-label={`Members of ${team.name}`}>
          Members
        </Button>
        {canManage && (
          <>
            <Button size="sm" onClick={() => onOpen('edit')} aria-label={`Edit ${team.name}`}>
              Edit
            </Button>
            <Button size="sm" variant="danger" onClick={() => onOpen('delete')} aria-label={`Delete ${team.name}`}>
              Delete
            </Button>
          </>
        )}
      </RowActions>
    </tr>
  );
}
