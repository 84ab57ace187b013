import type { Metadata } from 'next';
import { UsersAdmin } from '@/components/settings/users/UsersAdmin';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Users and roles' };

export default async function UsersPage() {
  const me = await requirePage('user.manage');
  return (
    <>
      <PageHeader
        title="Users and roles"
        description="People who can sign in to Runwell. A role decides what each person may see and change."
      />
      <UsersAdmin currentUserId={me.id} />
    </>
  );
}
