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
const ALLOWED_PACKAGES = new Set(['hono', 'zod'])

describe('the core in src/', () => {
  it('imports nothing from adapters, Node or any platform: only relative files, hono and zod', () => {
    const offending: string[] = []
    for (const file of sources('src')) {
      for (const [, fromClause, dynamic] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const specifier = fromClause ?? dynamic ?? ''
        const pkg = specifier.split('/')[0] ?? ''
        if (specifier.startsWith('.') ? specifier.includes('adapters') : !ALLOWED_PACKAGES.has(pkg))
          offending.push(`${file}: ${specifier}`)
      }
    }
    expect(offending).toEqual([])
  })

  it('exports a stable public API (a change here is a change for users)', () => {
    expect(Object.keys(core).sort()).toMatchSnapshot()
  })
})
