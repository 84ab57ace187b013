import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseWebhookPayload } from '@/server/alerts/alerts.schema';
import { rawAlert, rawPayload } from '@/server/alerts/alerts.fixtures';
import { kubeconfigContexts } from '@/server/clusters/clusters.service';
import { DomainError } from '@/server/errors';
import { ConfigError, parseReadinessConfig } from '@/server/readiness/config.compute';
import { ManifestError, parseManifests } from '@/server/readiness/manifests.compute';
import { evaluateReadiness } from '@/server/readiness/readiness.compute';
import { parseRunbook } from '@/server/runbooks/runbooks.compute';
import { runbookImportSchema } from '@/server/runbooks/runbooks-api.schema';
import { readJsonBody } from '@/server/security/http';
import { parseSloYaml } from '@/server/slo/slo-formats.compute';
import { OPENSLO_MULTI, SLOTH_FILE } from '@/server/slo/slo.fixtures';
import { mutatedWith } from './fuzz-mutations';

// Issue 10, "Also": every importer and webhook, fed generated malformed input,
// answers with its own validation error (a field or line, never a crash that
// would become a 500) and never holds the event loop: each call must finish
// within PER_CALL_MS. Inputs are the real samples mutated (bytes flipped,
// cut, lines repeated, anchors and aliases, deep nesting) and arbitrary values.
// fast-check prints the seed and the smallest failing input when one fails.

// Generous on purpose: it catches runaway parsing (catastrophic backtracking
// grows without bound), not a busy two-core CI machine.
const PER_CALL_MS = 5_000;
const RUNS = 150;

const CHECKOUT = readFileSync(path.resolve(__dirname, '../../server/readiness/fixtures/golden/checkout.yaml'), 'utf8');
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://k8s.example:6443
    certificate-authority-data: LS0tLS1CRUdJTg==
users:
- name: admin
  user:
    token: abc
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: default}
current-context: prod
`;
const READINESS_CONFIG = `cpuLimits: warning
disabled: [hpaMissing]
severity:
  runbookMissing: danger
exemptions:
- check: pdbMissing
  object: payments/Deployment/checkout
  reason: single replica by design
  until: 2027-01-01
`;
const RUNBOOK = `# PaymentServiceHighErrorRate

## Symptoms
Errors above 5%.

## Diagnosis
1. Check the dashboard.

## Mitigation
Roll back.

## Escalation
- payments-primary
`;

/** Text mutations that tend to find parser edge cases. */
const FRAGMENTS = ['&a [1]', '*a', '<<: *a', '{', '}', '[', ']', ':', '- ', '---', '...', '%YAML 1.2', '!!binary', '!foo', '"', "'", '\t', '\u0000', '\uFEFF', '#', '|', '>', '? ', '@', '`', '\\u', '\r\n', '𝔘'];

const mutated = mutatedWith(FRAGMENTS, 40);

