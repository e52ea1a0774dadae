import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { FORMATS, fileFormats, jsonSchemaOf } from '../../scripts/file-formats.ts'

// The JSON Schemas (schemas/) and the reference page (docs/file-formats.md) are generated from the zod schemas the
// loaders use; ajv stands in for an editor checking a file against them.

describe('the committed file-format schemas and reference', () => {
  it.each([...fileFormats()])('%s is what `npm run schemas` generates from the zod schemas', (path, generated) => {
    expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run schemas`).toBe(generated)
  })

  it('ship in the package', () => {
    const { files } = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }
    expect(files).toEqual(expect.arrayContaining(['schemas', 'docs/file-formats.md']))
  })
})

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(dir, name))

const FILES: Record<string, string[]> = {
  'ivr-map': ['demo/ivr-map.yaml', 'cli/templates/ivr-map.yaml', 'test/fixtures/pharmacy/ivr-map.yaml'],
  scenario: [
    ...yamlFiles('demo/scenarios'),
    ...yamlFiles('cli/templates/scenarios'),
    ...yamlFiles('test/fixtures/pharmacy/scenarios'),
  ],
  config: ['voitex-trigger.config.json', 'cli/templates/voitex-trigger.config.json'],
}

/** Where each kind of file names its schema, relative to the file (as an editor resolves it). */
const REFERENCE: Record<string, RegExp> = {
  'ivr-map': /^# yaml-language-server: \$schema=(\S+)\n/,
  scenario: /^# yaml-language-server: \$schema=(\S+)\n/,
  config: /^\{\n {2}"\$schema": "([^"]+)"/,
}

describe.each(FORMATS)('the $title schema', (format) => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(jsonSchemaOf(format))

  it.each(FILES[format.name] ?? [])('accepts %s', (file) => {
    const valid = validate(parse(readFileSync(file, 'utf8')))
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it.each((FILES[format.name] ?? []).filter((file) => !file.startsWith('test/')))(
    'is named at the top of %s',
    (file) => {
      const reference = REFERENCE[format.name]?.exec(readFileSync(file, 'utf8'))?.[1]
      const inPackage = file.startsWith('cli/templates/')
      expect(reference).toMatch(
        new RegExp(`(^|/)${inPackage ? 'node_modules/voitex-trigger/' : ''}schemas/${format.name}\\.schema\\.json$`),
      )
    },
  )
})

describe('what the schemas flag, as the loaders do', () => {
  const validator = (name: string) => {
    const format = FORMATS.find((candidate) => candidate.name === name)
    if (!format) throw new Error(name)
    return new Ajv({ strict: false }).compile(jsonSchemaOf(format))
  }

  it('a branch of an unknown type, or a terminal of an unknown kind', () => {
    const validate = validator('ivr-map')
    expect(validate({ did: '1', branches: { '0': { type: 'lobby' } } })).toBe(false)
    expect(validate({ did: '1', branches: { '0': { type: 'terminal', kind: 'party' } } })).toBe(false)
    expect(validate({ did: '1', branches: { '0': { type: 'terminal', kind: 'queue' } } })).toBe(true)
  })

  it('a scenario step that is not one of the known ones', () => {
    const validate = validator('scenario')
    expect(validate({ name: 'x', from: '1', steps: [{ dance: true }] })).toBe(false)
    expect(validate({ name: 'x', from: '1', steps: [{ press: 1 }] })).toBe(true)
  })

  it('an unknown key in voitex-trigger.config.json, but not "$schema"', () => {
    const validate = validator('config')
    expect(validate({ $schema: './x.json', app: 'src/app.ts' })).toBe(true)
    expect(validate({ application: 'src/app.ts' })).toBe(false)
  })
})
