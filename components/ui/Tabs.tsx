'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import type { KeyboardEvent } from 'react';

// Tabs that live in the URL (?tab=capacity), so a tab can be linked, reloaded
// and reached with Back. Each tab is a link (middle-click opens it in a new
// tab); arrow keys move between them as in any tab list.

export const tabSlug = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The tab the URL names, or the first one. */
export function useUrlTab<T extends string>(tabs: readonly T[], param = 'tab'): T {
  const value = useSearchParams()?.get(param);
  return tabs.find((t) => tabSlug(t) === value) ?? tabs[0]!;
}

function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
  if (!(event.key in keys) && event.key !== 'Home' && event.key !== 'End') return;
  const tabs = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : (at + keys[event.key]! + tabs.length) % tabs.length;
  event.preventDefault();
  tabs[next]?.focus();
}

export function UrlTabs<T extends string>({ tabs, current, label, param = 'tab' }: { tabs: readonly T[]; current: T; label: string; param?: string }) {
  const pathname = usePathname() ?? '';
  const search = useSearchParams();
  const hrefFor = (tab: T) => {
    const params = new URLSearchParams(search?.toString());
    if (tab === tabs[0]) params.delete(param);
    else params.set(param, tabSlug(tab));
    const query = params.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={moveFocus}>
      {tabs.map((t) => (
        <Link
          key={t}
          role="tab"
          href={hrefFor(t)}
          replace
          scroll={false}
          aria-selected={current === t}
          tabIndex={current === t ? 0 : -1}
          id={`tab-${tabSlug(t)}`}
          className="tab"
        >
          {t}
        </Link>
      ))}
    </div>
  );
}
