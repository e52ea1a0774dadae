import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import {
  answersTheSample,
  type GeneratedProject,
  generateProject,
  type LocalRun,
  passesItsOwnTests,
  STEP_MS,
  startScript,
} from '../package/generated-project.ts'

// A Vercel-only project from the packed package: its own tests, and its Vercel Function (api/index.ts) served locally
// by `npm run dev:vercel`, in Node as Vercel runs it (vercel dev needs a login and the network).
let project: GeneratedProject
beforeAll(async () => {
  project = await generateProject(inject('tarball'), 'vercel')
}, STEP_MS * 2)

describe('a Vercel-only project', { timeout: STEP_MS }, () => {
  it('installs no Workers or Lambda tooling', () => {
    for (const tool of ['wrangler', 'osls', 'serverless', 'dynalite'])
      expect(existsSync(join(project.folder, 'node_modules', tool)), tool).toBe(false)
  })

  it('passes its own npm test as generated', () => passesItsOwnTests(project))
})

describe('npm run dev:vercel', { timeout: STEP_MS }, () => {
  let vercel: LocalRun
  beforeAll(async () => {
    vercel = await startScript(project, 'dev:vercel', /dev:vercel: api\/index\.ts at/)
  }, STEP_MS)
  afterAll(() => vercel?.process.stop())

  it("answers the vendor's request sample with the project's own flow, with TRIGGER_TOKEN from the environment", () =>
    answersTheSample(vercel, SEED_REQUEST))
})
