import Link from 'next/link';
import { ROLE_LABELS, type Role } from '@/server/lib/roles';
import { KeyboardShortcuts } from './KeyboardShortcuts';
import type { NavItem } from './nav';
import { NavDrawer } from './NavDrawer';
import { NavList } from './NavList';
import { SignOutButton } from './SignOutButton';
import { ThemeToggle } from './ThemeToggle';
import './shell.css';

type SidebarProps = { items: NavItem[]; user: { name: string; email: string; role: Role } };

export function Sidebar({ items, user }: SidebarProps) {
  return (
    <NavDrawer
      brand={
        <Link href="/overview" className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          Runwell
        </Link>
      }
    >
      <NavList items={items} label="Main" />
      <div className="sidebar-footer">
        <div>
          <p className="user-name" title={user.email}>
            {user.name || user.email}
          </p>
          <p className="muted">{ROLE_LABELS[user.role]}</p>
        </div>
        <div className="sidebar-actions">
          <SignOutButton />
          <ThemeToggle />
        </div>
        <KeyboardShortcuts items={items} />
      </div>
    </NavDrawer>
  );
}
