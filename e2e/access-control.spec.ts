import { expect, test } from './fixtures';

test.describe('access control', () => {
  test('a viewer opening /settings/users lands on the forbidden page', async ({ page, signInAs }) => {
    await signInAs('viewer');
    await page.goto('/settings/users');
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole('heading', { name: 'You do not have access' })).toBeVisible();
    await expect(page.getByText('user.manage')).toBeVisible();
    // ...and that page answers 403, not 200.
    expect((await page.request.get('/forbidden?need=user.manage')).status()).toBe(403);
  });

  test('missing things answer the 404 page with status 404', async ({ page, signInAs }) => {
    await signInAs('viewer');
    for (const path of ['/incidents/nope', '/runbooks/nope', '/slos/nope', '/clusters/nope', '/clusters/nope/workloads/default/Deployment/web', '/no-such-page']) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text(), path).toContain('Page not found');
    }
  });

  test("a direct tRPC call to users.list with the viewer's cookies is FORBIDDEN", async ({ page, signInAs }) => {
    await signInAs('viewer');
    // page.request shares the browser context's cookies, i.e. the viewer's session.
    const response = await page.request.get('/api/trpc/users.list');
    expect(response.status()).toBe(403);
    const body = await response.text();
    expect(body).toContain('FORBIDDEN');
    expect(body).not.toContain('@e2e.runwell.test');
  });

  test('the same call works for an admin and is refused without a session', async ({ page, signInAs, request }) => {
    const admin = await signInAs('admin');
    const ok = await page.request.get('/api/trpc/users.list');
    expect(ok.status()).toBe(200);
    // Answers depend on who asks: no cache may keep them.
    expect(ok.headers()['cache-control']).toBe('private, no-store');
    expect(await ok.text()).toContain(admin.email);

    const anonymous = await request.get('/api/trpc/users.list');
    expect(anonymous.status()).toBe(401);
  });
});
