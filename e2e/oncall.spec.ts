import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { e2eDatabaseUrl } from './db';
import { expect, test } from './fixtures';

// On-call: an engineer creates a schedule for their team in the UI and sees
// themselves on call now; an alert for the team pages it; the engineer
// acknowledges the page from the On-call page.

async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test('create a schedule, see who is on call now, acknowledge a page', async ({ page, request, signInAs, accounts }) => {
  const run = randomBytes(3).toString('hex');
  const teamSlug = `oncall-${run}`;
  const secret = `rw_${randomBytes(32).toString('base64url')}`;
  await withDb(async (client) => {
    await client.query(`INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ($1, $2, $3, now())`, [`team${run}`, teamSlug, `On-call team ${run}`]);
    const { rows } = await client.query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [accounts.admin.email]);
    await client.query(
      `INSERT INTO "ApiToken" (id, name, "tokenHash", prefix, scopes, "createdById") VALUES ($1, 'e2e oncall', $2, $3, ARRAY['alerts'], $4)`,
      [`e2e${randomBytes(8).toString('hex')}`, createHash('sha256').update(secret).digest('hex'), secret.slice(0, 9), rows[0]!.id],
    );
  });

  const engineer = await signInAs('engineer');
  await page.goto('/oncall');
  await page.getByRole('button', { name: 'New schedule' }).first().click();
  const form = page.getByRole('form', { name: 'New schedule' });
  await form.getByLabel('Schedule name').fill(`Primary ${run}`);
  await form.getByLabel('Team').selectOption({ label: `On-call team ${run}` });
  await form.getByLabel('Rotation').selectOption('weekly');
  await form.getByLabel('Hand-off time').fill('09:00');
  await form.getByLabel('Time zone').fill('UTC');
  // Started a week ago, so the first hand-off has happened whatever the time of day.
  await form.getByLabel('Start date').fill(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
  await form.getByLabel('Add participant to Layer 1').selectOption({ label: `${engineer.name} (${engineer.email})` });
  await form.getByRole('button', { name: 'Add participant' }).click();
  await expect(form.getByRole('listitem')).toContainText([engineer.name]);
  await form.getByRole('button', { name: 'Save schedule' }).click();
  await expect(form).toBeHidden();

  // Filter to the team so the card is the one just created.
  await page.getByRole('search', { name: 'Choose team and range' }).getByLabel('Team').selectOption({ label: `On-call team ${run}` });
  await expect(page.getByTestId('oncall-now')).toContainText(`On call now: ${engineer.name}`);
  await expect(page.getByTestId('oncall-next')).toContainText('Next hand-off:');

  // An alert for the team (customer-visible: P2) opens a page.
  const alertname = `OncallCheck${run}`;
  const body = {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'runwell',
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname, team: teamSlug, customer_visible: 'true' },
        annotations: { summary: 'Checkout is failing' },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: `oc${run}`,
      },
    ],
  };
  const stored = await request.post('/api/webhooks/alertmanager', { data: body, headers: { Authorization: `Bearer ${secret}` } });
  expect(stored.status()).toBe(200);
  expect((await stored.json()).pagesOpened).toBe(1);

  await page.reload();
  const row = page.getByRole('row', { name: new RegExp(alertname) });
  await expect(row).toContainText('triggered');
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(page.getByRole('row', { name: new RegExp(alertname) })).toContainText('acknowledged');
  await expect(page.getByRole('row', { name: new RegExp(alertname) })).toContainText(`by ${engineer.name}`);
});
