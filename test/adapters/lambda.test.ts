import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { TriggerEvent, TriggerResult } from 'voitex-trigger/lambda'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { catchConsoleLines } from '../helpers/console.ts'
import { type LocalDynamo, startDynamo, UNREACHABLE_ENDPOINT } from '../helpers/dynalite.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'
import { importWithEnv } from '../helpers/modules.ts'

type Handler = (event: TriggerEvent, context: typeof lambdaContext) => Promise<TriggerResult>

/** The demo's handler module (serverless.yml's entry) as Lambda loads it: its environment is read once, at import. */
const loadHandler = (env: Record<string, string | undefined>): Promise<Handler> =>
  importWithEnv(async () => (await import('../../demo/lambda.ts')).handler, env)

let dynamo: LocalDynamo
let handler: Handler
let handlerWithStoreDown: Handler
let handlerWithToken: Handler

const logged = catchConsoleLines()

beforeAll(async () => {
  dynamo = await startDynamo('callers')
  handlerWithToken = await loadHandler({
    CALLERS_TABLE: 'callers',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TRIGGER_TOKEN: 'l-token',
  })
  handler = await loadHandler({ CALLERS_TABLE: 'callers', DYNAMODB_ENDPOINT: dynamo.endpoint })
  handlerWithStoreDown = await loadHandler({ CALLERS_TABLE: 'callers', DYNAMODB_ENDPOINT: UNREACHABLE_ENDPOINT })
})
afterAll(async () => {
  await dynamo.close()
  vi.restoreAllMocks()
})

describe.each(EVENT_KINDS)('conformance: the Lambda handler with %s events', (kind) => {
  it.each(CASES)('answers $name', async (testCase) => {
    const event = await requestToEvent(caseRequest(testCase), kind)
    const run = testCase.storeDown ? handlerWithStoreDown : handler
    const response = resultToResponse(await run(event, lambdaContext))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })

  it('reads a base64-encoded body', async () => {
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const event = await requestToEvent(caseRequest(sample), kind, true)
    expect(event.isBase64Encoded).toBe(true)
    const response = resultToResponse(await handler(event, lambdaContext))
    expect(await response.json()).toEqual(sample.answer)
  })

  it('with TRIGGER_TOKEN set, refuses a request without it (401) and accepts one with it', async () => {
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const without = await handlerWithToken(await requestToEvent(caseRequest(sample), kind), lambdaContext)
    expect(without.statusCode).toBe(401)
    const request = new Request('http://local/trigger?token=l-token', caseRequest(sample))
    const withToken = resultToResponse(await handlerWithToken(await requestToEvent(request, kind), lambdaContext))
    expect(await withToken.json()).toEqual(sample.answer)
  })

  it('answers GET /health with 200', async () => {
    const event = await requestToEvent(new Request('http://local/health'), kind)
    expect((await handler(event, lambdaContext)).statusCode).toBe(200)
  })
})

describe('the Lambda handler and TRIGGER_TOKEN', () => {
  it('warns, when it loads without a token, that the endpoint is open', async () => {
    logged.spy.mockClear()
    await loadHandler({ CALLERS_TABLE: 'callers', DYNAMODB_ENDPOINT: dynamo.endpoint, TRIGGER_TOKEN: undefined })
    expect(logged.records()).toContainEqual(expect.objectContaining({ level: 'warn', event: 'open_endpoint' }))
  })

  it.each(['', ',', ' '])(
    'fails closed on TRIGGER_TOKEN=%j: every Trigger 401, and an error says why',
    async (token) => {
      logged.spy.mockClear()
      const closed = await loadHandler({
        CALLERS_TABLE: 'callers',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        TRIGGER_TOKEN: token,
      })
      expect(logged.records()).toContainEqual(expect.objectContaining({ level: 'error', event: 'config_error' }))
      const [sample] = CASES
      if (!sample) throw new Error('no cases')
      for (const kind of EVENT_KINDS) {
        const request = new Request('http://local/trigger?token=', caseRequest(sample))
        expect((await closed(await requestToEvent(request, kind), lambdaContext)).statusCode).toBe(401)
      }
    },
  )

  it('leaves process.env as it was after loading an entry with its own environment', async () => {
    const before = { ...process.env }
    await loadHandler({ CALLERS_TABLE: 'elsewhere', TRIGGER_TOKEN: ',' })
    expect(process.env).toEqual(before)
  })

  it('refuses to load with an unknown TIME_ZONE, naming it, rather than misread every call', async () => {
    await expect(
      loadHandler({ CALLERS_TABLE: 'callers', DYNAMODB_ENDPOINT: dynamo.endpoint, TIME_ZONE: 'Mars/Olympus' }),
    ).rejects.toThrow('"Mars/Olympus" is not a known IANA time zone')
  })
})
