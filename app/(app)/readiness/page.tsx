import type { Metadata } from 'next';
import { ReadinessOverview } from '@/components/readiness/ReadinessOverview';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Readiness' };

export default async function ReadinessPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <ReadinessOverview canEvaluate={can(user, 'cluster.manage')} />
    </div>
  );
}
