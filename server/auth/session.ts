import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { sessionUser } from '../users/users.service';
import { authOptions } from './next-auth';
import { can, type Action, type Actor } from '../lib/roles';

export type UserActor = Extract<Actor, { kind: 'user' }>;

export async function currentUser(): Promise<UserActor | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string; sessionVersion?: number } | null;
  if (!session?.userId) return null;
  // Checked on every request: a session ended by sign-out, a password reset,
  // a role change or disabling is refused at once, not when the JWT expires.
  const user = await sessionUser(session);
  return user ? { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role } : null;
}

// Page-level gate: every restricted page calls this itself (the layout alone is
// not enough, since layouts do not re-render on client navigation).
export async function requirePage(action: Action = 'app.read'): Promise<UserActor> {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (!can(user, action)) redirect(`/forbidden?need=${encodeURIComponent(action)}`);
  return user;
}
