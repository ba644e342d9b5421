import { defineConfig } from '@playwright/test'

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  // Each spec file starts its own host, data folder and browser: files run side by side, tests in a file in order.
  // Three on two cores: the OIDC file mostly waits on a throttled download for a minute, so one lane is idle.
  workers: 3,
  reporter: [['list']],
  // The OIDC file is the longest (a one-minute throttled download): listed first, it starts first.
  projects: [
    { name: 'long', testMatch: /oidc\.spec\.ts$/ },
    { name: 'e2e', testIgnore: /oidc\.spec\.ts$/ }
  ],
  use: {
    viewport: { width: 1280, height: 800 },
    // Never UTC (CI machines are): a half-hour offset shows any time shown in UTC, or sent as local, as wrong.
    timezoneId: 'Asia/Kolkata',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs }
  }
})
