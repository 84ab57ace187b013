import { randomBytes } from 'node:crypto';
import { withDb } from './db';
import { expect, test } from './fixtures';

// Triage step 2, "Check recent changes": an incident commander opens an
// incident, sees the change shipped to its service an hour before impact,
// marks it as the confirmed cause, and finds the incident on the change's page.

test('mark a recent change as the confirmed cause of an incident', async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  const run = randomBytes(3).toString('hex');
  const title = `Roll out cart v9 ${run}`;
  const incidentId = `inc-${run}`;
  await withDb(async (db) => {
    await db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, `Cause team ${run}`]);
    await db.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $1, $2, $3, now())`, [`svc-${run}`, `Cart ${run}`, `team-${run}`]);
    await db.query(
      `INSERT INTO "Change" (id, title, tier, source, "authorLabel", "requestedAt", "startedAt", "finishedAt", status, decision, "decidedAt", "updatedAt")
       VALUES ($1, $2, 'T1', 'api', 'ci', now() - interval '70 minutes', now() - interval '65 minutes', now() - interval '60 minutes', 'succeeded', 'allow', now(), now())`,
      [`chg-${run}`, title],
    );
    await db.query(`INSERT INTO "ChangeService" ("changeId", "serviceId") VALUES ($1, $2)`, [`chg-${run}`, `svc-${run}`]);
    await db.query(`INSERT INTO "Incident" (id, title, severity, state, "startedAt", "updatedAt") VALUES ($1, $2, 'P2', 'investigating', now() - interval '10 minutes', now())`, [incidentId, `Cart errors ${run}`]);
    await db.query(`INSERT INTO "IncidentService" ("incidentId", "serviceId") VALUES ($1, $2)`, [incidentId, `svc-${run}`]);
  });

  await signInAs('incident_commander');
  await page.goto(`/incidents/${incidentId}`);
  const card = page.getByRole('region', { name: 'Recent changes' });
  await expect(card.getByRole('link', { name: title })).toBeVisible();
  await card.getByRole('group', { name: `Mark "${title}"` }).getByRole('button', { name: 'Confirmed cause' }).click();
  await expect(card.getByText('Confirmed cause', { exact: true }).first()).toBeVisible();
  await expect(card.getByRole('button', { name: 'Confirmed cause' })).toHaveAttribute('aria-pressed', 'true');

  await card.getByRole('link', { name: title }).click();
  const linked = page.getByRole('region', { name: 'Linked incidents' });
  await expect(linked).toContainText(`Cart errors ${run}`);
  await expect(linked).toContainText('Confirmed cause');
});
