import type { Metadata } from 'next';
import { ToilView } from '@/components/toil/ToilView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { can } from '@/server/lib/roles';

export const metadata: Metadata = { title: 'Toil' };

export default async function ToilPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader
        title="Toil"
        description="Toil per team and sprint: hours people log plus what on-call measured (pages handled, time to resolve manual pages), against the team’s engineering hours. The SRE contract: over 50 %, halt feature work and invest in automation."
      />
      <ToilView canLog={can(user, 'toil.log')} canConfigure={can(user, 'toil.configure')} userEmail={user.email} />
    </div>
  );
}
