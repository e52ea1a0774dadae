import { afterEach, describe, expect, it, vi } from 'vitest'
import { triggerBody } from '../../fixtures/seed.ts'
import {
  ClaimForgotten,
  ClaimTimeout,
  DEFAULT_CLAIM_CONNECT_TIMEOUT_MS,
  DEFAULT_CLAIM_TIMEOUT_MS,
  loadingClaims,
} from '../../src/_internal.ts'
import {
  answerTrigger,
  type ClaimBound,
  type ClaimStore,
  createTriggerApp,
  defineFlow,
  type LogRecord,
  memoryClaims,
  memoryLogger,
  type OnceWhenDown,
  type RuntimeConfig,
  reply,
} from '../../src/index.ts'
import { onceKey } from '../../src/once.ts'
import { testRuntime } from '../helpers/runtime.ts'

/**
 * An app whose flow runs one side effect through `deps.once` and says whether it ran (`variables.ran`); the side
 * effects that really ran are counted in `effects`.
 */
function onceApp(config: RuntimeConfig = {}, whenDown?: OnceWhenDown) {
  const effects: string[] = []
  const logger = memoryLogger()
  const flow = defineFlow({
    name: 'effects',
    async decide(call, deps) {
      const name = call.variables.effect ?? 'receipt'
      const ran = await deps.once(name, () => void effects.push(`${call.id}/${name}`), whenDown ? { whenDown } : {})
      return reply()
        .set({ ran: ran ? 'yes' : 'no' })
        .goto(0)
    },
  })
  const handler = createTriggerApp({ flows: { default: flow, other: flow } }).handler({ logger, ...config })
  const deliver = async (fields: Record<string, unknown> = {}, path = '/trigger') => {
    const response = await handler.fetch(
      new Request(`http://local${path}`, { method: 'POST', body: JSON.stringify(triggerBody(fields)) }),
    )
    return ((await response.json()) as { variables: { ran: string } }).variables.ran
  }
  return { deliver, effects, logs: logger.records }
}

const lines = (logs: readonly LogRecord[], event: string) => logs.filter((record) => record.event === event)

