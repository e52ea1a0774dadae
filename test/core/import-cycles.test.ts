import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Static `import … from '…'` and `export … from '…'`, type-only ones included (a cycle of types is a cycle to read). */
const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/gm

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.parentPath.includes('templates'))
    .map((entry) => resolve(entry.parentPath, entry.name))
}

/** Every cycle of relative imports among the files of `dirs`, each as the files in it, from where it was entered. */
function importCycles(dirs: readonly string[]): string[][] {
  const graph = new Map<string, string[]>()
  for (const file of dirs.flatMap(sources)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map(([, specifier]) => resolve(dirname(file), specifier ?? ''))
      .filter((target) => existsSync(target))
    graph.set(file, targets)
  }
  const cycles: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (file: string): void => {
    path.push(file)
    for (const target of graph.get(file) ?? []) {
      const at = path.indexOf(target)
      if (at >= 0) cycles.push(path.slice(at).map((entry) => entry.replace(`${process.cwd()}/`, '')))
      else if (!done.has(target) && graph.has(target)) visit(target)
    }
    path.pop()
    done.add(file)
  }
  for (const file of graph.keys()) if (!done.has(file)) visit(file)
  return cycles
}

describe('imports', () => {
  it('form no cycle in the core, the adapters and the tools: each file can be read after what it imports', () => {
    expect(importCycles(['src', 'adapters', 'cli', 'emulator', 'testing', 'bench'])).toEqual([])
  })
})
