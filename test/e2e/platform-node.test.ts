import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { runToEnd } from '../helpers/processes.ts'
import {
  addSentinelPatient,
  answersTheSample,
  deliveredTwiceLeavesOneSms,
  type Emulator,
  type GeneratedProject,
  generateProject,
  type LocalRun,
  passesItsOwnTests,
  STEP_MS,
  startEmulator,
  startScript,
  trigger,
} from '../package/generated-project.ts'

// A Node-only project from the packed package: its own tests, `npm start` (the dev server) and `npm run serve` (the
// self-hosted entry, src/node.ts), its SMS at the local emulator.
let project: GeneratedProject
beforeAll(async () => {
  project = await generateProject(inject('tarball'), 'node')
}, STEP_MS * 2)

describe('a Node-only project', { timeout: STEP_MS }, () => {
  it('installs within 120 MB, with no Workers, Lambda or Vercel tooling', () => {
    expect(project.footprint.diskMB).toBeLessThanOrEqual(120)
    for (const tool of ['wrangler', 'osls', 'serverless', '@vercel/functions'])
      expect(existsSync(join(project.folder, 'node_modules', tool)), tool).toBe(false)
  })

  it('passes its own npm test as generated', () => passesItsOwnTests(project))

  it("type-checks a script the user adds outside src/ (scripts/seed.ts) in npm test's tsc", async () => {
    const script = join(project.folder, 'scripts', 'seed.ts')
    mkdirSync(dirname(script), { recursive: true })
    writeFileSync(script, "const count: number = 'six'\nexport { count }\n")
    try {
      const tsc = await runToEnd('npx', ['tsc'], { cwd: project.folder, timeoutMs: STEP_MS })
      expect(tsc.code).not.toBe(0)
      expect(tsc.stdout).toContain('scripts/seed.ts')
    } finally {
      rmSync(dirname(script), { recursive: true })
    }
  })
})

describe('npm start', { timeout: STEP_MS }, () => {
  let emulator: Emulator
  let node: LocalRun
  beforeAll(async () => {
    addSentinelPatient(project)
    emulator = await startEmulator(project)
    node = await startScript(project, 'start', /Try it:/, emulator.settings)
  }, STEP_MS)
  afterAll(async () => {
    await node?.process.stop()
    await emulator?.stop()
  })

  it("answers the vendor's request sample with the project's own flow, with TRIGGER_TOKEN from the environment", () =>
    answersTheSample(node, SEED_REQUEST))

  it('sends one SMS through deps.once when the same Trigger is delivered twice, at VOITEX_API_URL', () =>
    deliveredTwiceLeavesOneSms(node, emulator))
})

describe('npm run serve', { timeout: STEP_MS }, () => {
  let node: LocalRun
  beforeAll(async () => {
    node = await startScript(project, 'serve', /Trigger endpoint at/)
  }, STEP_MS)
  afterAll(() => node?.process.stop())

  it("answers the vendor's request sample with the project's own flow, with TRIGGER_TOKEN from the environment", () =>
    answersTheSample(node, SEED_REQUEST))
})

describe('npm run serve with CALLERS_FILE naming a file that does not exist', { timeout: STEP_MS }, () => {
  let node: LocalRun
  beforeAll(async () => {
    // Ready once it listens and its (batched) config_error line is out, in whichever order they come.
    const both = /^(?=[\s\S]*Trigger endpoint at)(?=[\s\S]*"config_error")/
    node = await startScript(project, 'serve', both, { CALLERS_FILE: 'calers.json' })
  }, STEP_MS)
  afterAll(() => node?.process.stop())

  it('says so at start in a config_error line naming the file', () => {
    const line = node.process
      .output()
      .split('\n')
      .find((text) => text.includes('"config_error"'))
    expect(JSON.parse(line ?? '{}')).toEqual({
      level: 'error',
      event: 'config_error',
      message: `caller store (json-file): the callers file ${join(project.folder, 'calers.json')} does not exist`,
    })
  })

  it('answers GET /health degraded, and still answers a Trigger with JSON', async () => {
    const health = await fetch(`${node.base}/health`)
    expect(health.status).toBe(200)
    const body = await health.text()
    expect(JSON.parse(body)).toMatchObject({ status: 'degraded' })
    // Anyone may ask /health: the path is in the logs only.
    expect(body).not.toContain('calers.json')
    const response = await trigger(node.base, SEED_REQUEST)
    expect(response.status).toBe(200)
    expect(await response.json()).toHaveProperty('goto')
  })
})
