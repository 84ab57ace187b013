import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { certificatesStripTile } from '../certificates/certificates.service';
import { drStripTile } from '../dr/dr.service';
import { networkStripTile } from '../network/network.service';
import { storageStripTile } from '../storage/storage.service';
import { performanceStripTile } from '../performance/performance.service';
import { listServices } from '../catalog/catalog.service';
import { getSecurityTileFacts } from '../hardening/hardening.service';
import { getToilOverview } from '../toil/toil.service';
import { securityTile, toilTile } from './tiles.compute';
import { noDataTile, type DomainKey, type DomainScope, type DomainTile } from './strip.schema';

// The domain strip (docs/domains.md "Domain strip"): each operations domain's
// tile for the organisation or one service. A domain joins by adding its
// provider below; a provider that fails shows "no data" with the reason
// instead of breaking the overview.

const LABELS: Record<DomainKey, string> = { certificates: 'Certificates', dr: 'Disaster recovery', security: 'Security hardening', network: 'Network', storage: 'Storage', performance: 'Performance', toil: 'Toil' };

type Provider = (ctx: RequestContext, scope: DomainScope & { serviceSlug?: string; serviceTeamId?: string }, now: number) => Promise<DomainTile>;

const PROVIDERS: Record<DomainKey, Provider> = {
  certificates: (ctx, scope, now) => certificatesStripTile(ctx, { serviceSlug: scope.kind === 'service' ? scope.serviceSlug : undefined }, now),
  dr: (ctx, scope, now) => drStripTile(ctx, { serviceId: scope.kind === 'service' ? scope.serviceId : undefined }, now),
  // kube-bench runs per node and Trivy per image: a service shows its clusters' posture, the organisation's.
  security: async (ctx, _scope, now) => {
    const facts = await getSecurityTileFacts(ctx, now);
    return securityTile(facts.clusters, facts.vulnerabilities);
  },
  network: (ctx, scope, now) => networkStripTile(ctx, { serviceSlug: scope.kind === 'service' ? scope.serviceSlug : undefined }, now),
  storage: (ctx, scope, now) => storageStripTile(ctx, { serviceSlug: scope.kind === 'service' ? scope.serviceSlug : undefined }, now),
  performance: (ctx, scope, now) => performanceStripTile(ctx, { serviceSlug: scope.kind === 'service' ? scope.serviceSlug : undefined }, now),
  toil: async (ctx, scope, now) => {
    const { teams } = await getToilOverview(ctx, { sprints: 1 }, now);
    const mine = scope.kind === 'service' ? teams.filter((t) => t.teamId === scope.serviceTeamId) : teams;
    return toilTile(mine.map((t) => ({ teamName: t.teamName, percent: t.current.percent })), '/toil');
  },
};

export async function domainStrip(ctx: RequestContext, scope: DomainScope, now = Date.now()): Promise<DomainTile[]> {
  authorize(ctx, 'app.read', 'You may not view the operations domains');
  const service = scope.kind === 'service' ? (await listServices(ctx)).find((s) => s.id === scope.serviceId) : undefined;
  const serviceSlug = service?.slug;
  const serviceTeamId = service?.teamId;
  const keys = Object.keys(PROVIDERS) as DomainKey[];
  return Promise.all(
    keys.map(async (k) => {
      try {
        return await PROVIDERS[k](ctx, { ...scope, serviceSlug, serviceTeamId }, now);
      } catch (error) {
        return noDataTile(k, LABELS[k], '', '/overview', `Could not compute: ${String((error as Error)?.message ?? error).slice(0, 160)}`);
      }
    }),
  );
}
