import { startSimulator } from '../simulator';
import { ensureDemo, runwell } from './demo';
import { expect, test } from './fixtures';

// An SRE lead opens Certificates, sees the certificate expiring in 6 days at
// the top (the shop's storefront certificate, whose renewal fails), follows it
// to its workload and to the runbook of its alert. The shop simulator is
// registered as a cluster; the e2e server's worker collects it.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
const name = `e2e-shop-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await ensureDemo(); // the domain alerts' runbooks come with the demo
  sim = await startSimulator({ scenario: 'shop', seed: 'e2e-certificates', port: Number(process.env.E2E_SIM_PORT ?? 0) });
  const added = runwell(['cluster', 'add', '--name', name, '--simulator', sim.url]);
  if (added.code !== 0) throw new Error(`runwell cluster add failed: ${added.out}`);
});

test.afterAll(async () => {
  await sim?.close();
});

test('an SRE lead sees the certificate expiring in 6 days first and follows it to its workload and runbook', async ({ page, signInAs }) => {
  test.setTimeout(5 * 60_000);
  await signInAs('engineer');
  await page.goto('/overview');
  await page.getByRole('link', { name: 'Certificates', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Certificates', level: 1 })).toBeVisible();
  await page.getByLabel('Cluster').selectOption({ label: name }).catch(async () => {
    // The list of clusters may not have loaded yet.
    await page.waitForTimeout(1_000);
    await page.getByLabel('Cluster').selectOption({ label: name });
  });

  // The supervisor claims the new cluster within a minute, then lists cert-manager objects.
  const primary = page.getByLabel('Next certificate to expire');
  await expect(async () => {
    await page.reload();
    await page.getByLabel('Cluster').selectOption({ label: name });
    await expect(primary.getByText('6 days', { exact: true })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await expect(primary).toContainText('storefront/web-frontend-tls');
  await expect(primary).toContainText('Renewal failing');

  // It is also the first row of the table, worst first.
  const firstRow = page.getByRole('table', { name: 'Certificates' }).locator('tbody tr').first();
  await expect(firstRow).toContainText('storefront/web-frontend-tls');
  await expect(firstRow).toContainText('6 days');
  const rows = page.getByRole('table', { name: 'Certificates' }).locator('tbody tr');
  await expect(rows.nth(1)).toContainText('identity/auth-service-tls');
  await expect(rows.nth(1)).toContainText('12 days');

  await firstRow.getByRole('link', { name: 'Workload web-frontend' }).click();
  await expect(page.getByRole('heading', { name: 'Deployment storefront/web-frontend' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/clusters/${name}/workloads/storefront/Deployment/web-frontend$`));

  await page.goBack();
  await page.getByLabel('Cluster').selectOption({ label: name });
  await expect(primary.getByText('6 days', { exact: true })).toBeVisible();
  await primary.getByRole('link', { name: 'Runbook' }).click();
  await expect(page).toHaveURL(/\/runbooks\/c[a-z0-9]+$/);
  await expect(page.getByText('CertificateExpiring').first()).toBeVisible();
  await expect(page.getByText('cmctl renew').first()).toBeVisible();
});
