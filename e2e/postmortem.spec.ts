import { randomBytes } from 'node:crypto';
import { expect, signIn, test } from './fixtures';

// An incident commander closes the loop: declares and resolves a P2, opens the
// post-mortem (pre-filled from the incident), writes the root cause, adds two
// action items and submits it for review; an engineer approves it; the
// commander publishes; an executive reads it; the post-mortem list counts it
// in the seed's completion rate.

test('resolve an incident, file its post-mortem, review, publish, and read it as an executive', async ({ page, browser, signInAs, accounts }, testInfo) => {
  test.setTimeout(180_000);
  const run = randomBytes(3).toString('hex');
  const title = `Cart timeouts ${run}`;

  const commander = await signInAs('incident_commander');
  await page.goto('/incidents');
  const declare = page.getByRole('form', { name: 'Declare an incident' });
  await declare.getByLabel('Title').fill(title);
  await declare.getByLabel('Severity').selectOption('P2');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/[a-z0-9]+$/);
  const incidentUrl = new URL(page.url()).pathname;
  // The declarer is the commander unless another is chosen.
  await expect(page.getByLabel('Incident commander')).toHaveValue(/.+/);
  await page.getByRole('button', { name: 'Acknowledge (investigating)' }).click();
  await expect(page.getByTestId('incident-state')).toHaveText('Investigating');
  await page.getByRole('button', { name: '→ Resolved' }).click();
  await expect(page.getByTestId('incident-state')).toHaveText('Resolved');

  const card = page.getByRole('region', { name: 'Post-mortem' });
  await card.getByRole('link', { name: /Open post-mortem|Start it now/ }).click();
  await expect(page).toHaveURL(`${incidentUrl}/postmortem`);

  // Pre-filled: severity and the incident's own timeline are already written.
  const editor = page.getByRole('region', { name: 'Post-mortem editor' });
  await expect(editor.getByRole('textbox', { name: 'Impact', exact: true })).toHaveValue(/Severity: P2/);
  await expect(editor.getByRole('textbox', { name: 'Timeline', exact: true })).toHaveValue(/Investigating → Resolved/);
  await expect(page.getByRole('region', { name: 'Review and publication' })).toContainText('required');

  await editor.getByRole('textbox', { name: 'Root cause and trigger', exact: true }).fill('The cart client retried without a budget; a slow dependency amplified it.');
  await expect(page.getByText(/^Saved · version [2-9]/)).toBeVisible({ timeout: 15_000 });

  const items = page.getByRole('region', { name: /Action items/ });
  for (const [what, type] of [
    [`Add a retry budget to the cart client ${run}`, 'prevent'],
    [`Alert on cart client timeouts ${run}`, 'detect'],
  ] as const) {
    const form = page.getByRole('form', { name: 'Add an action item' });
    await form.getByLabel('Action item').fill(what);
    await form.getByLabel('Type').selectOption(type);
    await form.getByLabel('Owner').selectOption({ label: commander.name });
    await form.getByRole('button', { name: 'Add action item' }).click();
    await expect(items).toContainText(what);
  }
  await expect(items).toContainText('Action items (2)');

  const review = page.getByRole('region', { name: 'Review and publication' });
  await review.getByLabel('Reviewer').selectOption({ label: accounts.engineer.name });
  await review.getByRole('button', { name: 'Submit for review' }).click();
  await expect(review.getByRole('list', { name: 'Reviewers' })).toContainText(`${accounts.engineer.name}: requested`);
  await expect(review.getByRole('button', { name: 'Publish' })).toBeDisabled();

  // A second person approves (someone other than the owner).
  const baseURL = testInfo.project.use.baseURL;
  const engineerContext = await browser.newContext({ baseURL });
  const engineerPage = await engineerContext.newPage();
  await signIn(engineerPage, accounts.engineer.email, accounts.engineer.password);
  await expect(engineerPage).not.toHaveURL(/\/signin/);
  await engineerPage.goto(`${incidentUrl}/postmortem`);
  const engineerReview = engineerPage.getByRole('region', { name: 'Review and publication' });
  await engineerReview.getByLabel('Review comment').fill('Clear and blameless.');
  await engineerReview.getByRole('button', { name: 'Approve' }).click();
  await expect(engineerReview.getByRole('list', { name: 'Reviewers' })).toContainText('approved');
  await engineerContext.close();

  await page.reload();
  await review.getByRole('button', { name: 'Publish' }).click();
  await expect(review.getByRole('button', { name: 'Reopen' })).toBeVisible();

  // An executive reads the published document.
  const execContext = await browser.newContext({ baseURL });
  const execPage = await execContext.newPage();
  await signIn(execPage, accounts.executive.email, accounts.executive.password);
  await expect(execPage).not.toHaveURL(/\/signin/);
  await execPage.goto(`${incidentUrl}/postmortem`);
  await expect(execPage.getByText('The cart client retried without a budget')).toBeVisible();
  await expect(execPage.getByRole('article').getByRole('cell', { name: `Alert on cart client timeouts ${run}` })).toBeVisible();
  await expect(execPage.getByRole('region', { name: 'Post-mortem editor' })).toHaveCount(0);
  await execContext.close();

  // The list counts it in the completion rate.
  await page.goto('/postmortems');
  await expect(page.getByRole('row', { name: new RegExp(title) })).toContainText('Published');
  await expect(page.getByTestId('pm-completion-all')).toHaveText(/\d+ %/);
});
