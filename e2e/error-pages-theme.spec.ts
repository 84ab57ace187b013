import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The 404 and 403 pages in the chosen theme (issue 10 #10, #11). An unknown
// address is rendered on the server with the nonce'd bootstrap script; pages
// that answer through notFound() or forbidden() are rendered by Next.js in the
// browser from an empty error shell, where an inline script never runs, so
// ThemeSync sets the theme from the bundle. Both must show the stored choice
// (or the system setting), with no CSP violation. Without JavaScript, the CSS
// prefers-color-scheme fallback keeps the server-rendered 404 dark.
// RUNWELL_SHOTS_DIR=/tmp/shots-x also writes screenshots to look at.

const BG = { dark: 'rgb(13, 17, 23)', light: 'rgb(244, 245, 247)' };
const PAGES = [
  { path: '/does-not-exist', status: 404, heading: 'Page not found' },
  { path: '/incidents/nope', status: 404, heading: 'Page not found' },
  { path: '/forbidden?need=user.manage', status: 403, heading: 'You do not have access' },
];
const shots = process.env.RUNWELL_SHOTS_DIR;

async function open(browser: Browser, signedIn: Page, scheme: 'dark' | 'light', stored: 'dark' | 'light' | null) {
  const context = await browser.newContext({ colorScheme: scheme, storageState: await signedIn.context().storageState() });
  if (stored) await context.addInitScript((theme) => localStorage.setItem('runwell.theme', theme), stored);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  return { context, page, violations };
}

for (const { path, status, heading } of PAGES) {
  for (const scheme of ['dark', 'light'] as const) {
    test(`${path} with the system in ${scheme} mode: ${status}, ${scheme}, no CSP violation`, async ({ browser, signInAs, page: signedIn }) => {
      await signInAs('viewer');
      const { context, page, violations } = await open(browser, signedIn, scheme, null);
      const res = await page.goto(path);
      expect(res?.status()).toBe(status);
      await expect(page.getByRole('heading', { name: heading })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BG[scheme]);
      expect(violations).toEqual([]);
      if (shots) {
        mkdirSync(shots, { recursive: true });
        const name = path.slice(1).split('?')[0]!.replaceAll('/', '-');
        for (const [width, height] of [
          [1440, 900],
          [390, 844],
        ] as const) {
          await page.setViewportSize({ width, height });
          await page.screenshot({ path: `${shots}/${name}-${scheme}-${width}.png` });
        }
      }
      await context.close();
    });
  }

  test(`${path} keeps a theme chosen in Runwell over the system's`, async ({ browser, signInAs, page: signedIn }) => {
    await signInAs('viewer');
    const { context, page } = await open(browser, signedIn, 'light', 'dark');
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BG.dark);
    await context.close();
  });
}

test('the server-rendered 404 stays dark without JavaScript (CSS fallback)', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', javaScriptEnabled: false });
  const page = await context.newPage();
  expect((await page.goto('/does-not-exist'))?.status()).toBe(404);
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BG.dark);
  await context.close();
});