/** Hostile shapes: alias fans, deep nesting, long scalars, arbitrary JSON values. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < levels; i += 1) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    return text;
  }),
  fc.integer({ min: 10, max: 100_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 10, max: 50_000 }).map((depth) => '{a: '.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `key: ${'x'.repeat(n)}`),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const input = (sample: string) => fc.oneof({ weight: 3, arbitrary: mutated(sample) }, { weight: 2, arbitrary: hostile });

/** Runs `fn`, returning what it threw (or null) and failing when it took too long. */
function timed<T>(fn: () => T): { value?: T; thrown: unknown } {
  const started = performance.now();
  let value: T | undefined;
  let thrown: unknown = null;
  try {
    value = fn();
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  if (ms > PER_CALL_MS) throw new Error(`took ${Math.round(ms)} ms (limit ${PER_CALL_MS})`);
  return { value, thrown };
}

const engineer = { actor: { kind: 'user' as const, id: 'u1', email: 'e@example.com', name: 'E', role: 'engineer' as const }, requestId: null };

describe('importers under generated malformed input', () => {
  it('Sloth / OpenSLO files: a result with located issues, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(input(SLOTH_FILE), input(OPENSLO_MULTI)), (text) => {
        const { value, thrown } = timed(() => parseSloYaml(text));
        expect(thrown).toBeNull();
        if (value && !value.ok) {
          expect(value.issues.length).toBeGreaterThan(0);
          for (const issue of value.issues) expect(issue).toMatchObject({ path: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('manifests for the readiness check: items (and a report) or a ManifestError with the line', () => {
    fc.assert(
      fc.property(input(CHECKOUT), (text) => {
        const { value, thrown } = timed(() => parseManifests(text, 'in.yaml'));
        if (thrown) {
          expect(thrown).toBeInstanceOf(ManifestError);
          expect((thrown as Error).message).toMatch(/^in\.yaml:\d+/);
          return;
        }
        // Whatever parsed must also be checkable: odd shapes (a string where a spec goes) must not crash a check.
        const report = timed(() => evaluateReadiness(value!, { now: new Date('2026-12-01T00:00:00Z') }));
        expect(report.thrown).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('readiness config: a config or a ManifestError / ConfigError naming the field', () => {
    fc.assert(
      fc.property(input(READINESS_CONFIG), (text) => {
        const { thrown } = timed(() => parseReadinessConfig(text, 'runwell.yaml'));
        if (thrown) {
          expect(thrown instanceof ManifestError || thrown instanceof ConfigError, String(thrown)).toBe(true);
          expect((thrown as Error).message).toMatch(/^runwell\.yaml/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('kubeconfigs (cluster registration): contexts or BAD_INPUT on the kubeconfig field', () => {
    fc.assert(
      fc.property(input(KUBECONFIG), (text) => {
        const { thrown } = timed(() => kubeconfigContexts(engineer, { kubeconfig: text }));
        if (thrown && !(thrown instanceof ZodError)) {
          expect(thrown, String(thrown)).toBeInstanceOf(DomainError);
          expect(thrown).toMatchObject({ code: 'BAD_INPUT' });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Alertmanager webhook bodies: a payload, or 400 with issues that have paths', async () => {
    const sample = JSON.stringify(rawPayload([rawAlert(), rawAlert({ status: 'resolved', fingerprint: 'ffff' })]));
    const objects = fc.oneof(
      fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
      fc
        .record({ key: fc.constantFrom('version', 'alerts', 'status', 'receiver', 'groupLabels', 'commonLabels', 'externalURL', 'truncatedAlerts'), value: fc.jsonValue({ maxDepth: 3 }) })
        .map(({ key, value }) => JSON.stringify({ ...JSON.parse(sample), [key]: value })),
      fc
        .record({ key: fc.constantFrom('status', 'labels', 'annotations', 'startsAt', 'endsAt', 'fingerprint', 'generatorURL'), value: fc.jsonValue({ maxDepth: 3 }) })
        .map(({ key, value }) => {
          const body = JSON.parse(sample) as { alerts: Record<string, unknown>[] };
          body.alerts[0]![key] = value;
          return JSON.stringify(body);
        }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(input(sample), objects), async (text) => {
        const started = performance.now();
        const body = await readJsonBody(new Request('http://runwell.test/api/webhooks/alertmanager', { method: 'POST', body: text, headers: { 'content-type': 'application/json' } }), 5 * 1024 * 1024);
        if (!body.ok) {
          expect(body.status).toBeGreaterThanOrEqual(400);
          expect(body.status).toBeLessThan(500);
          return;
        }
        const parsed = parseWebhookPayload(body.value);
        if (!parsed.ok) {
          expect(parsed.issues.length).toBeGreaterThan(0);
          for (const issue of parsed.issues) expect(issue.path).toMatch(/\S/);
        }
        expect(performance.now() - started).toBeLessThan(PER_CALL_MS);
      }),
      { numRuns: RUNS },
    );
  });

  it('runbook folders: files validated by the import schema, each parsed without a throw', () => {
    const files = fc.array(fc.record({ name: fc.oneof(fc.constant('checkout.md'), fc.string({ maxLength: 40 })), text: input(RUNBOOK) }), { maxLength: 5 });
    fc.assert(
      fc.property(files, fc.oneof(fc.constant(undefined), fc.string({ maxLength: 30 })), (list, urlBase) => {
        const checked = runbookImportSchema.safeParse({ files: list, ...(urlBase === undefined ? {} : { urlBase }) });
        if (!checked.success) {
          for (const issue of checked.error.issues) expect(Array.isArray(issue.path)).toBe(true);
          return;
        }
        for (const f of checked.data.files) expect(timed(() => parseRunbook(f.text)).thrown).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
