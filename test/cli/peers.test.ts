import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../cli/files.ts'
import { loadPeer } from '../../cli/peers.ts'

// Node's own resolution, with a package that is really not installed: no module is mocked. The CLI's tools (tsx,
// yaml, csv-parse, esbuild) are installed here; the CLI and the testing subpath without them, from a library-only
// install, are in test/e2e/footprint.test.ts.
const MISSING = 'voitex-trigger-test-not-installed'

describe('an optional package loaded on the path that needs it', () => {
  it('missing, is one line naming it and the command that installs it', async () => {
    await expect(loadPeer(MISSING, '--to redis', () => import(MISSING))).rejects.toThrow(
      new UsageError(`--to redis needs ${MISSING}: npm install ${MISSING}`),
    )
  })

  it('installed, is the module itself', async () => {
    const yaml = await loadPeer('yaml', 'reading ivr-map.yaml', () => import('yaml'))
    expect(yaml.parse('a: 1')).toEqual({ a: 1 })
  })

  it('installed but missing a package of its own, passes Node’s error on rather than blaming the package', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'peers-'))
    const module = join(folder, 'needs-another.mjs')
    writeFileSync(module, `import '${MISSING}'\n`)
    const error = await loadPeer('yaml', 'reading ivr-map.yaml', () => import(pathToFileURL(module).href))
      .then(() => undefined)
      .catch((caught: unknown) => caught)
    expect(error).not.toBeInstanceOf(UsageError)
    expect((error as Error).message).toContain(`Cannot find package '${MISSING}'`)
  })
})
