import { randomBytes } from 'node:crypto';
import { withDb } from './db';
import { expect, test } from './fixtures';

// The linked timeline (#12): an incident's chain runs change -> burn -> alert
// -> page -> incident -> post-mortem -> action items, each step a link; the
// service page shows the same chain, compact. And the organisation's
// post-mortem template, edited by an admin with a live preview.

test('open the chain of an incident, follow it to the change, and find it on the service page', async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  const run = randomBytes(3).toString('hex');
  const change = `Roll out search v4 ${run}`;
  const incidentId = `inc-chain-${run}`;
  const incidentTitle = `Search errors ${run}`;
  await withDb(async (db) => {
    await db.query(`INSERT INTO "Team" (id, slug, name, "timeZone", "updatedAt") VALUES ($1, $1, $2, 'UTC', now())`, [`team-${run}`, `Chain team ${run}`]);
    await db.query(`INSERT INTO "Service" (id, slug, name, "teamId", "updatedAt") VALUES ($1, $1, $2, $3, now())`, [`svc-${run}`, `Search ${run}`, `team-${run}`]);
    await db.query(
      `INSERT INTO "Change" (id, title, tier, source, "authorLabel", "requestedAt", "startedAt", "finishedAt", status, decision, "decidedAt", "updatedAt")
       VALUES ($1, $2, 'T1', 'api', 'ci', now() - interval '90 minutes', now() - interval '85 minutes', now() - interval '80 minutes', 'succeeded', 'allow', now(), now())`,
      [`chg-${run}`, change],
    );
    await db.query(`INSERT INTO "ChangeService" ("changeId", "serviceId") VALUES ($1, $2)`, [`chg-${run}`, `svc-${run}`]);
    await db.query(
      `INSERT INTO "Incident" (id, title, severity, state, "startedAt", "detectedAt", "resolvedAt", "updatedAt") VALUES ($1, $2, 'P3', 'resolved', now() - interval '60 minutes', now() - interval '55 minutes', now() - interval '20 minutes', now())`,
      [incidentId, incidentTitle],
    );
    await db.query(`INSERT INTO "IncidentService" ("incidentId", "serviceId") VALUES ($1, $2)`, [incidentId, `svc-${run}`]);
    await db.query(`INSERT INTO "ChangeIncidentLink" ("changeId", "incidentId", cause, "markedByLabel", "markedAt") VALUES ($1, $2, 'confirmed', 'e2e', now())`, [`chg-${run}`, incidentId]);
    await db.query(
      `INSERT INTO "Alert" (id, fingerprint, "startsAt", alertname, status, labels, annotations, "serviceId", "receivedAt", "lastSeenAt", "incidentId", "updatedAt")
       VALUES ($1, $1, now() - interval '57 minutes', 'SearchErrorRate', 'resolved', '{}', '{}', $2, now(), now(), $3, now())`,
      [`alert-${run}`, `svc-${run}`, incidentId],
    );
    await db.query(
      `INSERT INTO "Page" (id, "alertId", "incidentId", priority, summary, status, "pagedAt", "acknowledgedAt", "updatedAt") VALUES ($1, $2, $3, 'P2', 'Search errors', 'resolved', now() - interval '56 minutes', now() - interval '52 minutes', now())`,
      [`page-${run}`, `alert-${run}`, incidentId],
    );
  });

  await signInAs('engineer');
  await page.goto(`/incidents/${incidentId}`);
  const chain = page.getByRole('region', { name: 'Chain', exact: true });
  const stage = (s: string) => chain.locator(`[data-stage="${s}"]`);
  await expect(stage('change')).toContainText('1 change in the 24 h before; 1 confirmed cause');
  await expect(stage('alert')).toContainText('SearchErrorRate first');
  await expect(stage('page')).toContainText('1 page; acknowledged after 4 min');
  await expect(stage('incident')).toContainText('P3 · Resolved · resolved after 40 min');
  // Gaps are shown, not hidden.
  await expect(stage('burn')).toContainText('No SLO covers its services');
  await expect(stage('postmortem')).toContainText('Not started');

  await stage('change').getByRole('link', { name: change }).first().click();
  await expect(page).toHaveURL(new RegExp(`/changes/chg-${run}$`));
  await expect(page.getByRole('region', { name: 'Linked incidents' })).toContainText(incidentTitle);

  await page.goto(`/services/svc-${run}`);
  const chains = page.getByRole('region', { name: 'Incident chains' });
  const mine = chains.getByRole('region', { name: /^Chain of incident #/ });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('[data-stage="change"]')).toContainText('1 confirmed cause');
  await mine.locator('[data-stage="incident"]').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
});

test('an admin edits the P3 post-mortem template with a live preview; unknown placeholders are refused', async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  await signInAs('admin');
  await page.goto('/settings/postmortems');
  await page.getByLabel('Template for').selectOption('P3');
  await expect(page.getByTestId('template-source')).toContainText('Not customised: P3 drafts use "Every severity"');
  const lessons = page.getByRole('textbox', { name: 'Lessons learned template' });
  await lessons.fill('Lessons of #{{incident.number}} on {{incident.cost}}');
  await expect(page.getByTestId('template-error-lessons')).toHaveText('unknown placeholder {{incident.cost}} in section "Lessons learned"');
  await expect(page.getByRole('button', { name: 'Save template' })).toBeDisabled();

  await lessons.fill('Lessons of #{{incident.number}} on {{incident.services}}');
  await expect(page.getByTestId('template-error-lessons')).toHaveCount(0);
  await expect(page.getByLabel('Lessons learned preview')).toContainText('Lessons of #128 on Checkout web, Cart API');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByTestId('template-source')).toContainText('Customised, version 1.');

  await page.getByRole('button', { name: 'Reset to default' }).click();
  await page.getByRole('button', { name: 'Reset p3 only' }).click();
  await expect(page.getByTestId('template-source')).toContainText('Not customised');
});
