import { describe, expect, it } from 'vitest'
import { answerTrigger, defineFlow, reply } from '../../src/index.ts'
import { SEED_CARD_DATA, SEED_REQUEST, triggerBody } from '../fixtures/seed.ts'
import { brokenStores, testRuntime } from '../helpers/runtime.ts'

const fallback = reply().say('Sorry, one moment.').goto(0)

function flowThat(decide: Parameters<typeof defineFlow>[0]['decide'], deadlineMs = 50) {
  return defineFlow({ name: 'test', fallback, deadlineMs, decide })
}

describe('running a flow', () => {
  it('sends the decision the flow returns', async () => {
    const { runtime } = testRuntime()
    const answer = await answerTrigger(
      flowThat(() => reply().goto(150)),
      'default',
      triggerBody(),
      runtime,
    )
    expect(answer).toMatchObject({ status: 200, outcome: 'decision', body: '{"goto":"150"}' })
  })

  it('accepts a plain decision object as well as a Reply', async () => {
    const { runtime } = testRuntime()
    const answer = await answerTrigger(
      flowThat(() => ({ goto: '7' })),
      'default',
      triggerBody(),
      runtime,
    )
    expect(answer.body).toBe('{"goto":"7"}')
  })

  it('passes the trigger name from the URL to the flow', async () => {
    const { runtime } = testRuntime()
    const flow = flowThat((call) => reply().set({ trigger: call.trigger }))
    const answer = await answerTrigger(flow, 'billing', triggerBody(), runtime)
    expect(JSON.parse(answer.body)).toEqual({ variables: { trigger: 'billing' } })
  })

  it('uses the default fallback, the empty answer (No Route Found), when none is given', async () => {
    const { runtime } = testRuntime()
    const flow = defineFlow({
      name: 'bare',
      decide: () => {
        throw new Error('x')
      },
    })
    expect((await answerTrigger(flow, 'default', triggerBody(), runtime)).body).toBe('{}')
  })
})

describe('answerTrigger never throws', () => {
  it('answers the fallback, and logs why with the call id, when its runtime cannot read the time', async () => {
    const { runtime, logs } = testRuntime({ timeZone: 'Not/AZone' })
    const flow = flowThat(() => reply().goto(150))
    const answer = await answerTrigger(flow, 'default', { call_id: 'no-time', cid: '8455550100' }, runtime)
    expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason: 'internal_error' })
    expect(JSON.parse(answer.body)).toEqual(fallback.toDecision())
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', call_id: 'no-time', outcome: 'fallback', reason: 'internal_error' }),
    )
  })
})

describe('the fallback', () => {
  const cases = [
    [
      'the flow throws',
      () => {
        throw new Error('database exploded')
      },
      'flow_error',
    ],
    ['the flow misses its deadline', () => new Promise<never>(() => {}), 'deadline'],
    ['the flow returns an invalid decision', () => ({ goto: 'main menu' }), 'invalid_decision'],
    ['the flow returns nothing', () => undefined, 'no_decision'],
  ] as const

  it.each(cases)('is sent when %s, logged with call_id and the reason', async (_, decide, reason) => {
    const { runtime, logs } = testRuntime()
    const answer = await answerTrigger(flowThat(decide), 'default', triggerBody(), runtime)
    expect(answer).toMatchObject({ status: 200, outcome: 'fallback', reason })
    expect(JSON.parse(answer.body)).toEqual(fallback.toDecision())
    expect(logs).toContainEqual(
      expect.objectContaining({ event: 'trigger', call_id: 'test-call-1', outcome: 'fallback', reason }),
    )
  })

  it('aborts the signal given to the flow when the deadline passes', async () => {
    const { runtime } = testRuntime()
    let aborted: Promise<void> | undefined
    const flow = flowThat((_, deps) => {
      aborted = new Promise((resolve) => deps.signal.addEventListener('abort', () => resolve()))
      return new Promise<never>(() => {})
    })
    await answerTrigger(flow, 'default', triggerBody(), runtime)
    await expect(aborted).resolves.toBeUndefined()
  })

  it('logs the error message of a throwing flow without card numbers in it', async () => {
    const { runtime, logs } = testRuntime()
    const flow = flowThat(() => {
      throw new Error('charge failed for 4111 1111 1111 1111')
    })
    await answerTrigger(flow, 'default', triggerBody(), runtime)
    expect(JSON.stringify(logs)).not.toContain('4111 1111 1111 1111')
    expect(logs[0]).toMatchObject({ reason: 'flow_error', detail: expect.stringContaining('charge failed') })
  })
})

