import { randomBytes } from 'node:crypto';
import { createAlertsToken, firingAlertPayload } from './alerts';
import { withDb } from './db';
import { expect, test } from './fixtures';

// On-call: an engineer creates a schedule for their team in the UI and sees
// themselves on call now; an alert for the team pages it; the engineer
// acknowledges the page from the On-call page.

test('create a schedule, see who is on call now, acknowledge a page', async ({ page, request, signInAs, accounts }) => {
  const run = randomBytes(3).toString('hex');
  const teamSlug = `oncall-${run}`;
  await withDb((client) => client.query(`INSERT INTO "Team" (id, slug, name, "updatedAt") VALUES ($1, $2, $3, now())`, [`team${run}`, teamSlug, `On-call team ${run}`]));
  const secret = await createAlertsToken(accounts.admin.email, 'e2e oncall');

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
  const body = firingAlertPayload({
    alertname,
    labels: { team: teamSlug, customer_visible: 'true' },
    annotations: { summary: 'Checkout is failing' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    fingerprint: `oc${run}`,
  });
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
