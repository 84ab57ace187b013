import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth/session';

export default async function Home() {
  const user = await currentUser();
  // Executives land on their report; everyone else on the live overview.
  redirect(!user ? '/signin' : user.role === 'executive' ? '/reports' : '/overview');
}
