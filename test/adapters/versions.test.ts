import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TriggerEvent, TriggerResult } from 'voitex-trigger/lambda'
import { type LocalDynamo, startDynamo } from '../../fixtures/dynalite.ts'
import { CLI_TIMEOUT_MS, runCli } from '../helpers/cli.ts'
import { catchConsoleLines } from '../helpers/console.ts'
import { lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'
import { importWithEnv } from '../helpers/modules.ts'

// TRIGGER_VERSIONS as a deployment sets it: the demo's Lambda entry loaded with it in its environment (DynamoDB in
// dynalite), and `voitex-trigger dev` started with it. The demo's next version bills an invoice after hours.
type Handler = (event: TriggerEvent, context: typeof lambdaContext) => Promise<TriggerResult>

let dynamo: LocalDynamo
catchConsoleLines()

beforeAll(async () => {
  dynamo = await startDynamo('callers')
})
afterAll(() => dynamo.close())

const load = (TRIGGER_VERSIONS: string) =>
  importWithEnv(async () => (await import('../../demo/lambda.ts')).handler as Handler, {
    CALLERS_TABLE: 'callers',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TRIGGER_VERSIONS,
  })

async function afterHoursInvoice(handler: Handler, callId: string) {
  const request = new Request('http://local/trigger/lookup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ call_id: callId, cid: '6465557729', date_time: '2023-07-20 20:00:00' }),
  })
  const response = resultToResponse(await handler(await requestToEvent(request, 'api-gateway-v2'), lambdaContext))
  return { version: response.headers.get('x-trigger-version'), answer: (await response.json()) as { goto?: string } }
}

describe('TRIGGER_VERSIONS on AWS Lambda', () => {
  it('gives next every call at 100 % and none at 0 %, without a code change', async () => {
    const all = await load('lookup:next=100')
    const none = await load('lookup:next=0')
    for (const callId of ['AST10-1.1', 'AST10-2.2', 'AST10-3.3']) {
      expect(await afterHoursInvoice(all, callId)).toEqual({
        version: 'next',
        answer: expect.objectContaining({ goto: '200' }),
      })
      expect(await afterHoursInvoice(none, callId)).toEqual({
        version: 'stable',
        answer: expect.objectContaining({ goto: '500' }),
      })
    }
  })

  it('refuses to load with a share it cannot read, in one line', async () => {
    await expect(load('lookup:next=fifty')).rejects.toThrow(
      /^TRIGGER_VERSIONS: "lookup:next=fifty" is not a percent from 0 to 100 \(expected <trigger>:<version>=<percent>\)$/,
    )
  })
})

describe('TRIGGER_VERSIONS on Node (voitex-trigger dev)', () => {
  it(
    'refuses to start with a share it cannot read: one line, exit code 2',
    async () => {
      const result = await runCli(['dev', '--port', '0'], { env: { TRIGGER_VERSIONS: 'lookup:next=250' } })
      expect(result.code).toBe(2)
      expect(result.stderr.trim()).toBe(
        'voitex-trigger: cannot start: TRIGGER_VERSIONS: "lookup:next=250" is not a percent from 0 to 100 (expected <trigger>:<version>=<percent>)',
      )
    },
    CLI_TIMEOUT_MS,
  )
})
