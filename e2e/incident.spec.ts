import { randomBytes } from 'node:crypto';
import { createAlertsToken, firingAlertPayload } from './alerts';
import { expect, test } from './fixtures';

// From alert to incident: Alertmanager posts an alert to the webhook (with an
// API token that has the alerts scope), an incident commander declares an
// incident from it, takes the commander role, resolves it, and sees MTTR.

test('an alert arrives, an incident is declared from it, commanded, resolved, and MTTR is shown', async ({ page, request, signInAs, accounts }) => {
  const run = randomBytes(3).toString('hex');
  const alertname = `CheckoutErrors${run}`;
  const token = await createAlertsToken(accounts.admin.email, 'e2e alertmanager');
  const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
  const body = firingAlertPayload({
    alertname,
    labels: { severity: 'critical', customer_visible: 'true' },
    annotations: { summary: 'Checkout error rate above 5 %' },
    startsAt,
    fingerprint: `fp${run}`,
  });
  const refused = await request.post('/api/webhooks/alertmanager', { data: body });
  expect(refused.status()).toBe(401);
  const stored = await request.post('/api/webhooks/alertmanager', { data: body, headers: { Authorization: `Bearer ${token}` } });
  expect(stored.status()).toBe(200);

  const commander = await signInAs('incident_commander');
  await page.goto('/incidents');
  const row = page.getByRole('row', { name: new RegExp(alertname) });
  await expect(row).toContainText('P2');
  await row.getByRole('button', { name: 'Declare incident' }).click();
  const form = page.getByRole('form', { name: 'Declare an incident' });
  await expect(form.getByLabel('Title')).toHaveValue(alertname);
  await form.getByLabel('Severity').selectOption('P1');
  await form.getByRole('button', { name: 'Declare incident' }).click();

  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  await expect(page.getByRole('heading', { name: new RegExp(alertname) })).toBeVisible();
  await expect(page.getByTestId('incident-state')).toHaveText('Triage');
  await page.getByLabel('Incident commander').selectOption({ label: `${commander.name} (${commander.email})` });
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(`Incident commander: ${commander.name}`);

  await page.getByRole('button', { name: 'Acknowledge (investigating)' }).click();
  await expect(page.getByTestId('incident-state')).toHaveText('Investigating');
  await page.getByRole('button', { name: '→ Resolved' }).click();
  await expect(page.getByTestId('incident-state')).toHaveText('Resolved');
  // Impact started with the alert ~10 minutes ago.
  await expect(page.getByTestId('mttr')).toHaveText(/^1\d min$/);
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Investigating → Resolved');
});
