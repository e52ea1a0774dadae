import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as core from '../../src/index.ts'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** Static `import … from '…'` / `export … from '…'` and dynamic `import('…')`. */
const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm

function importsOf(dir: string): [file: string, specifier: string][] {
  return sources(dir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(
      ([, from, dynamic]) => [file, from ?? dynamic ?? ''] as [string, string],
    ),
  )
}

describe('the core in src/', () => {
  it('imports nothing from adapters, Node or any platform: only relative files and zod', () => {
    const allowed = new Set(['zod'])
    const offending = importsOf('src').filter(([, specifier]) =>
      specifier.startsWith('.')
        ? /\b(adapters|cli|testing|emulator|demo)\//.test(specifier)
        : !allowed.has(specifier.split('/')[0] ?? ''),
    )
    expect(offending).toEqual([])
  })

  it('exports a stable public API (a change here is a change for users)', () => {
    expect(Object.keys(core).sort()).toMatchSnapshot()
  })
})

describe("the dev page's browser code (cli/page/)", () => {
  it('imports only its own files and the core (the simulator runs in the browser as it is, bundled)', () => {
    const offending = importsOf('cli/page').filter(
      ([, specifier]) => !/^\.\/[\w-]+\.ts$|^\.\.\/\.\.\/src\/[\w/-]+\.ts$/.test(specifier),
    )
    expect(offending).toEqual([])
  })
})

describe('the demo', () => {
  it("uses the toolkit as a user would: its own files, zod, and the package's public subpaths only", () => {
    const offending = importsOf('demo')
      .concat(importsOf('api'))
      .filter(([, specifier]) =>
        specifier.startsWith('.')
          ? // Its entries import the app as a generated project's do (no extension); its own modules, with one.
            !/^\.\/[\w-]+(\.(ts|json))?$|^\.\.\/demo\/[\w-]+(\.ts)?$/.test(specifier)
          : !/^(voitex-trigger(\/[\w/-]+)?|zod(\/mini)?)$/.test(specifier),
      )
    expect(offending).toEqual([])
  })
})
