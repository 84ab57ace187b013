'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { UserDto } from '@/server/users/users.schema';
import { useTRPC } from '../../trpc/client';
import { errorMessage } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Card } from '../../ui/Card';
import { CreateUserForm } from './CreateUserForm';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UsersTable } from './UsersTable';

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const [resetFor, setResetFor] = useState<UserDto | null>(null);

  return (
    <>
      <Card title="Add a user">
        <CreateUserForm />
      </Card>
      <Card title={users.data ? `People (${users.data.length})` : 'People'} flush>
        {users.isPending && <p className="card-body muted">Loading users…</p>}
        {users.isError && (
          <div className="card-body">
            <Alert tone="danger" title="Users could not be loaded">
              {errorMessage(users.error)}
            </Alert>
          </div>
        )}
        {users.data && <UsersTable users={users.data} currentUserId={currentUserId} onResetPassword={setResetFor} />}
      </Card>
      <ResetPasswordDialog user={resetFor} onClose={() => setResetFor(null)} />
    </>
  );
}
