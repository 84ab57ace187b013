import { randomBytes } from 'node:crypto';
import { expect, signIn, test } from './fixtures';

// An executive's five minutes: an incident commander declares and resolves an
// incident; the executive signs in, lands on the monthly report, switches to
// the running month and sees the incident counted; then opens the maturity page
// and reads the evidence behind a marker.

test('an executive reads the monthly report and the maturity evidence', async ({ page, browser, signInAs, accounts }, testInfo) => {
  test.setTimeout(180_000);
  const run = randomBytes(3).toString('hex');

  await signInAs('incident_commander');
  await page.goto('/incidents');
  const declare = page.getByRole('form', { name: 'Declare an incident' });
  await declare.getByLabel('Title').fill(`Report check ${run}`);
  await declare.getByLabel('Severity').selectOption('P2');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  await page.getByRole('button', { name: 'Acknowledge (investigating)' }).click();
  await page.getByRole('button', { name: '→ Resolved' }).click();
  await expect(page.getByTestId('incident-state')).toHaveText('Resolved');

  const exec = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
  await signIn(exec, accounts.executive.email, accounts.executive.password);
  await expect(exec).not.toHaveURL(/\/signin/);
  // The navigation offers the report to executives; the home page opens it.
  await expect(exec.getByRole('link', { name: 'Reports' }).first()).toBeVisible();
  await exec.goto('/');
  await expect(exec).toHaveURL(/\/reports/);
  await expect(exec.getByRole('heading', { name: /Reliability report: / })).toBeVisible();

  const thisMonth = new Date().toISOString().slice(0, 7);
  await exec.getByLabel('Period', { exact: true }).selectOption(thisMonth);
  await expect(exec).toHaveURL(new RegExp(`period=${thisMonth}`));
  const headline = exec.getByRole('region', { name: 'Headline numbers' });
  const incidents = headline.locator('.report-figure', { hasText: 'Incidents' }).first();
  await expect(incidents.locator('.report-figure-value')).toHaveText(/^[1-9]\d*$/);
  await expect(headline.getByText('SLOs meeting target')).toBeVisible();
  await expect(headline.getByText('Maturity level')).toBeVisible();
  await expect(exec.getByRole('button', { name: 'Print' })).toBeVisible();
  await expect(exec.getByRole('link', { name: 'Download PDF' })).toBeVisible();

  // The JSON behind the page, with the executive's session.
  const json = await exec.request.get(`/api/v1/reports/monthly?month=${thisMonth}`);
  expect(json.status()).toBe(200);
  expect(((await json.json()) as { current: { incidents: { total: number } } }).current.incidents.total).toBeGreaterThanOrEqual(1);

  await exec.goto('/maturity');
  await expect(exec.getByRole('heading', { name: 'Organisation', exact: true })).toBeVisible();
  const grid = exec.getByRole('table', { name: 'Markers of Organisation' });
  const pdb = grid.locator('[data-marker="managed.oncall"]');
  await expect(pdb).toContainText('On-call rotation');
  await expect(pdb.getByText(/Met|Not met|No data/)).toBeVisible();
  await expect(exec.getByRole('heading', { name: /What it takes/ })).toBeVisible();
  await pdb.getByRole('link').click();
  await expect(exec).toHaveURL(/\/oncall/);

  // Executives may store an assessment on demand; the trend then has a point.
  await exec.goto('/maturity');
  await exec.getByRole('button', { name: 'Assess now' }).click();
  await expect(exec.getByText(/Stored \d+ assessments for today/)).toBeVisible();
  await expect(exec.getByRole('figure', { name: 'Maturity levels over time' })).toBeVisible();
});

test('the report is refused to a viewer', async ({ page, signInAs }) => {
  await signInAs('viewer');
  await expect(page.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  const res = await page.request.get('/api/v1/reports/monthly');
  expect(res.status()).toBe(403);
});