describe('deps.once: a side effect once per call step', () => {
  it('runs it for the first delivery of a request, not for the same request delivered again', async () => {
    const { deliver, effects, logs } = onceApp()
    expect(await deliver()).toBe('yes')
    expect(await deliver()).toBe('no')
    expect(await deliver()).toBe('no')
    expect(effects).toEqual(['test-call-1/receipt'])
    expect(lines(logs, 'once_skipped')).toHaveLength(2)
  })

  it('runs it once when the same request arrives several times at once', async () => {
    const { deliver, effects } = onceApp()
    const ran = await Promise.all(Array.from({ length: 8 }, () => deliver()))
    expect(ran.filter((value) => value === 'yes')).toHaveLength(1)
    expect(effects).toHaveLength(1)
  })

  it('runs it again for a new step of the call, another call, another trigger or another side effect', async () => {
    const { deliver, effects } = onceApp()
    const step = { branch_data: [{ branch: '0', input: '1' }] }
    expect(await deliver(step)).toBe('yes')
    expect(await deliver({ branch_data: [...step.branch_data, { branch: '100', input: '2' }] })).toBe('yes')
    expect(await deliver({ ...step, call_id: 'test-call-2' })).toBe('yes')
    expect(await deliver(step, '/trigger/other')).toBe('yes')
    expect(await deliver({ ...step, variables: { effect: 'survey' } })).toBe('yes')
    expect(effects).toHaveLength(5)
  })

  it('runs it again when the step is reached again after branch_data was cleared (same position, other path)', async () => {
    const { deliver, effects } = onceApp()
    expect(await deliver({ branch_data: [{ branch: '0', input: '1' }] })).toBe('yes')
    expect(await deliver({ branch_data: [{ branch: '5', input: '' }] })).toBe('yes')
    expect(effects).toHaveLength(2)
  })

  it('holds a claim for its time to live, then lets the step run again', async () => {
    let now = 0
    const clock = { now: () => now }
    const claims = memoryClaims({ clock })
    expect(await claims.claim('k', 1000)).toBe(true)
    now = 999
    expect(await claims.claim('k', 1000)).toBe(false)
    now = 1000
    expect(await claims.claim('k', 1000)).toBe(true)
  })

  it('keeps memory bounded: past its limit the oldest claims go first', async () => {
    const claims = memoryClaims({ maxEntries: 3 })
    for (const key of ['a', 'b', 'c', 'd']) expect(await claims.claim(key, 60_000)).toBe(true)
    expect(claims.size()).toBe(3)
    expect(await claims.claim('d', 60_000)).toBe(false)
    expect(await claims.claim('e', 60_000)).toBe(true)
    expect(claims.size()).toBe(3)
  })

  it('says so when a step whose claim was dropped for room is delivered again, and skips it (at most once)', async () => {
    const { deliver, effects, logs } = onceApp({ claims: memoryClaims({ maxEntries: 2 }) })
    expect(await deliver({ call_id: 'old' })).toBe('yes')
    for (const callId of ['new-1', 'new-2']) expect(await deliver({ call_id: callId })).toBe('yes')
    expect(await deliver({ call_id: 'old' })).toBe('no')
    expect(effects).toEqual(['old/receipt', 'new-1/receipt', 'new-2/receipt'])
    expect(lines(logs, 'once_degraded')).toEqual([
      expect.objectContaining({ level: 'warn', reason: 'outside_window', store: 'memory', when_down: 'at-most-once' }),
    ])
    // Held again: a further delivery is an ordinary repeat.
    expect(await deliver({ call_id: 'old' })).toBe('no')
    expect(lines(logs, 'once_skipped')).toHaveLength(1)
  })

  it('runs such a step again, still saying so, when the deployment says at-least-once', async () => {
    const { deliver, effects, logs } = onceApp({
      claims: memoryClaims({ maxEntries: 1 }),
      onceWhenDown: 'at-least-once',
    })
    for (const callId of ['old', 'new', 'old']) expect(await deliver({ call_id: callId })).toBe('yes')
    expect(effects).toEqual(['old/receipt', 'new/receipt', 'old/receipt'])
    expect(lines(logs, 'once_degraded')).toEqual([expect.objectContaining({ reason: 'outside_window' })])
  })

  it('lets a dropped step run again without a word once its claim would have expired anyway', async () => {
    let now = 0
    const claims = memoryClaims({ maxEntries: 1, clock: { now: () => now } })
    expect(await claims.claim('a', 1000)).toBe(true)
    expect(await claims.claim('b', 5000)).toBe(true)
    now = 1000
    expect(await claims.claim('a', 1000)).toBe(true)
  })

  it('does not take a claim the caller already gave up on', async () => {
    const claims = memoryClaims()
    const gaveUp = AbortSignal.abort()
    await expect(claims.claim('k', 60_000, { timeoutMs: 0, signal: gaveUp })).rejects.toThrow(ClaimTimeout)
    expect(claims.size()).toBe(0)
  })

  it('keys a step by a hash: any call id or name gives a short key that does not reveal them', async () => {
    const step = { callId: 'a:b', trigger: 'default', steps: [] }
    const key = await onceKey(step, 'c')
    expect(key).toMatch(/^once:[0-9a-f]{64}$/)
    expect(await onceKey({ ...step, callId: 'a' }, 'b:c')).not.toBe(key)
  })
})

