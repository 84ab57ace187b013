import { expect, test } from './fixtures';

// An executive's report as a file: open the report, switch to a quarter,
// download the PDF (a real PDF, not empty); an admin sets the monthly e-mail's
// schedule in Settings. (Screenshots of both pages: e2e/screenshots.spec.ts.)

test('an executive switches the period and downloads the PDF', async ({ page, signInAs }, testInfo) => {
  test.setTimeout(180_000);
  await signInAs('executive');
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: /Reliability report: / })).toBeVisible();
  const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
  await page.getByLabel('Period', { exact: true }).selectOption(quarter);
  await expect(page).toHaveURL(new RegExp(`period=${quarter}`));
  await expect(page.getByRole('heading', { name: new RegExp(`Reliability report: Q${quarter.slice(-1)} `) })).toBeVisible();
  const link = page.getByRole('link', { name: 'Download PDF' });
  await expect(link).toHaveAttribute('href', `/api/v1/reports/executive.pdf?period=${quarter}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`runwell-executive-${quarter}.pdf`);
  const file = testInfo.outputPath('executive.pdf');
  await download.saveAs(file);
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(file);
  expect(bytes.length).toBeGreaterThan(2000);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  // The maturity PDF with the same session.
  const res = await page.request.get('/api/v1/reports/maturity.pdf');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
});

test('an admin schedules the monthly e-mail; a bad day is refused next to its field', async ({ page, signInAs }) => {
  await signInAs('admin');
  await page.goto('/settings/reports');
  const form = page.getByRole('form', { name: 'Monthly report e-mail' });
  await form.getByLabel('Day of the month').fill('31');
  await form.getByRole('button', { name: 'Save schedule' }).click();
  await expect(form.getByText('at most 28, so every month has it')).toBeVisible();
  await form.getByLabel('Day of the month').fill('3');
  await form.getByLabel('Subscribers').fill('board@example.com');
  await form.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('Saved the report schedule.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('form', { name: 'Monthly report e-mail' }).getByLabel('Subscribers')).toHaveValue('board@example.com');
  await expect(page.getByText('No report has been e-mailed yet.')).toBeVisible();
});
