import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runToEnd } from '../helpers/processes.ts'

// The generated project's own code (cli/templates: src/ and api/), type-checked against this package's source (the
// repository's `paths`), after a user adds a setting to src/app.ts's declaration and nowhere else.
const TSC_TIMEOUT_MS = 180_000

mkdirSync('.tmp', { recursive: true })
const work = mkdtempSync(resolve('.tmp/settings-template-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function project(edit: (app: string) => string): string {
  const dir = mkdtempSync(join(work, 'project-'))
  for (const folder of ['src', 'api']) cpSync(join('cli/templates', folder), join(dir, folder), { recursive: true })
  const appFile = join(dir, 'src/app.ts')
  writeFileSync(appFile, edit(readFileSync(appFile, 'utf8')))
  // The Worker reads the new setting from its Env: it is a binding it knows, typed as declared.
  writeFileSync(
    join(dir, 'src/worker.ts'),
    `${readFileSync(join(dir, 'src/worker.ts'), 'utf8')}\nexport const clinicOf = (env: Env): string => env.CLINIC_NAME\n`,
  )
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: resolve('tsconfig.base.json'),
      compilerOptions: { types: ['node'], allowImportingTsExtensions: true },
      include: ['src', 'api'],
    }),
  )
  return dir
}

const typeCheck = (dir: string) =>
  runToEnd(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')])

describe('a setting added to the generated app', { timeout: TSC_TIMEOUT_MS }, () => {
  it('type-checks on every platform entry with no other edit, the Worker reading it from its Env', async () => {
    const dir = project((app) =>
      app
        .replace('export const Settings = z.object({', 'export const Settings = z.object({\n  CLINIC_NAME: z.string(),')
        .replace(
          'services: ({ VOITEX_AUTH_KEY, VOITEX_API_URL }) => ({',
          'services: ({ CLINIC_NAME, VOITEX_AUTH_KEY, VOITEX_API_URL }) => ({\n    clinic: CLINIC_NAME,',
        ),
    )
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toContain('CLINIC_NAME: z.string()')
    const { code, stdout } = await typeCheck(dir)
    expect(stdout).toBe('')
    expect(code).toBe(0)
  })

  it('not declared, is not a binding the Worker knows (the check above is not vacuous)', async () => {
    const { code, stdout } = await typeCheck(project((app) => app))
    expect(stdout).toContain("Property 'CLINIC_NAME' does not exist on type 'Env'")
    expect(code).not.toBe(0)
  })
})
