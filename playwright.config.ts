// Browser tests (test/**/*.spec.ts) with Debian's chromium; node --test runs the *.test.ts files.
// Never `npx playwright install`: the browser comes from apt (apt-get install -y chromium).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './test',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  reporter: 'list',
  workers: 1,
  timeout: 120_000,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
