import type { Metadata } from 'next';
import Link from 'next/link';
import { SETTINGS_NAV } from '@/components/shell/nav';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Settings' };

const DESCRIPTIONS: Record<string, string> = {
  '/settings/teams': 'Teams, their members and what they own.',
  '/settings/services': 'The service catalog: owners, tiers and the workloads behind each service.',
  '/settings/users': 'Who can sign in, and the role each person has.',
  '/settings/tokens': 'Tokens for Alertmanager, CI and scripts, with the scopes each may use.',
  '/settings/audit': 'Every change made in Runwell: who, what, when, before and after.',
  '/settings/system': 'Health of Runwell itself: database, workers and integrations.',
};

export default async function SettingsPage() {
  const user = await requirePage('app.read');
  const items = SETTINGS_NAV.filter((item) => can(user, item.action));
  return (
    <>
      <PageHeader title="Settings" description="Configure Runwell for your organisation." />
      <div className="link-grid">
        {items.map((item) => (
          <Link key={item.href} href={item.href} className="link-card">
            <span className="link-card-title">{item.label}</span>
            {DESCRIPTIONS[item.href] && <span className="muted">{DESCRIPTIONS[item.href]}</span>}
          </Link>
        ))}
      </div>
    </>
  );
}
