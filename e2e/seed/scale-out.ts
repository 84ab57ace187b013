// The scale-out spec's installation (e2e/scale-out.spec.ts), made through
// Runwell's services as an operator would with `runwell user create`, `runwell
// cluster add` and `runwell token create`, in one process instead of 22: an
// admin, a team with a tier-1 service (its alerts page), one cluster per
// simulator URL, and an API token with the alerts scope for the webhook.
//
//   DATABASE_URL=... tsx e2e/seed/scale-out.ts <run> <simulator URL>...
//
// Prints {"token": secret, "service": slug, "clusters": [names]}.
import { randomBytes } from 'node:crypto';
import { disconnectDatabase } from '../../server/database/lifecycle';
import { createService } from '../../server/catalog/catalog.service';
import { createCluster } from '../../server/clusters/clusters.service';
import type { RequestContext } from '../../server/lib/request-context';
import { createTeam } from '../../server/teams/teams.service';
import { createToken } from '../../server/tokens/tokens.service';
import { createUser } from '../../server/users/users.service';

const system: RequestContext = { actor: { kind: 'system', id: 'system', name: 'e2e scale-out seed' }, requestId: null };

async function main() {
  const [run, ...urls] = process.argv.slice(2);
  if (!run || urls.length === 0) throw new Error('usage: scale-out.ts <run> <simulator URL>...');
  const email = `admin.${run}@scale.runwell.test`;
  await createUser(system, { email, name: `Scale admin ${run}`, role: 'admin', password: randomBytes(18).toString('base64url') });
  const team = await createTeam(system, { slug: `scale-${run}`, name: `Scale team ${run}` });
  const service = await createService(system, { slug: `scale-${run}`, name: `Scale service ${run}`, teamId: team.id, tier: 'tier1' });
  const clusters: string[] = [];
  for (const [i, apiUrl] of urls.entries()) {
    const cluster = await createCluster(system, { name: `scale-${run}-${String(i + 1).padStart(2, '0')}`, connection: { connectionKind: 'simulator', apiUrl } });
    clusters.push(cluster.name);
  }
  const { secret } = await createToken(system, { name: `alertmanager-${run}`, scopes: ['alerts'] }, new Date(), { ownerEmail: email });
  process.stdout.write(`${JSON.stringify({ token: secret, service: service.slug, clusters })}\n`);
}

main()
  .then(() => disconnectDatabase())
  .catch(async (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    await disconnectDatabase().catch(() => undefined);
    process.exit(1);
  });
