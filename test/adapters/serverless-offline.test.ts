import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalDynamo, startDynamo } from '../../fixtures/dynalite.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { runCli } from '../helpers/cli.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

// End to end: `serverless offline` (osls + serverless-offline) serves the Lambda handler as `voitex-trigger
// bundle:lambda` bundles it, behind a local API Gateway on loopback, reading callers from an in-process DynamoDB
// (dynalite).
let dynamo: LocalDynamo
let offline: Spawned
let base = ''
// serverless.yml passes TRIGGER_TOKEN from the environment; deployed without one, every Trigger is refused.
const TOKEN = 'offline-token'

beforeAll(async () => {
  const bundled = await runCli(['bundle:lambda'])
  if (bundled.code !== 0) throw new Error(`bundle:lambda failed:\n${bundled.stderr}`)
  dynamo = await startDynamo('voitex-trigger-dev-callers')
  const [httpPort, lambdaPort] = [await freePort(), await freePort()]
  offline = await spawnUntil('node_modules/.bin/serverless', ['offline'], /Server ready/, {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      OFFLINE_HTTP_PORT: String(httpPort),
      OFFLINE_LAMBDA_PORT: String(lambdaPort),
      SLS_TELEMETRY_DISABLED: '1',
      TRIGGER_TOKEN: TOKEN,
    },
    timeoutMs: 120_000,
  })
  base = `http://127.0.0.1:${httpPort}`
}, 150_000)

afterAll(async () => {
  await offline?.stop()
  await dynamo?.close()
})

describe('conformance: the Lambda handler through serverless offline', () => {
  it.each(CASES.filter((testCase) => !testCase.storeDown))('answers $name', async (testCase) => {
    const response = await fetch(caseRequest(testCase, base, TOKEN))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })

  it('answers GET /health with 200', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200)
  })

  // Last: it stops the DynamoDB the running Lambda reads from.
  it.each(CASES.filter((testCase) => testCase.storeDown))('answers $name', async (testCase) => {
    await dynamo.close()
    const response = await fetch(caseRequest(testCase, base, TOKEN))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})
