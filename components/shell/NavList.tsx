'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isCurrentPath } from './current-path';
import type { NavItem } from './nav';

// A labelled <nav> whose current entry carries aria-current="page".
export function NavList({ items, label, className }: { items: NavItem[]; label: string; className?: string }) {
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label={label} className={className}>
      <ul className="nav-list">
        {items.map((item) => {
          const current = isCurrentPath(pathname, item.href);
          return (
            <li key={item.href}>
              <Link href={item.href} className="nav-link" aria-current={current ? 'page' : undefined}>
                <span>{item.label}</span>
                {item.shortcut && (
                  <span className="nav-shortcut" aria-hidden="true">
                    {item.shortcut}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
