import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth/session';

export default async function Home() {
  const user = await currentUser();
  redirect(user ? '/overview' : '/signin');
}
