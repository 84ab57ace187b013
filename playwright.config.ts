import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// End-to-end tests drive the PRODUCTION app (next build + next start, through
// `runwell serve`) on its own port and its own fresh database, with Debian's
// Chromium (Playwright's own browser download is not reachable here).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Chosen once in the runner process; workers inherit it through the environment.
process.env.RUNWELL_E2E_DATABASE_URL ??= (() => {
  const url = new URL(process.env.RUNWELL_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/runwell_test_e2e_${Date.now()}_${process.pid}`;
  return url.toString();
})();

function chromium(): string {
  if (process.env.CHROME_BIN) return process.env.CHROME_BIN;
  return existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
}

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${BASE_URL}/signin`,
    // A first `next build` on two shared cores takes minutes.
    timeout: 15 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: {
      E2E_PORT: String(PORT),
      DATABASE_URL: process.env.RUNWELL_E2E_DATABASE_URL,
      NEXTAUTH_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
