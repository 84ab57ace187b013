import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { actorWith, auditFor, rejection, suffix } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { SEED_RUNBOOK } from './runbooks.fixtures';
import { deleteRunbook, getRunbook, lintRules, listRunbooks, saveRunbook } from './runbooks.service';

// The runbook library: save (parsed, missing sections reported), the folder
// import through the CLI (idempotent), and the runbook_url lint over the
// inventory's PrometheusRules.

const tag = suffix();
let dir: string;
let engineer: Awaited<ReturnType<typeof actorWith>>;
let viewer: Awaited<ReturnType<typeof actorWith>>;

beforeAll(async () => {
  engineer = await actorWith('engineer');
  viewer = await actorWith('viewer');
  dir = await mkdtemp(path.join(tmpdir(), 'runwell-oc-runbooks-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('runbook library', () => {
  it('saves Markdown, reports missing sections, audits, and refuses viewers', async () => {
    const md = `# Alert: Half${tag}\n\n## Summary\nSomething.\n\n## Severity: P2\n`;
    const { id, slug } = await saveRunbook(engineer, { markdown: md, url: `https://rb.example/${tag}/half.md` });
    expect(slug).toBe(`half${tag}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    const rb = await getRunbook(viewer, { id });
    expect(rb).toMatchObject({ alertName: `Half${tag}`, complete: false });
    expect(rb.parsed.missing).toEqual(expect.arrayContaining(['impact', 'diagnosis', 'resolution', 'escalation', 'postIncident']));
    await saveRunbook(engineer, { id, markdown: SEED_RUNBOOK.replace('PaymentServiceHighErrorRate', `Half${tag}`) });
    expect((await getRunbook(viewer, { id })).complete).toBe(true);
    expect(await rejection(saveRunbook(viewer, { markdown: md }))).toMatchObject({ code: 'FORBIDDEN' });
    await deleteRunbook(engineer, { id });
    expect((await auditFor('runbook', id)).map((a) => a.action)).toEqual(['runbook.create', 'runbook.update', 'runbook.delete']);
  });

  it('imports a folder through `runwell runbooks import`, again without duplicates', async () => {
    await writeFile(path.join(dir, `payment-${tag}.md`), SEED_RUNBOOK.replace('PaymentServiceHighErrorRate', `Pay${tag}`));
    await writeFile(path.join(dir, `partial-${tag}.md`), `# Alert: Partial${tag}\n\n## Summary\nx\n`);
    await writeFile(path.join(dir, 'notes.txt'), 'ignored');
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['runbooks', 'import', dir, '--url-base', 'https://git.example/runbooks/']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    expect(out.join('')).toContain('2 created, 0 updated, 0 unchanged');
    expect(out.join('')).toContain(`partial-${tag}.md: incomplete, missing impact`);
    const list = (await listRunbooks(viewer, { search: tag })).map((r) => [r.slug, r.complete, r.url, r.source]);
    expect(list).toEqual(
      expect.arrayContaining([
        [`payment-${tag}`, true, `https://git.example/runbooks/payment-${tag}.md`, `import:payment-${tag}.md`],
        [`partial-${tag}`, false, `https://git.example/runbooks/partial-${tag}.md`, `import:partial-${tag}.md`],
      ]),
    );
    expect(await main(['runbooks', 'import', dir])).toBe(0);
    expect((await listRunbooks(viewer, { search: tag })).length).toBe(2);
    expect(await main(['runbooks', 'import', path.join(dir, 'nope')])).toBe(2);
  });

  it('lints inventory PrometheusRules for missing runbook_url and points at the library', async () => {
    const p = getPrisma();
    const cluster = await p.cluster.create({ data: { name: `rb-lint-${tag}` } });
    await p.inventoryObject.create({
      data: {
        clusterId: cluster.id,
        kind: 'PrometheusRule',
        namespace: 'payments',
        name: `rules-${tag}`,
        uid: `u-${tag}`,
        resourceVersion: '1',
        data: {
          spec: {
            groups: [
              {
                name: 'payments',
                rules: [
                  { alert: `Pay${tag}`, expr: 'x > 1' },
                  { alert: `Good${tag}`, expr: 'y > 1', annotations: { runbook_url: 'https://rb.example/good' } },
                  { record: 'job:x:rate5m', expr: 'rate(x[5m])' },
                ],
              },
            ],
          },
        },
      },
    });
    const lint = await lintRules(viewer);
    const mine = lint.findings.filter((f) => f.where.includes(`rules-${tag}`));
    expect(mine).toEqual([expect.objectContaining({ alert: `Pay${tag}`, problem: 'missing', source: 'inventory', path: 'spec.groups[0].rules[0]', where: `rb-lint-${tag}: payments/rules-${tag}` })]);
    expect(mine[0]!.suggestion).toContain(`https://git.example/runbooks/payment-${tag}.md`);
    expect(lint.sources.sloRules).toBe(true);
    // Per owner for the maturity assessment: the namespace's two alert rules, one without a runbook (the recording rule needs none).
    expect(lint.coverage).toContainEqual({ owner: 'namespace', cluster: `rb-lint-${tag}`, namespace: 'payments', alerts: 2, missing: 1 });
  });
});
