import { startSimulator } from '../simulator';
import { expect, test } from './fixtures';

// An engineer registers a simulated cluster in the UI, watches its nodes
// appear (the e2e server runs a worker, so the collectors run), and opens the
// capacity tab once the first snapshot is taken.

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
let nodeName = '';

test.beforeAll(async () => {
  sim = await startSimulator({ nodes: 6, pods: 60, zones: 3, seed: 'e2e-inventory', port: Number(process.env.E2E_SIM_PORT ?? 0) });
  const nodes = (await (await fetch(`${sim.url}/api/v1/nodes`)).json()) as { items: { metadata: { name: string } }[] };
  nodeName = nodes.items[0]!.metadata.name;
});

test.afterAll(async () => {
  await sim?.close();
});

test('an engineer registers the simulated cluster, sees its nodes and its capacity chart', async ({ page, signInAs }) => {
  test.setTimeout(6 * 60_000);
  const name = `e2e-sim-${Date.now().toString(36)}`;
  await signInAs('engineer');
  await page.goto('/clusters');
  await page.getByRole('button', { name: 'Register cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register cluster' });
  await dialog.getByLabel('Cluster name').fill(name);
  await dialog.getByLabel('Connection').selectOption('simulator');
  await dialog.getByLabel('API server URL').fill(sim.url);
  await dialog.getByRole('button', { name: 'Register and test connection' }).click();
  await expect(dialog.getByText(/^Connected/)).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByRole('tab', { name: 'Nodes' }).click();
  // The supervisor claims the new cluster within a minute, then lists nodes.
  // The node cell also shows the instance type, so match the name as a substring.
  await expect(page.getByRole('table', { name: 'Nodes' }).getByText(nodeName)).toBeVisible({ timeout: 150_000 });
  await expect(page.getByText('1–6 of 6 nodes')).toBeVisible();

  await page.getByRole('tab', { name: 'Capacity' }).click();
  // The capacity job snapshots within a minute of nodes and pods being synced.
  const chart = page.getByRole('figure', { name: 'CPU capacity chart' });
  await expect(async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'Capacity' }).click();
    await expect(chart).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  // The chart surface (recharts' main svg), with the measured and forecast lines drawn.
  await expect(chart.getByRole('application')).toBeVisible();
  await expect(chart.getByRole('img', { name: 'Requested (forecast) legend icon' })).toBeVisible();
  expect(await chart.locator('.recharts-line').count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByText(/Not enough history yet to forecast CPU requested: 1 daily snapshot/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Capacity per node' }).getByText(nodeName)).toBeVisible();
});
