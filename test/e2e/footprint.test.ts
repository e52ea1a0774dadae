import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { runToEnd } from '../helpers/processes.ts'
import { ok, QUIET, STEP_MS } from '../package/generated-project.ts'

// What someone who only deploys installs: `npm install voitex-trigger zod` in an empty folder, from the packed
// tarball. The CLI's tools (tsx, yaml, csv-parse, esbuild) are optional peers: none comes along, `init` still works,
// and a command or subpath that needs one says which and how to install it, in one line.
const MAX_BYTES = 12 * 1000 * 1000
let folder = ''

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'voitex-library-'))
  await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', inject('tarball'), 'zod'], folder)
}, STEP_MS)

/** The packages in node_modules, scoped ones as `@scope/name`. */
function installed(): string[] {
  const root = join(folder, 'node_modules')
  return readdirSync(root)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(root, name)).map((inner) => `${name}/${inner}`) : name))
    .sort()
}

describe('npm install voitex-trigger zod, in an empty folder', { timeout: STEP_MS }, () => {
  it('installs the package and zod only, within 12 MB of node_modules', async () => {
    const bytes = Number((await ok('du', ['-sb', 'node_modules'], folder)).split('\t')[0])
    console.log(`library-only install: ${(bytes / 1e6).toFixed(1)} MB, ${installed().join(', ')}`)
    expect(bytes).toBeLessThanOrEqual(MAX_BYTES)
    expect(installed()).toEqual(['voitex-trigger', 'zod'])
  })

  it('lists every command with npx voitex-trigger --help, with none of the CLI tools installed', async () => {
    const output = await ok('npx', ['voitex-trigger', '--help'], folder)
    for (const command of ['init', 'dev', 'scenarios', 'import', 'bundle:lambda', 'emulator'])
      expect(output).toContain(`  ${command} `)
  })

  it('starts a project with npx voitex-trigger init, with none of the CLI tools installed', async () => {
    const output = await ok('npx', ['voitex-trigger', 'init', 'my-line'], folder)
    expect(output).toContain('Created my-line/')
    expect(existsSync(join(folder, 'my-line', 'src', 'flow.ts'))).toBe(true)
  })

  // A project as init writes it, its own packages not installed: the CLI resolves from the library-only install.
  const importCsv = ['import', '--file', 'few.csv', '--to', 'json', '--out', 'few.json']
  it.each([
    ['graph', ['graph'], /^voitex-trigger: reading \S*ivr-map\.yaml needs yaml: npm install --save-dev yaml\n$/],
    ['import', importCsv, /^voitex-trigger: loading src\/app\.ts needs tsx: npm install --save-dev tsx\n$/],
    [
      'import --unchecked',
      [...importCsv, '--unchecked'],
      /^voitex-trigger: reading few\.csv needs csv-parse: npm install --save-dev csv-parse\n$/,
    ],
  ])('voitex-trigger %s says in one line which package it needs and how to install it', async (_, args, line) => {
    const project = join(folder, 'my-line')
    if (!existsSync(project)) await ok('npx', ['voitex-trigger', 'init', 'my-line'], folder)
    writeFileSync(join(project, 'few.csv'), 'phone,name\n8005550100,Ann\n')
    const result = await runToEnd('npx', ['voitex-trigger', ...args], {
      cwd: project,
      env: { ...process.env, ...QUIET },
    })
    expect(result.stderr).toMatch(line)
    expect(result.code).toBe(2)
  })

  it('voitex-trigger/testing reads a YAML map only with yaml installed, and says so', async () => {
    writeFileSync(join(folder, 'map.yaml'), "'0': { type: trigger }\n")
    const script = "const { loadIvrMap } = await import('voitex-trigger/testing'); await loadIvrMap('map.yaml')"
    const result = await runToEnd('node', ['--input-type=module', '-e', script], { cwd: folder })
    expect(result.stderr).toContain('UsageError: reading map.yaml needs yaml: npm install --save-dev yaml')
    expect(result.code).toBe(1)
  })
})
