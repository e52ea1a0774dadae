import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { pack } from '../package/generated-project.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The package as `npm pack` makes it, once for every generated project of the run. */
    tarball: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const { tarball } = await pack(mkdtempSync(join(tmpdir(), 'voitex-pack-')))
  project.provide('tarball', tarball)
}
