import type { Metadata } from 'next';
import { ChangeLedger } from '@/components/changes/ChangeLedger';
import { DeclaredFreezes } from '@/components/changes/DeclaredFreezes';
import { DoraPanel } from '@/components/changes/DoraPanel';
import { FreezeCalendar } from '@/components/changes/FreezeCalendar';
import { ButtonLink } from '@/components/ui/Button';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { can } from '@/server/lib/roles';

export const metadata: Metadata = { title: 'Changes' };

export default async function ChangesPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader
        title="Changes"
        description="Every production change and the gate it passed: tier approvals, freeze windows in each team's time zone, and the error-budget policy of its services."
        actions={
          can(user, 'change.submit') || can(user, 'change.approve') ? (
            <>
              {can(user, 'change.approve') && <ButtonLink href="/changes/approvals">Approvals</ButtonLink>}
              {can(user, 'change.submit') && (
                <ButtonLink href="/changes/new" variant="primary">
                  Record a change
                </ButtonLink>
              )}
            </>
          ) : undefined
        }
      />
      <div className="stack">
        <DoraPanel />
        <ChangeLedger />
        <FreezeCalendar />
        <DeclaredFreezes canManage={can(user, 'settings.manage')} />
      </div>
    </div>
  );
}
