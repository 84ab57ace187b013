import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { actorWith, auditFor, expectDomainError, uniqueSlug } from '@/tests/setup/actors';
import { dump } from '@/tests/setup/db';
import { createCluster, deleteCluster, getCluster, kubeconfigContexts, listClusters, syncStatus, testCluster, testConnection } from './clusters.service';

describe('cluster registration', () => {
  let sim: Simulator;
  let secured: Simulator;
  let forbidding: Server;
  let forbiddingUrl: string;

  beforeAll(async () => {
    // Credentials are sealed with this key (a worker or `runwell serve` provides it in production).
    process.env.RUNWELL_SECRET_KEY ??= 'a'.repeat(64);
    sim = await startSimulator({ nodes: 2, pods: 6, seed: 'inv-clusters' });
    secured = await startSimulator({ nodes: 2, pods: 6, seed: 'inv-clusters-tls', token: 's3cret-token', tls: true });
    // An API server whose RBAC forbids listing pods: 403 Status for pods, empty lists elsewhere.
    forbidding = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/version') return res.end(JSON.stringify({ gitVersion: 'v1.31.2', minor: '31' }));
      if (req.url?.startsWith('/api/v1/pods')) {
        res.statusCode = 403;
        return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden: User "runwell" cannot list resource "pods" in API group "" at the cluster scope' }));
      }
      res.end(JSON.stringify({ kind: 'List', metadata: { resourceVersion: '1' }, items: [] }));
    });
    await new Promise<void>((r) => forbidding.listen(0, '127.0.0.1', r));
    forbiddingUrl = `http://127.0.0.1:${(forbidding.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sim.close();
    await secured.close();
    forbidding.close();
  });

  it('registers by token: sealed at rest, never returned, audited; viewers cannot', async () => {
    const engineer = await actorWith('engineer');
    const viewer = await actorWith('viewer');
    const name = uniqueSlug('tok');
    await expectDomainError(createCluster(viewer, { name, connection: { connectionKind: 'simulator', apiUrl: sim.url } }), 'FORBIDDEN');
    const c = await createCluster(engineer, { name, connection: { connectionKind: 'token', apiUrl: secured.url, token: 's3cret-token', insecureSkipTlsVerify: true } });
    expect(c).toMatchObject({ name, connectionKind: 'token', hasCredentials: true, syncState: 'pending' });
    expect(dump(c)).not.toContain('s3cret-token');
    const row = await getPrisma().cluster.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.sealedCredentials).toMatch(/^v1\./);
    expect(row.sealedCredentials).not.toContain('s3cret');
    expect(dump(await listClusters(viewer))).not.toContain('s3cret-token');
    expect(dump(await auditFor('cluster', c.id))).not.toContain('s3cret-token');
    expect((await auditFor('cluster', c.id)).map((a) => a.action)).toContain('cluster.create');
    await expectDomainError(createCluster(engineer, { name, connection: { connectionKind: 'simulator', apiUrl: sim.url } }), 'CONFLICT');

    const result = await testCluster(engineer, { id: c.id });
    expect(result.ok).toBe(true);
    expect(result.serverGitVersion).toBe('v1.30.6');
    expect((await getCluster(viewer, { name })).serverGitVersion).toBe('v1.30.6');
    expect((await syncStatus(viewer, { id: c.id })).kinds).toEqual([]);
    await deleteCluster(engineer, { id: c.id });
    await expectDomainError(getCluster(viewer, { id: c.id }), 'NOT_FOUND');
  });

  it('reads kubeconfig contexts and registers the chosen one', async () => {
    const engineer = await actorWith('engineer');
    const contexts = kubeconfigContexts(engineer, { kubeconfig: sim.kubeconfig() });
    expect(contexts.length).toBeGreaterThan(0);
    expect(contexts[0]!.server).toBe(sim.url);
    const c = await createCluster(engineer, { name: uniqueSlug('kc'), connection: { connectionKind: 'kubeconfig', kubeconfig: sim.kubeconfig(), context: contexts[0]!.name } });
    expect(c).toMatchObject({ connectionKind: 'kubeconfig', apiUrl: sim.url, kubeContext: contexts[0]!.name });
    expect((await testCluster(engineer, { id: c.id })).ok).toBe(true);
    await expectDomainError(
      createCluster(engineer, { name: uniqueSlug('kc'), connection: { connectionKind: 'kubeconfig', kubeconfig: sim.kubeconfig(), context: 'nope' } }),
      'BAD_INPUT',
    );
  });

  // Refused and unknown names read the same (issue 10 #6: the test is no port scanner).
  it.each([
    ['refused', { kind: 'token' as const, apiUrl: 'http://127.0.0.1:1', credentials: 't' }, /^Could not reach 127\.0\.0\.1:1: no connection could be made/],
    ['dns', { kind: 'token' as const, apiUrl: 'https://no-such-host.invalid:6443', credentials: 't' }, /^Could not reach no-such-host\.invalid:6443: no connection could be made/],
  ])('explains %s', async (_label, connection, message) => {
    const result = await testConnection(connection);
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)!.message).toMatch(message);
  });

  it('explains a self-signed certificate, a wrong token and a missing RBAC permission', async () => {
    const tls = await testConnection({ kind: 'token', apiUrl: secured.url, credentials: 's3cret-token' });
    expect(tls.steps.at(-1)!.message).toMatch(/self-signed/);
    const wrong = await testConnection({ kind: 'token', apiUrl: secured.url, credentials: 'wrong', insecureSkipTlsVerify: true });
    expect(wrong.ok).toBe(false);
    expect(wrong.steps.at(-1)!.message).toMatch(/rejected the credentials \(401/);
    const rbac = await testConnection({ kind: 'simulator', apiUrl: forbiddingUrl });
    expect(rbac.ok).toBe(false);
    expect(rbac.serverGitVersion).toBe('v1.31.2');
    expect(rbac.missingPermissions).toEqual(['list pods (core) at cluster scope']);
  });
});
