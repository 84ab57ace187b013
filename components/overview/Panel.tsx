import Link from 'next/link';
import type { ReactNode } from 'react';
import { errorMessage } from '@/components/trpc/errors';

// The Overview's building blocks: a card linking to its area's page, a big
// figure, and the loading, failed and empty states every card shows the same way.

/** How often every card refreshes its data. */
export const REFRESH_MS = 60_000;

export function Panel({ title, href, linkLabel, summary, children }: { title: string; href: string; linkLabel: string; summary?: ReactNode; children: ReactNode }) {
  return (
    <section className="card overview-card" aria-labelledby={`ov-${href.slice(1)}`}>
      <div className="card-header">
        <h2 id={`ov-${href.slice(1)}`}>{title}</h2>
        <Link href={href} className="btn btn-sm">
          {linkLabel} <span aria-hidden="true">→</span>
        </Link>
      </div>
      <div className="card-body stack">
        {summary}
        {children}
      </div>
    </section>
  );
}

export function Big({ value, label, tone }: { value: ReactNode; label: ReactNode; tone?: 'danger' | 'warning' | 'success' }) {
  return (
    <div className="metric">
      <span className={`metric-value${tone ? ` text-${tone}` : ''}`}>{value}</span>
      <span className="metric-label">{label}</span>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

export function Failed({ error }: { error: unknown }) {
  return (
    <p className="text-danger" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted overview-empty">{children}</p>;
}
