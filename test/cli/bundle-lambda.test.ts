import { readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { buildForLambda } from '../../cli/bundle-lambda.ts'
import { runToEnd } from '../helpers/processes.ts'

// bundle:lambda writes ESM. A CommonJS package bundled in needs `require`, which ESM lacks; defining it costs every
// cold start about a millisecond, so only a bundle that needs it gets it.
const work = resolve(`.tmp/bundle-lambda-${process.pid}`)
const REQUIRE_DEFINED = 'createRequire(import.meta.url)'
const RUN_TIMEOUT_MS = 60_000

afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Import a bundle in a fresh Node process and print what `print` makes of its exports. */
function importInNode(file: string, print: string) {
  const script = `const m = await import(${JSON.stringify(file)}); console.log(JSON.stringify(${print}))`
  // With a token, as deployed: the handler then writes nothing while it loads.
  const env = { ...process.env, TRIGGER_TOKEN: 'bundle-test-token' }
  return runToEnd(process.execPath, ['--input-type=module', '-e', script], { env, timeoutMs: RUN_TIMEOUT_MS })
}

describe('bundle:lambda', () => {
  it("defines no require in the demo's bundle, which needs none, and the handler still loads", async () => {
    const outfile = `${work}/demo/lambda.mjs`
    await buildForLambda(build, { entryPoints: ['demo/lambda.ts'], outfile })
    expect(readFileSync(outfile, 'utf8')).not.toContain(REQUIRE_DEFINED)
    const loaded = await importInNode(outfile, 'typeof m.handler')
    expect(loaded).toMatchObject({ code: 0, stdout: '"function"\n' })
  })

  it('defines require in a bundle with a CommonJS package that requires a Node built-in, which then runs', async () => {
    const outfile = `${work}/commonjs/lambda.mjs`
    await buildForLambda(build, { entryPoints: ['test/fixtures/commonjs/commonjs-entry.ts'], outfile })
    expect(readFileSync(outfile, 'utf8')).toContain(REQUIRE_DEFINED)
    const loaded = await importInNode(outfile, 'm.lineEnd')
    expect(loaded).toMatchObject({ code: 0, stdout: '"\\n"\n' })
  })
})
