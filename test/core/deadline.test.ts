import { afterEach, describe, expect, it, vi } from 'vitest'
import { TIMED_OUT, withinDeadline } from '../../src/deadline.ts'

/** A promise settled from outside, as a store's network answer would be. */
function pending<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  return { promise, resolve, reject }
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('withinDeadline: one bound for the flow, the caller lookup and the claim', () => {
  it('gives the value of work that settles before the bound', async () => {
    vi.useFakeTimers()
    const work = pending<string>()
    const outcome = withinDeadline(work.promise, 1000)
    await vi.advanceTimersByTimeAsync(999)
    work.resolve('found')
    expect(await outcome).toBe('found')
  })

  it('gives TIMED_OUT when the work has not settled when the bound passes, and not a moment before', async () => {
    vi.useFakeTimers()
    let outcome: unknown = 'waiting'
    void withinDeadline(pending<string>().promise, 1000).then((value) => {
      outcome = value
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(outcome).toBe('waiting')
    await vi.advanceTimersByTimeAsync(1)
    expect(outcome).toBe(TIMED_OUT)
  })

  it("passes the work's rejection through", async () => {
    vi.useFakeTimers()
    const work = pending<string>()
    const outcome = withinDeadline(work.promise, 1000)
    work.reject(new Error('store down'))
    await expect(outcome).rejects.toThrow('store down')
  })

  it('leaves no timer running once the work settled before the bound (nothing keeps a Node process or a Lambda busy)', async () => {
    vi.useFakeTimers()
    const work = pending<string>()
    const outcome = withinDeadline(work.promise, 60_000)
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(1)
    work.resolve('found')
    await outcome
    expect(vi.getTimerCount()).toBe(0)
  })

  // A spy that passes every call through: it only counts the timers set.
  it('sets no timer for work already settled (a store answering from memory costs no timer)', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout')
    expect(await withinDeadline(Promise.resolve('from memory'), 1000)).toBe('from memory')
    await expect(withinDeadline(Promise.reject(new Error('refused')), 1000)).rejects.toThrow('refused')
    expect(setTimer).not.toHaveBeenCalled()
  })

  it('waits its checkpoint turns for work still settling, and sets a timer only for work that needs more', async () => {
    const setTimer = vi.spyOn(globalThis, 'setTimeout')
    // Settled one microtask turn after the call: two checkpoints see it settle, one does not.
    const oneTurnLater = () => Promise.resolve().then(() => 'computed')
    expect(await withinDeadline(oneTurnLater(), 1000, 2)).toBe('computed')
    expect(setTimer).not.toHaveBeenCalled()
    expect(await withinDeadline(oneTurnLater(), 1000, 1)).toBe('computed')
    expect(setTimer).toHaveBeenCalledTimes(1)
  })
})
