import { randomBytes } from 'node:crypto';
import { expect, test } from './fixtures';

test('an admin creates a team and a service in Settings and finds both in the audit log', async ({ page, signInAs }) => {
  const admin = await signInAs('admin');
  const id = randomBytes(3).toString('hex');
  const team = { slug: `payments-${id}`, name: `Payments ${id}`, description: 'Money in, money out' };
  const service = { slug: `checkout-${id}`, name: `Checkout ${id}`, description: 'The checkout API' };

  await test.step('create the team', async () => {
    await page.goto('/settings/teams');
    await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Create team' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create team' });
    await dialog.getByLabel('Slug').fill(team.slug);
    await dialog.getByLabel('Name').fill(team.name);
    await dialog.getByLabel('Description').fill(team.description);
    await dialog.getByRole('button', { name: /^(Save team|Create team|Create)$/ }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row').filter({ hasText: team.slug })).toBeVisible();
  });

  await test.step('create the service owned by that team', async () => {
    await page.goto('/settings/services');
    await expect(page.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Create service' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create service' });
    await dialog.getByLabel('Slug').fill(service.slug);
    await dialog.getByLabel('Name').fill(service.name);
    await dialog.getByLabel('Description').fill(service.description);
    await dialog.getByLabel('Team').selectOption({ label: team.name });
    const tier = dialog.getByLabel('Tier');
    const tier1 = await tier.locator('option').filter({ hasText: /1/ }).first().getAttribute('value');
    await tier.selectOption(tier1 ?? 'tier1');
    await dialog.getByRole('button', { name: /^(Save service|Create service|Create)$/ }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('row').filter({ hasText: service.slug });
    await expect(row).toBeVisible();
    await expect(row).toContainText(team.name);
  });

  await test.step('both appear in the audit log, made by the admin', async () => {
    await page.goto('/settings/audit');
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    const rows = page.getByRole('row').filter({ hasText: admin.email });
    await expect(rows.filter({ hasText: 'team.create' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'service.create' }).first()).toBeVisible();
  });
});
