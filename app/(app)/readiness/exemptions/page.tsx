import type { Metadata } from 'next';
import { ExemptionsView } from '@/components/readiness/ExemptionsView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Readiness exemptions' };

export default async function ExemptionsPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <ExemptionsView viewer={{ id: user.id, canApprove: can(user, 'readiness.approve'), canRequest: can(user, 'readiness.exempt') }} />
    </div>
  );
}
