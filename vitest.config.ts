import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Log lines of passing tests are noise; a failing test still shows its own.
    silent: 'passed-only',
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['test/core/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/adapters/**/*.test.ts', 'test/client/**/*.test.ts', 'test/simulator/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Inside workerd, with the bindings of wrangler.toml.
        extends: true,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? '' } },
          }),
        ],
        test: { name: 'workers', include: ['test/workers/**/*.test.ts'] },
      },
    ],
  },
})
