import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKubeBenchImport } from '@/cli/commands/security';
import { CliError } from '@/cli/exit';
import { actorWith, auditFor, expectDomainError, expectIssueAt, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import type { RequestContext } from '../lib/request-context';
import type { Actor } from '../lib/roles';
import { createToken } from '../tokens/tokens.service';
import { POST as kubeBench } from '@/app/api/v1/security/kube-bench/route';
import { callRoute, type Session } from '@/tests/api/rest';
import { getSecurityOverview, importKubeBench } from './hardening.service';

// kube-bench import against Postgres: the service, the REST route (a security
// token; malformed files give field-level errors), the CLI, the score drop
// against the node's previous run, and the security page's figures.
const FIXTURE = path.join(import.meta.dirname, 'fixtures/kube-bench-node.json');
const file = JSON.parse(readFileSync(FIXTURE, 'utf8'));
const NOW = Date.parse('2026-12-05T12:00:00Z');
const noSession = async (): Promise<Actor | null> => null;
const kubeBenchImportResponse = (req: Request, session: Session, now?: number) => callRoute(kubeBench, req, { session, now });
const post = (token: string, query: string, body: string) => new Request(`http://runwell.local/api/v1/security/kube-bench?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

/** The fixture with `n` more passing checks turned into failures. */
function worse(n: number) {
  const d = structuredClone(file);
  let left = n;
  for (const g of d.Controls[0].tests) {
    for (const r of g.results) {
      if (left > 0 && r.status === 'PASS') {
        r.status = 'FAIL';
        left--;
      }
    }
  }
  return d;
}

let engineer: RequestContext;
let viewer: RequestContext;
let cluster: string;
let securityToken: string;
let readToken: string;

beforeAll(async () => {
  [engineer, viewer] = await Promise.all([actorWith('engineer'), actorWith('viewer')]);
  const admin = await actorWith('admin');
  cluster = uniqueSlug('bench');
  await getPrisma().cluster.create({ data: { name: cluster } });
  securityToken = (await createToken(admin, { name: 'kube-bench-job', scopes: ['security'] })).secret;
  readToken = (await createToken(admin, { name: 'reader', scopes: ['read'] })).secret;
});

describe('kube-bench import', () => {
  it('stores a run with its score and findings, audited; a later worse run is a drop', async () => {
    const first = await importKubeBench(engineer, { cluster, node: 'worker-1', runAt: '2026-12-04T10:00:00Z' }, file, 'api', NOW);
    expect(first).toMatchObject({ cluster, node: 'worker-1', score: 72.7, previousScore: null, dropped: false, pass: 8, fail: 3, warn: 3 });
    expect(first.failing.map((f) => f.id)).toEqual(['4.1.5', '4.1.9', '4.2.10']);
    const clusterId = (await getPrisma().cluster.findUniqueOrThrow({ where: { name: cluster } })).id;
    expect((await auditFor('cluster', clusterId)).map((a) => a.action)).toContain('security.kube_bench.import');

    const second = await importKubeBench(engineer, { cluster, node: 'worker-1', runAt: '2026-12-05T10:00:00Z' }, worse(1), 'api', NOW);
    expect(second).toMatchObject({ score: 63.6, previousScore: 72.7, dropped: true });
  });

  it('refuses bad targets and callers', async () => {
    await expectDomainError(importKubeBench(viewer, { cluster, node: 'n' }, file, 'api', NOW), 'FORBIDDEN');
    await expectDomainError(importKubeBench(engineer, { cluster: 'no-such-cluster', node: 'n' }, file, 'api', NOW), 'BAD_INPUT', 'cluster');
    await expectIssueAt(importKubeBench(engineer, { cluster, node: '' }, file, 'api', NOW), 'node');
    await expectIssueAt(importKubeBench(engineer, { cluster, node: 'n' }, worse(0).Controls.map((c: object) => ({ ...c, node_type: 7 })), 'api', NOW), '0.node_type');
  });

  it('answers the REST route with field-level errors for a malformed file', async () => {
    const d = structuredClone(file);
    d.Controls[0].tests[1].results[2].status = 'OK';
    delete d.Controls[0].tests[0].results[1].test_number;
    const bad = await kubeBenchImportResponse(post(securityToken, `cluster=${cluster}&node=worker-2`, JSON.stringify(d)), noSession, NOW);
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([
      { path: 'Controls[0].tests[0].results[1].test_number', message: 'must be the check number, e.g. "1.1.1"' },
      { path: 'Controls[0].tests[1].results[2].status', message: 'must be PASS, FAIL, WARN or INFO' },
    ]);
    const notJson = await kubeBenchImportResponse(post(securityToken, `cluster=${cluster}&node=worker-2`, '[PASS] 1.1.1 ...'), noSession, NOW);
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).issues[0].path).toBe('');
    const noNode = await kubeBenchImportResponse(post(securityToken, `cluster=${cluster}`, JSON.stringify(file)), noSession, NOW);
    expect((await noNode.json()).issues.map((i: { path: string }) => i.path)).toEqual(['node']);
    expect((await kubeBenchImportResponse(post(readToken, `cluster=${cluster}&node=worker-2`, JSON.stringify(file)), noSession, NOW)).status).toBe(403);

    const ok = await kubeBenchImportResponse(post(securityToken, `cluster=${cluster}&node=worker-2&runAt=2026-12-05T11:00:00Z`, JSON.stringify(file.Controls)), noSession, NOW);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ node: 'worker-2', score: 72.7 });
  });

  it('imports a file with the CLI (exit 1 when the score dropped)', async () => {
    const printed: string[] = [];
    const io = { out: (s: string) => printed.push(s), read: async (f: string) => readFileSync(f, 'utf8'), local: (t: object, r: unknown) => importKubeBench(systemCtx, t, r, 'cli', NOW), fetch };
    await runKubeBenchImport(FIXTURE, { cluster, node: 'worker-3', runAt: '2026-12-05T09:00:00Z', format: 'human' }, io);
    expect(printed.join('')).toContain(`kube-bench ${cluster}/worker-3: score 72.7; 8 pass, 3 fail, 3 warn`);
    const err = await runKubeBenchImport(FIXTURE, { cluster, node: 'worker-1', runAt: '2026-12-05T11:30:00Z', format: 'human' }, io).catch((e: unknown) => e);
    // worker-1 was at 63.6 and the fixture scores 72.7: a rise, not a drop.
    expect(err).toBeUndefined();
    const io2 = { ...io, read: async () => JSON.stringify(worse(3)) };
    const dropped = await runKubeBenchImport('worse.json', { cluster, node: 'worker-3', runAt: '2026-12-05T10:00:00Z', format: 'human' }, io2).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(CliError);
    expect((dropped as CliError).exitCode).toBe(1);
  });

  it('shows each node’s latest run, the cluster score and the failing checks with their remediation', async () => {
    const o = await getSecurityOverview(viewer, NOW);
    const c = o.kubeBench.clusters.find((x) => x.clusterName === cluster)!;
    // worker-1 72.7 (8/3), worker-2 72.7, worker-3 45.5 (5/6): 21 pass, 12 fail.
    expect(c).toMatchObject({ nodes: 3, score: 63.6, fail: 12 });
    expect(c.trend.map((p) => p.day)).toEqual(['2026-12-04', '2026-12-05']);
    const nodes = o.kubeBench.nodes.filter((n) => n.clusterName === cluster);
    expect(nodes[0]).toMatchObject({ node: 'worker-3', score: 45.5, previousScore: 72.7 });
    const check = o.kubeBench.failing.find((f) => f.id === '4.1.5')!;
    expect(check.remediation).toContain('chmod 600 /etc/kubernetes/kubelet.conf');
    expect(check.nodes.filter((n) => n.clusterName === cluster).map((n) => n.node).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(o.networkPolicy.without).toBeLessThanOrEqual(o.networkPolicy.workloads);
    expect(o.vulnerabilities.reports).toBeGreaterThanOrEqual(0);
  });
});
