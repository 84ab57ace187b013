'use client';

import { useMutation } from '@tanstack/react-query';
import { ROLE_LABELS, ROLES, type Role } from '@/server/lib/roles';
import type { UserDto } from '@/server/users/users.schema';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { HiddenHeader, Table } from '../../ui/Table';
import { useToast } from '../../ui/Toast';
import { useInvalidateAfterChange } from '../invalidate';
import { When } from '@/components/format/When';

type UsersTableProps = { users: UserDto[]; currentUserId: string; onResetPassword: (user: UserDto) => void };

export function UsersTable({ users, currentUserId, onResetPassword }: UsersTableProps) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateAfterChange('users');
  const update = useMutation(trpc.users.update.mutationOptions());

  function change(user: UserDto, changes: { role?: Role; disabled?: boolean }, done: string) {
    update.mutate(
      { id: user.id, ...changes },
      {
        onSuccess: () => toast.show(done),
        onError: (error) => toast.show(errorMessage(error), 'danger'),
        onSettled: () => invalidate(),
      },
    );
  }

  // Row controls point at the user's e-mail (aria-labelledby / aria-describedby)
  // instead of repeating it, so getByLabel('Role') or getByText(email) find one
  // element each; tests scope row actions with getByRole('row', { name }).
  return (
    <Table caption="Users" columns={['Name', 'Role', 'Status', 'Last sign-in', { label: <HiddenHeader>Actions</HiddenHeader>, className: 'actions' }]}>
      {users.map((user) => {
        const self = user.id === currentUserId;
        const pending = update.isPending && update.variables?.id === user.id ? update.variables : null;
        const emailId = `user-${user.id}-email`;
        return (
          <tr key={user.id}>
            <td>
              <div>
                {user.name} {self && <Badge tone="info">You</Badge>}
              </div>
              <div className="muted" id={emailId} >
                {user.email}
              </div>
            </td>
            <td>
              <select
                className="select select-sm"
                aria-labelledby={emailId}
                value={pending?.role ?? user.role}
                // Changing your own role could lock you out of this page; another admin does it.
                disabled={self || Boolean(pending)}
                title={self ? 'Another admin must change your role' : undefined}
                onChange={(e) => {
                  const role = e.target.value as Role;
                  change(user, { role }, `${user.email} is now ${ROLE_LABELS[role]}.`);
                }}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            </td>
            <td>{user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</td>
            <td className="nowrap">
              <When at={user.lastSignInAt} empty="Never" />
            </td>
            <td className="actions">
              <Button
                size="sm"
                variant={user.disabled ? 'secondary' : 'danger'}
                disabled={self || Boolean(pending)}
                title={self ? 'You cannot disable your own account' : undefined}
                aria-describedby={emailId}
                onClick={() =>
                  change(
                    user,
                    { disabled: !user.disabled },
                    user.disabled ? `${user.email} can sign in again.` : `${user.email} is disabled and signed out.`,
                  )
                }
              >
                {user.disabled ? 'Enable' : 'Disable'}
              </Button>
              <Button size="sm" aria-describedby={emailId} onClick={() => onResetPassword(user)}>
                Reset password
              </Button>
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
