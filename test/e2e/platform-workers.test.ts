import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import {
  addSentinelPatient,
  answersTheSample,
  deliveredTwiceLeavesOneSms,
  type Emulator,
  type GeneratedProject,
  generateProject,
  type LocalRun,
  ok,
  passesItsOwnTests,
  STEP_MS,
  startEmulator,
  startScript,
} from '../package/generated-project.ts'

// A Workers-only project from the packed package: its own tests, its Worker in `wrangler dev --local` (npm run
// dev:worker) with KV seeded from its callers and claims in the local Durable Object, its SMS at the local emulator.
let project: GeneratedProject
beforeAll(async () => {
  project = await generateProject(inject('tarball'), 'workers')
}, STEP_MS * 2)

describe('a Workers-only project', { timeout: STEP_MS }, () => {
  it('installs little beyond wrangler, TypeScript and vitest, and no Lambda tooling', () => {
    // The goal is 300 MB; wrangler (workerd alone is 155 MB), typescript, vitest and @types/node alone take
    // 295 MB on this machine (du -sm, 2026-12-05), and voitex-trigger with zod adds ~16 MB. The budget holds the rest.
    expect(project.footprint.diskMB).toBeLessThanOrEqual(320)
    const bins = readdirSync(join(project.folder, 'node_modules/.bin'))
    expect(bins).toContain('wrangler')
    expect(bins).not.toContain('serverless')
  })

  it('passes its own npm test as generated', () => passesItsOwnTests(project))

  it('builds its Worker with npm run build:worker', async () => {
    await ok('npm', ['run', 'build:worker'], project.folder)
  })
})

describe('npm run dev:worker', { timeout: STEP_MS }, () => {
  let emulator: Emulator
  let worker: LocalRun
  beforeAll(async () => {
    addSentinelPatient(project)
    emulator = await startEmulator(project)
    worker = await startScript(project, 'dev:worker', /Ready on/, emulator.settings)
  }, STEP_MS)
  afterAll(async () => {
    await worker?.process.stop()
    await emulator?.stop()
  })

  it("answers the vendor's request sample with the project's own flow, with TRIGGER_TOKEN from the environment", () =>
    answersTheSample(worker, SEED_REQUEST))

  it('sends one SMS through deps.once when the same Trigger is delivered twice, at VOITEX_API_URL', () =>
    deliveredTwiceLeavesOneSms(worker, emulator))
})
