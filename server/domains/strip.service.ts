import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { certificatesStripTile } from '../certificates/certificates.service';
import { drStripTile } from '../dr/dr.service';
import { listServices } from '../catalog/catalog.service';
import { noDataTile, type DomainKey, type DomainScope, type DomainTile } from './strip.schema';

// The domain strip (docs/domains.md "Domain strip"): each operations domain's
// tile for the organisation or one service. A domain joins by adding its
// provider below; a provider that fails shows "no data" with the reason
// instead of breaking the overview.

const LABELS: Record<DomainKey, string> = { certificates: 'Certificates', dr: 'Disaster recovery', security: 'Security hardening', toil: 'Toil' };

type Provider = (ctx: RequestContext, scope: DomainScope & { serviceSlug?: string }, now: number) => Promise<DomainTile>;

const PROVIDERS: Record<DomainKey, Provider> = {
  certificates: (ctx, scope, now) => certificatesStripTile(ctx, { serviceSlug: scope.kind === 'service' ? scope.serviceSlug : undefined }, now),
  dr: (ctx, scope, now) => drStripTile(ctx, { serviceId: scope.kind === 'service' ? scope.serviceId : undefined }, now),
  // Slots for the security-hardening and toil domains (built separately).
  security: async () => noDataTile('security', 'Security hardening', 'kube-bench score', '/security', 'Not measured yet'),
  toil: async () => noDataTile('toil', 'Toil', 'share of engineering time', '/toil', 'Not measured yet'),
};

export async function domainStrip(ctx: RequestContext, scope: DomainScope, now = Date.now()): Promise<DomainTile[]> {
  authorize(ctx, 'app.read', 'You may not view the operations domains');
  const serviceSlug = scope.kind === 'service' ? (await listServices(ctx)).find((s) => s.id === scope.serviceId)?.slug : undefined;
  const keys = Object.keys(PROVIDERS) as DomainKey[];
  return Promise.all(
    keys.map(async (k) => {
      try {
        return await PROVIDERS[k](ctx, { ...scope, serviceSlug }, now);
      } catch (error) {
        return noDataTile(k, LABELS[k], '', '/overview', `Could not compute: ${String((error as Error)?.message ?? error).slice(0, 160)}`);
      }
    }),
  );
}
