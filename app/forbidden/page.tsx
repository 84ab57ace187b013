import type { Metadata } from 'next';
import Link from 'next/link';
import { ACTIONS, ROLE_LABELS, type Action } from '@/server/lib/roles';
import { currentUser } from '@/server/auth/session';

export const metadata: Metadata = { title: 'No access' };

type SearchParams = Promise<{ need?: string | string[] }>;

// Only known permission names are shown; anything else in the URL is ignored.
function knownAction(raw: string | string[] | undefined): Action | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (ACTIONS as readonly string[]).includes(value ?? '') ? (value as Action) : null;
}

export default async function ForbiddenPage({ searchParams }: { searchParams: SearchParams }) {
  const need = knownAction((await searchParams).need);
  const user = await currentUser();

  return (
    <main className="center-page">
      <div className="center-card">
        <h1>You do not have access</h1>
        <p>
          {need ? (
            <>
              This page needs the <code>{need}</code> permission
            </>
          ) : (
            'This page needs a permission'
          )}
          {user ? (
            <>
              , and your role (<strong>{ROLE_LABELS[user.role]}</strong>) does not include it.
            </>
          ) : (
            ' that you do not have.'
          )}
        </p>
        <p className="muted">If you need it for your work, ask a Runwell admin to change your role.</p>
        <div className="row">
          <Link className="btn btn-primary" href={user ? '/overview' : '/signin'}>
            {user ? 'Go to overview' : 'Sign in'}
          </Link>
        </div>
      </div>
    </main>
  );
}
