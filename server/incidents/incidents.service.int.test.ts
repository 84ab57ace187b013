import { describe, expect, it } from 'vitest';
import { actorWith } from '@/tests/setup/actors';
import type { Role } from '../lib/roles';
import { getPrisma } from '../db';
import { DomainError } from '../errors';
import { addNote, declareIncident, getIncident, listIncidents, pinEntry, setRole, transition } from './incidents.service';

const tag = `inc${Date.now().toString(36)}`;
const as = (role: Role) => actorWith(role, 'inc.test');
const t0 = Date.parse('2026-05-04T10:00:00Z');
const min = 60_000;

describe('incident lifecycle', () => {
  it('declares from an alert, assigns a commander, resolves, and reports MTTR with a full timeline', async () => {
    const ic = await as('incident_commander');
    const engineer = await as('engineer');
    const alert = await getPrisma().alert.create({
      data: { fingerprint: `${tag}fp`, startsAt: new Date(t0), alertname: 'CheckoutDown', status: 'firing', labels: {}, annotations: { runbook_url: `https://rb.example/${tag}` }, receivedAt: new Date(t0 + min), lastSeenAt: new Date(t0 + min) },
    });
    await getPrisma().runbook.create({ data: { slug: `${tag}-rb`, title: 'Checkout down', markdown: '# Alert: CheckoutDown', url: `https://rb.example/${tag}` } });

    await expect(declareIncident(engineer, { title: 'Checkout down', severity: 'P1' })).rejects.toThrow(DomainError);
    const inc = await declareIncident(ic, { title: `Checkout down ${tag}`, severity: 'P1', alertIds: [alert.id] }, t0 + 5 * min);
    expect(inc.times).toMatchObject({ startedAt: t0, detectedAt: t0 });
    // The person declaring is the commander unless someone else is chosen.
    expect(inc.roles.commander).toBe(ic.actor.id);
    expect(inc.missingRoles).toEqual(['communications', 'scribe']);
    const nobody = await declareIncident(ic, { title: `Nobody ${tag}`, severity: 'P3', commanderId: null }, t0);
    expect(nobody.roles.commander).toBeNull();

    await setRole(ic, { id: inc.id, role: 'commander', userId: ic.actor.id }, t0 + 6 * min);
    // A responder may acknowledge (triage -> investigating) but not resolve.
    await transition(engineer, { id: inc.id, to: 'investigating' }, t0 + 7 * min);
    await expect(transition(engineer, { id: inc.id, to: 'resolved' })).rejects.toThrow(/may not/);
    await expect(transition(ic, { id: inc.id, to: 'closed' })).rejects.toMatchObject({ field: 'to' });
    const resolved = await transition(ic, { id: inc.id, to: 'resolved' }, t0 + 40 * min);
    expect(resolved.durations).toMatchObject({ mtta: 7 * min, mttd: 0, mttr: 40 * min });

    const note = await addNote(engineer, { id: inc.id, text: 'Rolled back 1.4.2' }, t0 + 30 * min);
    await pinEntry(engineer, { entryId: note.id, pinned: true });

    const detail = await getIncident(engineer, inc.id);
    expect(detail.incident.roles.commander).toBe(ic.actor.id);
    // ... and the resolution starts the (required, P1) post-mortem draft.
    expect(detail.timeline.map((e) => e.kind)).toEqual(['alert', 'status', 'role', 'role', 'status', 'note', 'status', 'link']);
    expect(detail.timeline.at(-1)!.text).toBe('Post-mortem draft started (required: P1 incident)');
    expect(detail.timeline.find((e) => e.kind === 'note')).toMatchObject({ pinned: true });
    expect(detail.alerts[0]!.runbook?.slug).toBe(`${tag}-rb`);
    expect(detail.allowed.map((a) => a.to)).toEqual(expect.arrayContaining(['closed', 'investigating']));
    expect((await listIncidents(engineer, { state: 'resolved', search: `Checkout down ${tag}` })).map((i) => i.id)).toEqual([inc.id]);
    expect(await listIncidents(engineer, { state: 'open', search: `Checkout down ${tag}` })).toEqual([]);
    expect(await getPrisma().auditLog.count({ where: { targetId: inc.id } })).toBeGreaterThanOrEqual(4);
  });
});
