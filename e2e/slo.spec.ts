import { randomBytes } from 'node:crypto';
import { withDb } from './db';
import { expect, test } from './fixtures';

// Upload a Sloth file, see the SLO, its budget timeline and its rules. No
// Prometheus runs in e2e: the fixture writes sampled buckets straight into the
// database, as the sampler would.

async function seedService(run: string): Promise<string> {
  const slug = `pay-${run}`;
  await withDb(async (c) => {
    await c.query(`INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ($1, $2, $3, now())`, [`t${run}`, `payments-${run}`, `Payments ${run}`]);
    await c.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $2, $3, $4, now())`, [`s${run}`, slug, `Payments API ${run}`, `t${run}`]);
  });
  return slug;
}

/** Two days of 5-minute buckets ending at the last bucket boundary, with a 30-minute incident yesterday. */
async function seedBuckets(slug: string, name: string): Promise<void> {
  await withDb(async (c) => {
    const { rows } = await c.query<{ seq: number }>(`SELECT s.seq FROM "Slo" s JOIN "Service" v ON v.id = s."serviceId" WHERE v.slug = $1 AND s.name = $2`, [slug, name]);
    const seq = rows[0]!.seq;
    await c.query(
      `INSERT INTO "SloSliBucket" ("sloSeq", "start", bad, total, missing)
       SELECT $1::int, b, CASE WHEN i BETWEEN 280 AND 285 THEN 500 ELSE 1 END, 1000, false
       FROM (SELECT i, to_timestamp(floor(extract(epoch FROM now()) / 300) * 300 - (576 - i) * 300) AS b FROM generate_series(0, 575) i) x
       ON CONFLICT DO NOTHING`,
      [seq],
    );
    await c.query(
      `INSERT INTO "SloSliDay" ("sloSeq", day, bad, total, buckets, "missingBuckets")
       SELECT "sloSeq", date_bin('1 day', "start", TIMESTAMPTZ '1970-01-01 00:00:00+00'), sum(bad), sum(total), count(*), 0
       FROM "SloSliBucket" WHERE "sloSeq" = $1 GROUP BY 1, 2
       ON CONFLICT ("sloSeq", day) DO UPDATE SET bad = excluded.bad, total = excluded.total, buckets = excluded.buckets`,
      [seq],
    );
  });
}

const slothFile = (service: string, objective = '99.9') => `version: "prometheus/v1"
service: "${service}"
labels:
  owner: payments
slos:
  - name: "requests-availability"
    objective: ${objective}
    description: "Payment API requests succeed"
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="${service}",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="${service}"}[{{.window}}]))
    alerting:
      name: PaymentsHighErrorRate
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
`;

test('upload a Sloth file, see the SLO, its budget timeline and its rules', async ({ page, signInAs }) => {
  const run = randomBytes(3).toString('hex');
  const slug = await seedService(run);
  await signInAs('engineer');

  await test.step('an invalid file is refused with the path of the problem', async () => {
    await page.goto('/slos');
    await expect(page.getByRole('heading', { name: 'SLOs', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Import file' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import SLOs' });
    await dialog.getByLabel('SLO file').setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from(slothFile(slug, '120')) });
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByTestId('import-issues')).toContainText('slos[0].objective');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('a valid file creates the SLO, shown without data yet', async () => {
    await page.getByRole('button', { name: 'Import file' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import SLOs' });
    await dialog.getByLabel('SLO file').setInputFiles({ name: 'payments.yaml', mimeType: 'text/yaml', buffer: Buffer.from(slothFile(slug)) });
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: `Payments API ${run}` });
    await expect(row).toContainText('requests-availability');
    await expect(row).toContainText('99.9 %');
    await expect(row).toContainText('No data yet');
  });

  await test.step('with sampled buckets the detail shows the budget, timeline and day table', async () => {
    await seedBuckets(slug, 'requests-availability');
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: `Payments API ${run}` });
    await expect(row.getByRole('meter', { name: 'Error budget remaining' })).toBeVisible();
    await row.getByRole('link', { name: 'requests-availability' }).click();
    await expect(page.getByRole('heading', { name: `Payments API ${run}: requests-availability` })).toBeVisible();
    const timeline = page.getByRole('figure', { name: 'Error budget timeline' });
    await expect(timeline).toBeVisible();
    await expect(timeline.locator('.recharts-line-curve')).toBeVisible();
    await expect(timeline).toContainText('100 % at');
    await expect(page.getByRole('figure', { name: 'Burn rate' })).toContainText('page 14.4×');
    const days = page.getByRole('table', { name: 'What consumed the budget, day by day' });
    await expect(days.getByRole('row')).not.toHaveCount(1);
  });

  await test.step('its rules are shown and downloadable', async () => {
    await page.getByRole('button', { name: 'Show rules' }).click();
    const rules = page.getByTestId('slo-rules');
    await expect(rules).toContainText('slo:sli_error:ratio_rate5m');
    await expect(rules).toContainText('alert: PaymentsHighErrorRate');
    await expect(rules).toContainText(`sloth_service: ${slug}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rules' }).click()]);
    expect(download.suggestedFilename()).toBe(`${slug}-requests-availability-rules.yaml`);
  });
});

test('a Sloth file with plugins: an unknown plugin ID is named, Sloth common SLI plugins import', async ({ page, signInAs }) => {
  const run = randomBytes(3).toString('hex');
  const slug = await seedService(run);
  await signInAs('engineer');
  const withPlugin = (id: string) => `version: "prometheus/v1"
service: "${slug}"
labels:
  owner: payments
  tier: "1"
slo_plugins:
  chain:
    - id: sloth.dev/core/debug/v1
      config: {msg: "hello"}
slos:
  - name: "ingress-availability"
    objective: 99.5
    sli:
      plugin:
        id: "${id}"
        options:
          filter: 'ingress="${slug}"'
    alerting:
      name: PaymentsIngressErrors
`;

  await page.goto('/slos');
  await page.getByRole('button', { name: 'Import file' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import SLOs' });
  await dialog.getByLabel('SLO file').setInputFiles({ name: 'istio.yaml', mimeType: 'text/yaml', buffer: Buffer.from(withPlugin('sloth-common/istio/v1/availability')) });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByTestId('import-issues')).toContainText('slos[0].sli.plugin.id');
  await expect(dialog.getByTestId('import-issues')).toContainText('"sloth-common/istio/v1/availability"');

  await dialog.getByLabel('SLO file').setInputFiles({ name: 'nginx.yaml', mimeType: 'text/yaml', buffer: Buffer.from(withPlugin('sloth-common/kubernetes/nginx-ingress/availability')) });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row').filter({ hasText: `Payments API ${run}` });
  await expect(row).toContainText('ingress-availability');
  await row.getByRole('link', { name: 'ingress-availability' }).click();
  await page.getByRole('button', { name: 'Show rules' }).click();
  await expect(page.getByTestId('slo-rules')).toContainText('nginx_ingress_controller_requests');
});
