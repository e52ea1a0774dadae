import { defineConfig } from 'tsdown'

/**
 * The package's entries: each subpath (`voitex-trigger/<name>`) and the source it is built from. The one list of
 * them: package.json's `exports` are generated from it, and tsconfig's `paths` (how this repository's demo and tests
 * import the package's source by its public names) are checked against it by test/package/exports.test.ts.
 */
export const ENTRIES = {
  index: 'src/index.ts',
  client: 'src/client/index.ts',
  testing: 'testing/index.ts',
  emulator: 'emulator/index.ts',
  cloudflare: 'adapters/cloudflare/index.ts',
  lambda: 'adapters/lambda/index.ts',
  vercel: 'adapters/vercel/index.ts',
  node: 'adapters/node/index.ts',
  hono: 'adapters/hono/index.ts',
  'stores/cloudflare-kv': 'adapters/stores/cloudflare-kv.ts',
  'stores/dynamodb': 'adapters/stores/dynamodb.ts',
  'stores/json-file': 'adapters/stores/json-file.ts',
  'stores/redis': 'adapters/stores/redis.ts',
  cli: 'cli/main.ts',
} as const

export default defineConfig({
  entry: ENTRIES,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  dts: true,
  clean: true,
  // The CLI is a command (`bin`), not an import.
  exports: { exclude: ['cli'] },
  // `voitex-trigger init` copies these.
  copy: [{ from: 'cli/templates', to: 'dist' }],
  // esbuild builds the dev page here and in this repository's `dev`; the package ships the page built, not esbuild.
  deps: { neverBundle: ['esbuild'] },
  hooks: {
    // The page `voitex-trigger dev` serves: dist/page/ (index.html, page.css, page.js with the simulator bundled).
    'build:done': async () => (await import('./cli/page-build.ts')).writePage('dist/page'),
  },
  // ESM with .js files (the package is "type": "module").
  fixedExtension: false,
})
