import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SETTINGS_NAV } from '@/components/shell/nav';
import { NavList } from '@/components/shell/NavList';
import { can } from '@/server/lib/roles';
import { currentUser } from '@/server/auth/session';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  const items = SETTINGS_NAV.filter((item) => can(user, item.action));
  return (
    <div className="settings">
      <NavList items={items} label="Settings" className="subnav" />
      <div className="page">{children}</div>
    </div>
  );
}
