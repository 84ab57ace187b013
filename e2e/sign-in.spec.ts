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

  test('signing out ends the session: a saved copy of the cookie no longer works', async ({ page, signInAs, playwright, baseURL }) => {
    await signInAs('viewer');
    const saved = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: saved } });
    expect((await replay.get('/api/trpc/users.me')).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    expect((await replay.get('/api/trpc/users.me')).status()).toBe(401);
    await replay.dispose();
  });

  test('after sign-in, a callback that normalises to another host goes to /overview', async ({ page, signInAs }) => {
    await signInAs('viewer');
    for (const target of ['/.//evil.example', '/x/..//evil.example/path', '/%2e//evil.example']) {
      const res = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
      expect(res.status()).toBe(307);
      expect(new URL(res.headers()['location']!, page.url()).href).toBe(new URL('/overview', page.url()).href);
    }
    const viaNextAuth = await page.request.get(`/api/auth/signin?callbackUrl=${encodeURIComponent('/.//evil.example')}`, { maxRedirects: 0 });
    expect(viaNextAuth.headers()['location'] ?? '').not.toMatch(/^(https?:)?\/\/evil\.example/);
    await page.goto(`/signin?callbackUrl=${encodeURIComponent('/.//evil.example')}`);
    await expect(page).toHaveURL(/\/overview$/);
  });

  test('pages carry a script nonce in their CSP and still run their scripts', async ({ page, signInAs }) => {
    await signInAs('viewer');
    const res = await page.goto('/overview');
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("default-src 'self'");
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    // Client-side navigation needs the scripts: it works only if they ran.
    await page.getByRole('link', { name: 'All incidents' }).click();
    await expect(page).toHaveURL(/\/incidents$/);
    expect(errors).toEqual([]);
  });

  test('a signed-out visitor is sent to the sign-in page', async ({ page }) => {
    await page.goto('/settings/users');
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });
});
