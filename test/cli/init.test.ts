import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'

/** What npm hands a command that `npx` runs: none of it unless a test sets it. */
const NOT_FROM_NPX = { npm_command: undefined, npm_config_package: undefined }

/** The package.json that `init` writes for a new project, run from `cwd`. */
async function initProject(cwd: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
  const { code, stderr } = await runCli(['init', 'my-line', ...args], { cwd, env: { ...NOT_FROM_NPX, ...env } })
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(readFileSync(join(cwd, 'my-line', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
    scripts: Record<string, string>
    engines: Record<string, string>
    allowScripts: Record<string, boolean>
  }
}

/** Every file a project holds that belongs to one platform. */
const PLATFORM_FILES = [
  'src/worker.ts',
  'wrangler.toml',
  'src/lambda.ts',
  'serverless.yml',
  'api/index.ts',
  'vercel.json',
  'src/node.ts',
]

describe('voitex-trigger init', { timeout: CLI_TIMEOUT_MS }, () => {
  it('writes a tarball given by a relative path as an absolute file: spec, so npm install finds it from the project', async () => {
    const root = mkdtempSync(join(tmpdir(), 'init-'))
    const cwd = join(root, 'work')
    mkdirSync(cwd)
    const pkg = await initProject(cwd, ['--package', '../voitex-trigger-0.1.0.tgz'])
    expect(pkg.dependencies['voitex-trigger']).toBe(`file:${join(root, 'voitex-trigger-0.1.0.tgz')}`)
  })

  it('depends on the tarball npx ran it from when --package is not given, as an absolute file: spec', async () => {
    const root = mkdtempSync(join(tmpdir(), 'init-'))
    const cwd = join(root, 'work')
    mkdirSync(cwd)
    // What `npx --package ./voitex-trigger-0.1.0.tgz --package zod voitex-trigger init` hands the command.
    const fromNpx = { npm_command: 'exec', npm_config_package: './voitex-trigger-0.1.0.tgz\n\nzod' }
    const pkg = await initProject(cwd, [], fromNpx)
    expect(pkg.dependencies['voitex-trigger']).toBe(`file:${join(cwd, 'voitex-trigger-0.1.0.tgz')}`)
  })

  it('depends on the registry version when npx ran it from the registry, or --package says otherwise', async () => {
    const fromRegistry = { npm_command: 'exec', npm_config_package: 'voitex-trigger@0.1.0' }
    const registry = await initProject(mkdtempSync(join(tmpdir(), 'init-')), [], fromRegistry)
    expect(registry.dependencies['voitex-trigger']).toMatch(/^\^\d/)
    const fromTarball = { npm_command: 'exec', npm_config_package: '/tmp/voitex-trigger-0.1.0.tgz' }
    const given = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--package', '^0.1.0'], fromTarball)
    expect(given.dependencies['voitex-trigger']).toBe('^0.1.0')
  })

  it('keeps a registry range as given', async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--package', '^0.1.0'])
    expect(pkg.dependencies['voitex-trigger']).toBe('^0.1.0')
  })

  it("lists the CLI's optional packages its scripts use, and zod, since the package installs none of them", async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')))
    expect(pkg.devDependencies).toMatchObject({
      tsx: expect.stringMatching(/^\^4\./),
      yaml: expect.stringMatching(/^\^2\./),
      'csv-parse': expect.stringMatching(/^\^7\./),
      esbuild: expect.stringMatching(/^\^0\./),
      'smol-toml': expect.stringMatching(/^\^1\./),
    })
    expect(pkg.dependencies.zod).toMatch(/^\^4\./)
  })

  it('writes only the chosen platform: a Workers project has no Lambda, Vercel or Node entry, config, script or package', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-'))
    const pkg = await initProject(cwd, ['--platform', 'workers'])
    const present = PLATFORM_FILES.filter((file) => existsSync(join(cwd, 'my-line', file)))
    expect(present).toEqual(['src/worker.ts', 'wrangler.toml'])
    expect(Object.keys(pkg.scripts).filter((name) => /:(worker|lambda|vercel)$|^serve$/.test(name))).toEqual([
      'dev:worker',
      'build:worker',
      'deploy:worker',
    ])
    expect(Object.keys(pkg.devDependencies)).toEqual([
      '@types/node',
      'csv-parse',
      'hono',
      'smol-toml',
      'tsx',
      'typescript',
      'vitest',
      'wrangler',
      'yaml',
    ])
    expect(Object.keys(pkg.dependencies)).toEqual(['voitex-trigger', 'zod'])
    const readme = readFileSync(join(cwd, 'my-line', 'README.md'), 'utf8')
    expect(readme).toContain('npm run dev:worker')
    expect(readme).not.toMatch(/dev:lambda|serverless|Vercel|src\/node\.ts|<!--/)
    const ignored = readFileSync(join(cwd, 'my-line', '.gitignore'), 'utf8').split('\n')
    expect(ignored).toEqual(expect.arrayContaining(['node_modules/', '.wrangler/', '.dev.vars', 'capture*.jsonl']))
    expect(ignored.filter((line) => /serverless|bundle|lambda|platform/.test(line))).toEqual([])
  })

  it('pins the Lambda tooling: osls under the name serverless, so no serverless@4 can take its commands; bundles itself', async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--platform', 'lambda'])
    expect(pkg.devDependencies).toMatchObject({
      serverless: 'npm:osls@4.3.1',
      'serverless-offline': '14.8.2',
    })
    expect(pkg.devDependencies.osls).toBeUndefined()
    expect(pkg.devDependencies['serverless-esbuild']).toBeUndefined()
    expect(pkg.devDependencies.dynalite).toMatch(/^\^4\./)
    expect(pkg.scripts['dev:lambda']).toBe('voitex-trigger dev:lambda')
  })

  it.each([
    ['workers', { esbuild: true, workerd: true }],
    ['lambda', { 'classic-level': true, 'es5-ext': false, esbuild: true }],
    ['vercel,node', { esbuild: true }],
  ])(
    "reviews the install scripts a %s project's packages bring, in npm's allowScripts",
    async (platforms, reviewed) => {
      const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--platform', platforms])
      expect(pkg.allowScripts).toEqual(reviewed)
    },
  )

  it("prints each chosen platform's local run among the next steps: a Node project's is npm run serve", async () => {
    const { code, stdout } = await runCli(['init', 'my-line', '--platform', 'node'], {
      cwd: mkdtempSync(join(tmpdir(), 'init-')),
    })
    expect(stdout).toContain('npm run serve   # as deployed, locally (README: "Run it locally, as deployed")')
    expect(stdout).not.toContain('dev:worker')
    expect(code).toBe(0)
  })

  it("writes its packages in npm's order, so the project's first npm install leaves package.json as it is", async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')), ['--platform', 'workers,lambda,vercel,node'])
    for (const list of [pkg.dependencies, pkg.devDependencies])
      expect(Object.keys(list)).toEqual(Object.keys(list).sort())
    expect(Object.keys(pkg.dependencies)).toEqual([
      '@aws-sdk/client-dynamodb',
      '@vercel/functions',
      'redis',
      'voitex-trigger',
      'zod',
    ])
  })

  it('pins no Node binary: the project states the Node it needs in engines', async () => {
    const pkg = await initProject(mkdtempSync(join(tmpdir(), 'init-')))
    expect(pkg.devDependencies.node).toBeUndefined()
    expect(pkg.engines.node).toBe('>=22.13')
  })

  it('writes all four platforms by default', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-'))
    await initProject(cwd)
    expect(PLATFORM_FILES.filter((file) => existsSync(join(cwd, 'my-line', file)))).toEqual(PLATFORM_FILES)
  })

  it('refuses a platform it does not know, naming the ones it does, and writes nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'init-'))
    const { code, stderr } = await runCli(['init', 'my-line', '--platform', 'workers,netlify'], { cwd })
    expect(stderr.trim()).toBe(
      'voitex-trigger: --platform "netlify" is not a platform: choose from workers,lambda,vercel,node',
    )
    expect(code).toBe(2)
    expect(existsSync(join(cwd, 'my-line'))).toBe(false)
  })
})
