import { afterEach, describe, expect, it, vi } from 'vitest'
import * as z from 'zod/mini'
import { triggerBody } from '../../fixtures/seed.ts'
import { type CallerStore, callerEntries, lookupCaller, memoryStore } from '../../src/callers.ts'
import { answerTrigger, defineFlow, reply } from '../../src/index.ts'
import { testRuntime } from '../helpers/runtime.ts'

const Caller = z.object({ name: z.string() })

afterEach(() => {
  vi.useRealTimers()
})

describe('caller records from a seed file', () => {
  it('keys a list of records by their phone, in any written form, and names a record without one by its row', () => {
    const { entries, rejected } = callerEntries([
      { phone: '(732) 555-0184', name: 'Ann' },
      { name: 'No number' },
      { phone: 7325550199, name: 'Bob' },
    ])
    expect(entries).toEqual([
      ['+17325550184', { phone: '(732) 555-0184', name: 'Ann' }],
      ['+17325550199', { phone: 7325550199, name: 'Bob' }],
    ])
    expect(rejected).toEqual(['row 2'])
  })

  it('rejects an empty row of a list by its position rather than failing the whole file', () => {
    expect(callerEntries([null, { phone: '7325550184' }]).rejected).toEqual(['row 1'])
  })

  it('rejects a phone that is neither text nor a number (a list holding one)', () => {
    expect(callerEntries([{ phone: ['7325550184'] }])).toEqual({ entries: [], rejected: ['row 1'] })
  })

  it('keys an object of records by its keys, and rejects by its key a value that is not a record', () => {
    const { entries, rejected } = callerEntries({
      '7325550184': { name: 'Ann' },
      '7325550199': 'Bob',
      '7325550111': null,
      'not a phone': { name: 'Nobody' },
    })
    expect(entries).toEqual([['+17325550184', { name: 'Ann' }]])
    expect(rejected).toEqual(['7325550199', '7325550111', 'not a phone'])
  })
})

describe('the memory store', () => {
  it('finds a record written under any form of the number under its key', async () => {
    const store = memoryStore()
    await store.put?.('(732) 555-0184', { name: 'Ann' })
    expect(await lookupCaller(store, Caller, '+1 732 555 0184')).toEqual({
      status: 'found',
      key: '+17325550184',
      caller: { name: 'Ann' },
    })
  })

  it('answers a lookup at once, with no promise to wait for', () => {
    const store = memoryStore({ '7325550184': { name: 'Ann' } })
    expect(lookupCaller(store, Caller, '7325550184')).toEqual({
      status: 'found',
      key: '+17325550184',
      caller: { name: 'Ann' },
    })
    expect(lookupCaller(store, Caller, '7325550199')).toEqual({ status: 'not_found', key: '+17325550199' })
  })

  it('asks a store that spreads a memory store and brings its own get through that get', async () => {
    const store: CallerStore = {
      ...memoryStore({ '7325550184': { name: 'In memory' } }),
      kind: 'wrapped',
      get: async () => ({ name: 'From its own get' }),
    }
    expect(await lookupCaller(store, Caller, '7325550184')).toMatchObject({ caller: { name: 'From its own get' } })
  })

  it('makes a caller schema that throws a store error, not a thrown lookup', () => {
    const Throwing = z.object({ name: z.string() }).check(() => {
      throw new Error('a bug in a refinement')
    })
    const store = memoryStore({ '7325550184': { name: 'Ann' } })
    expect(lookupCaller(store, Throwing, '7325550184')).toEqual({ status: 'unavailable', reason: 'store_error' })
  })

  it('names itself in the log line of a lookup that found an unusable record', async () => {
    const store = memoryStore({ '7325550184': { name: 42 } })
    const { runtime, logs } = testRuntime({ store })
    const flow = defineFlow({
      name: 'greet',
      caller: Caller,
      async decide(_call, deps) {
        await deps.lookupCaller()
        return reply().goto(0)
      },
    })
    await answerTrigger(flow, 'default', triggerBody({ cid: '7325550184' }), runtime)
    expect(logs).toContainEqual(
      expect.objectContaining({ event: 'caller_lookup_degraded', reason: 'invalid_record', store: 'memory' }),
    )
  })
})

