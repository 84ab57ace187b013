import { randomBytes } from 'node:crypto';
import { withDb } from './db';
import { expect, test } from './fixtures';

// A service's own maturity (docs/maturity.md "Per service"): a reader opens a
// service page and sees its level next to its team's and the criteria it does
// not meet, lowest level first, each with how to meet it and its evidence link.

test('a service page shows the service’s maturity level and what it misses', async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  const run = randomBytes(3).toString('hex');
  const team = `Service maturity team ${run}`;
  const slug = `e2e-smat-${run}`;
  await withDb(async (db) => {
    await db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, team]);
    await db.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $1, $2, $3, now())`, [slug, `Checkout ${run}`, `team-${run}`]);
  });

  await signInAs('viewer');
  await page.goto(`/services/${slug}`);
  const card = page.getByRole('region', { name: 'Operations maturity' });
  // A new service with nothing recorded: Reactive, like its team.
  await expect(card.getByTestId('service-level')).toHaveText('L1 Reactive');
  await expect(card.getByText(`(team ${team}: L1 Reactive)`)).toBeVisible();
  const unmet = card.getByRole('list', { name: `Criteria Checkout ${run} does not meet` });
  // Its own figures: no SLO, no DR drill; level 1 gaps come first, each with how and a link.
  // (Not "No manual deploys": platform GitOps changes, which other specs record, count for every service.)
  const first = unmet.getByRole('listitem').first();
  await expect(first).toContainText('L1 ');
  const slos = unmet.getByRole('listitem').filter({ hasText: 'L3 SLOs defined' });
  await expect(slos).toContainText('no SLO defined');
  await expect(slos.getByRole('link', { name: 'Evidence' })).toHaveAttribute('href', '/slos');
  await expect(unmet.getByRole('listitem').filter({ hasText: 'L3 DR tested quarterly' })).toBeVisible();
});
