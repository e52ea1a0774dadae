import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryLogger } from 'voitex-trigger'
import { toLambdaHandler } from 'voitex-trigger/lambda'
import { toVercelFunction } from 'voitex-trigger/vercel'
import { deferringApp, deferringRequest } from '../fixtures/deferring.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent } from '../helpers/lambda-events.ts'

// On fake timers: the side effect's delay and the defer limit pass when the test says, whatever the machine's speed.
describe('deferred work on Lambda', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it.each(EVENT_KINDS)('runs after the answer and is settled before the handler returns (%s)', async (kind) => {
    const { app, events } = deferringApp(30)
    const handler = toLambdaHandler(app, { logger: memoryLogger(), tokens: undefined, deferLimitMs: 1500 })
    let atReturn: string[] = []
    const answered = handler(await requestToEvent(deferringRequest(), kind), lambdaContext).finally(() => {
      atReturn = [...events]
    })
    await vi.advanceTimersByTimeAsync(30)
    const result = await answered
    expect(result.statusCode).toBe(200)
    expect(atReturn).toEqual(['answered', 'sent'])
  })

  it('stops holding the handler once the defer limit passes', async () => {
    // A side effect that never finishes (and leaves no timer behind).
    const { app, events } = deferringApp(new Promise<void>(() => {}))
    const handler = toLambdaHandler(app, { logger: memoryLogger(), tokens: undefined, deferLimitMs: 20 })
    let returned = false
    const answered = handler(await requestToEvent(deferringRequest(), 'api-gateway-v2'), lambdaContext).finally(() => {
      returned = true
    })
    await vi.advanceTimersByTimeAsync(19)
    expect(returned).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const result = await answered
    expect(result.statusCode).toBe(200)
    expect(events).toEqual(['answered'])
  })
})

// Vercel's Node.js runtime gives each request a context whose waitUntil keeps the function alive; @vercel/functions
// reads it from this global. A test double of the platform: Vercel's runtime cannot run here (its CLI needs a login).
const VERCEL_CONTEXT = Symbol.for('@vercel/request-context')

describe('deferred work on Vercel', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[VERCEL_CONTEXT]
  })

  it("is handed to the platform's waitUntil, and runs after the answer", async () => {
    const kept: Promise<unknown>[] = []
    ;(globalThis as Record<symbol, unknown>)[VERCEL_CONTEXT] = {
      get: () => ({ waitUntil: (task: Promise<unknown>) => kept.push(task) }),
    }
    const { app, events } = deferringApp()
    const response = await toVercelFunction(app, { logger: memoryLogger(), tokens: undefined }).fetch(
      deferringRequest(),
    )
    expect(response.status).toBe(200)
    expect(events).toEqual(['answered'])
    expect(kept).toHaveLength(1)
    await Promise.all(kept)
    expect(events).toEqual(['answered', 'sent'])
  })
})
