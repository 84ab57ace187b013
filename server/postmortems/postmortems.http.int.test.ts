import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { Actor } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { declareIncident, transition } from '../incidents/incidents.service';
import { createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { createActionItem } from './action-items.service';
import { GET as listActionItems } from '@/app/api/v1/action-items/route';
import { GET as listPostmortems } from '@/app/api/v1/postmortems/route';
import { GET as getPostmortem } from '@/app/api/v1/postmortems/[id]/route';
import { callRoute, type Session } from '@/tests/api/rest';
import { move } from './postmortem-review.service';
import { openPostmortem } from './postmortems.service';

// GET /api/v1/postmortems, /{id} (JSON or Markdown), /action-items: token scope
// `incidents`, parameter validation with paths, drafts hidden from viewers.
let incidentsToken: string;
let readToken: string;
let pmId: string;
let draftId: string;
let teamId: string;
let viewer: RequestContext;
const noSession = async (): Promise<Actor | null> => null;
const listPostmortemsResponse = (req: Request, session: Session) => callRoute(listPostmortems, req, { session });
const getPostmortemResponse = (req: Request, params: { id: string }, session: Session) => callRoute(getPostmortem, req, { params, session });
const listActionItemsResponse = (req: Request, session: Session) => callRoute(listActionItems, req, { session });
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://runwell.local${path}`, { headers: { host: 'runwell.local', ...headers } });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  const [ic, reviewer, admin] = await Promise.all([actorWith('incident_commander'), actorWith('incident_commander'), actorWith('admin')]);
  viewer = await actorWith('viewer');
  teamId = (await createTeam(systemCtx, { slug: uniqueSlug('http-pm'), name: 'HTTP PM' })).id;
  const serviceId = (await createService(systemCtx, { slug: uniqueSlug('http-svc'), name: 'HTTP svc', teamId })).id;
  const t0 = Date.parse('2026-07-01T10:00:00Z');
  const mk = async (title: string) => {
    const inc = await declareIncident(ic, { title, severity: 'P2', serviceIds: [serviceId], startedAt: new Date(t0) }, t0);
    await transition(ic, { id: inc.id, to: 'resolved' }, t0 + 3_600_000);
    return (await openPostmortem(ic, inc.id, t0 + 2 * 3_600_000)).postmortem.id;
  };
  pmId = await mk(uniqueSlug('Published'));
  draftId = await mk(uniqueSlug('Draft'));
  await createActionItem(ic, { postMortemId: pmId, title: 'Alert on timeouts', type: 'detect', dueAt: new Date(t0 + 86_400_000) });
  await move(ic, 'submit', { id: pmId, reviewerIds: [reviewer.actor.id] });
  await move(reviewer, 'approve', { id: pmId });
  await move(reviewer, 'publish', { id: pmId });
  incidentsToken = (await createToken(admin, { name: 'wiki export', scopes: ['incidents'] })).secret;
  readToken = (await createToken(admin, { name: 'reader', scopes: ['read'] })).secret;
});

describe('GET /api/v1/postmortems', () => {
  it('needs a token with the incidents scope', async () => {
    expect((await listPostmortemsResponse(get('/api/v1/postmortems'), noSession)).status).toBe(401);
    const refused = await listPostmortemsResponse(get('/api/v1/postmortems', bearer(readToken)), noSession);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/incidents scope/);
  });

  it('lists with filters and pages; the token sees drafts, a viewer session only published ones', async () => {
    const res = await listPostmortemsResponse(get(`/api/v1/postmortems?team=${teamId}&pageSize=1`, bearer(incidentsToken)), noSession);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(body.items[0].sections).toBeUndefined();
    const asViewer = await (await listPostmortemsResponse(get(`/api/v1/postmortems?team=${teamId}`), async () => viewer.actor)).json();
    expect(asViewer.items.map((p: { id: string }) => p.id)).toEqual([pmId]);
  });

  it('answers unknown or invalid parameters with 400 and their paths', async () => {
    const res = await listPostmortemsResponse(get('/api/v1/postmortems?state=done&color=red', bearer(incidentsToken)), noSession);
    expect(res.status).toBe(400);
    const paths = (await res.json()).issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['state', 'color']));
  });
});

describe('GET /api/v1/postmortems/{id}', () => {
  it('returns JSON, or Markdown when asked', async () => {
    const json = await getPostmortemResponse(get(`/api/v1/postmortems/${pmId}`, bearer(incidentsToken)), { id: pmId }, noSession);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ id: pmId, state: 'published', actionItems: [{ title: 'Alert on timeouts', type: 'detect' }] });
    const md = await getPostmortemResponse(get(`/api/v1/postmortems/${pmId}`, { ...bearer(incidentsToken), accept: 'text/markdown' }), { id: pmId }, noSession);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const text = await md.text();
    expect(text).toMatch(/^# Post-mortem: #\d+ Published-/);
    expect(text).toContain('| Alert on timeouts | detect | P2 |');
  });

  it('hides a draft from a viewer (404)', async () => {
    expect((await getPostmortemResponse(get(`/api/v1/postmortems/${draftId}`), { id: draftId }, async () => viewer.actor)).status).toBe(404);
  });
});

describe('GET /api/v1/action-items', () => {
  it('lists overdue first with the overdue count', async () => {
    const body = await (await listActionItemsResponse(get(`/api/v1/action-items?team=${teamId}&status=unfinished`, bearer(incidentsToken)), noSession)).json();
    expect(body).toMatchObject({ total: 1, overdue: 1, items: [{ title: 'Alert on timeouts', overdue: true }] });
  });
});
