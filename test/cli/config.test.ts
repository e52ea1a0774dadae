import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveProject } from '../../cli/config.ts'

function configFile(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'config-'))
  writeFileSync(join(dir, 'voitex-trigger.config.json'), JSON.stringify(content))
  return dir
}

describe('voitex-trigger.config.json', () => {
  it('takes a "$schema" key (editors read it) beside the project paths', async () => {
    const dir = configFile({ $schema: './node_modules/voitex-trigger/schemas/config.schema.json', map: 'ivr-map.yaml' })
    expect((await resolveProject({}, dir)).map).toBe(join(dir, 'ivr-map.yaml'))
  })

  it('refuses a path that is not text, saying what it must be', async () => {
    await expect(resolveProject({}, configFile({ map: 3 }))).rejects.toThrow('map: expected a string')
  })
})