describe('deps.once when the claim store is down', () => {
  const down: ClaimStore = { kind: 'down', claim: () => Promise.reject(new Error('ECONNREFUSED')) }

  it('by default skips the side effect (at most once), with one log line naming the cause', async () => {
    const { deliver, effects, logs } = onceApp({ claims: down })
    expect(await deliver()).toBe('no')
    expect(effects).toEqual([])
    expect(lines(logs, 'once_degraded')).toEqual([
      expect.objectContaining({
        level: 'warn',
        name: 'receipt',
        reason: 'store_error',
        store: 'down',
        when_down: 'at-most-once',
      }),
    ])
  })

  it('runs it when the deployment says at-least-once (TRIGGER_ONCE_WHEN_DOWN)', async () => {
    const { deliver, effects } = onceApp({ claims: down, onceWhenDown: 'at-least-once' })
    expect(await deliver()).toBe('yes')
    expect(effects).toHaveLength(1)
  })

  it('lets one side effect choose for itself', async () => {
    const { deliver, effects } = onceApp({ claims: down }, 'at-least-once')
    expect(await deliver()).toBe('yes')
    expect(effects).toHaveLength(1)
  })

  it('refuses an unknown TRIGGER_ONCE_WHEN_DOWN when the app is bound, not in the middle of a call', () => {
    expect(() => onceApp({ onceWhenDown: 'at-least-twice' as OnceWhenDown })).toThrow(
      /TRIGGER_ONCE_WHEN_DOWN is "at-least-twice": use at-most-once or at-least-once/,
    )
  })

  it('refuses it before logging anything about the start (no open_endpoint warning for a server that never runs)', () => {
    const logger = memoryLogger()
    const app = createTriggerApp({ flows: { default: defineFlow({ name: 'x', decide: () => reply().goto(0) }) } })
    expect(() => app.handler({ logger, onceWhenDown: 'sometimes' as OnceWhenDown })).toThrow(/TRIGGER_ONCE_WHEN_DOWN/)
    expect(logger.records).toEqual([])
  })

  describe('a claim store that hangs', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('is given up on exactly at the claim timeout', async () => {
      vi.useFakeTimers()
      const hanging: ClaimStore = { kind: 'hanging', claim: () => new Promise(() => {}) }
      const { deliver, logs } = onceApp({ claims: hanging, onceWhenDown: 'at-least-once' })
      let answer: string | undefined
      const pending = deliver().then((ran) => {
        answer = ran
      })
      await vi.advanceTimersByTimeAsync(DEFAULT_CLAIM_TIMEOUT_MS - 1)
      expect(answer).toBeUndefined()
      await vi.advanceTimersByTimeAsync(1)
      await pending
      expect(answer).toBe('yes')
      expect(lines(logs, 'once_degraded')).toEqual([expect.objectContaining({ reason: 'timeout' })])
    })
  })
})

describe('deps.once deferred, as the demo sends its receipt', () => {
  it("reports the task's own failure as a failed deferred task, and still counts the step as done", async () => {
    const logger = memoryLogger()
    const deferred: Promise<unknown>[] = []
    const flow = defineFlow({
      name: 'deferred',
      decide(_call, deps) {
        deps.defer(
          deps.once('receipt', () => {
            throw new Error('SMS API down')
          }),
        )
        return reply().goto(0)
      },
    })
    const handler = createTriggerApp({ flows: flow }).handler({ logger, defer: (task) => void deferred.push(task) })
    const post = () => handler.fetch(new Request('http://local/trigger', { method: 'POST', body: '{"call_id":"d"}' }))
    await post()
    await post()
    await Promise.all(deferred)
    expect(lines(logger.records, 'deferred_task_failed')).toHaveLength(1)
    expect(lines(logger.records, 'once_skipped')).toHaveLength(1)
  })
})

describe('deps.once: how long a claim holds and what it says', () => {
  it('holds a claim for a day by default', async () => {
    let now = 0
    const { deliver } = onceApp({ clock: { now: () => now } })
    expect(await deliver()).toBe('yes')
    now = 24 * 60 * 60 * 1000 - 1
    expect(await deliver()).toBe('no')
    now += 1
    expect(await deliver()).toBe('yes')
  })

  it("says a skipped delivery at info level, with the side effect's name", async () => {
    const { deliver, logs } = onceApp()
    await deliver()
    await deliver()
    expect(lines(logs, 'once_skipped')).toEqual([expect.objectContaining({ level: 'info', name: 'receipt' })])
  })

  it('takes an empty TRIGGER_ONCE_WHEN_DOWN for the default, at most once', async () => {
    const down: ClaimStore = { kind: 'down', claim: () => Promise.reject(new Error('ECONNREFUSED')) }
    const { deliver, effects } = onceApp({ claims: down, onceWhenDown: '' as OnceWhenDown })
    expect(await deliver()).toBe('no')
    expect(effects).toEqual([])
  })
})

