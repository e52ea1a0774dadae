import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import type { TriggerEvent, TriggerResult } from 'voitex-trigger/lambda'
import { type RunningServer, serve } from 'voitex-trigger/node'
import { redisStore } from 'voitex-trigger/stores/redis'
import { app } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { createClaimsTable, type LocalDynamo, startDynamo, UNREACHABLE_ENDPOINT } from '../../fixtures/dynalite.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { callerEntries } from '../../src/_internal.ts'
import { memoryLogger, memoryStore } from '../../src/index.ts'
import { lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'
import { testServer } from '../helpers/matrix.ts'
import { importWithEnv } from '../helpers/modules.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// The platform delivers the same Trigger request twice, one after the other and both at once: the demo's payment
// receipt reaches the Voitex emulator (over loopback HTTP) once. Each adapter with its real claim store: memory on
// the Node server, DynamoDB (dynalite) on Lambda, Redis (redis-server) on Vercel. The Worker is in
// test/workers/once.test.ts.
const emulator = createEmulator()
let emulatorServer: RunningServer
let voitex: { VOITEX_AUTH_KEY: string; VOITEX_API_URL: string }

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {})
  emulatorServer = await testServer(emulator.app)
  voitex = { VOITEX_AUTH_KEY: 'test-key', VOITEX_API_URL: emulatorServer.url }
})
afterAll(async () => {
  await emulatorServer.close()
  vi.restoreAllMocks()
})
beforeEach(async () => {
  await fetch(`${emulatorServer.url}/_emulator/reset`, { method: 'POST', headers: { 'auth-key': 'test-key' } })
})

/** The vendor's sample request (a payment was made), under a call id of the test's own. */
const paid = (callId: string) =>
  new Request('http://local/trigger/lookup', {
    method: 'POST',
    body: JSON.stringify({ ...SEED_REQUEST, call_id: callId }),
  })

const receipts = () => emulator.state.sms.filter((sms) => sms.body.startsWith('Voitex receipt: $57.00'))

describe('the Node server (serve), claims in memory', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await serve(app, {
      port: 0,
      handleSignals: false,
      store: memoryStore(callers),
      logger: memoryLogger(),
      settings: voitex,
    })
  })

  it('sends one receipt for a request delivered twice, one after the other and then both at once', async () => {
    const send = (callId: string) => fetch(paid(callId).url.replace('http://local', server.url), paid(callId))
    for (const response of [await send('node-seq'), await send('node-seq')]) expect(response.status).toBe(200)
    await Promise.all([send('node-conc'), send('node-conc')])
    // Closing drains the deferred receipts before it resolves.
    await server.close()
    expect(receipts().map((sms) => sms.to)).toEqual(['8459511000', '8459511000'])
  })
})

type Handler = (event: TriggerEvent, context: typeof lambdaContext) => Promise<TriggerResult>

describe('Lambda (demo/lambda.ts), claims in DynamoDB (dynalite)', () => {
  let dynamo: LocalDynamo
  const load = (env: Record<string, string>) =>
    importWithEnv(async () => (await import('../../demo/lambda.ts')).handler as Handler, {
      CALLERS_TABLE: 'callers',
      CLAIMS_TABLE: 'claims',
      ...voitex,
      ...env,
    })
  const invoke = async (handler: Handler, callId: string) =>
    resultToResponse(await handler(await requestToEvent(paid(callId), 'api-gateway-v2'), lambdaContext))

  beforeAll(async () => {
    dynamo = await startDynamo('callers')
    await createClaimsTable(dynamo, 'claims')
  })
  afterAll(() => dynamo.close())

  it('sends one receipt for a request delivered twice to one instance, then to two instances at once', async () => {
    const [first, second] = [
      await load({ DYNAMODB_ENDPOINT: dynamo.endpoint }),
      await load({ DYNAMODB_ENDPOINT: dynamo.endpoint }),
    ]
    for (const response of [await invoke(first, 'lambda-seq'), await invoke(first, 'lambda-seq')])
      expect(await response.json()).toMatchObject({ variables: { paid: 'yes' } })
    await Promise.all([invoke(first, 'lambda-conc'), invoke(second, 'lambda-conc')])
    expect(receipts()).toHaveLength(2)
  })

  it('with DynamoDB down, answers the caller and sends no receipt (at most once, the default)', async () => {
    const handler = await load({ DYNAMODB_ENDPOINT: UNREACHABLE_ENDPOINT })
    expect(await (await invoke(handler, 'lambda-down')).json()).toMatchObject({ variables: { paid: 'yes' } })
    expect(receipts()).toEqual([])
  })

  it('with DynamoDB down and TRIGGER_ONCE_WHEN_DOWN=at-least-once, sends the receipt', async () => {
    const handler = await load({ DYNAMODB_ENDPOINT: UNREACHABLE_ENDPOINT, TRIGGER_ONCE_WHEN_DOWN: 'at-least-once' })
    await invoke(handler, 'lambda-down')
    expect(receipts()).toHaveLength(1)
  })
})

describe('Vercel (api/index.ts), claims in Redis (redis-server)', () => {
  let redis: LocalRedis | { unavailable: string }
  // Vercel's runtime hands its waitUntil to @vercel/functions through this global; here it collects the tasks, so
  // the test knows when the receipts are sent. A test double: outside Vercel nothing provides it.
  const VERCEL_CONTEXT = Symbol.for('@vercel/request-context')
  const pending: Promise<unknown>[] = []
  const load = async (url: string) =>
    importWithEnv(async () => (await import('../../api/index.ts')).default, {
      REDIS_URL: url,
      CLAIMS_REDIS_URL: url,
      ...voitex,
    })

  beforeAll(async () => {
    ;(globalThis as Record<symbol, unknown>)[VERCEL_CONTEXT] = {
      get: () => ({ waitUntil: (task: Promise<unknown>) => void pending.push(task) }),
    }
    redis = await startRedis()
    if (!('url' in redis)) return
    const seed = redisStore(redis.url)
    for (const [key, record] of callerEntries(callers).entries) await seed.put?.(key, record)
    await seed.close()
  })
  afterAll(async () => {
    delete (globalThis as Record<symbol, unknown>)[VERCEL_CONTEXT]
    if (redis && 'stop' in redis) await redis.stop()
  })

  it('sends one receipt for a request delivered twice to one instance, then to two instances at once', async (context) => {
    if (!('url' in redis)) return context.skip(redis.unavailable)
    const [first, second] = [await load(redis.url), await load(redis.url)]
    await first.fetch(paid('vercel-seq'))
    await first.fetch(paid('vercel-seq'))
    await Promise.all([first.fetch(paid('vercel-conc')), second.fetch(paid('vercel-conc'))])
    await Promise.all(pending.splice(0))
    expect(receipts()).toHaveLength(2)
  })
})