describe("a degraded lookup's log line says what went wrong", () => {
  /** A flow that looks its caller up with `caller` and answers what the lookup came to. */
  const lookingUp = (caller: z.ZodMiniType<object>) =>
    defineFlow({
      name: 'greet',
      caller,
      async decide(_call, deps) {
        const lookup = await deps.lookupCaller()
        return reply()
          .set({ lookup: JSON.stringify(lookup) })
          .goto(0)
      },
    })
  const Tiered = z.object({ name: z.string(), tier: z.enum(['gold', 'silver']) })

  async function degradedLine(store: CallerStore, caller: z.ZodMiniType<object> = Tiered) {
    const { runtime, logs } = testRuntime({ store })
    const answer = await answerTrigger(lookingUp(caller), 'default', triggerBody({ cid: '7325550184' }), runtime)
    return { line: logs.find((record) => record.event === 'caller_lookup_degraded'), answer }
  }

  it("names the store's error, while the flow sees only the reason", async () => {
    const failing: CallerStore = {
      kind: 'redis',
      get: () => Promise.reject(new TypeError('connect ECONNREFUSED 127.0.0.1:6379')),
    }
    const { line, answer } = await degradedLine(failing)
    expect(line).toMatchObject({
      reason: 'store_error',
      store: 'redis',
      error: { name: 'TypeError', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
    })
    expect(answer.body).not.toContain('ECONNREFUSED')
  })

  it('masks a card number in the error the store threw, as in any line', async () => {
    const leaky: CallerStore = { kind: 'leaky', get: () => Promise.reject(new Error('bad key 4111 1111 1111 1111')) }
    const { line } = await degradedLine(leaky)
    expect(JSON.stringify(line)).not.toContain('4111 1111 1111 1111')
    expect(line).toMatchObject({ reason: 'store_error', error: { name: 'Error' } })
  })

  it("names the fields the caller schema refused, never the record's values", async () => {
    const store = memoryStore({ '7325550184': { name: 'Ann Secretvalue', tier: 'platinum' } })
    const { line } = await degradedLine(store)
    expect(line).toMatchObject({ reason: 'invalid_record', fields: ['tier'] })
    expect(JSON.stringify(line)).not.toContain('platinum')
    expect(JSON.stringify(line)).not.toContain('Secretvalue')
  })

  it('names at most five refused fields', async () => {
    const seven = z.object(Object.fromEntries([...'abcdefg'].map((field) => [field, z.string()])))
    const { line } = await degradedLine(memoryStore({ '7325550184': {} }), seven)
    expect(line).toMatchObject({ reason: 'invalid_record', fields: ['a', 'b', 'c', 'd', 'e'] })
  })

  it('names a record that is not an object as the record itself', async () => {
    const scalar: CallerStore = { kind: 'odd', get: async () => 'just text' }
    const { line } = await degradedLine(scalar)
    expect(line).toMatchObject({ reason: 'invalid_record', fields: ['(record)'] })
  })
})

/**
 * Stores that wait for an answer that never comes, keeping the signal they were given. Test doubles: no local store
 * can be made to stall on cue.
 */
function stallingStore(cancellable: boolean) {
  const signals: AbortSignal[] = []
  const store: CallerStore = {
    kind: 'stalling',
    cancellable,
    get: (_key, signal) => {
      signals.push(signal)
      return new Promise<never>(() => {})
    },
  }
  return { store, signals }
}

describe('a lookup that runs out of time', () => {
  it('tells a store that can cancel its request to stop, at the timeout', async () => {
    vi.useFakeTimers()
    const { store, signals } = stallingStore(true)
    const lookup = lookupCaller(store, Caller, '7325550184', 300)
    await vi.advanceTimersByTimeAsync(299)
    expect(signals[0]?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await lookup).toEqual({ status: 'unavailable', reason: 'timeout' })
    expect(signals[0]?.aborted).toBe(true)
  })

  it('gives a store that cannot cancel a signal all the same, one that never aborts', async () => {
    vi.useFakeTimers()
    const { store, signals } = stallingStore(false)
    const lookup = lookupCaller(store, Caller, '7325550184', 300)
    await vi.advanceTimersByTimeAsync(300)
    expect(await lookup).toEqual({ status: 'unavailable', reason: 'timeout' })
    expect(signals[0]).toBeInstanceOf(AbortSignal)
    expect(signals[0]?.aborted).toBe(false)
  })
})
