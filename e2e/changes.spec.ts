import { randomBytes } from 'node:crypto';
import { activeFreezes } from '../server/changes/freeze.compute';
import { withDb } from './db';
import { expect, test } from './fixtures';

// An engineer records a T2 change (the tier assistant suggests T2 from the manifests); the gate answers on the change page (needs a
// team lead, or held by the weekend freeze when this runs between Friday 15:00
// and Monday 09:00 UTC); an incident commander finds it in the approvals inbox and approves it, and when the
// freeze holds it, an admin overrides with a reason. The ledger shows it.

test('record a change, see it gated, approve it', async ({ page, signInAs }) => {
  test.setTimeout(120_000);
  const run = randomBytes(3).toString('hex');
  const slug = `e2e-chg-${run}`;
  await withDb(async (db) => {
    await db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, `Change team ${run}`]);
    await db.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $1, $2, $3, now())`, [slug, `Checkout ${run}`, `team-${run}`]);
  });
  const frozen = activeFreezes([{ id: 'w', name: 'Weekend', kind: 'weekly', tiers: ['T2', 'T3'], timeZone: 'UTC', startDay: 5, startMinute: 900, endDay: 1, endMinute: 540 }], 'T2', Date.now()).length > 0;

  await signInAs('engineer');
  await page.goto('/changes');
  await page.getByRole('link', { name: 'Record a change' }).click();
  const form = page.getByRole('form', { name: 'Record a change' });
  // The same schema as the API: errors next to their fields.
  await form.getByRole('button', { name: 'Record change' }).click();
  await expect(form.getByText('must be at least 3 characters')).toBeVisible();
  await expect(form.getByText('name at least one service')).toBeVisible();

  const title = `Raise HPA max ${run}`;
  await form.getByLabel('Title').fill(title);
  await form.getByLabel(`Checkout ${run}`).check();
  // The tier assistant: raising an HPA's bounds is T2 by the seed's rules.
  await form.getByText('Suggest the tier from manifests').click();
  const hpa = (max: number) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api, namespace: shop }\nspec: { minReplicas: 2, maxReplicas: ${max} }\n`;
  await form.getByLabel('Before (YAML or JSON)').fill(hpa(10));
  await form.getByLabel('After', { exact: true }).fill(hpa(20));
  await form.getByRole('button', { name: 'Classify' }).click();
  await expect(form.getByText('HPA api bounds 2-10 → 2-20')).toBeVisible();
  await form.getByRole('button', { name: 'Use T2' }).click();
  await expect(form.getByLabel('Tier')).toHaveValue('T2');
  await expect(page.getByRole('region', { name: 'Gate preview' })).toContainText(frozen ? 'Held' : 'Needs approval');
  await form.getByRole('button', { name: 'Record change' }).click();
  // The change's own page (not /changes/new, which the same pattern would match).
  await expect(page).toHaveURL(/\/changes\/(?!new$)[a-z0-9]+$/);
  const changeUrl = new URL(page.url()).pathname;
  const gate = page.getByRole('region', { name: 'Gate decision' });
  await expect(gate).toContainText(frozen ? 'Held' : 'Needs approval');
  await expect(gate).toContainText('Team lead approval');
  // The author cannot approve their own change.
  await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0);

  await page.context().clearCookies();
  await signInAs('incident_commander');
  // The approvals inbox lists it for the IC (who may give the team lead approval).
  await page.goto('/changes/approvals');
  const waiting = page.getByRole('row', { name: new RegExp(title) });
  await expect(waiting.getByRole('button', { name: 'Approve: Team lead approval' })).toBeVisible();
  await page.goto(changeUrl);
  await page.getByRole('button', { name: 'Approve (Team lead approval)' }).click();
  const approvals = page.getByRole('region', { name: 'Approvals' });
  await expect(approvals).toContainText('Team lead approval:');

  if (frozen) {
    await expect(gate).toContainText('Held');
    await page.context().clearCookies();
    await signInAs('admin');
    await page.goto(changeUrl);
    const override = page.getByRole('form', { name: 'Override the gate' });
    await override.getByLabel('Break-glass override reason').fill('short');
    await override.getByRole('button', { name: 'Override the gate' }).click();
    await expect(override.getByText(/at least 10 characters/)).toBeVisible();
    await override.getByLabel('Break-glass override reason').fill('Checkout capacity for the sale, approved by the VP');
    await override.getByRole('button', { name: 'Override the gate' }).click();
    await expect(page.getByText('Break-glass override', { exact: true })).toBeVisible();
  }
  await expect(gate).toContainText('Approved');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Approved (team lead)');

  await page.goto(`/changes?service=${slug}`);
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Approved');
  await expect(row).toContainText('T2');
});
