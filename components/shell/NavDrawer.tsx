'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';

// On a narrow screen the sidebar folds into a top bar with a Menu button that
// opens the navigation as a drawer over the page (the sidebar would otherwise
// push the content ~320 px down on a phone). On a wide screen the button is
// hidden by CSS and the panel is always shown. Keyboard: the button is a
// normal button (aria-expanded), Escape closes and returns focus to it, and
// following a link closes the drawer.
export function NavDrawer({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // A link was followed: the page changed, so the drawer has done its job.
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('a, button')?.focus();
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);

  return (
    <aside className="sidebar" data-open={open ? 'true' : 'false'}>
      <div className="sidebar-top">
        {brand}
        <button
          ref={button}
          type="button"
          className="btn btn-sm menu-button"
          aria-expanded={open}
          aria-controls="app-nav-panel"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? '✕' : '☰'}</span> Menu
        </button>
      </div>
      <div className="sidebar-panel" id="app-nav-panel" ref={panel}>
        {children}
      </div>
      {open && <div className="sidebar-scrim" aria-hidden="true" onClick={() => setOpen(false)} />}
    </aside>
  );
}
