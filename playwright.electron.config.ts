import { defineConfig } from '@playwright/test'

/** `npm run test:electron`: the Playwright `_electron` smoke test of the built app. Needs the Electron binary. */
export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']]
})
