import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { actorWith, auditFor, expectDomainError, rejection, suffix, systemCtx } from '@/tests/setup/actors';
import { createService } from '../catalog/catalog.service';
import { db } from '../database/tx';
import { createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { GET as budgetPolicyRoute } from '@/app/api/v1/services/[id]/budget-policy/route';
import { callRoute } from '@/tests/api/rest';
import { NUL_MESSAGE } from '../lib/text';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import * as repo from './slo.repo';
import { SLOTH_FILE } from './slo.fixtures';
import { parse } from 'yaml';
import { getPrisma } from '../db';
import { SEED_CRD } from './slo.fixtures';
import { createSlo, deleteSlo, exportSlos, importFromCluster, importSlos, listSlos, setBackfillSender, sloRules, updateSlo } from './slo.service';

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const FIVE_MIN = 5 * MINUTE_MS;
const NOW = Math.floor(Date.UTC(2026, 10, 20, 12, 0) / FIVE_MIN) * FIVE_MIN;
const sent: string[] = [];
let slug: string;
let serviceId: string;
let teamId: string;

const events = {
  type: 'events' as const,
  errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
  totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
};

beforeAll(async () => {
  setBackfillSender(async (id) => sent.push(id));
  const team = await createTeam(systemCtx, { slug: `slo-svc-${suffix()}`, name: `SLO svc ${suffix()}` });
  teamId = team.id;
  slug = `payments-${suffix()}`;
  serviceId = (await createService(systemCtx, { slug, name: 'Payments', teamId })).id;
});

/** Steady traffic with `errorShare` errors over [from, to). */
async function seed(seq: number, from: number, to: number, errorShare: number) {
  const buckets: repo.StoredBucket[] = [];
  for (let s = from; s < to; s += FIVE_MIN) buckets.push({ start: s, bad: 1000 * errorShare, total: 1000, missing: false });
  await repo.upsertBuckets(db(), seq, buckets);
}

describe('SLO service', () => {
  it('creates with validation by field path, audit, and a backfill request; names are unique per service', async () => {
    const engineer = await actorWith('engineer');
    const viewer = await actorWith('viewer');
    const input = { slo: { service: slug, name: 'availability', objective: 99.9, sli: events, alerting: { name: 'PaymentsAvailability' } } };
    await expectDomainError(createSlo(viewer, input), 'FORBIDDEN');
    const bad = await rejection(createSlo(engineer, { slo: { ...input.slo, objective: 100, sli: { ...events, errorQuery: 'sum(rate(x[5m]))' } } }));
    expect(bad).toBeInstanceOf(ZodError);
    expect((bad as ZodError).issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['slo.objective', 'slo.sli.errorQuery']));
    const unknown = await expectDomainError(createSlo(engineer, { slo: { ...input.slo, service: 'no-such-service' } }), 'NOT_FOUND');
    expect(unknown.field).toBe('slo.service');

    const created = await createSlo(engineer, input);
    expect(sent).toContain(created.id);
    expect(created).toMatchObject({ serviceSlug: slug, name: 'availability', dataState: 'no-data', band: 'no-data' });
    expect((await auditFor('slo', created.id)).map((a) => a.action)).toEqual(['slo.create']);
    const dup = await expectDomainError(createSlo(engineer, input), 'CONFLICT');
    expect(dup.field).toBe('slo.name');

    const updated = await updateSlo(engineer, { id: created.id, slo: { ...input.slo, objective: 99.5 } });
    expect(updated.objective).toBe(99.5);
    await deleteSlo(engineer, { id: created.id });
    expect((await listSlos(engineer, { serviceId })).map((s) => s.id)).not.toContain(created.id);
    expect((await auditFor('slo', created.id)).map((a) => a.action)).toEqual(['slo.create', 'slo.update', 'slo.delete']);
  });

  it('imports a Sloth file all-or-nothing, naming problems by path; replace updates', async () => {
    const engineer = await actorWith('engineer');
    const text = SLOTH_FILE.replace('service: "myservice"', `service: "${slug}"`);
    const broken = text.replace('objective: 99.9', 'objective: 120');
    const invalid = await importSlos(engineer, { text: broken });
    expect(invalid.ok).toBe(false);
    expect(!invalid.ok && invalid.issues.map((i) => i.path)).toContain('slos[0].objective');

    const first = await importSlos(engineer, { text, fileName: 'myservice.yaml' });
    expect(first).toMatchObject({ ok: true, updated: [] });
    expect(first.ok && first.created).toHaveLength(2);
    const again = await importSlos(engineer, { text });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.issues[0]!.message).toMatch(/already exists/);
    const replaced = await importSlos(engineer, { text, replace: true });
    expect(replaced.ok && replaced.updated).toHaveLength(2);

    const missingService = await importSlos(engineer, { text: SLOTH_FILE.replace('service: "myservice"', 'service: "nope-nope"') });
    expect(!missingService.ok && missingService.issues[0]!.path).toMatch(/\.service$/);

    const slos = await listSlos(engineer, { serviceId });
    expect(slos.map((s) => s.source)).toEqual(['sloth', 'sloth']);
    const exported = await exportSlos(engineer, { ids: slos.map((s) => s.id), format: 'openslo' });
    expect(exported.text).toMatch(/kind: SLO/);
    const v1alpha = await exportSlos(engineer, { ids: slos.map((s) => s.id), format: 'openslo-v1alpha' });
    expect(v1alpha.text).toMatch(/apiVersion: openslo\/v1alpha\n/);
    expect(v1alpha.text).toMatch(/objectives:/);
    const rules = await sloRules(engineer, { ids: slos.map((s) => s.id), format: 'prometheusrule' });
    expect(rules.yaml).toMatch(/kind: PrometheusRule/);
    expect(rules.yaml).toMatch(/slo:sli_error:ratio_rate5m/);
  });

  it('GET /api/v1/services/{id}/budget-policy: bands worst first, tokens and Status errors', async () => {
    const svc = await createService(systemCtx, { slug: `gate-${suffix()}`, name: 'Gate', teamId });
    const healthy = await createSlo(systemCtx, { slo: { service: svc.slug, name: 'healthy', objective: 99.9, sli: events, alerting: { name: 'GateHealthy' } } });
    const burning = await createSlo(systemCtx, { slo: { service: svc.slug, name: 'burning', objective: 99.9, sli: events, alerting: { name: 'GateBurning' } } });
    const rows = await repo.listSlos(db(), { serviceId: svc.id });
    const seqOf = (id: string) => rows.find((r) => r.id === id)!.seq;
    await seed(seqOf(healthy.id), NOW - 30 * DAY_MS, NOW, 0.0001); // 10 % of the budget used
    await seed(seqOf(burning.id), NOW - 30 * DAY_MS, NOW, 0.00095); // 95 % used: freeze

    const admin = await actorWith('admin');
    const read = (await createToken(admin, { name: `read-${suffix()}`, scopes: ['read'] })).secret;
    const alertsOnly = (await createToken(admin, { name: `alerts-${suffix()}`, scopes: ['alerts'] })).secret;
    const call = (token: string | null, id: string) =>
      callRoute(budgetPolicyRoute, new Request('http://x/', { headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: { id }, now: NOW });

    const ok = await call(read, svc.id);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.band).toBe('freeze');
    expect(body.slos.map((s: { name: string }) => s.name)).toEqual(['burning', 'healthy']);
    expect(body.slos[0].budget.remainingPercent).toBeCloseTo(5, 6);
    expect(body.slos[1].band).toBe('normal');
    expect(body.policy.action).toMatch(/freeze/i);

    const unauth = await call(null, svc.id);
    expect(unauth.status).toBe(401);
    expect(await unauth.json()).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
    expect((await call('rw_bogus', svc.id)).status).toBe(401);
    expect((await call(alertsOnly, svc.id)).status).toBe(403);
    const missing = await call(read, 'no-such-id');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound' });
    expect((await call(read, '')).status).toBe(400);
    // Issue 10, finding 9: a NUL in the id was a database error answered 503 + Retry-After.
    const nul = await call(read, 'a\u0000b');
    expect(nul.status).toBe(400);
    expect(await nul.json()).toMatchObject({ reason: 'BadRequest', details: { issues: [{ path: 'id', message: NUL_MESSAGE }] } });

    // The list agrees and filters by band.
    const frozen = await listSlos(systemCtx, { band: 'freeze' }, NOW);
    expect(frozen.map((s) => s.id)).toContain(burning.id);
    expect(frozen.map((s) => s.id)).not.toContain(healthy.id);
  });

  it('imports PrometheusServiceLevel objects found by the inventory collectors', async () => {
    const prisma = getPrisma();
    const svc = await createService(systemCtx, { slug: `payment-service-${suffix()}`, name: 'Payment service', teamId });
    const cluster = await prisma.cluster.create({ data: { name: `prod-${suffix()}` } });
    const crd = parse(SEED_CRD.replaceAll('payment-service', svc.slug)) as { spec: object };
    await prisma.inventoryObject.create({
      data: { clusterId: cluster.id, kind: 'PrometheusServiceLevel', namespace: 'payments', name: 'payment-service-slo', uid: `u-${suffix()}`, resourceVersion: '1', data: { spec: crd.spec } },
    });
    const engineer = await actorWith('engineer');
    const result = await importFromCluster(engineer, { clusterId: cluster.id });
    expect(result).toMatchObject({ ok: true, objects: 1 });
    expect(result.ok && result.created).toHaveLength(2);
    const slos = await listSlos(engineer, { serviceId: svc.id });
    expect(slos.map((s) => s.source)).toEqual(['inventory', 'inventory']);
    const again = await importFromCluster(engineer, { clusterId: cluster.id });
    expect(again.ok && again.updated).toHaveLength(2);
  });
});
