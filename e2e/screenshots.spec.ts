import { DEMO_USERS } from '../server/seed/demo.data';
import { ensureDemo } from './demo';
import { expect, signIn, test } from './fixtures';

// Every page of the app at a laptop (1440x900) and a phone (390x844), light and
// dark, signed in as the demo admin (who sees every page): each screenshot is
// attached to the run's report, and each page must fit the phone's width and
// show no "NaN" or "Invalid Date". One browser context (one sign-in) per
// viewport and theme keeps it to a few minutes.

const PAGES = [
  '/overview',
  '/clusters',
  '/readiness',
  '/readiness/exemptions',
  '/slos',
  '/incidents',
  '/postmortems',
  '/postmortems/action-items',
  '/oncall',
  '/inbox',
  '/runbooks',
  '/runbooks/new',
  '/runbooks/lint',
  '/quality',
  '/changes',
  '/changes/approvals',
  '/certificates',
  '/dr',
  '/network',
  '/storage',
  '/performance',
  '/toil',
  '/security',
  '/maturity',
  '/reports',
  '/services/payments-api',
  '/settings',
  '/settings/teams',
  '/settings/services',
  '/settings/services/payments-api',
  '/settings/users',
  '/settings/tokens',
  '/settings/datasources',
  '/settings/alerting',
  '/settings/postmortems',
  '/settings/reports',
  '/settings/audit',
  '/settings/system',
];

const VIEWPORTS = [
  { name: 'laptop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

for (const viewport of VIEWPORTS) {
  for (const theme of ['light', 'dark'] as const) {
    test(`every page at ${viewport.width}x${viewport.height}, ${theme}`, async ({ browser }, testInfo) => {
      test.setTimeout(600_000);
      const admin = (await ensureDemo()).find((l) => l.email === DEMO_USERS.find((u) => u.role === 'admin')!.email)!;
      const context = await browser.newContext({ viewport, colorScheme: theme, baseURL: testInfo.project.use.baseURL });
      const page = await context.newPage();
      await signIn(page, admin.email, admin.password);
      await expect(page).not.toHaveURL(/\/signin/);
      // A detail page of each kind that has one in the demo.
      await page.goto('/runbooks');
      const links = page.locator('a[href^="/runbooks/c"]');
      const runbook = (await links.count()) > 0 ? await links.first().getAttribute('href') : null;
      const paths = [...PAGES, ...(runbook ? [runbook] : [])];
      const problems: string[] = [];
      for (const path of paths) {
        await page.goto(path, { waitUntil: 'domcontentloaded' });
        // Pages poll their data, so the network is never idle for long: wait for the loading texts to go instead.
        await expect(page.getByText(/^(Loading|Checking|Assessing|Compiling)\b/)).toHaveCount(0, { timeout: 10_000 }).catch(() => undefined);
        const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
        await testInfo.attach(`${viewport.name}-${theme}${path.replaceAll('/', '_')}.png`, { body: shot, contentType: 'image/png' });
        const { scrollWidth, innerWidth, text } = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement!.scrollWidth,
          innerWidth: window.innerWidth,
          text: document.body.innerText,
        }));
        if (viewport.name === 'phone' && scrollWidth > innerWidth + 1) problems.push(`${path}: ${scrollWidth} px wide at ${innerWidth} px`);
        for (const bad of ['NaN', 'Invalid Date']) if (new RegExp(`\\b${bad}\\b`).test(text)) problems.push(`${path}: shows "${bad}"`);
        if (/could not be loaded|Runwell hit an error/.test(text)) problems.push(`${path}: error page`);
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }
}
