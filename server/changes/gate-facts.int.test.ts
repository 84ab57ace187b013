import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { createTeam } from '../teams/teams.service';
import { previewGate } from './gate.service';

// The gate's per-process fact cache (gate-facts.service) against Postgres: it
// never remembers a miss, so a service created after CI named it too early is
// found on the next call, and repeated previews answer the same decision.
const WEDNESDAY = Date.parse('2026-03-18T12:00:00Z');

let engineer: RequestContext;
let teamId: string;

beforeAll(async () => {
  engineer = await actorWith('engineer');
  teamId = (await createTeam(systemCtx, { slug: uniqueSlug('gf-team'), name: 'Gate facts team', timeZone: 'UTC' })).id;
});

describe('the gate fact cache', () => {
  it('does not remember an unknown service: once created, the next preview finds it', async () => {
    const slug = uniqueSlug('gf-late');
    const missing = await expectDomainError(previewGate(engineer, { services: [slug], tier: 'T1' }, WEDNESDAY), 'BAD_INPUT', 'services');
    expect(missing.message).toBe(`Unknown service: ${slug}`);
    await createService(systemCtx, { slug, name: 'Late', teamId });
    const found = await previewGate(engineer, { services: [slug], tier: 'T1' }, WEDNESDAY);
    expect(found.services.map((s) => s.slug)).toEqual([slug]);
  });

  it('answers a repeated preview from the cache with the same decision, by slug or by id', async () => {
    const svc = await createService(systemCtx, { slug: uniqueSlug('gf-svc'), name: 'Cached', teamId });
    const first = await previewGate(engineer, { services: [svc.slug], tier: 'T2' }, WEDNESDAY);
    const again = await previewGate(engineer, { services: [svc.id], tier: 'T2' }, WEDNESDAY);
    expect(first.decision).toBe('needs_approval');
    expect(again).toEqual(first);
  });
});
