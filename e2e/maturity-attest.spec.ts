import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { e2eDatabaseUrl, withDb } from './db';
import { expect, test } from './fixtures';

/** A team at the edge of level 3 in a cluster of its own (e2e/seed/maturity-edge.ts), led by `leadEmail`; returns its name. */
function seedTeamAtLevelEdge(run: string, leadEmail: string): string {
  const root = path.resolve(import.meta.dirname, '..');
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'e2e', 'seed', 'maturity-edge.ts'), run, leadEmail], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (seeded.status !== 0) throw new Error(`maturity-edge seed failed: ${seeded.stdout}${seeded.stderr}`);
  return (JSON.parse(seeded.stdout.trim().split('\n').at(-1)!) as { team: string }).team;
}

// A team lead attests a criterion Runwell cannot fully observe (canary deployments
// by a tool other than Argo Rollouts or Flagger):
// the form checks the evidence link next to the field, the criterion turns
// "Attested" (apart from measured evidence, with who and until when), its level
// counts one more marker met, and the lead can revoke it again.

test('a team lead attests a criterion and sees it count, then revokes it', async ({ page, signInAs, accounts }) => {
  test.setTimeout(120_000);
  const run = randomBytes(3).toString('hex');
  const team = `Attest team ${run}`;
  await withDb(async (db) => {
    await db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, team]);
    await db.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $1, $2, $3, now())`, [`e2e-att-${run}`, `Storefront ${run}`, `team-${run}`]);
    await db.query(`INSERT INTO "TeamMember" ("teamId", "userId", "isLead") SELECT $1, id, true FROM "User" WHERE email = $2`, [`team-${run}`, accounts.engineer.email]);
  });

  await signInAs('engineer');
  await page.goto('/maturity');
  await page.getByLabel('Scope').selectOption({ label: team });
  const grid = page.getByRole('table', { name: `Markers of ${team}` });
  const level3 = grid.getByRole('row').filter({ hasText: '3. Defined' });
  const canary = grid.locator('[data-marker="defined.canary"]');
  // Measured from the inventory (no Rollout or Canary of the new team), still attestable: another tool's canary.
  await expect(canary.getByText('Not met', { exact: true })).toBeVisible();
  const before = Number((await level3.getByText(/\d+ \/ 6 met/).textContent())!.match(/(\d+) \/ 6/)![1]);
  // A measured criterion offers no "Attest"; the unobservable one does.
  await expect(grid.locator('[data-marker="defined.velero"]').getByRole('button', { name: 'Attest' })).toHaveCount(0);
  await canary.getByRole('button', { name: 'Attest' }).click();

  const form = page.getByRole('form', { name: 'Attest Canary deployments' });
  await form.getByLabel('Evidence link').fill('not a link');
  await form.getByRole('button', { name: 'Attest' }).click();
  await expect(form.getByText(/Must be an http\(s\) URL/)).toBeVisible();
  await form.getByLabel('Evidence link').fill(`https://wiki.example.com/canary-${run}`);
  await form.getByLabel('Note').fill('Argo Rollouts on the storefront');
  await form.getByRole('button', { name: 'Attest' }).click();
  await expect(form).toHaveCount(0);

  await expect(canary.getByText('Attested', { exact: true })).toBeVisible();
  await expect(canary.getByText(/attested by .+ until \d{4}-\d{2}-\d{2}: Argo Rollouts on the storefront/)).toBeVisible();
  await expect(level3.getByText(`${before + 1} / 6 met`)).toBeVisible();
  const list = page.getByRole('list', { name: `Attestations of ${team}` });
  await expect(list).toContainText('L3 Canary deployments');
  await expect(list.getByRole('link', { name: 'Evidence' })).toHaveAttribute('href', `https://wiki.example.com/canary-${run}`);

  // Revoked: it no longer counts.
  await list.getByRole('button', { name: 'Revoke' }).click();
  await expect(canary.getByText('Not met', { exact: true })).toBeVisible();
  await expect(level3.getByText(`${before} / 6 met`)).toBeVisible();
});

test('a lead attests the one criterion the team lacks for level 3, and its level moves from 2 to 3', async ({ page, signInAs, accounts }) => {
  test.setTimeout(180_000);
  const team = seedTeamAtLevelEdge(randomBytes(3).toString('hex'), accounts.engineer.email);

  await signInAs('engineer');
  await page.goto('/maturity');
  const teams = page.getByRole('table', { name: 'Maturity level per team' });
  await expect(teams.getByRole('row').filter({ hasText: team })).toContainText('L2 Managed');
  await page.getByLabel('Scope').selectOption({ label: team });
  await expect(page.getByRole('heading', { name: `${team}: level 2 (Managed)` })).toBeVisible();
  const grid = page.getByRole('table', { name: `Markers of ${team}` });
  // Everything of levels 1-3 is measured and met but canary deployments (the team uses a tool Runwell does not watch).
  await expect(grid.getByRole('row').filter({ hasText: '3. Defined' }).getByText('5 / 6 met')).toBeVisible();

  await grid.locator('[data-marker="defined.canary"]').getByRole('button', { name: 'Attest' }).click();
  const form = page.getByRole('form', { name: 'Attest Canary deployments' });
  await form.getByLabel('Evidence link').fill('https://wiki.example.com/canary-by-spinnaker');
  await form.getByLabel('Note').fill('Spinnaker canary analysis on every deploy');
  await form.getByRole('button', { name: 'Attest' }).click();
  await expect(form).toHaveCount(0);

  await expect(page.getByRole('heading', { name: `${team}: level 3 (Defined)` })).toBeVisible();
  await expect(teams.getByRole('row').filter({ hasText: team })).toContainText('L3 Defined');
  // Revoked, the level falls back.
  await page.getByRole('list', { name: `Attestations of ${team}` }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('heading', { name: `${team}: level 2 (Managed)` })).toBeVisible();
});

test('an engineer who does not lead the team is not offered "Attest"', async ({ page, signInAs }) => {
  const run = randomBytes(3).toString('hex');
  const team = `Other team ${run}`;
  await withDb((db) => db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, team]));
  await signInAs('engineer');
  await page.goto('/maturity');
  await page.getByLabel('Scope').selectOption({ label: team });
  await expect(page.getByRole('table', { name: `Markers of ${team}` }).locator('[data-marker="defined.canary"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Attest', exact: true })).toHaveCount(0);
  await expect(page.getByText(/a lead of the team or an admin can attest them/)).toBeVisible();
});
