import { headers } from 'next/headers';
import Link from 'next/link';
import { ACTIONS, ROLE_LABELS, type Action } from '@/server/lib/roles';
import { currentUser } from '@/server/auth/session';

// Only known permission names are shown; anything else in the URL is ignored.
function knownAction(value: string | null): Action | null {
  return (ACTIONS as readonly string[]).includes(value ?? '') ? (value as Action) : null;
}

// Rendered with status 403 wherever forbidden() is called (app/forbidden/page.tsx,
// where requirePage() redirects). The missing permission comes from ?need=,
// which proxy.ts copies into x-runwell-need (this file cannot read search params).
export default async function Forbidden() {
  const need = knownAction((await headers()).get('x-runwell-need'));
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
