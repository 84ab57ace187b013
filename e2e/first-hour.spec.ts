import type { Page } from '@playwright/test';
import { DEMO_USERS } from '../server/seed/demo.data';
import { demoAlertsAt, demoPayloads } from '../server/seed/demo-alerts.compute';
import { ensureDemo, runwell, type DemoLogin } from './demo';
import { expect, signIn, test } from './fixtures';

// A new user's first hour (issue 11): sign in with the printed demo credentials,
// read the Overview, open a service page; a demo alert arrives through the real
// webhook with an alerts token (what `serve --demo`'s demo Alertmanager sends),
// pages the on-call, who reads it in the Inbox and acknowledges; the commander
// declares the incident from the alert and finds it on the service page.

let logins: DemoLogin[];
const login = (email: string) => logins.find((l) => l.email === email)!;
const admin = () => login(DEMO_USERS.find((u) => u.role === 'admin')!.email);

async function signInAsDemo(page: Page, who: DemoLogin) {
  await page.context().clearCookies();
  await signIn(page, who.email, who.password);
  await expect(page).not.toHaveURL(/\/signin/);
}

test.beforeAll(async () => {
  logins = await ensureDemo();
});

test('the first hour: overview, service page, a demo alert pages the on-call, inbox, acknowledge, declare', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signInAsDemo(page, admin());
  await page.goto('/overview');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();

  // The service page, from the catalog.
  await page.goto('/settings/services');
  await page.getByRole('link', { name: 'Payments API' }).first().click();
  await expect(page).toHaveURL(/\/services\/payments-api$/);
  await expect(page.getByRole('heading', { name: 'Payments API', level: 1 })).toBeVisible();
  for (const card of ['SLOs and error budget', 'Incidents', 'On call', 'Recent alerts', 'Runbooks and links', 'Readiness']) {
    await expect(page.getByRole('heading', { name: card, level: 2 })).toBeVisible();
  }
  const onCallName = (await page.locator('.service-summary .metric', { hasText: 'On call now' }).locator('span').last().innerText()).trim();
  const onCall = DEMO_USERS.find((u) => u.name === onCallName);
  expect(onCall, `the payments on-call "${onCallName}" is a demo user`).toBeDefined();

  // The demo alert, through the production webhook with an alerts token.
  const token = runwell(['token', 'create', '--name', `e2e-demo-alertmanager-${Date.now()}`, '--scopes', 'alerts', '--owner', admin().email]);
  expect(token.code, token.out).toBe(0);
  const secret = token.out.split('\n')[0]!.trim();
  const now = Date.now();
  const crash = demoPayloads(demoAlertsAt(now, now - 2 * 60_000, () => [])).find((p) => p.groupLabels.alertname === 'PaymentsApiPodsCrashLooping')!;
  const res = await page.request.post(`${baseURL}/api/webhooks/alertmanager`, { headers: { Authorization: `Bearer ${secret}` }, data: crash });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).pagesOpened).toBe(1);

  // The on-call person reads the page in their inbox (the pager runs in the worker).
  await signInAsDemo(page, login(onCall!.email));
  await page.goto('/inbox');
  const item = page.getByRole('listitem', { name: /PaymentsApiPodsCrashLooping/ });
  await expect(async () => {
    await page.reload();
    await expect(item).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(item.getByText(/Runbook:/)).toBeVisible();
  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(item.getByText('acknowledged', { exact: true })).toBeVisible();

  // The commander declares the incident from the firing alert.
  await signInAsDemo(page, login(DEMO_USERS.find((u) => u.role === 'incident_commander')!.email));
  await page.goto('/incidents');
  const row = page.getByRole('table', { name: 'Firing alerts' }).getByRole('row', { name: /PaymentsApiPodsCrashLooping/ });
  await row.getByRole('button', { name: 'Declare incident' }).click();
  await page.getByRole('form', { name: 'Declare an incident' }).getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  expect(title).toContain('PaymentsApiPodsCrashLooping');

  // The service page shows it, linked.
  await page.getByRole('link', { name: 'Payments API' }).first().click();
  await expect(page).toHaveURL(/\/services\//);
  await expect(page.getByRole('link', { name: /PaymentsApiPodsCrashLooping/ }).first()).toBeVisible();
});
