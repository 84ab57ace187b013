import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { e2eDatabaseUrl } from './db';
import { expect, test } from './fixtures';

// Readiness end to end: an engineer evaluates a cluster's inventory, opens the
// worst workload and requests an exemption with an expiry; an incident commander
// approves it; the score rises; an admin finds the approval in the audit log.
//
// The inventory rows are written straight into the e2e database in the shape the
// collectors store (docs/inventory.md): that keeps this flow independent of the
// cluster connection UI and of sync timing.

const id = randomBytes(3).toString('hex');
const CLUSTER = `e2e-readiness-${id}`;
const NS = `shop-${id}`;
const REASON = `Vendor image without tags, replaced in the next release ${id}`;

async function seedInventory(): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const clusterId = `c${id}readiness`;
    await client.query(
      `INSERT INTO "Cluster" (id, name, "lastSyncedAt", "syncState", "updatedAt") VALUES ($1, $2, now(), 'synced', now())`,
      [clusterId, CLUSTER],
    );
    const objects = [
      { kind: 'Namespace', namespace: '', name: NS, labels: { 'runwell.io/team': 'web' }, data: { apiVersion: 'v1' } },
      {
        kind: 'Deployment',
        namespace: NS,
        name: 'storefront',
        labels: { 'app.kubernetes.io/name': 'storefront' },
        data: {
          apiVersion: 'apps/v1',
          spec: {
            replicas: 1,
            selector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } },
            template: { metadata: { labels: { 'app.kubernetes.io/name': 'storefront' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        },
      },
    ];
    for (const [i, o] of objects.entries()) {
      await client.query(
        `INSERT INTO "InventoryObject" ("clusterId", kind, namespace, name, uid, "resourceVersion", labels, data) VALUES ($1, $2, $3, $4, $5, '1', $6, $7)`,
        [clusterId, o.kind, o.namespace, o.name, `uid-${id}-${i}`, JSON.stringify(o.labels), JSON.stringify(o.data)],
      );
    }
  } finally {
    await client.end();
  }
}

test.describe.serial('readiness exemption', () => {
  let scoreBefore = 0;

  test.beforeAll(async () => {
    await seedInventory();
  });

  test('an engineer evaluates the cluster, opens the worst workload and requests an exemption', async ({ page, signInAs }) => {
    await signInAs('engineer');
    await page.goto('/readiness');
    await expect(page.getByRole('heading', { name: 'Readiness', level: 1 })).toBeVisible();
    const clusterRow = page.getByRole('row').filter({ hasText: CLUSTER });
    await clusterRow.getByRole('button', { name: 'Evaluate now' }).click();
    await expect(page.getByText(/Evaluated \d+ objects/)).toBeVisible();

    await page.getByRole('link', { name: `Deployment ${NS}/storefront` }).click();
    await expect(page.getByRole('heading', { name: `Deployment ${NS}/storefront`, level: 1 })).toBeVisible();
    scoreBefore = Number(await page.getByTestId('workload-score').textContent());
    const check = page.getByRole('article', { name: 'tagNotSpecified' });
    await expect(check).toContainText('nginx');
    await check.getByText('Show fix').click();
    await expect(check.getByRole('button', { name: 'Copy fix' })).toBeVisible();

    await check.getByRole('button', { name: 'Request exemption' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request exemption' });
    await expect(dialog.getByLabel('Check')).toHaveValue('tagNotSpecified');
    await dialog.getByLabel('Reason').fill(REASON);
    const expiry = new Date(Date.now() + 14 * 24 * 3600_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Expires on').fill(expiry);
    await dialog.getByRole('button', { name: 'Submit request' }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole('row').filter({ hasText: REASON });
    await expect(row).toContainText('pending');
    await expect(row).toContainText('Awaiting another approver');
    await expect(row.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  });

  test('an incident commander approves it and the score rises', async ({ page, signInAs }) => {
    await signInAs('incident_commander');
    await page.goto('/readiness/exemptions');
    const row = page.getByRole('table', { name: 'Pending exemptions' }).getByRole('row').filter({ hasText: REASON });
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('table', { name: 'Active exemptions' }).getByRole('row').filter({ hasText: REASON })).toContainText('approved');

    await page.goto(`/readiness/${CLUSTER}/${NS}/Deployment/storefront`);
    await expect(page.getByRole('table', { name: 'Exempted checks' })).toContainText('tagNotSpecified');
    await expect(page.getByRole('article', { name: 'tagNotSpecified' })).toHaveCount(0);
    const scoreAfter = Number(await page.getByTestId('workload-score').textContent());
    expect(scoreAfter).toBeGreaterThan(scoreBefore);
  });

  test('an admin finds the request and the approval in the audit log', async ({ page, signInAs, accounts }) => {
    await signInAs('admin');
    await page.goto('/settings/audit');
    await page.getByLabel('Action').fill('readiness.exemption');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'readiness.exemption.approve' }).filter({ hasText: accounts.incident_commander.email })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'readiness.exemption.request' }).filter({ hasText: accounts.engineer.email })).toBeVisible();
  });
});
