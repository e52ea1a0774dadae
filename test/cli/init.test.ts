import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'

/** The package.json that `init` writes for a new project, run from `cwd`. */
async function initProject(cwd: string, args: readonly string[] = []) {
  const { code, stderr } = await runCli(['init', 'my-line', ...args], { cwd })
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(readFileSync(join(cwd, 'my-line', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
}

describe('voitex-trigger init', { timeout: CLI_TIMEOUT_MS }, () => {
  it('writes a tarball given by a relative path as an absolute file: spec, so npm install finds it from the project', async () => {
    const root = mkdtempSync(join(tmpdir(), 'init-'))
    const cwd = join(root, 'work')
    mkdirSync(cwd)
    const pkg = await initProject(cwd, ['--package', '../voitex-trigger-0.1.0.tgz'])
    expect(pkg.dependencies['voitex-trigger']).toBe(`file:${join(root, 'voitex-trigger-0.1.0.tgz')}`)
  })

  it('keeps a registry range as given', async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--package', '^0.1.0'])
    expect(pkg.dependencies['voitex-trigger']).toBe('^0.1.0')
  })

  it('lists tsx, which the generated Node entry runs through, instead of borrowing it from the package', async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')))
    expect(pkg.devDependencies.tsx).toMatch(/^\^4\./)
  })
})
