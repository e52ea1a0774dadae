import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMPATIBILITY_DATE } from '../../cli/init.ts'
import { ENTRIES } from '../../tsdown.config.ts'
import { docFiles, typeScriptBlocks } from '../docs/markdown.ts'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string>
  bin: Record<string, string>
  sideEffects: boolean
  private?: boolean
}
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> }
}
const subpaths = Object.entries(ENTRIES).filter(([name]) => name !== 'cli')

describe('the export map', () => {
  it('exports each entry as compiled JavaScript under its subpath, and the CLI as the bin', () => {
    const expected = Object.fromEntries(
      subpaths.map(([name]) => [name === 'index' ? '.' : `./${name}`, `./dist/${name}.js`]),
    )
    expect(pkg.exports).toEqual({ ...expected, './package.json': './package.json' })
    expect(pkg.bin).toEqual({ 'voitex-trigger': './dist/cli.js' })
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.private).toBeUndefined()
  })

  it("maps each public name to the entry's source for this repository (tsconfig paths, vitest, tsx, wrangler)", () => {
    const expected = Object.fromEntries(
      subpaths.map(([name, source]) => [
        name === 'index' ? 'voitex-trigger' : `voitex-trigger/${name}`,
        [`./${source}`],
      ]),
    )
    expect(compilerOptions.paths).toEqual(expected)
  })

  it("writes new projects with this repository's Workers compatibility date", () => {
    expect(readFileSync('wrangler.toml', 'utf8')).toContain(`compatibility_date = "${COMPATIBILITY_DATE}"`)
  })
})

describe('the README and docs', () => {
  it("import, in every example, only the package's public subpaths", () => {
    const blocks = docFiles().flatMap((file) => typeScriptBlocks(readFileSync(file, 'utf8')).map(({ code }) => code))
    const specifiers = blocks.flatMap((code) => [...code.matchAll(/from '([^']+)'/g)].map(([, from]) => from ?? ''))
    const published = Object.keys(pkg.exports).map((key) =>
      key === '.' ? 'voitex-trigger' : `voitex-trigger/${key.slice(2)}`,
    )
    const offending = specifiers.filter(
      (from) => !published.includes(from) && !from.startsWith('./') && !['zod', 'zod/mini', 'vitest'].includes(from),
    )
    expect(specifiers.length).toBeGreaterThan(10)
    expect(offending).toEqual([])
  })
})
