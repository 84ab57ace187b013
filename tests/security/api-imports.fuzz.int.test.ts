import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postChange } from '@/app/api/v1/changes/route';
import { POST as postKubeBench } from '@/app/api/v1/security/kube-bench/route';
import { createService } from '@/server/catalog/catalog.service';
import { getPrisma } from '@/server/db';
import type { Actor } from '@/server/lib/roles';
import { createTeam } from '@/server/teams/teams.service';
import { actorWith, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { mutatedWith } from './fuzz-mutations';

// Issue 10, "Also", for the two imports that came after importers.fuzz.test.ts:
// POST /api/v1/security/kube-bench (kube-bench's JSON) and POST /api/v1/changes
// (CI's change records), through their real route handlers (restRoute) against Postgres.
// Generated malformed bodies and query strings must get a 400 with a field path
// (never a 5xx, which the handlers answer for anything they did not expect), each
// within PER_CALL_MS, and the heap must not keep what the calls allocated.
// PER_CALL_MS is wider than the pure parsers' 2 s: a valid body runs the whole
// import (a transaction, the gate's budget and freeze reads) on a shared machine.

const PER_CALL_MS = 5_000;
const RUNS = 120;
const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../../server/hardening/fixtures/kube-bench-node.json'), 'utf8');

let actor: Actor;
let cluster: string;
let service: string;
const session = () => Promise.resolve(actor);
const at = (iso: string) => ({ session, now: () => Date.parse(iso) });

beforeAll(async () => {
  actor = (await actorWith('engineer')).actor;
  cluster = uniqueSlug('fuzz-bench');
  await getPrisma().cluster.create({ data: { name: cluster } });
  const team = await createTeam(systemCtx, { slug: uniqueSlug('fuzz-team'), name: 'Fuzz team' });
  service = (await createService(systemCtx, { slug: uniqueSlug('fuzz-svc'), name: 'Fuzz service', teamId: team.id })).slug;
});

/** Text edits (insert a fragment, cut, repeat a line) applied to a valid sample. */
const FRAGMENTS = ['{', '}', '[', ']', ':', ',', '"', '\\', '\\u0000', 'null', 'true', '-1', '1e309', '"FAIL"', '[]', '{}', '\u0000', '\uFEFF', '𝔘'];
const mutated = mutatedWith(FRAGMENTS, 60);

/** A valid JSON document with one value, somewhere in it, replaced by an arbitrary one. */
function replacedValue(sample: unknown): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([pick, value]) => {
    const doc = structuredClone(sample) as Record<string, unknown>;
    const slots: [Record<string, unknown>, string][] = [];
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, key]);
        walk((node as Record<string, unknown>)[key]);
      }
    };
    walk(doc);
    const [parent, key] = slots[pick % slots.length]!;
    parent[key] = value;
    return JSON.stringify(doc);
  });
}

const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 10, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 10, max: 50_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => JSON.stringify({ title: 'x'.repeat(n), services: ['x'.repeat(n)] })),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Calls a route handler and checks the answer: < 500, a field path on every 400, in time. */
async function expectClientAnswer(call: () => Promise<Response>): Promise<void> {
  const started = performance.now();
  const res = await call();
  const body = (await res.json()) as { error?: string; issues?: { path: string; message: string }[] };
  const ms = performance.now() - started;
  expect(ms, `took ${Math.round(ms)} ms`).toBeLessThan(PER_CALL_MS);
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(400);
    expect(body.issues?.length, JSON.stringify(body).slice(0, 300)).toBeGreaterThan(0);
    // The path names the field; '' is the body as a whole (not JSON, too deep), as everywhere in the REST API.
    for (const issue of body.issues!) expect(issue).toMatchObject({ path: expect.any(String), message: expect.stringMatching(/\S/) });
  }
}

async function heapGrowth(run: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage().heapUsed;
  await run();
  return process.memoryUsage().heapUsed - before;
}

describe('REST imports under generated malformed input', () => {
  it('POST /api/v1/security/kube-bench: 201, or 400 naming the field of the file or the query', async () => {
    const sample = JSON.parse(FIXTURE) as unknown;
    const bodies = fc.oneof({ weight: 3, arbitrary: mutated(FIXTURE) }, { weight: 3, arbitrary: replacedValue(sample) }, { weight: 2, arbitrary: hostile });
    const queries = fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('cluster', 'node', 'runAt', 'x'), fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2026-13-45T99:00:00Z'))) },
    );
    const growth = await heapGrowth(() =>
      fc.assert(
        fc.asyncProperty(bodies, queries, async (text, query) => {
          const q = new URLSearchParams(query ?? { cluster, node: 'worker-1', runAt: '2026-12-01T00:00:00Z' });
          await expectClientAnswer(() =>
            postKubeBench.with(at('2026-12-05T00:00:00Z'))(new Request(`http://runwell.test/api/v1/security/kube-bench?${q}`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } })),
          );
        }),
        { numRuns: RUNS },
      ),
    );
    expect(growth).toBeLessThan(256 * 1024 * 1024);
  }, 180_000);

  it('POST /api/v1/changes: 201/200, or 400 with the path of each bad field', async () => {
    const sample = {
      title: 'Bump checkout to 1.4.2',
      description: 'fuzz',
      services: [service],
      tier: 'T1',
      environment: 'production',
      commitSha: 'abcdef1234567',
      committedAt: '2026-12-01T10:00:00Z',
      prUrl: 'https://git.example/pr/1',
      rollbackPlan: 'helm rollback',
      reliability: false,
      externalId: 'fuzz-1',
      source: 'api',
    };
    const text = JSON.stringify(sample, null, 1);
    const bodies = fc.oneof({ weight: 3, arbitrary: mutated(text) }, { weight: 3, arbitrary: replacedValue(sample) }, { weight: 2, arbitrary: hostile });
    const growth = await heapGrowth(() =>
      fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          await expectClientAnswer(() =>
            postChange.with(at('2026-12-02T12:00:00Z'))(new Request('http://runwell.test/api/v1/changes', { method: 'POST', body, headers: { 'content-type': 'application/json' } })),
          );
        }),
        { numRuns: RUNS },
      ),
    );
    expect(growth).toBeLessThan(256 * 1024 * 1024);
  }, 180_000);
});
