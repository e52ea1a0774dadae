import { readFileSync, readlinkSync } from 'node:fs'
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

// A Lambda-only project from the packed package: its own tests, its Lambda in `serverless offline` (npm run
// dev:lambda) on the local DynamoDB the script makes from serverless.yml, its SMS at the local emulator.
let project: GeneratedProject
beforeAll(async () => {
  project = await generateProject(inject('tarball'), 'lambda')
}, STEP_MS * 2)

describe('a Lambda-only project', { timeout: STEP_MS }, () => {
  it('installs within 300 MB, with no Workers tooling', () => {
    expect(project.footprint.diskMB).toBeLessThanOrEqual(300)
    expect(() => readlinkSync(join(project.folder, 'node_modules/.bin/wrangler'))).toThrow()
  })

  it('has osls behind .bin/serverless and .bin/sls after npm install, not serverless@4', () => {
    for (const bin of ['serverless', 'sls']) {
      const target = readlinkSync(join(project.folder, 'node_modules/.bin', bin))
      const pkg = JSON.parse(
        readFileSync(join(project.folder, 'node_modules/.bin', target, '../../package.json'), 'utf8'),
      )
      expect(pkg).toMatchObject({ name: 'osls', version: '4.3.1' })
    }
  })

  it('passes its own npm test as generated', () => passesItsOwnTests(project))

  it('packages its Lambda with npm run build:lambda, offline', async () => {
    await ok('npm', ['run', 'build:lambda'], project.folder)
    expect(readFileSync(join(project.folder, 'dist-lambda/my-line.zip')).length).toBeGreaterThan(1000)
  })
})

describe('npm run dev:lambda', { timeout: STEP_MS }, () => {
  let emulator: Emulator
  let lambda: LocalRun
  beforeAll(async () => {
    addSentinelPatient(project)
    emulator = await startEmulator(project)
    lambda = await startScript(project, 'dev:lambda', /Server ready/, emulator.settings)
  }, STEP_MS)
  afterAll(async () => {
    await lambda?.process.stop()
    await emulator?.stop()
  })

  it('makes the tables serverless.yml declares in a local DynamoDB and loads the callers into one', () => {
    expect(lambda.process.output()).toContain('tables my-line-dev-callers, my-line-dev-claims')
    expect(lambda.process.output()).toContain('import: 3 callers into dynamodb')
  })

  it("answers the vendor's request sample with the project's own flow, with TRIGGER_TOKEN from the environment", () =>
    answersTheSample(lambda, SEED_REQUEST))

  it('sends one SMS through deps.once (claims in the local DynamoDB) when the same Trigger is delivered twice', () =>
    deliveredTwiceLeavesOneSms(lambda, emulator))
})
