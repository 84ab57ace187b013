import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, expectIssueAt, rejection, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { ZodError } from 'zod';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createTeam } from '../teams/teams.service';
import { declareIncident, transition } from '../incidents/incidents.service';
import { openPostmortem } from './postmortems.service';
import { DEFAULT_TEMPLATE } from './template.compute';
import { getTemplates, resetTemplate, saveTemplate } from './template.service';

// The organisation's template against Postgres. Writes only the P3 scope (and
// resets it), so concurrent test files drafting P1/P2 post-mortems are unaffected.

const t0 = Date.parse('2026-07-01T10:00:00Z');
const M = 60_000;
let admin: RequestContext;
let ic: RequestContext;
let serviceId: string;

beforeAll(async () => {
  [admin, ic] = await Promise.all([actorWith('admin', 'tpl.test'), actorWith('incident_commander', 'tpl.test')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('tpl-team'), name: 'Template team' });
  serviceId = (await createService(systemCtx, { slug: uniqueSlug('tpl-svc'), name: 'Template svc', teamId: team.id })).id;
});
afterAll(() => resetTemplate(admin, { scope: 'P3' }));

async function resolvedP3(title: string) {
  const inc = await declareIncident(ic, { title, severity: 'P3', serviceIds: [serviceId], startedAt: new Date(t0) }, t0 + 5 * M);
  await transition(ic, { id: inc.id, to: 'resolved' }, t0 + 40 * M);
  return inc;
}

describe('post-mortem template', () => {
  it('is for admins only', async () => {
    await expectDomainError(getTemplates(ic), 'FORBIDDEN');
    await expectDomainError(saveTemplate(ic, { scope: 'P3', baseVersion: 0, sections: DEFAULT_TEMPLATE }), 'FORBIDDEN');
    await expectDomainError(resetTemplate(ic, { scope: 'P3' }), 'FORBIDDEN');
  });

  it('refuses an unknown placeholder with an issue on its section naming it', async () => {
    const error = await rejection(saveTemplate(admin, { scope: 'P3', baseVersion: 0, sections: { ...DEFAULT_TEMPLATE, impact: 'Cost: {{incident.cost}}' } }));
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues).toEqual([expect.objectContaining({ path: ['sections', 'impact'], message: 'unknown placeholder {{incident.cost}} in section "Impact"' })]);
    await expectIssueAt(saveTemplate(admin, { scope: 'P3', baseVersion: 0, sections: { ...DEFAULT_TEMPLATE, lessons: '{{ oops' } }), 'sections.lessons');
  });

  it('new drafts use it, existing drafts keep their text; saves are versioned and audited; reset goes back', async () => {
    const before = await resolvedP3(uniqueSlug('Before template'));
    const first = await openPostmortem(ic, before.id, t0 + 60 * M);
    expect(first.postmortem.sections.lessons).toBe('');

    const saved = await saveTemplate(admin, { scope: 'P3', baseVersion: 0, sections: { ...DEFAULT_TEMPLATE, lessons: 'Lessons of #{{incident.number}} ({{incident.severity}}, MTTR {{mttr}})' } });
    expect(saved).toMatchObject({ scope: 'P3', version: 1, changed: expect.arrayContaining(['lessons']) });
    // A second admin working from the old version is refused, never silently overwritten.
    await expectDomainError(saveTemplate(admin, { scope: 'P3', baseVersion: 0, sections: DEFAULT_TEMPLATE }), 'CONFLICT');

    const after = await resolvedP3(uniqueSlug('After template'));
    const drafted = await openPostmortem(ic, after.id, t0 + 60 * M);
    expect(drafted.postmortem.sections.lessons).toBe(`Lessons of #${after.number} (P3, MTTR 40 min)`);
    expect((await openPostmortem(ic, before.id, t0 + 61 * M)).postmortem.sections.lessons).toBe('');
    expect((await auditFor('postmortem', drafted.postmortem.id)).find((e) => e.action === 'postmortem.create')?.after).toMatchObject({ template: 'P3' });

    const listed = await getTemplates(admin);
    expect(listed.scopes.find((s) => s.scope === 'P3')).toMatchObject({ stored: true, version: 1 });
    expect(listed.placeholders.map((p) => p.name)).toContain('impact.budget');

    expect(await resetTemplate(admin, { scope: 'P3' })).toEqual({ scope: 'P3', reset: true });
    expect((await getTemplates(admin)).scopes.find((s) => s.scope === 'P3')).toMatchObject({ stored: false, version: 0, sections: null });
    const audit = (await auditFor('postmortem_template', 'P3')).map((e) => e.action);
    expect(audit.slice(-2)).toEqual(['postmortem.template.save', 'postmortem.template.reset']);
  });
});
