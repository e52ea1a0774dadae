import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

/** The package's public names resolve to their source here, as tsconfig's `paths` say (one map for both). */
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> }
}
// Longest names first, so `voitex-trigger/client` is not taken for `voitex-trigger` + `/client`.
const alias = Object.entries(compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([name, [target]]) => ({ find: new RegExp(`^${name}$`), replacement: resolve(target) }))

export default defineConfig({
  resolve: { alias },
  test: {
    // Log lines of passing tests are noise; a failing test still shows its own.
    silent: 'passed-only',
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['test/core/**/*.test.ts'], environment: 'node' },
      },
      {
        // Everything else that runs in Node: adapters, client, simulator, CLI, package, and any test beside a flow.
        extends: true,
        test: {
          name: 'node',
          include: ['**/*.test.ts'],
          exclude: [
            'node_modules/**',
            'dist/**',
            'test/core/**',
            'test/workers/**',
            'test/e2e/**',
            'cli/templates/**',
            '.tmp/**',
          ],
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
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          // The Voitex emulator, in Node on loopback: the Worker sends its SMS there over HTTP.
          globalSetup: ['test/helpers/emulator-global.ts'],
        },
      },
    ],
  },
})
