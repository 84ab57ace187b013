import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, expectDomainError, suffix, systemCtx } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { rawAlert, rawPayload } from '../alerts/alerts.fixtures';
import { clearBudgetCache, ingestWebhook } from '../alerts/alerts.service';
import { createChange, transitionChange } from '../changes/changes.service';
import { markChangeCause } from '../changes/incident-links.service';
import { db } from '../database/tx';
import { getPrisma } from '../db';
import { declareIncident, transition } from '../incidents/incidents.service';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import * as sloRepo from '../slo/slo.repo';
import { createSlo, setBackfillSender } from '../slo/slo.service';
import { createActionItem } from './action-items.service';
import { incidentChain, serviceChains } from './chain.service';
import { openPostmortem } from './postmortems.service';

// The linked timeline against Postgres: a change ships, the SLO burns, an alert
// fires and pages, an incident is declared from it and resolved, its
// post-mortem gets an action item; the chain links every step, from the
// domains that own them.

const FIVE_MIN = 5 * MINUTE_MS;
const NOW = Math.floor(Date.UTC(2026, 10, 18, 12, 0) / FIVE_MIN) * FIVE_MIN; // a Wednesday
const tag = suffix();
let ic: RequestContext;
let engineer: RequestContext;
let viewer: RequestContext;
let serviceId: string;
let sloId: string;
let changeId: string;
let incidentId: string;

beforeAll(async () => {
  setBackfillSender(async () => undefined);
  [ic, engineer, viewer] = await Promise.all([actorWith('incident_commander', 'chain.test'), actorWith('engineer', 'chain.test'), actorWith('viewer', 'chain.test')]);
  const p = getPrisma();
  const team = await p.team.create({ data: { slug: `chain-${tag}`, name: 'Chain team' } });
  const slug = `chain-svc-${tag}`;
  serviceId = (await p.service.create({ data: { slug, name: 'Chain checkout', tier: 'tier2', teamId: team.id } })).id;
  await createSlo(systemCtx, { slo: { service: slug, name: 'availability', objective: 99.9, sli: { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' }, alerting: { name: 'AvailabilityErrorBudgetBurn' } } });
  const slo = (await sloRepo.listSlos(db(), { serviceId }))[0]!;
  sloId = slo.id;
  const buckets: sloRepo.StoredBucket[] = [];
  for (let s = NOW - 30 * DAY_MS; s < NOW; s += FIVE_MIN) buckets.push({ start: s, bad: s >= NOW - 60 * MINUTE_MS && s < NOW - 30 * MINUTE_MS ? 1000 : 0, total: 1000, missing: false });
  await sloRepo.upsertBuckets(db(), slo.seq, buckets);
  clearBudgetCache();

  const { change } = await createChange(engineer, { title: 'Roll out checkout v9', services: [slug], tier: 'T1' }, 'ui', NOW - 3 * 3_600_000);
  await transitionChange(engineer, { id: change.id, status: 'in_progress' }, NOW - 3 * 3_600_000);
  await transitionChange(engineer, { id: change.id, status: 'succeeded' }, NOW - 3 * 3_600_000 + MINUTE_MS);
  changeId = change.id;

  const fingerprint = `chain-${tag}`;
  await ingestWebhook(systemCtx, rawPayload([rawAlert({ fingerprint, startsAt: new Date(NOW - 58 * MINUTE_MS).toISOString(), labels: { alertname: 'AvailabilityErrorBudgetBurn', service: slug, sloth_service: slug, sloth_slo: 'availability' } })]), NOW - 58 * MINUTE_MS);
  const alert = await p.alert.findFirstOrThrow({ where: { fingerprint } });
  const incident = await declareIncident(ic, { title: `Chain ${tag}`, severity: 'P2', alertIds: [alert.id], serviceIds: [serviceId], startedAt: new Date(NOW - 60 * MINUTE_MS) }, NOW - 55 * MINUTE_MS);
  incidentId = incident.id;
  await markChangeCause(engineer, { incidentId, changeId, cause: 'confirmed' }, NOW - 50 * MINUTE_MS);
  await transition(ic, { id: incidentId, to: 'resolved' }, NOW - 30 * MINUTE_MS);
  const { postmortem } = await openPostmortem(ic, incidentId, NOW);
  await createActionItem(ic, { postMortemId: postmortem.id, title: 'Canary checkout releases', type: 'prevent', dueAt: new Date(NOW + 7 * DAY_MS) });
});

describe('the linked timeline', () => {
  it('runs change -> burn -> alert -> page -> incident -> post-mortem -> action items, each linking on', async () => {
    const { nodes, incident } = await incidentChain(engineer, { incidentId }, NOW);
    expect(incident.id).toBe(incidentId);
    expect(nodes.map((n) => [n.stage, n.present])).toEqual([['change', true], ['burn', true], ['alert', true], ['page', true], ['incident', true], ['postmortem', true], ['actions', true]]);
    const by = Object.fromEntries(nodes.map((n) => [n.stage, n]));
    expect(by.change).toMatchObject({ href: `/changes/${changeId}`, headline: '1 change in the 24 h before; 1 confirmed cause', tone: 'danger' });
    expect(by.burn!.href).toBe(`/slos/${sloId}`);
    expect(by.burn!.headline).toMatch(/^69\.4 % of chain-svc-.*\/availability's budget$/);
    expect(by.alert).toMatchObject({ href: `/incidents/${incidentId}#alerts`, headline: 'AvailabilityErrorBudgetBurn first' });
    expect(by.page!.headline).toMatch(/^1 page; /);
    expect(by.incident).toMatchObject({ href: `/incidents/${incidentId}`, tone: 'success' });
    expect(by.postmortem).toMatchObject({ href: `/incidents/${incidentId}/postmortem`, tone: 'info' });
    expect(by.postmortem!.headline).toMatch(/^Draft, due in /);
    expect(by.actions).toMatchObject({ headline: '0 of 1 done', items: [expect.objectContaining({ label: 'Canary checkout releases' })] });
    // The lags: the change shipped 2 h before impact, then burn (impact start) -> alert 2 min later.
    expect(by.burn!.lagMs).toBe(2 * 3_600_000);
    expect(by.alert!.lagMs).toBe(2 * MINUTE_MS);
  });

  it('keeps an unpublished post-mortem and its action items from viewers', async () => {
    const by = Object.fromEntries((await incidentChain(viewer, { incidentId }, NOW)).nodes.map((n) => [n.stage, n]));
    expect(by.postmortem).toMatchObject({ headline: 'Not published yet', href: null });
    expect(by.actions).toMatchObject({ present: false, items: [] });
  });

  it("shows the service's last incidents' chains, newest first", async () => {
    const later = await declareIncident(ic, { title: `Chain later ${tag}`, severity: 'P3', serviceIds: [serviceId], startedAt: new Date(NOW - 10 * MINUTE_MS) }, NOW - 9 * MINUTE_MS);
    const chains = await serviceChains(viewer, { serviceId, limit: 5 }, NOW);
    expect(chains.map((c) => c.incident.id)).toEqual([later.id, incidentId]);
    expect(chains[0]!.nodes.find((n) => n.stage === 'alert')).toMatchObject({ present: false, headline: 'No alert: declared by hand' });
    expect((await serviceChains(viewer, { serviceId, limit: 1 }, NOW)).map((c) => c.incident.id)).toEqual([later.id]);
  });

  it('refuses an unknown incident', async () => {
    await expectDomainError(incidentChain(viewer, { incidentId: 'nope' }, NOW), 'NOT_FOUND');
  });
});
