import type { Metadata } from 'next';
import { TokensAdmin } from '@/components/settings/tokens/TokensAdmin';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  await requirePage('token.manage');
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let machines call Runwell: Alertmanager webhooks, CI readiness checks, change submissions and read-only scripts. A token has scopes, never a role."
      />
      <TokensAdmin />
    </>
  );
}
