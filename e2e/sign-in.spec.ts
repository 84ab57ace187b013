import { ROLES } from '../server/lib/roles';
import { expect, roleLabel, signIn, test } from './fixtures';

const GENERIC_ERROR = 'E-mail or password is incorrect.';

test.describe('sign-in', () => {
  for (const role of ROLES) {
    test(`a ${role} signs in and sees their name and role`, async ({ page, signInAs }) => {
      const account = await signInAs(role);
      const sidebar = page.getByRole('complementary');
      await expect(sidebar.getByText(account.name, { exact: true })).toBeVisible();
      await expect(sidebar.getByText(roleLabel(role), { exact: true })).toBeVisible();
    });
  }

  test('an executive sees the same overview: one card per area, each linking to its page', async ({ page, signInAs }) => {
    await signInAs('executive');
    await page.goto('/overview');
    for (const [name, link, href] of [
      ['Incidents and alerts', 'All incidents', '/incidents'],
      ['Error budgets', 'All SLOs', '/slos'],
      ['On call now', 'Schedules', '/oncall'],
      ['Production readiness', 'Full report', '/readiness'],
      ['Clusters', 'All clusters', '/clusters'],
    ] as const) {
      const card = page.getByRole('region', { name, exact: true });
      await expect(card.getByRole('heading', { name, exact: true })).toBeVisible();
      await expect(card.getByRole('link', { name: link })).toHaveAttribute('href', href);
    }
  });

  test('a wrong password shows the generic error and stays on the sign-in page', async ({ page, accounts }) => {
    await signIn(page, accounts.viewer.email, `${accounts.viewer.password}-wrong`);
    await expect(page.getByText(GENERIC_ERROR)).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
  });

  test('an unknown e-mail shows exactly the same error', async ({ page, accounts }) => {
    await signIn(page, `nobody-${Date.now()}@e2e.runwell.test`, accounts.viewer.password);
    await expect(page.getByText(GENERIC_ERROR)).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
  });

  test('a signed-out visitor is sent to the sign-in page', async ({ page }) => {
    await page.goto('/settings/users');
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });
});