describe('the key of a call step', () => {
  it('is always 64 hex digits after its prefix, whatever bytes its hash holds', async () => {
    const step = { callId: 'AST10-1689867312.264', trigger: 'default', steps: [] }
    const names = Array.from({ length: 16 }, (_, index) => `effect-${index}`)
    const keys = await Promise.all(names.map((name) => onceKey(step, name)))
    for (const key of keys) expect(key).toMatch(/^once:[0-9a-f]{64}$/)
    expect(new Set(keys).size).toBe(names.length)
  })
})

describe('deps.once with no claim store at all', () => {
  it('skips the side effect and says that there is no store', async () => {
    const { runtime, logs } = testRuntime()
    const flow = defineFlow({
      name: 'receipt',
      async decide(_call, deps) {
        const ran = await deps.once('receipt', () => {})
        return reply().set({ ran: String(ran) })
      },
    })
    const answer = await answerTrigger(flow, 'default', triggerBody(), { ...runtime, claims: undefined })
    expect(JSON.parse(answer.body)).toEqual({ variables: { ran: 'false' } })
    expect(lines(logs, 'once_degraded')).toEqual([expect.objectContaining({ reason: 'no_store', store: 'none' })])
  })
})

describe("deps.once and a claim store's one-time setup", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A claim store whose module loads after `ms` (never, without it), as an optional SDK on a cold start. */
  function slowlyLoaded(ms?: number) {
    return loadingClaims('slow', () =>
      ms === undefined
        ? new Promise<never>(() => {})
        : new Promise((done) => setTimeout(() => done(memoryClaims()), ms)),
    )
  }

  /** An app that sends its receipt through `deps.once` after the answer, as the demo does: past the flow's deadline. */
  function deferredReceipt(claims: ClaimStore) {
    const logger = memoryLogger()
    const receipts: Promise<boolean>[] = []
    const flow = defineFlow({
      name: 'deferred',
      decide(_call, deps) {
        const receipt = deps.once('receipt', () => {})
        receipts.push(receipt)
        deps.defer(receipt)
        return reply().goto(0)
      },
    })
    // Deferred work is left to finish on its own, as on Node.
    const handler = createTriggerApp({ flows: flow }).handler({ logger, claims, defer: () => {} })
    const deliver = () =>
      handler.fetch(new Request('http://local/trigger', { method: 'POST', body: '{"call_id":"d"}' }))
    return { deliver, receipts, logs: logger.records }
  }

  it("waits for a slow setup under its own bound, not the claim's", async () => {
    vi.useFakeTimers()
    const { deliver, receipts, logs } = deferredReceipt(slowlyLoaded(DEFAULT_CLAIM_CONNECT_TIMEOUT_MS - 1))
    await deliver()
    await vi.advanceTimersByTimeAsync(DEFAULT_CLAIM_CONNECT_TIMEOUT_MS - 1)
    expect(await receipts[0]).toBe(true)
    expect(lines(logs, 'once_degraded')).toEqual([])
  })

  it('gives up on a setup exactly at its bound, and says the store could not connect', async () => {
    vi.useFakeTimers()
    const { deliver, receipts, logs } = deferredReceipt(slowlyLoaded())
    await deliver()
    let ran: boolean | undefined
    void receipts[0]?.then((value) => {
      ran = value
    })
    await vi.advanceTimersByTimeAsync(DEFAULT_CLAIM_CONNECT_TIMEOUT_MS - 1)
    expect(ran).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(ran).toBe(false)
    expect(lines(logs, 'once_degraded')).toEqual([
      expect.objectContaining({ reason: 'connect_timeout', store: 'slow' }),
    ])
  })

  it('says a store whose module failed to load only when a claim needs it, as a store error naming why', async () => {
    const unhandled: unknown[] = []
    const listen = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', listen)
    const claims = loadingClaims('broken', () => Promise.reject(new Error('Cannot find package')))
    // Node reports a rejection nobody handled once the microtasks have run: one macrotask later.
    await new Promise((done) => setImmediate(done))
    process.off('unhandledRejection', listen)
    expect(unhandled).toEqual([])
    const { deliver, logs } = onceApp({ claims })
    expect(await deliver()).toBe('no')
    expect(lines(logs, 'once_degraded')).toEqual([
      expect.objectContaining({
        reason: 'store_error',
        store: 'broken',
        error: { name: 'Error', message: 'Cannot find package' },
      }),
    ])
  })

  it('tells a claim store that hangs that it was given up on, so it gives back a claim granted later', async () => {
    vi.useFakeTimers()
    let claimed!: (bound: ClaimBound | undefined) => void
    const claimCalled = new Promise<ClaimBound | undefined>((done) => {
      claimed = done
    })
    const hanging: ClaimStore = {
      kind: 'hanging',
      claim: (_key, _ttlMs, bound) => {
        claimed(bound)
        return new Promise<never>(() => {})
      },
    }
    const { deliver } = onceApp({ claims: hanging })
    const pending = deliver()
    // The key is hashed first (WebCrypto, off the fake clock): the store is asked once that is done.
    const bound = await claimCalled
    await vi.advanceTimersByTimeAsync(DEFAULT_CLAIM_TIMEOUT_MS - 1)
    expect(bound?.timeoutMs).toBe(DEFAULT_CLAIM_TIMEOUT_MS)
    expect(bound?.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await pending).toBe('no')
    expect(bound?.signal.aborted).toBe(true)
  })
})

