import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { toWorker } from 'voitex-trigger/cloudflare'
import callers from '../../demo/callers.json'
import worker from '../../demo/worker.ts'
import { callerEntries } from '../../src/_internal.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { deferringApp, deferringRequest } from '../fixtures/deferring.ts'
import { expectHandled, FAULT_CASES, faultApp, faultRequest } from '../fixtures/faults.ts'

// Runs inside workerd, against the Worker built from wrangler.toml and its real (local) KV binding.
beforeAll(async () => {
  for (const [key, record] of callerEntries(callers).entries) await env.CALLERS.put(key, JSON.stringify(record))
})

/**
 * A KV binding that fails like an unreachable namespace. A test double: local KV cannot be made to fail on cue.
 */
const downKv = {
  get: async () => {
    throw new Error('KV GET failed: 503 Service Unavailable')
  },
  put: async () => {},
}

async function send(request: Request, storeDown = false): Promise<Response> {
  if (!storeDown) return SELF.fetch(request)
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} }
  return worker.fetch(request, { ...env, CALLERS: downKv }, ctx)
}

describe('conformance: the Worker in workerd', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const response = await send(caseRequest(testCase), testCase.storeDown)
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})

describe('the Worker', () => {
  it('answers GET /health with 200', async () => {
    expect((await SELF.fetch('http://local/health')).status).toBe(200)
  })

  it('serves named triggers under /trigger', async () => {
    const [first] = CASES
    if (!first) throw new Error('no cases')
    const response = await SELF.fetch(new Request('http://local/trigger/lookup', caseRequest(first)))
    expect(await response.json()).toEqual(first.answer)
  })

  it('reads a caller put in KV with its E.164 key for a ten-digit cid', async () => {
    await env.CALLERS.put('+12015550188', JSON.stringify({ name: 'Tova', tier: 'vip' }))
    const response = await SELF.fetch(
      new Request('http://local/trigger', {
        method: 'POST',
        body: JSON.stringify({ call_id: 'kv', cid: '2015550188' }),
      }),
    )
    expect(await response.json()).toMatchObject({ goto: '150' })
  })
})

describe('the Worker with TRIGGER_TOKEN set (a secret binding)', () => {
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} }
  const secured = { ...env, TRIGGER_TOKEN: 'w-token-1,w-token-2' }

  it('refuses a request without the token with 401 JSON', async () => {
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const response = await worker.fetch(caseRequest(sample), secured, ctx)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })

  it('accepts either rotating token, by header or query', async () => {
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const byHeader = new Request(caseRequest(sample), { headers: { authorization: 'Bearer w-token-2' } })
    expect((await worker.fetch(byHeader, secured, ctx)).status).toBe(200)
    const byQuery = new Request('http://local/trigger?token=w-token-1', caseRequest(sample))
    expect((await worker.fetch(byQuery, secured, ctx)).status).toBe(200)
  })
})

describe('faults in workerd', () => {
  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    const { app, runtime, logs } = faultApp()
    const worker = toWorker(app, {
      store: () => runtime.store,
      claims: () => runtime.claims,
      logger: runtime.logger,
    })
    await expectHandled(testCase, await worker.fetch(faultRequest(testCase), env, createExecutionContext()), logs)
  })
})

describe('the Worker and TRIGGER_TOKEN', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })
  const logged = () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    return () => spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
  }

  it('warns, at its first request without a token, that the endpoint is open', async () => {
    const lines = logged()
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    await worker.fetch(caseRequest(sample), { ...env }, createExecutionContext())
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', event: 'open_endpoint' }))
  })

  it.each([',', ' '])('fails closed on TRIGGER_TOKEN=%j: every Trigger 401, and an error says why', async (token) => {
    const lines = logged()
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    const request = new Request('http://local/trigger?token=', caseRequest(sample))
    const response = await worker.fetch(request, { ...env, TRIGGER_TOKEN: token }, createExecutionContext())
    expect(response.status).toBe(401)
    expect(lines()).toContainEqual(expect.objectContaining({ level: 'error', event: 'config_error' }))
  })
})

describe('deferred work in workerd', () => {
  it("is handed to the request's ctx.waitUntil, and runs after the answer", async () => {
    const { app, events } = deferringApp()
    const deferring = toWorker(app, { logger: { write() {} } })
    const ctx = createExecutionContext()
    const response = await deferring.fetch(deferringRequest(), { ...env }, ctx)
    expect(response.status).toBe(200)
    expect(events).toEqual(['answered'])
    await waitOnExecutionContext(ctx)
    expect(events).toEqual(['answered', 'sent'])
  })
})
