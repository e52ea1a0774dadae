import { describe, expect, it } from 'vitest'
import { SEED_CARD_DATA, SEED_REQUEST, triggerBody } from '../../fixtures/seed.ts'
import { answerTrigger, defineFlow, reply } from '../../src/index.ts'
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
      expect.objectContaining({
        level: 'warn',
        event: 'deferred_task_failed',
        error: refused.error,
        call_id: 'test-call-1',
      }),
    )
  })

  it('is logged the same way when it rejects', async () => {
    const flow = flowThat((_call, deps) => {
      deps.defer(Promise.reject(new Error('upload refused')))
      return reply().goto(0)
    })
    const { runtime, logs, settle } = testRuntime()
    await answerTrigger(flow, 'default', triggerBody(), runtime)
    await settle()
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'deferred_task_failed',
        call_id: 'test-call-1',
        error: expect.objectContaining({ message: 'upload refused' }),
      }),
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
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'once_task_failed', name: 'receipt' }))
  })
})

/** A clock that moves 3 ms each time it is read, so every duration is small, positive and exact. */
function tickingClock() {
  let now = 1_700_000_000_000
  return {
    now: () => {
      now += 3
      return now
    },
  }
}

describe('the one log line of a Trigger, and the timings of its answer', () => {
  it('names the call, trigger, flow, outcome, route and lookup of a decision, and how long it took', async () => {
    const flow = flowThat(async (_call, deps) => {
      await deps.lookupCaller()
      return reply().route('vip').goto(150)
    })
    const { runtime, logs } = testRuntime({ now: 0 })
    const answer = await answerTrigger(flow, 'lookup', triggerBody({ cid: '7325550184' }), {
      ...runtime,
      clock: tickingClock(),
    })
    const line = logs.find((record) => record.event === 'trigger')
    expect(line).toEqual({
      level: 'info',
      event: 'trigger',
      call_id: 'test-call-1',
      trigger: 'lookup',
      version: 'stable',
      flow: 'test',
      outcome: 'decision',
      route: 'vip',
      lookup: 'found',
      duration_ms: answer.timings.totalMs,
    })
    const { totalMs, flowMs = 0, lookupMs = 0 } = answer.timings
    expect(lookupMs).toBeGreaterThan(0)
    expect(flowMs).toBeGreaterThan(lookupMs)
    expect(totalMs).toBeGreaterThan(flowMs)
    expect(totalMs).toBeLessThan(100)
    expect(answer).toMatchObject({ status: 200, outcome: 'decision', route: 'vip' })
  })

  it('leaves out the route and lookup when the flow names none and looks nobody up', async () => {
    const { runtime, logs } = testRuntime()
    const answer = await answerTrigger(
      flowThat(() => reply().goto(1)),
      'default',
      triggerBody(),
      runtime,
    )
    expect(logs.find((record) => record.event === 'trigger')).not.toHaveProperty('route')
    expect(logs.find((record) => record.event === 'trigger')).not.toHaveProperty('lookup')
    expect(answer).not.toHaveProperty('route')
    expect(answer.timings).not.toHaveProperty('lookupMs')
  })

  it.each([
    [
      'the flow answers a plain decision the schema refuses',
      () => ({ goto: 'x', hangup: true }),
      'invalid_decision',
      'goto: must be a string of digits; decision: unknown field(s) hangup',
    ],
    [
      'the flow builds a reply that breaks a rule',
      () => reply().say(' ').goto(0),
      'invalid_decision',
      'play: tts text is empty',
    ],
    ['the flow misses its deadline', () => new Promise<never>(() => {}), 'deadline', 'no answer within 50 ms'],
    ['the flow throws something that is not an Error', () => Promise.reject('nope'), 'flow_error', 'thrown string'],
  ] as const)('says why the fallback was sent when %s, as a warning', async (_, decide, reason, detail) => {
    const { runtime, logs } = testRuntime()
    await answerTrigger(flowThat(decide as never), 'default', triggerBody(), runtime)
    expect(logs.find((record) => record.event === 'trigger')).toMatchObject({
      level: 'warn',
      outcome: 'fallback',
      reason,
      detail,
    })
  })

  it("keeps a thrown error's message to 300 characters in the log", async () => {
    const { runtime, logs } = testRuntime()
    await answerTrigger(
      flowThat(() => {
        throw new Error('e'.repeat(1000))
      }),
      'default',
      triggerBody(),
      runtime,
    )
    const detail = String(logs.find((record) => record.event === 'trigger')?.detail)
    expect(detail.startsWith('Error: eee')).toBe(true)
    expect(detail.length).toBeLessThanOrEqual(300)
  })

  it('logs a refused request with its reason and message, and answers its status', async () => {
    const { runtime, logs } = testRuntime()
    const answer = await answerTrigger(
      flowThat(() => reply()),
      'default',
      { cid: '1' },
      { ...runtime, clock: tickingClock() },
    )
    expect(answer).toMatchObject({ status: 400, outcome: 'rejected', timings: { totalMs: 3 } })
    expect(logs).toEqual([
      {
        level: 'warn',
        event: 'trigger',
        trigger: 'default',
        version: 'stable',
        flow: 'test',
        outcome: 'rejected',
        reason: 'not_a_trigger_request',
        message: 'call_id is missing: this is not a Trigger request',
        duration_ms: 3,
      },
    ])
  })

  it.each([
    ['an unknown caller', { cid: '2015550123' }, 'not_found', undefined],
    ['a caller without a usable number', { cid: '' }, 'no_number', undefined],
    ['no caller store', { cid: '7325550184' }, 'no_store', 'none'],
  ] as const)(
    'records the lookup of %s, and says when it degraded and from which store',
    async (name, fields, lookup, store) => {
      const flow = flowThat(async (_call, deps) => {
        await deps.lookupCaller()
        return reply().goto(0)
      })
      const { runtime, logs } = testRuntime()
      const bound = name === 'no caller store' ? { ...runtime, store: undefined } : runtime
      await answerTrigger(flow, 'default', triggerBody(fields), bound)
      expect(logs.find((record) => record.event === 'trigger')).toMatchObject({ lookup })
      const degraded = logs.filter((record) => record.event === 'caller_lookup_degraded')
      expect(degraded).toEqual(store ? [expect.objectContaining({ level: 'warn', reason: lookup, store })] : [])
    },
  )

  it("tags a flow's own log line with the call and trigger, as info", async () => {
    const flow = flowThat((_call, deps) => {
      deps.log('checked_hours', { open: true })
      return reply().goto(0)
    })
    const { runtime, logs } = testRuntime()
    await answerTrigger(flow, 'billing', triggerBody(), runtime)
    expect(logs).toContainEqual({
      level: 'info',
      event: 'checked_hours',
      open: true,
      call_id: 'test-call-1',
      trigger: 'billing',
      version: 'stable',
    })
  })

  it('names the call in the log of an unexpected error when its id is a number, and leaves it out when there is none', async () => {
    const { runtime, logs } = testRuntime({ timeZone: 'Not/AZone' })
    await answerTrigger(
      flowThat(() => reply()),
      'default',
      { call_id: 42 },
      runtime,
    )
    expect(logs.at(-1)).toMatchObject({ level: 'error', event: 'trigger', call_id: '42', reason: 'internal_error' })
  })

  it.each([
    ['null', null],
    ['undefined', undefined],
  ])('answers the fallback, naming no call, when the clock fails while refusing a body of %s', async (_, body) => {
    let reads = 0
    const clock = {
      now: () => {
        reads++
        if (reads === 2) throw new Error('clock unavailable')
        return 1_700_000_000_000 + reads * 5
      },
    }
    const { runtime, logs } = testRuntime()
    const answer = await answerTrigger(
      flowThat(() => reply()),
      'default',
      body,
      { ...runtime, clock },
    )
    expect(answer).toMatchObject({
      status: 200,
      outcome: 'fallback',
      reason: 'internal_error',
      timings: { totalMs: 10 },
    })
    expect(answer.body).toBe(JSON.stringify(fallback.toDecision()))
    const line = logs.at(-1)
    expect(line).toMatchObject({ level: 'error', event: 'trigger', outcome: 'fallback', reason: 'internal_error' })
    expect(line).not.toHaveProperty('call_id')
  })

  it('counts the payments whose amount it could not read in its warning', async () => {
    const { runtime, logs } = testRuntime()
    const payment = { last_four: '4444', amount: 'a lot', transaction_id: '1' }
    await answerTrigger(
      flowThat(() => reply()),
      'default',
      triggerBody({ payment_info: [payment, { ...payment, amount: '5' }, payment] }),
      runtime,
    )
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'payment_without_amount', call_id: 'test-call-1', payments: 2 }),
    )
  })

  it('lists at most three of the rules a plain decision breaks', async () => {
    const { runtime, logs } = testRuntime()
    const broken = { goto: 'x', play: [{ type: 'tts', text: '' }], inputs: { ab: 'c' }, variables: { '1': 'x' } }
    await answerTrigger(
      flowThat(() => broken as never),
      'default',
      triggerBody(),
      runtime,
    )
    const detail = String(logs.find((record) => record.event === 'trigger')?.detail)
    expect(detail.split('; ')).toHaveLength(3)
    expect(detail.startsWith('goto: must be a string of digits; ')).toBe(true)
  })

  it('gives a flow still working at its deadline an aborted signal, and the caller the fallback', async () => {
    let seen: (aborted: boolean) => void = () => {}
    const aborted = new Promise<boolean>((resolve) => {
      seen = resolve
    })
    const flow = flowThat(async (_call, deps) => {
      // Still working when the deadline passes: it learns so from the signal's abort event, not from a clock.
      await new Promise((resolve) => deps.signal.addEventListener('abort', resolve, { once: true }))
      seen(deps.signal.aborted)
      return reply()
    }, 20)
    const { runtime } = testRuntime()
    const answer = await answerTrigger(flow, 'default', triggerBody(), runtime)
    expect(answer.outcome).toBe('fallback')
    expect(await aborted).toBe(true)
  })

  it('captures at most ten caller lookups of one exchange', async () => {
    const flow = flowThat(async (_call, deps) => {
      for (let i = 0; i < 12; i++) await deps.lookupCaller(`20155501${String(i).padStart(2, '0')}`)
      return reply().goto(0)
    }, 1000)
    const { runtime, logs } = testRuntime()
    await answerTrigger(flow, 'default', triggerBody(), { ...runtime, capture: true })
    const capture = logs.find((record) => record.event === 'capture') as { lookups?: unknown[] } | undefined
    expect(capture?.lookups).toHaveLength(10)
  })
})
