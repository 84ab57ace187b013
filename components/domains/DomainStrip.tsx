'use client';

import './domains.css';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { DomainTile, TileStatus } from '@/server/domains/strip.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Badge, type Tone } from '../ui/Badge';

// The operations domains side by side (docs/domains.md "Domain strip"): on the
// overview for the organisation, on a service page for that service.

const STATUS: Record<TileStatus, { tone: Tone; label: string }> = {
  critical: { tone: 'danger', label: 'Act now' },
  warning: { tone: 'warning', label: 'Attention' },
  ok: { tone: 'success', label: 'Healthy' },
  'no-data': { tone: 'neutral', label: 'No data' },
};

function Tile({ tile }: { tile: DomainTile }) {
  const s = STATUS[tile.status];
  return (
    <Link href={tile.href} className={`domain-tile is-${tile.status}`} aria-label={`${tile.label}: ${tile.value} (${s.label})`} data-domain={tile.domain}>
      <span className="domain-tile-top">
        <span className="domain-tile-label">{tile.label}</span>
        <Badge tone={s.tone}>{s.label}</Badge>
      </span>
      <span className="domain-tile-value">{tile.value}</span>
      <span className="muted domain-tile-detail">
        {tile.signal ? `${tile.signal} · ` : ''}
        {tile.detail}
      </span>
    </Link>
  );
}

export function DomainStrip({ serviceId, title = 'Operations domains' }: { serviceId?: string; title?: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.domains.strip.queryOptions(serviceId ? { serviceId } : {}, { staleTime: 60_000 }));
  return (
    <section aria-label={title} className="domain-strip-section">
      <h2 className="visually-hidden">{title}</h2>
      {q.error ? (
        <p className="muted">Operations domains unavailable: {errorMessage(q.error)}</p>
      ) : (
        <div className="domain-strip" aria-busy={q.isLoading}>
          {(q.data ?? []).map((t) => (
            <Tile key={t.domain} tile={t} />
          ))}
          {q.isLoading && <span className="muted">Loading the operations domains…</span>}
        </div>
      )}
    </section>
  );
}
