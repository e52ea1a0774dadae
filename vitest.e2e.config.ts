import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'

/**
 * `npm run test:e2e`: the long end-to-end runs (generated projects on every platform, stalled stores held for
 * tens of seconds). `.ci/run` runs them after `npm test`; `npm test` leaves them out to stay well under 10 minutes.
 */
export default mergeConfig(
  { resolve: base.resolve },
  defineConfig({
    test: {
      include: ['test/e2e/**/*.test.ts'],
      environment: 'node',
      silent: 'passed-only',
      fileParallelism: false,
      // The package, packed once for every generated project of the run (test/e2e/platform-*.test.ts).
      globalSetup: ['test/e2e/pack-global.ts'],
    },
  }),
)
