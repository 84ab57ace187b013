import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { MAIN_NAV } from '@/components/shell/nav';
import { Sidebar } from '@/components/shell/Sidebar';
import { TrpcReactProvider } from '@/components/trpc/provider';
import { ToastProvider } from '@/components/ui/Toast';
import { can } from '@/server/lib/roles';
import { currentUser } from '@/server/auth/session';

// The shell for signed-in pages. It only decides what to show; every page
// still calls requirePage() itself, because layouts do not re-run on client
// navigation.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin');
  const items = MAIN_NAV.filter((item) => can(user, item.action));

  return (
    <TrpcReactProvider>
      <ToastProvider>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <div className="shell">
          <Sidebar items={items} user={{ name: user.name, email: user.email, role: user.role }} />
          <main id="main" className="main" tabIndex={-1}>
            {children}
          </main>
        </div>
      </ToastProvider>
    </TrpcReactProvider>
  );
}