describe('caller lookups', () => {
  const greet = defineFlow({
    name: 'greet',
    async decide(_call, deps) {
      const lookup = await deps.lookupCaller()
      return reply().set({ lookup: lookup.status === 'unavailable' ? lookup.reason : lookup.status })
    },
  })

  it('finds a caller stored as E.164 from a ten-digit cid', async () => {
    const { runtime } = testRuntime()
    const answer = await answerTrigger(greet, 'default', triggerBody({ cid: '7325550184' }), runtime)
    expect(JSON.parse(answer.body).variables).toEqual({ lookup: 'found' })
  })

  it('reports an unknown caller as not found', async () => {
    const { runtime } = testRuntime()
    const answer = await answerTrigger(greet, 'default', triggerBody({ cid: '2015550123' }), runtime)
    expect(JSON.parse(answer.body).variables).toEqual({ lookup: 'not_found' })
  })

  it.each([
    ['throws', brokenStores.throwing, 'store_error'],
    ['hangs past its timeout', brokenStores.hanging, 'timeout'],
  ] as const)('degrades when the store %s, and the log says why', async (_, store, reason) => {
    const { runtime, logs } = testRuntime({ store })
    const flow = defineFlow({ ...greet, lookupTimeoutMs: 20 })
    const answer = await answerTrigger(flow, 'default', triggerBody(), runtime)
    expect(answer.outcome).toBe('decision')
    expect(JSON.parse(answer.body).variables).toEqual({ lookup: reason })
    expect(logs).toContainEqual(expect.objectContaining({ event: 'caller_lookup_degraded', reason }))
  })

  it('degrades when the stored record does not match the flow schema', async () => {
    const { DemoCaller } = await import('../../demo/flow.ts')
    const { runtime } = testRuntime({ store: brokenStores.malformed })
    const flow = defineFlow({ ...greet, caller: DemoCaller })
    const answer = await answerTrigger(flow, 'default', triggerBody(), runtime)
    expect(JSON.parse(answer.body).variables).toEqual({ lookup: 'invalid_record' })
  })
})

describe('rejections', () => {
  it('answers a body that is not a Trigger request with a 400 JSON error, running no flow', async () => {
    const { runtime, logs } = testRuntime()
    let ran = false
    const flow = flowThat(() => {
      ran = true
      return reply()
    })
    const answer = await answerTrigger(flow, 'default', [1, 2], runtime)
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'not_a_trigger_request', message: expect.any(String) } })
    expect(ran).toBe(false)
    expect(logs[0]).toMatchObject({ outcome: 'rejected' })
  })
})

describe('card data', () => {
  it('never reaches a log line, even from a flow that logs everything it sees', async () => {
    const { runtime, logs } = testRuntime()
    const flow = flowThat((call, deps) => {
      deps.log('everything', { call: call.request, payments: call.payments })
      throw new Error(JSON.stringify(call.request))
    })
    await answerTrigger(flow, 'default', SEED_REQUEST, runtime)
    const written = JSON.stringify(logs)
    for (const secret of SEED_CARD_DATA) expect(written).not.toContain(secret)
    expect(written).toContain('4444')
  })
})

describe('deferred work that fails without throwing', () => {
  const refused = { ok: false, error: { code: 'network_error', message: 'fetch failed' } }

  it('is logged like a rejection when it resolves to a failed Result (what the Voitex client returns)', async () => {
    const flow = flowThat((_call, deps) => {
      deps.defer(Promise.resolve(refused))
      return reply().goto(0)
    })
    const { runtime, logs, settle } = testRuntime()
    await answerTrigger(flow, 'default', triggerBody(), runtime)
    await settle()
    expect(logs).toContainEqual(
      expect.objectContaining({ event: 'deferred_task_failed', error: refused.error, call_id: 'test-call-1' }),
    )
  })

  it('is logged when run once, since its claim is spent', async () => {
    const flow = flowThat((_call, deps) => {
      deps.defer(deps.once('receipt', async () => refused))
      return reply().goto(0)
    })
    const { runtime, logs, settle } = testRuntime()
    await answerTrigger(flow, 'default', triggerBody(), runtime)
    await settle()
    expect(logs).toContainEqual(expect.objectContaining({ event: 'once_task_failed', name: 'receipt' }))
  })
})
