import type { ALBEvent, ALBResult, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { TriggerEvent, TriggerResult } from 'voitex-trigger/lambda'
import { type LocalDynamo, startDynamo, UNREACHABLE_ENDPOINT } from '../../fixtures/dynalite.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { catchConsoleLines } from '../helpers/console.ts'
import {
  EVENT_KINDS,
  type EventKind,
  lambdaContext,
  requestToEvent,
  resultToResponse,
} from '../helpers/lambda-events.ts'
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

/** The vendor-sample Trigger as an event of `kind` carries it. */
async function sampleEvent(kind: EventKind, path = '/trigger'): Promise<TriggerEvent> {
  const [sample] = CASES
  if (!sample) throw new Error('no cases')
  return requestToEvent(new Request(`http://local${path}`, caseRequest(sample)), kind)
}

const answerOf = async (result: TriggerResult) => resultToResponse(result).json()

describe('the Lambda handler reads each event as it comes', () => {
  it('answers without making a Web Request or Response', async () => {
    const event = await sampleEvent('api-gateway-v2')
    const [realRequest, realResponse] = [globalThis.Request, globalThis.Response]
    const refuse = () => {
      throw new Error('a Web object was made')
    }
    globalThis.Request = refuse as unknown as typeof Request
    globalThis.Response = refuse as unknown as typeof Response
    let result: TriggerResult
    try {
      result = await handler(event, lambdaContext)
    } finally {
      globalThis.Request = realRequest
      globalThis.Response = realResponse
    }
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body ?? '')).toEqual(CASES[0]?.answer)
  })

  it.each(EVENT_KINDS)('reads headers whatever their case (%s)', async (kind) => {
    const event = await sampleEvent(kind)
    const form = new URLSearchParams({ call_id: 'mixed-1', cid: '7325550184', date_time: '2023-07-20 11:35:35' })
    const mixed = { 'CoNtEnT-TyPe': 'application/x-www-form-urlencoded', AUTHORIZATION: 'Bearer l-token' }
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).filter(([name]) => !/^(content-type|authorization)$/i.test(name)),
    )
    const edited = { ...event, headers: { ...headers, ...mixed }, body: form.toString() } as TriggerEvent
    if ('multiValueHeaders' in edited && edited.multiValueHeaders)
      edited.multiValueHeaders = Object.fromEntries(
        Object.entries(edited.headers ?? {}).map(([k, v]) => [k, [v ?? '']]),
      )
    const result = await handlerWithToken(edited, lambdaContext)
    expect(result.statusCode).toBe(200)
    expect(await answerOf(result)).toMatchObject({ goto: '150' })
  })

  it('takes the first value of a repeated query parameter (API Gateway v1), as every adapter does', async () => {
    const event = (await sampleEvent('api-gateway-v1')) as APIGatewayProxyEvent
    const repeated = {
      ...event,
      queryStringParameters: { token: 'wrong' },
      multiValueQueryStringParameters: { token: ['l-token', 'wrong'] },
    }
    expect((await handlerWithToken(repeated, lambdaContext)).statusCode).toBe(200)
    const reversed = { ...repeated, multiValueQueryStringParameters: { token: ['wrong', 'l-token'] } }
    expect((await handlerWithToken(reversed, lambdaContext)).statusCode).toBe(401)
  })

  it('decodes the query an ALB passes on as sent, multi-value or not', async () => {
    const secret = await loadHandler({
      CALLERS_TABLE: 'callers',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TRIGGER_TOKEN: 'a b/c+d',
    })
    const event = (await sampleEvent('alb')) as ALBEvent
    const encoded = encodeURIComponent('a b/c+d')
    const single = { ...event, queryStringParameters: { token: encoded } }
    expect((await secret(single, lambdaContext)).statusCode).toBe(200)
    const multi = { ...event, queryStringParameters: undefined, multiValueQueryStringParameters: { token: [encoded] } }
    expect((await secret(multi, lambdaContext)).statusCode).toBe(200)
    expect((await secret({ ...event, queryStringParameters: { token: 'a b' } }, lambdaContext)).statusCode).toBe(401)
  })

  it('answers an ALB with multi-value headers on in that shape, with a status description', async () => {
    const event = (await sampleEvent('alb')) as ALBEvent
    const multi = {
      ...event,
      headers: undefined,
      multiValueHeaders: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k, [v ?? '']])),
    }
    const result = (await handler(multi, lambdaContext)) as ALBResult
    expect(result.headers).toBeUndefined()
    expect(result.multiValueHeaders?.['content-type']).toEqual(['application/json; charset=utf-8'])
    expect(result.statusDescription).toBe('200 OK')
    expect(JSON.parse(result.body ?? '')).toEqual(CASES[0]?.answer)
  })

  it.each(['api-gateway-v2', 'function-url'] as const)('answers with cookies absent or present (%s)', async (kind) => {
    const event = (await sampleEvent(kind)) as APIGatewayProxyEventV2
    const withCookies = { ...event, cookies: ['session=1', 'theme=dark'] }
    const { cookies: _, ...withoutCookies } = withCookies
    for (const edited of [withCookies, withoutCookies]) {
      const result = await handler(edited, lambdaContext)
      expect(result.statusCode).toBe(200)
      expect(await answerOf(result)).toEqual(CASES[0]?.answer)
    }
  })

  it('routes by the path whatever path parameters the route declares (/trigger/{name}/{token})', async () => {
    const event = (await sampleEvent('api-gateway-v1', '/trigger/default/l-token')) as APIGatewayProxyEvent
    const withParameters = {
      ...event,
      resource: '/trigger/{name}/{token}',
      pathParameters: { name: 'default', token: 'l-token' },
    }
    expect((await handlerWithToken(withParameters, lambdaContext)).statusCode).toBe(200)
    const wrong = { ...withParameters, path: '/trigger/default/other', pathParameters: { name: 'default', token: 'x' } }
    expect((await handlerWithToken(wrong, lambdaContext)).statusCode).toBe(401)
  })

  it('reads the path of an HTTP API v2 stage that prefixes it (/dev/trigger)', async () => {
    const event = (await sampleEvent('api-gateway-v2')) as APIGatewayProxyEventV2
    const staged = { ...event, rawPath: '/dev/trigger', requestContext: { ...event.requestContext, stage: 'dev' } }
    expect(await answerOf(await handler(staged, lambdaContext))).toEqual(CASES[0]?.answer)
  })

  it('refuses a base64 body larger than the limit with 413', async () => {
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const large = JSON.stringify({ ...JSON.parse(sample.body), notes: 'x'.repeat(70 * 1024) })
    const request = new Request('http://local/trigger', { method: 'POST', body: large })
    for (const kind of EVENT_KINDS) {
      const result = await handler(await requestToEvent(request.clone(), kind, true), lambdaContext)
      expect(result.statusCode).toBe(413)
    }
  })
})
