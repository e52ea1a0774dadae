import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import type * as esbuild from 'esbuild'
import { UsageError } from './config.ts'
import { loadPeer } from './peers.ts'

export const summary = "bundle your Lambda's entry into the file serverless.yml's handler names (esbuild)"

export const help = `voitex-trigger bundle:lambda: ${summary}.

Usage: voitex-trigger bundle:lambda [--serverless-config serverless.yml]

Reads serverless.yml's custom.bundle (source → bundle, e.g. "src/lambda.ts": bundle/lambda.mjs) and bundles each
source with esbuild: ESM for Node 22, minified, the AWS SDK left out (the Lambda runtime ships it). build:lambda,
deploy:lambda and dev:lambda run it first; serverless then packages only the bundle.`

/** What the Lambda runtime loads: ESM for Node 22, minified, the runtime's SDK left out. */
export const LAMBDA_BUILD = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'node22',
  platform: 'node',
  format: 'esm',
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
} as const

/**
 * `require` for the CommonJS packages bundled into ESM. It costs every cold start about 1 ms (`import.meta` and
 * `createRequire`), so only a bundle that names `require` is given it: the demo's and init's entries need none.
 */
const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);\n"

/** Bundle for the Lambda runtime (`LAMBDA_BUILD`, then `options`), each output file given `require` if it needs it. */
export async function buildForLambda(build: typeof esbuild.build, options: esbuild.BuildOptions): Promise<void> {
  const { outputFiles } = await build({
    ...LAMBDA_BUILD,
    external: [...LAMBDA_BUILD.external],
    ...options,
    write: false,
  })
  for (const { path, text } of outputFiles) {
    await mkdir(dirname(path), { recursive: true })
    // A word `require` anywhere (a string too) gets the banner: a needless one costs a millisecond, a missing one the
    // whole function.
    await writeFile(path, /\brequire\b/.test(text) ? REQUIRE_BANNER + text : text)
  }
}

/** serverless.yml as data; CloudFormation's short tags (!GetAtt, !Ref…) kept as plain values. A broken file: one line. */
export async function readServerlessYaml(text: string, file: string): Promise<unknown> {
  const { parse } = await loadPeer('yaml', `reading ${file}`, () => import('yaml'))
  try {
    return parse(text, { logLevel: 'error' })
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
}

/** serverless.yml's `custom.bundle`: each source and the bundle its function's handler names. */
async function bundlesOf(text: string, file: string): Promise<[string, string][]> {
  const config = (await readServerlessYaml(text, file)) as { custom?: { bundle?: unknown } } | null
  const bundle = config?.custom?.bundle
  const pairs = bundle && typeof bundle === 'object' ? Object.entries(bundle) : []
  if (pairs.length === 0 || pairs.some(([, out]) => typeof out !== 'string'))
    throw new UsageError(`${file}: custom.bundle names no source and bundle, e.g. "src/lambda.ts": bundle/lambda.mjs`)
  return pairs as [string, string][]
}

/** Bundle every source serverless.yml names. */
export async function bundleLambda(file = 'serverless.yml'): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file}: no such file (bundle:lambda builds the function serverless.yml declares)`)
  })
  const bundles = await bundlesOf(text, file)
  const { build } = await loadPeer('esbuild', 'bundle:lambda', () => import('esbuild'))
  const written: string[] = []
  for (const [source, outfile] of bundles) {
    await buildForLambda(build, { entryPoints: [source], outfile })
    written.push(outfile)
  }
  return written
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'serverless-config': { type: 'string', default: 'serverless.yml' }, help: { type: 'boolean' } },
  })
  const written = await bundleLambda(values['serverless-config'])
  console.log(`bundle:lambda: ${written.join(', ')}`)
  return 0
}
