import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { Actor } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { declareIncident, transition } from '../incidents/incidents.service';
import { createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { GET as monthlyReportRoute } from '@/app/api/v1/reports/monthly/route';
import { callRoute, type Session } from '@/tests/api/rest';
import { monthlyReport } from './reports.service';

// The executive report over a real database: a month's incidents with MTTR,
// the month before for comparison, who may read it (role and token scope).

let executive: RequestContext;
let viewer: RequestContext;
let reportsToken: string;
let readToken: string;
const noSession = async (): Promise<Actor | null> => null;
const monthlyReportResponse = (req: Request, session: Session, now?: number) => callRoute(monthlyReportRoute, req, { session, now });
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://runwell.local${path}`, { headers: { host: 'runwell.local', ...headers } });
const now = Date.parse('2026-12-05T12:00:00Z');
// A month of its own, so that other test files' incidents do not change the counts.
const month = '2024-03';

beforeAll(async () => {
  const [ic, admin] = await Promise.all([actorWith('incident_commander', 'reports.test'), actorWith('admin', 'reports.test')]);
  [executive, viewer] = await Promise.all([actorWith('executive', 'reports.test'), actorWith('viewer', 'reports.test')]);
  const teamId = (await createTeam(systemCtx, { slug: uniqueSlug('rep-team'), name: uniqueSlug('Reports team') })).id;
  const serviceId = (await createService(systemCtx, { slug: uniqueSlug('rep-svc'), name: 'Reports svc', teamId })).id;
  const incident = async (startedAt: string, severity: 'P1' | 'P2', minutesToResolve: number) => {
    const t0 = Date.parse(startedAt);
    const inc = await declareIncident(ic, { title: uniqueSlug('rep'), severity, serviceIds: [serviceId], startedAt: new Date(t0) }, t0);
    await transition(ic, { id: inc.id, to: 'resolved' }, t0 + minutesToResolve * 60_000);
  };
  await incident('2024-03-04T10:00:00Z', 'P1', 90);
  await incident('2024-03-12T10:00:00Z', 'P2', 30);
  await incident('2024-02-10T10:00:00Z', 'P2', 20);
  reportsToken = (await createToken(admin, { name: 'bi', scopes: ['reports'] })).secret;
  readToken = (await createToken(admin, { name: 'reader', scopes: ['read'] })).secret;
});

describe('monthly report', () => {
  it('counts the month’s incidents by severity with MTTR, against the month before', async () => {
    const r = await monthlyReport(executive, { month }, now);
    expect(r.period).toMatchObject({ month: '2024-03', label: 'March 2024' });
    expect(r.previous.month).toBe('2024-02');
    expect(r.current.incidents.bySeverity.P1).toEqual({ count: 1, mttrMinutes: 90 });
    expect(r.current.incidents.bySeverity.P2).toEqual({ count: 1, mttrMinutes: 30 });
    expect(r.prior.incidents.total).toBe(1);
    expect(r.deltas.find((d) => d.key === 'incidents')).toMatchObject({ current: 2, previous: 1, change: 1 });
    // The slow P1 is a risk in words.
    expect(r.risks.map((x) => x.text).join(' ')).toMatch(/P1 incidents took 90 minutes/);
    expect(r.maturityNow.level).toBeGreaterThanOrEqual(1);
  });

  it('defaults to the last full month', async () => {
    const r = await monthlyReport(executive, {}, now);
    expect(r.period.month).toBe('2026-11');
  });

  it('is for executives and admins', async () => {
    await expectDomainError(monthlyReport(viewer, { month }, now), 'FORBIDDEN');
  });
});

describe('GET /api/v1/reports/monthly', () => {
  it('answers a reports token with JSON', async () => {
    const res = await monthlyReportResponse(get(`/api/v1/reports/monthly?month=${month}`, { authorization: `Bearer ${reportsToken}` }), noSession, now);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { period: { month: string }; current: { incidents: { total: number } } };
    expect(body.period.month).toBe(month);
    expect(body.current.incidents.total).toBe(2);
  });

  it.each([
    { name: 'no credentials', path: `/api/v1/reports/monthly`, headers: {}, status: 401 },
    { name: 'a read-only token', path: `/api/v1/reports/monthly`, headers: { authorization: `Bearer ${'READ'}` }, status: 403 },
    { name: 'a malformed month', path: `/api/v1/reports/monthly?month=2024-13`, headers: { authorization: `Bearer ${'REPORTS'}` }, status: 400 },
  ])('refuses $name', async ({ path, headers, status }) => {
    const auth = headers.authorization?.replace('READ', readToken).replace('REPORTS', reportsToken);
    const res = await monthlyReportResponse(get(path, auth ? { authorization: auth } : {}), noSession, now);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: string; issues?: { path: string }[] };
    if (status === 400) expect(body.issues?.[0]?.path).toBe('month');
    else expect(body.error).toBeTruthy();
  });
});
