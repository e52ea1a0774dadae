import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { ENTRIES } from '../../tsdown.config.ts'
import { freePort, runToEnd, type Spawned, spawnUntil } from '../helpers/processes.ts'
import {
  type GeneratedProject,
  generateProject,
  ok,
  type Packed,
  pack,
  passesItsOwnTests,
  QUIET,
  SAMPLE_ANSWER,
  STEP_MS,
} from './generated-project.ts'

// A new user's first hour, from the packed tarball in an empty folder, all four platforms (the default): `npm pack`,
// `npx voitex-trigger init`, `npm install`, the project's own `npm test`, both deploy builds, `npm start`, and every
// subpath from plain Node. Each platform alone, and its local run script, is in test/e2e/platform-*.test.ts.
const root = mkdtempSync(join(tmpdir(), 'voitex-consumer-'))
let project = ''
let generated: GeneratedProject
let packed: Packed

beforeAll(async () => {
  packed = await pack(root)
  generated = await generateProject(packed.tarball)
  project = generated.folder
}, STEP_MS * 2)

describe('a new project from the packed package', { timeout: STEP_MS }, () => {
  it('is a small tarball of compiled JavaScript, types and templates', () => {
    console.log(`tarball: ${(packed.size / 1024).toFixed(1)} KiB, ${packed.entryCount} files`)
    expect(packed.entryCount).toBeLessThan(120)
    // Compiled code, types, the templates of four platforms, the JSON Schemas and the file-format reference.
    expect(packed.size).toBeLessThan(256 * 1024)
  })

  it('installs within 500 MB, with no Node binary pinned', () => {
    expect(generated.footprint.diskMB).toBeLessThanOrEqual(500)
    expect(existsSync(join(project, 'node_modules/node'))).toBe(false)
  })

  it('passes its own npm test as generated: type-check, unit tests, scenarios, lint', () =>
    passesItsOwnTests(generated))

  it('builds its Worker with npm run build:worker (wrangler deploy --dry-run)', async () => {
    await ok('npm', ['run', 'build:worker'], project)
    const worker = readFileSync(join(project, 'dist-worker/worker.js'))
    console.log(
      `generated Worker: ${(worker.length / 1024).toFixed(1)} KiB, ${(gzipSync(worker).length / 1024).toFixed(1)} KiB gzip`,
    )
    expect(worker.toString()).toContain('Welcome. Let me take you to the main menu.')
  })

  it('packages its Lambda with npm run build:lambda (serverless package)', async () => {
    await ok('npm', ['run', 'build:lambda'], project)
    expect(readFileSync(join(project, 'dist-lambda/my-line.zip')).length).toBeGreaterThan(1000)
  })

  it('imports every subpath from plain Node, compiled JavaScript and no loader; Hono only once installed', async () => {
    const subpaths = Object.keys(ENTRIES)
      .filter((name) => name !== 'cli')
      .map((name) => (name === 'index' ? 'voitex-trigger' : `voitex-trigger/${name}`))
    // hono is an optional peer: the Trigger path (every adapter) runs without it; the emulator and the Hono mount need
    // it (a generated project lists it for `npm run emulator`): hidden, they say so; back, they load.
    const needHono = ['voitex-trigger/emulator', 'voitex-trigger/hono']
    const load = (subpath: string) => ['--input-type=module', '-e', `await import(${JSON.stringify(subpath)})`]
    const hono = join(project, 'node_modules', 'hono')
    const hidden = join(project, 'node_modules', '.hono-hidden')
    renameSync(hono, hidden)
    try {
      for (const subpath of subpaths.filter((name) => !needHono.includes(name)))
        await ok('node', load(subpath), project)
      for (const subpath of needHono)
        expect((await runToEnd('node', load(subpath), { cwd: project })).stderr).toContain("Cannot find package 'hono'")
    } finally {
      renameSync(hidden, hono)
    }
    for (const subpath of needHono) await ok('node', load(subpath), project)
  })

  it('builds no zod schema while a platform subpath loads, from the installed package: a cold start pays for none', async () => {
    const platforms = ['', '/client', '/cloudflare', '/lambda', '/vercel', '/node', '/hono', '/stores/cloudflare-kv']
      .concat(['/stores/dynamodb', '/stores/json-file', '/stores/redis'])
      .map((subpath) => `voitex-trigger${subpath}`)
    // zod gives every schema its internals with one Object.defineProperty(schema, '_zod', …): counted, when its class
    // is one of the project's zod (the package's peer; @vercel/functions bundles a zod of its own and builds schemas
    // as it loads). The control, a client call with a bad input (checked, nothing sent), shows building is seen.
    const script = `
      import * as z from 'zod/mini'
      const made = []
      const define = Object.defineProperty
      Object.defineProperty = (target, key, descriptor) => { if (key === '_zod') made.push(target); return define(target, key, descriptor) }
      const zodClasses = new Set(Object.values(z).filter((value) => typeof value === 'function'))
      const built = () => made.filter((schema) => zodClasses.has(schema._zod.constr)).length
      for (const subpath of ${JSON.stringify(platforms)}) await import(subpath)
      const atLoad = built()
      const { createVoitexClient } = await import('voitex-trigger/client')
      const refused = await createVoitexClient({ authKey: 'k' }).sendSms({ from: '1', to: '2', body: '' })
      process.stdout.write(JSON.stringify({ atLoad, byOneCall: built() - atLoad, refused: !refused.ok }))`
    const counted = JSON.parse(await ok('node', ['--input-type=module', '-e', script], project)) as Record<
      string,
      unknown
    >
    expect(counted).toEqual({ atLoad: 0, byOneCall: expect.any(Number), refused: true })
    expect(counted.byOneCall).toBeGreaterThan(0)
  })

  it('runs the CLI without the optional peers: help, a JSON import, and a Redis import that says what to install', async () => {
    // A Workers-only project installs no redis: hide the one init listed, and put it back whatever happens.
    const redis = join(project, 'node_modules', 'redis')
    const hidden = join(project, 'node_modules', '.redis-hidden')
    renameSync(redis, hidden)
    try {
      expect(await ok('npx', ['voitex-trigger', '--help'], project)).toContain('import ')
      writeFileSync(join(project, 'few.csv'), 'phone,name\n8005550100,Ann\n')
      const unchecked = ['voitex-trigger', 'import', '--file', 'few.csv', '--unchecked']
      await ok('npx', [...unchecked, '--to', 'json', '--out', 'few.json'], project)
      expect(readFileSync(join(project, 'few.json'), 'utf8')).toContain('Ann')
      const toRedis = await runToEnd('npx', [...unchecked, '--to', 'redis', '--redis-url', 'redis://127.0.0.1:9'], {
        cwd: project,
        env: { ...process.env, ...QUIET },
      })
      expect(toRedis.stderr).toContain('--to redis needs redis: npm install redis')
      expect(toRedis.code).toBe(2)
    } finally {
      renameSync(hidden, redis)
    }
  })

  it('type-checks every subpath under moduleResolution nodenext, strict, with the package types checked too', async () => {
    const imports = Object.keys(ENTRIES)
      .filter((name) => name !== 'cli')
      .map(
        (name, index) =>
          `import * as m${index} from '${name === 'index' ? 'voitex-trigger' : `voitex-trigger/${name}`}'`,
      )
    writeFileSync(
      join(project, 'check.ts'),
      `${imports.join('\n')}\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}]\n`,
    )
    writeFileSync(
      join(project, 'tsconfig.nodenext.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        files: ['check.ts'],
      }),
    )
    await ok('npx', ['tsc', '-p', 'tsconfig.nodenext.json'], project)
  })
})

