import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.ts'

/**
 * `npm run mutation`: Stryker's runs use the core's own tests only (in-process, fast). The process-spawning,
 * adapter and workerd suites exercise the same core through the platforms, too slowly to run once per mutant.
 */
export default mergeConfig(
  { resolve: base.resolve },
  defineConfig({
    test: { include: ['test/core/**/*.test.ts'], environment: 'node', silent: 'passed-only' },
  }),
)
