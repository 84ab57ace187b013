'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { lagLabel, type ChainItem, type ChainNode } from '@/server/postmortems/chain.compute';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import './chain.css';

// The linked timeline (docs/postmortems.md, "The chain"): change -> burn ->
// alert -> page -> incident -> post-mortem -> action items, top to bottom,
// each stage linking to its page. A stage Runwell knows nothing of is shown
// as a gap (dashed), not hidden: "nobody was paged" is part of the story.

function ItemLink({ item }: { item: ChainItem }) {
  if (!item.href) return <span>{item.label}</span>;
  return item.href.startsWith('http') ? (
    <a href={item.href} rel="noreferrer noopener" target="_blank">
      {item.label}
    </a>
  ) : (
    <Link href={item.href}>{item.label}</Link>
  );
}

export function ChainList({ nodes }: { nodes: readonly ChainNode[] }) {
  return (
    <ol className="chain" aria-label="Chain from change to action items">
      {nodes.map((n) => (
        <li key={n.stage} className={`chain-node chain-${n.tone}${n.present ? '' : ' chain-gap'}`} data-stage={n.stage}>
          <div className="chain-head">
            <span className="chain-stage">{n.label}</span>
            {n.lagMs !== null && <span className="chain-lag" title="Time since the previous stage">{lagLabel(n.lagMs)}</span>}
          </div>
          <div className="chain-headline">{n.href ? <Link href={n.href}>{n.headline}</Link> : n.headline}</div>
          {n.items.length > 0 && (
            <ul className="chain-items">
              {n.items.map((item, i) => (
                <li key={i} className={`chain-item-${item.tone}`}>
                  <ItemLink item={item} /> <span className="muted">{item.note}</span>
                </li>
              ))}
              {n.more > 0 && <li className="muted">and {n.more} more</li>}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

/** One line per stage, wrapping: the service page shows several incidents' chains. */
export function CompactChain({ nodes }: { nodes: readonly ChainNode[] }) {
  return (
    <ol className="chain-compact">
      {nodes.map((n) => (
        <li key={n.stage} className={`chain-chip chain-${n.tone}${n.present ? '' : ' chain-gap'}`} data-stage={n.stage}>
          <span className="chain-stage">{n.label}</span> {n.href ? <Link href={n.href}>{n.headline}</Link> : <span>{n.headline}</span>}
        </li>
      ))}
    </ol>
  );
}

/** The incident page's "Chain" section. */
export function IncidentChainCard({ incidentId }: { incidentId: string }) {
  const trpc = useTRPC();
  const chain = useQuery(trpc.postmortems.chain.queryOptions({ incidentId }));
  return (
    <Card id="chain" title="Chain" aria-label="Chain">
      <p className="muted">From the change before it to the action items after it; each step links to its page.</p>
      {chain.isError && <Alert tone="danger">{errorMessage(chain.error)}</Alert>}
      {chain.isPending && <p className="muted">Loading…</p>}
      {chain.data && <ChainList nodes={chain.data.nodes} />}
    </Card>
  );
}

/** The service page's last incidents, each as a compact chain. */
export function ServiceChains({ serviceId, limit = 5 }: { serviceId: string; limit?: number }) {
  const trpc = useTRPC();
  const chains = useQuery(trpc.postmortems.serviceChains.queryOptions({ serviceId, limit }));
  return (
    <Card title="Incident chains" aria-label="Incident chains">
      {chains.isError && <Alert tone="danger">{errorMessage(chains.error)}</Alert>}
      {chains.isPending && <p className="muted">Loading…</p>}
      {chains.data?.length === 0 && <p className="muted">No incident has touched this service.</p>}
      {chains.data?.map((c) => (
        <section key={c.incident.id} className="chain-incident" aria-label={`Chain of incident #${c.incident.number}`}>
          <h3>
            <Link href={`/incidents/${c.incident.id}`}>
              #{c.incident.number} {c.incident.title}
            </Link>{' '}
            <span className="muted">
              {c.incident.severity} · {c.incident.stateLabel} · <When at={c.incident.startedAt} />
            </span>
          </h3>
          <CompactChain nodes={c.nodes} />
        </section>
      ))}
    </Card>
  );
}