describe('the memory claim store', () => {
  it('lets go of claims as they expire, as new ones are taken', async () => {
    let now = 0
    const claims = memoryClaims({ clock: { now: () => now } })
    await claims.claim('a', 1000)
    now = 1000
    await claims.claim('b', 1000)
    expect(claims.size()).toBe(1)
  })

  it('keeps a live claim when an expired one is taken again', async () => {
    let now = 0
    const claims = memoryClaims({ maxEntries: 2, clock: { now: () => now } })
    await claims.claim('live', 60_000)
    await claims.claim('short', 1000)
    now = 1000
    expect(await claims.claim('short', 1000)).toBe(true)
    expect(await claims.claim('live', 60_000)).toBe(false)
  })

  it('does not take a claim that expired just as a newer one pushed it out for one that was dropped', async () => {
    let now = 0
    const claims = memoryClaims({ maxEntries: 1, clock: { now: () => now } })
    await claims.claim('a', 1500)
    now = 1500
    await claims.claim('b', 60_000)
    expect(await claims.claim('a', 60_000)).toBe(true)
  })

  it('tells a new step from a dropped one that shares its slot in the table of dropped claims', async () => {
    const claims = memoryClaims({ maxEntries: 1 })
    // Found by search: these two keys fall in the same slot, with different prints.
    await claims.claim('step-1098', 60_000)
    await claims.claim('other', 60_000)
    expect(await claims.claim('step-4084', 60_000)).toBe(true)
  })

  it('recognises the redelivery of a dropped step whatever its key', async () => {
    // Keys whose prints have the high bit set, and ones that do not.
    for (const key of ['old', 'a', 'b', 'c', 'step-4084', 'step-1098']) {
      const claims = memoryClaims({ maxEntries: 1 })
      await claims.claim(key, 60_000)
      await claims.claim('filler', 60_000)
      await expect(claims.claim(key, 60_000), key).rejects.toThrow(ClaimForgotten)
    }
  })

  it('refuses a claim given up on, and one whose earlier claim was dropped, with errors that say why', async () => {
    const claims = memoryClaims({ maxEntries: 1 })
    await expect(claims.claim('k', 60_000, { timeoutMs: 0, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'ClaimTimeout',
      message: 'the claim was not taken in time',
    })
    await claims.claim('old', 60_000)
    await claims.claim('new', 60_000)
    await expect(claims.claim('old', 60_000)).rejects.toMatchObject({
      name: 'ClaimForgotten',
      message: expect.stringMatching(/dropped for room before it expired: it may have run$/),
    })
  })
})
