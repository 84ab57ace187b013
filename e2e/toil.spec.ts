import { DEMO_USERS } from '../server/seed/demo.data';
import { ensureDemo } from './demo';
import { expect, signIn, test } from './fixtures';

// A team lead's toil week: Eli (lead of Payments in the demo) opens Toil, sees
// Payments in the 20-50 % band, logs a long manual failover (a wrong quarter-hour
// first, refused next to the field), and sees Payments cross 50 % with the seed's
// action, "halt feature work", and the change gate flagging its feature changes;
// then opts the team in to blocking and back out.

test('a team lead logs toil and sees the team cross 50 % with the seed action', async ({ page }) => {
  test.setTimeout(120_000);
  const logins = await ensureDemo();
  const lead = logins.find((l) => l.email === DEMO_USERS.find((u) => u.key === 'engineer')!.email)!;
  await signIn(page, lead.email, lead.password);
  await expect(page).not.toHaveURL(/\/signin/);

  await page.getByRole('link', { name: 'Toil' }).first().click();
  await expect(page).toHaveURL(/\/toil$/);
  const payments = page.getByRole('region', { name: 'Toil of Payments', exact: true });
  await expect(payments.getByText('20-50 %')).toBeVisible();
  await expect(payments.getByText(/Halt feature work/)).toHaveCount(0);
  // Platform runs over budget in the demo: the page says so at the top.
  await expect(page.getByRole('alert').filter({ hasText: 'over the toil budget' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Log toil' });
  await form.getByLabel('Team').selectOption({ label: 'Payments' });
  await form.getByLabel('Hours').fill('0.3');
  await form.getByLabel('What').fill('Manual failover of the ledger database');
  await form.getByRole('button', { name: 'Log toil' }).click();
  await expect(form.getByText('must be in quarter hours (0.25, 0.5, ...)')).toBeVisible();

  await form.getByLabel('Hours').fill('64');
  await form.getByRole('button', { name: 'Log toil' }).click();
  await expect(form.getByText(/Logged\. Payments is at \d+(\.\d)? % this sprint \(Over 50 %\)\. Halt feature work/)).toBeVisible();
  await expect(payments.getByText('Over 50 %')).toBeVisible();
  await expect(payments.getByText(/Halt feature work and invest in automation/)).toBeVisible();
  await expect(payments.getByText(/feature changes of Payments are flagged, not blocked/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Toil log, newest first' }).getByText('Manual failover of the ledger database')).toBeVisible();

  // The lead opts the team in to blocking feature work, sees it, and opts back out.
  await payments.getByRole('button', { name: 'Sprint and budget settings' }).click();
  const settings = page.getByRole('form', { name: 'Toil settings of Payments', exact: true });
  await settings.getByLabel(/Block feature changes/).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(payments.getByText(/feature changes of Payments are blocked \(the team opted in\)/)).toBeVisible();
  await payments.getByRole('button', { name: 'Sprint and budget settings' }).click();
  await settings.getByLabel(/Block feature changes/).uncheck();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(payments.getByText(/flagged, not blocked/)).toBeVisible();
});
