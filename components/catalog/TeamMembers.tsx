'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Checkbox, Select } from '@/components/ui/Field';
import { Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import { addMemberSchema, type TeamDetailDto } from '@/server/teams/teams.schema';

// Members of one team: who is in it and who leads it. Leads are who the
// escalation policies and change approvals (T2: team-lead approval) point at.
export function TeamMembers({ team, canManage }: { team: TeamDetailDto; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const candidates = useQuery({ ...trpc.teams.memberCandidates.queryOptions(), enabled: canManage });
  const [userId, setUserId] = useState('');
  const [isLead, setIsLead] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  const refresh = () => queryClient.invalidateQueries(trpc.teams.pathFilter());
  const add = useMutation(
    trpc.teams.addMember.mutationOptions({
      onSuccess: async () => {
        setUserId('');
        setIsLead(false);
        await refresh();
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );
  const change = useMutation(
    trpc.teams.addMember.mutationOptions({ onSuccess: refresh, onError: (e) => toast.show(errorMessage(e), 'danger') }),
  );
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({ onSuccess: refresh, onError: (e) => toast.show(errorMessage(e), 'danger') }),
  );

  const memberIds = new Set(team.members.map((m) => m.userId));
  const available = (candidates.data ?? []).filter((c) => !memberIds.has(c.id));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(addMemberSchema, { teamId: team.id, userId, isLead });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    add.mutate(result.data);
  }

  return (
    <div className="stack">
      {team.members.length === 0 ? (
        <p className="muted">Nobody is in this team yet.</p>
      ) : (
        <Table caption={`Members of ${team.name}`} columns={['Person', 'Role in team', canManage && 'Actions']}>
          {team.members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name} <span className="muted">{m.email}</span>
              </td>
              <td>{m.isLead ? <Badge tone="info">Lead</Badge> : 'Member'}</td>
              {canManage && (
                <td className="nowrap">
                  <div className="row">
                    <Button
                      size="sm"
                      busy={change.isPending && change.variables?.userId === m.userId}
                      onClick={() => change.mutate({ teamId: team.id, userId: m.userId, isLead: !m.isLead })}
                    >
                      {m.isLead ? `Make ${m.name} a member` : `Make ${m.name} lead`}
                    </Button>
                    <Button
                      size="sm"
                      variant="danger"
                      busy={remove.isPending && remove.variables?.userId === m.userId}
                      onClick={() => remove.mutate({ teamId: team.id, userId: m.userId })}
                    >
                      Remove {m.name}
                    </Button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {canManage && (
        <form className="form" onSubmit={submit} noValidate aria-label="Add a member">
          {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
          <div className="form-row">
            <Select label="Person" value={userId} onChange={(e) => setUserId(e.target.value)} error={errors.userId}>
              <option value="">{candidates.isLoading ? 'Loading people…' : 'Pick a person'}</option>
              {available.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.email})
                </option>
              ))}
            </Select>
          </div>
          <Checkbox label="Lead" checked={isLead} onChange={(e) => setIsLead(e.target.checked)} />
          <div className="form-actions">
            <Button type="submit" busy={add.isPending}>
              Add member
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
