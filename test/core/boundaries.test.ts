import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENTRIES } from '../../tsdown.config.ts'

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

/**
 * What the tools may import from the rest of the repository: the package's public subpaths (their source files), and
 * the internal modules declared for them (files named `_internal.ts`: what the core and the Node adapter share with
 * their tools beyond the public API). Anything else is an internal file reached into.
 */
const PUBLIC_SOURCES = new Set(
  Object.entries(ENTRIES)
    .filter(([name]) => name !== 'cli')
    .map(([, source]) => normalize(source)),
)
const isInternalModule = (file: string) => /(^|\/)_internal\.ts$/.test(file)

/** Relative imports of `dir` that leave it for a file that is neither public nor a declared internal module. */
function reachingIn(dir: string, alsoAllowed: readonly string[] = []): [file: string, specifier: string][] {
  return importsOf(dir).filter(([file, specifier]) => {
    if (!specifier.startsWith('.')) return false
    const target = normalize(join(dirname(file), specifier))
    if (target.startsWith(`${dir}/`)) return false
    if (alsoAllowed.some((folder) => target.startsWith(`${folder}/`))) return false
    return !PUBLIC_SOURCES.has(target) && !isInternalModule(target)
  })
}

describe('the tools (cli/, emulator/, bench/)', () => {
  it("the CLI imports only the package's public subpaths and the declared internal modules", () => {
    // The dev page (cli/page/) and the project templates (cli/templates/) have rules of their own.
    const offending = reachingIn('cli').filter(([file]) => !/^cli\/(page|templates)\//.test(file))
    expect(offending).toEqual([])
  })

  it("the emulator imports only the package's public subpaths and the declared internal modules", () => {
    expect(reachingIn('emulator')).toEqual([])
  })

  it('the benchmarks import public subpaths, declared internal modules, the demo they measure and shared fixtures', () => {
    expect(reachingIn('bench', ['demo', 'fixtures'])).toEqual([])
  })

  it('the benchmarks import no test file', () => {
    const offending = importsOf('bench').filter(([file, specifier]) =>
      normalize(join(dirname(file), specifier)).startsWith('test/'),
    )
    expect(offending).toEqual([])
  })
})
