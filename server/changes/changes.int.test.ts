import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, expectIssueAt, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { Actor } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { POST as postChange } from '@/app/api/v1/changes/route';
import { PATCH as patchChange } from '@/app/api/v1/changes/[id]/route';
import { GET as getGate } from '@/app/api/v1/changes/gate/route';
import { callRoute, type Session } from '@/tests/api/rest';
import { approvalInbox, approveChange, createChange, getChange, listChanges, overrideChange, transitionChange } from './changes.service';

// The ledger against Postgres: the gate's decision becomes the status,
// approvals (never by the author) and a break-glass override move it on, every
// mutation is audited, and the REST API answers CI with the same decision.
const WEDNESDAY = Date.parse('2026-01-21T12:00:00Z');
const SATURDAY = Date.parse('2026-01-17T12:00:00Z');
const noSession = async (): Promise<Actor | null> => null;
const createChangeResponse = (req: Request, session: Session, now?: number) => callRoute(postChange, req, { session, now });
const patchChangeResponse = (req: Request, params: { id: string }, session: Session, now?: number) => callRoute(patchChange, req, { params, session, now });
const gateResponse = (req: Request, session: Session, now?: number) => callRoute(getGate, req, { session, now });
const req = (method: string, path: string, token: string, body?: unknown) =>
  new Request(`http://runwell.local${path}`, { method, headers: { host: 'runwell.local', authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

let engineer: RequestContext;
let ic: RequestContext;
let admin: RequestContext;
let viewer: RequestContext;
let svc: string;
let changesToken: string;
let readToken: string;

beforeAll(async () => {
  [engineer, ic, admin, viewer] = await Promise.all([actorWith('engineer'), actorWith('incident_commander'), actorWith('admin'), actorWith('viewer')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('chg-team'), name: 'Change team', timeZone: 'Europe/Berlin' });
  svc = (await createService(systemCtx, { slug: uniqueSlug('chg-svc'), name: 'Change checkout', teamId: team.id })).slug;
  changesToken = (await createToken(admin, { name: 'ci', scopes: ['changes'] })).secret;
  readToken = (await createToken(admin, { name: 'reader', scopes: ['read'] })).secret;
});

describe('recording and gating', () => {
  it('holds a T2 on a Saturday (weekend freeze in the team zone) and says until when', async () => {
    const r = await createChange(engineer, { title: 'Raise HPA max', services: [svc], tier: 'T2' }, 'ui', SATURDAY);
    expect(r.change.status).toBe('held');
    expect(r.gate.decision).toBe('hold');
    expect(r.gate.freeze?.untilLocal).toBe('Mon 2026-01-19 09:00 Europe/Berlin');
    expect((await auditFor('change', r.change.id)).map((a) => a.action)).toEqual(['change.create']);
  });

  it('a T2 on a Wednesday waits for a team lead: the author may not approve, an IC may; then it starts and finishes', async () => {
    const { change } = await createChange(engineer, { title: 'New ingress host', services: [svc], tier: 'T2', runbookUrl: 'https://runbooks.example/ingress' }, 'ui', WEDNESDAY);
    expect(change.status).toBe('pending_approval');
    expect(change.requires).toEqual(['team_lead']);
    await expectDomainError(approveChange(engineer, { id: change.id }, WEDNESDAY), 'FORBIDDEN');
    await expectDomainError(approveChange(viewer, { id: change.id }, WEDNESDAY), 'FORBIDDEN');
    const detail = await getChange(ic, { id: change.id });
    expect(detail.viewer.canApprove).toEqual(['team_lead']);
    const approved = await approveChange(ic, { id: change.id, comment: 'ok' }, WEDNESDAY);
    expect(approved.status).toBe('approved');
    expect(approved.approvals.map((a) => a.kind)).toEqual(['team_lead']);
    await transitionChange(engineer, { id: change.id, status: 'in_progress' }, WEDNESDAY + 60_000);
    const done = await transitionChange(engineer, { id: change.id, status: 'succeeded' }, WEDNESDAY + 120_000);
    expect(done.finishedAt).toBe(WEDNESDAY + 120_000);
    const timeline = (await getChange(viewer, { id: change.id })).timeline.map((e) => e.kind);
    expect(timeline).toEqual(['recorded', 'approval', 'gate', 'status', 'status']);
    expect((await auditFor('change', change.id)).map((a) => a.action).sort()).toEqual(['change.approve', 'change.create', 'change.transition', 'change.transition']);
  });

  it('a held change moves by override only (IC/admin, with a reason, audited)', async () => {
    const { change } = await createChange(engineer, { title: 'Quota bump', services: [svc], tier: 'T2' }, 'ui', SATURDAY);
    await expectDomainError(transitionChange(engineer, { id: change.id, status: 'in_progress' }, SATURDAY), 'CONFLICT', 'status');
    await expectDomainError(overrideChange(engineer, { id: change.id, reason: 'customer outage fix' }, SATURDAY), 'FORBIDDEN');
    await expectIssueAt(overrideChange(admin, { id: change.id, reason: 'fix' }, SATURDAY), 'reason');
    const over = await overrideChange(admin, { id: change.id, reason: 'Checkout outage fix, CEO informed' }, SATURDAY);
    expect(over.status).toBe('approved');
    expect(over.override?.reason).toBe('Checkout outage fix, CEO informed');
    expect((await auditFor('change', change.id)).map((a) => a.action)).toContain('change.override');
  });

  it('refuses unknown services and bad fields with their paths', async () => {
    await expectDomainError(createChange(engineer, { title: 'Nope', services: ['no-such-service'], tier: 'T1' }), 'BAD_INPUT', 'services');
    await expectIssueAt(createChange(engineer, { title: 'Bad tier', services: [svc], tier: 'T9' }), 'tier');
    await expectIssueAt(createChange(engineer, { title: 'Bad sha', services: [svc], tier: 'T1', commitSha: 'xyz' }), 'commitSha');
  });

  it('lists newest first with filters', async () => {
    const held = await listChanges(viewer, { service: svc, status: 'held' });
    expect(held.items.length).toBeGreaterThanOrEqual(1);
    expect(held.items.every((c) => c.status === 'held')).toBe(true);
  });
});

describe('REST for CI', () => {
  it('POST records once per externalId and answers with the gate decision; PATCH moves the status', async () => {
    const externalId = uniqueSlug('gha-run');
    const body = { title: 'Bump image to 1.4.2', services: [svc], tier: 'T1', commitSha: 'abcdef1234567', externalId };
    const first = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, body), noSession, WEDNESDAY);
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({ status: 'approved', source: 'api', gate: { decision: 'allow', rollbackSla: '< 5 min automated rollback' } });
    const again = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, body), noSession, WEDNESDAY);
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(created.id);
    const patched = await patchChangeResponse(req('PATCH', `/api/v1/changes/${created.id}`, changesToken, { status: 'rolled_back' }), { id: created.id }, noSession);
    expect(patched.status).toBe(409);
    const started = await patchChangeResponse(req('PATCH', `/api/v1/changes/${created.id}`, changesToken, { status: 'in_progress' }), { id: created.id }, noSession, WEDNESDAY);
    expect((await started.json()).status).toBe('in_progress');
  });

  it('answers zod errors with field paths, and refuses a read token', async () => {
    const bad = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, { title: 'x', services: [], tier: 'T4', prUrl: 'ftp://x' }), noSession);
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['prUrl', 'services', 'tier', 'title']);
    expect((await createChangeResponse(req('POST', '/api/v1/changes', readToken, { title: 'xyz', services: [svc], tier: 'T1' }), noSession)).status).toBe(403);
  });

  it('POST without a tier asks the tier assistant about the manifests, records its tier and says why', async () => {
    const hpa = (max: number) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web, namespace: shop}\nspec: {minReplicas: 2, maxReplicas: ${max}}\n`;
    const res = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, { title: 'Raise the HPA ceiling', services: [svc], manifests: { before: hpa(10), after: hpa(20) } }), noSession, WEDNESDAY);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ tier: 'T2', tierSuggestion: { tier: 'T2' }, gate: { decision: 'needs_approval' } });
    expect(body.tierSuggestion.reasons[0]).toMatchObject({ tier: 'T2', kind: 'HorizontalPodAutoscaler', name: 'web' });
    const timeline = (await getChange(viewer, { id: body.id })).timeline.map((e) => e.message);
    expect(timeline.some((m) => /^Tier T2 set by the tier assistant: /.test(m))).toBe(true);

    const neither = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, { title: 'No tier', services: [svc] }), noSession, WEDNESDAY);
    expect(neither.status).toBe(400);
    expect((await neither.json()).issues).toEqual([{ path: 'tier', message: expect.stringMatching(/tier assistant/) }]);
    const unreadable = await createChangeResponse(req('POST', '/api/v1/changes', changesToken, { title: 'Bad YAML', services: [svc], manifests: { before: '', after: 'kind: [' } }), noSession, WEDNESDAY);
    expect(unreadable.status).toBe(400);
    expect((await unreadable.json()).issues[0].path).toBe('manifests.after');
  });

  it('GET /gate evaluates a change that is not recorded: T2 at a Friday 16:00 Berlin is held, T1 allowed', async () => {
    const held = await gateResponse(req('GET', `/api/v1/changes/gate?service=${svc}&tier=T2&at=2026-01-23T15:00:00Z`, readToken), noSession);
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({ decision: 'hold', band: 'no-data', freeze: { untilLocal: 'Mon 2026-01-26 09:00 Europe/Berlin' } });
    const t1 = await (await gateResponse(req('GET', `/api/v1/changes/gate?service=${svc}&tier=T1&at=2026-01-23T15:00:00Z`, changesToken), noSession)).json();
    expect(t1.decision).toBe('allow');
    const bad = await gateResponse(req('GET', `/api/v1/changes/gate?tier=T7`, changesToken), noSession);
    expect((await bad.json()).issues.map((i: { path: string }) => i.path).sort()).toEqual(['service', 'tier']);
  });
});

describe('the approvals inbox', () => {
  it('shows a waiting change to those who may approve it, with what they can give, never to its author', async () => {
    const { change } = await createChange(engineer, { title: 'Inbox: raise HPA bounds', services: [svc], tier: 'T2', runbookUrl: 'https://runbooks.example/hpa' }, 'ui', WEDNESDAY);
    expect(change.status).toBe('pending_approval');
    const forIc = await approvalInbox(ic);
    expect(forIc.items.find((c) => c.id === change.id)?.yours).toEqual(['team_lead']);
    expect((await approvalInbox(engineer)).items.map((c) => c.id)).not.toContain(change.id);
    await expectDomainError(approvalInbox(viewer), 'FORBIDDEN');
    await approveChange(ic, { id: change.id }, WEDNESDAY);
    expect((await approvalInbox(ic)).items.map((c) => c.id)).not.toContain(change.id);
  });
});