describe("the new project's npm start", { timeout: STEP_MS }, () => {
  let server: Spawned
  let base = ''
  beforeAll(async () => {
    const port = await freePort()
    server = await spawnUntil('npm', ['start'], /Try it:/, {
      cwd: project,
      env: { ...process.env, PORT: String(port) },
      timeoutMs: STEP_MS,
    })
    base = `http://127.0.0.1:${port}`
  }, STEP_MS)
  afterAll(() => server?.stop())

  it("answers the vendor's request sample with its own flow's decision", async () => {
    const response = await fetch(`${base}/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SEED_REQUEST),
    })
    expect(await response.json()).toEqual(SAMPLE_ANSWER)
  })

  it('serves the page to call it from a browser, built into the package, with its own map and callers', async () => {
    const page = await fetch(`${base}/`)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).toContain('Caller number')
    const script = await fetch(`${base}/_dev/page.js`)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toContain('javascript')
    const size = (await script.arrayBuffer()).byteLength
    console.log(`page script: ${(size / 1024).toFixed(1)} KiB`)
    expect(size).toBeGreaterThan(10_000)
    const project = (await (await fetch(`${base}/_dev/project`)).json()) as {
      map: { did: string } | null
      callers: { number: string; name?: string }[]
    }
    expect(project.map?.did).toBe('8005550100')
    expect(project.callers).toContainEqual({ number: '2125550100', name: 'Sara' })
  })
})

afterAll(() => {
  // Left in the temp folder for inspection when a step fails; the OS cleans tmp.
  console.log(`consumer project: ${resolve(project)}`)
})
