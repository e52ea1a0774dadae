import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/processes.ts'
import { brokenLinks, docFiles, typeScriptBlocks } from './markdown.ts'

// The docs' TypeScript examples are compiled, all in one tsc run, against the package's public subpaths (the
// repository's tsconfig `paths` map them to the source), so an example that drifts from the API fails here.
const TSC_TIMEOUT_MS = 180_000

mkdirSync('.tmp', { recursive: true })
const work = mkdtempSync(resolve('.tmp/docs-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** What the examples import as `./app`, `./flow` and `./callers.json`, and the few values they use unshown. */
const CONTEXT: Record<string, string> = {
  'app.ts': `export { app, type Settings } from '${resolve('demo/app.ts')}'\n`,
  'flow.ts': `export { demoFlow as billing, demoFlow, demoNextFlow, demoFlow as orders } from '${resolve('demo/flow.ts')}'\n`,
  'callers.json': readFileSync('demo/callers.json', 'utf8'),
  'globals.d.ts': 'declare const env: { readonly VOITEX_AUTH_KEY: string }\ndeclare const wavBlob: Blob\n',
}

describe('the TypeScript examples in README.md, CONTRIBUTING.md and docs/', { timeout: TSC_TIMEOUT_MS }, () => {
  it("compile against the package's public types", async () => {
    const dir = mkdtempSync(join(work, 'examples-'))
    for (const [name, text] of Object.entries(CONTEXT)) writeFileSync(join(dir, name), text)
    // Each example is its own module (names repeat across pages); its file name says where it came from.
    const origin = new Map<string, { file: string; line: number }>()
    for (const file of docFiles()) {
      for (const block of typeScriptBlocks(readFileSync(file, 'utf8'))) {
        const name = `example-${file.replace(/[^\w]/g, '_')}-${block.line}.ts`
        origin.set(name, { file, line: block.line })
        writeFileSync(join(dir, name), `${block.code}export {}\n`)
      }
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: resolve('tsconfig.base.json'),
        // An example shows a call and its result; an unused name in it is not a mistake.
        compilerOptions: { types: ['node'], noUnusedLocals: false, noUnusedParameters: false },
        include: ['*.ts'],
      }),
    )
    const { stdout, stderr } = await runToEnd(process.execPath, [
      resolve('node_modules/typescript/bin/tsc'),
      '-p',
      join(dir, 'tsconfig.json'),
      '--pretty',
      'false',
    ])
    // Point each error at the Markdown line it comes from.
    const errors = `${stdout}${stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const at = /(?:^|\/)(example-[^/(]+\.ts)\((\d+),\d+\): (.*)$/.exec(line)
        const from = at && origin.get(at[1] ?? '')
        return from ? `${from.file}:${from.line + Number(at[2])}: ${at[3]}` : line
      })
    expect(origin.size).toBeGreaterThanOrEqual(10)
    expect(errors).toEqual([])
  })
})

describe('the relative links in README.md, CONTRIBUTING.md and docs/', () => {
  it('reach a file that exists, and a heading in it when they name one', () => {
    expect(docFiles().flatMap((file) => brokenLinks(file))).toEqual([])
  })
})

describe('the docs checks themselves', () => {
  it('report a link to a missing file and to a heading that is not there, and pass good ones', () => {
    const root = mkdtempSync(join(work, 'links-'))
    mkdirSync(join(root, 'docs'))
    writeFileSync(join(root, 'docs/a.md'), '# A page\n\n## Once per call step (`deps.once`)\n')
    writeFileSync(
      join(root, 'README.md'),
      [
        '[good](docs/a.md#once-per-call-step-depsonce) [also](https://example.com/x.md) [self](#top)',
        '[gone](docs/b.md) [no heading](docs/a.md#deploy)',
        '`[in code](nowhere.md)`',
        '# Top',
      ].join('\n'),
    )
    expect(brokenLinks('README.md', root)).toEqual([
      { file: 'README.md', line: 2, target: 'docs/b.md', why: 'docs/b.md does not exist' },
      { file: 'README.md', line: 2, target: 'docs/a.md#deploy', why: 'docs/a.md has no heading #deploy' },
    ])
  })

  it('compile ```ts and ```typescript blocks, leaving out those marked nocheck', () => {
    const markdown = [
      '```ts',
      'one',
      '```',
      '```ts nocheck',
      'two',
      '```',
      '```typescript',
      'three',
      '```',
      '```sh',
      'x',
      '```',
    ]
    expect(typeScriptBlocks(markdown.join('\n'))).toEqual([
      { line: 1, info: 'ts', code: 'one\n' },
      { line: 7, info: 'typescript', code: 'three\n' },
    ])
  })
})
