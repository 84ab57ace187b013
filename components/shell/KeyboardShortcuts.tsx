'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../ui/Dialog';
import type { NavItem } from './nav';

const SEQUENCE_TIMEOUT_MS = 1200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// Two-key sequences from MAIN_NAV ("g o") plus "?" for the list. Ignored while
// typing or with modifier keys, so they never steal browser or form input.
export function KeyboardShortcuts({ items }: { items: NavItem[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const keys = useRef<{ key: string; at: number }[]>([]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (event.key === '?') {
        event.preventDefault();
        setOpen(true);
        return;
      }
      const now = Date.now();
      keys.current = [...keys.current.filter((k) => now - k.at < SEQUENCE_TIMEOUT_MS), { key: event.key, at: now }].slice(-2);
      const typed = keys.current.map((k) => k.key).join(' ');
      const match = items.find((item) => item.shortcut && typed.endsWith(item.shortcut));
      if (match) {
        event.preventDefault();
        keys.current = [];
        router.push(match.href);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [items, router]);

  return (
    <>
      <button type="button" className="btn btn-sm btn-ghost" onClick={() => setOpen(true)} aria-keyshortcuts="?">
        Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
        <dl className="shortcut-list">
          {items
            .filter((item) => item.shortcut)
            .map((item) => (
              <Shortcut key={item.href} keys={item.shortcut!} description={`Go to ${item.label}`} />
            ))}
          <Shortcut keys="?" description="Show this list" />
          <Shortcut keys="Esc" description="Close a dialog" />
        </dl>
      </Dialog>
    </>
  );
}

function Shortcut({ keys, description }: { keys: string; description: string }) {
  return (
    <>
      <dt>
        {keys.split(' ').map((k, i) => (
          <span key={i}>
            {i > 0 && ' then '}
            <kbd>{k}</kbd>
          </span>
        ))}
      </dt>
      <dd>{description}</dd>
    </>
  );
}
