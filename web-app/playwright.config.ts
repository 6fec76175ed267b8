import { defineConfig } from '@playwright/test';

/**
 * The viewer journey in a real Chromium against the running local system (gateway, Keycloak, services).
 * Debian's chromium is used, never a browser downloaded by Playwright: install with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1.
 */
const baseURL = process.env.WEB_APP_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  testDir: 'e2e',
  // One journey shares one Keycloak user and one wallet step after step: run it in order, in one browser.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Sign-in redirects, the unlock's trip through Kafka and HLS loading take seconds each on a cold system.
  timeout: 240_000,
  expect: { timeout: 20_000 },
  outputDir: 'test-results',
  reporter: [['list']],
  use: {
    baseURL,
    // Phone size: the app is laid out phone first, and the screenshots show what a viewer sees.
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // As root (CI containers) Chromium refuses to start without --no-sandbox.
      args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
    },
  },
});
