import { startSimulator } from '../simulator';
import { ensureDemo } from './demo';
import { expect, test } from './fixtures';

// An admin connects the shop's Prometheus (the simulator's) as a data source;
// an SRE then opens Network, sees the search Ingress failing 6 % of its
// requests as the worst connection errors, and follows it to its service and
// to the runbook of its alert. The page queries Prometheus live.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
const name = `e2e-prom-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await ensureDemo(); // the catalog's Search API and the alert runbooks come with the demo
  sim = await startSimulator({ scenario: 'shop', seed: 'e2e-network', port: Number(process.env.E2E_SIM_PORT ?? 0) });
});

test.afterAll(async () => {
  await sim?.close();
});

test('an SRE sees the failing Ingress first on Network and follows it to its service and runbook', async ({ page, signInAs }) => {
  test.setTimeout(3 * 60_000);
  await signInAs('admin');
  await page.goto('/settings/datasources');
  await page.getByRole('button', { name: 'Add data source' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('URL').fill(`${sim.url}/prometheus`);
  await dialog.getByRole('button', { name: 'Add data source' }).click();
  await expect(page.getByRole('table', { name: 'Data sources' })).toContainText(name);

  await page.getByRole('link', { name: 'Network', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Network', level: 1 })).toBeVisible();
  const primary = page.getByLabel('Connection errors: worst Ingress (5xx share)');
  await expect(primary).toContainText('search/search-api', { timeout: 30_000 });
  await expect(primary).toContainText('Critical');
  await expect(page.getByLabel('DNS latency: slowest CoreDNS pod (p99)')).toContainText('coredns-7db6d8ff4d-x2k9q');

  await primary.getByRole('link', { name: 'Service Search API' }).click();
  await expect(page).toHaveURL(/\/services\/search-api$/);
  await page.goBack();
  await page.getByLabel('Connection errors: worst Ingress (5xx share)').getByRole('link', { name: 'Runbook' }).click();
  await expect(page).toHaveURL(/\/runbooks\/c[a-z0-9]+$/);
  await expect(page.getByText('IngressErrorsHigh').first()).toBeVisible();
});
