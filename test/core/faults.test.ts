import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  expectHandled,
  FAULT_CASES,
  FAULT_DEADLINE_MS,
  FAULT_LOOKUP_TIMEOUT_MS,
  faultApp,
  faultRequest,
} from '../fixtures/faults.ts'

describe('faults, in-process', () => {
  it.each(FAULT_CASES)('$name: a valid answer and one log line naming the cause', async (testCase) => {
    const { app, runtime, logs } = faultApp()
    await expectHandled(testCase, await app.handler(runtime).fetch(faultRequest(testCase)), logs)
  })
})

// Fake timers make the bound exact and independent of machine speed: nothing at deadline - 1 ms, the answer at it.
describe('time bounds', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Whether the case had an answer 1 ms before `bound`, and the answer at `bound`. */
  async function settledAt(name: string, bound: number) {
    const testCase = FAULT_CASES.find((c) => c.name === name)
    if (!testCase) throw new Error(`no fault case "${name}"`)
    vi.useFakeTimers()
    const { app, runtime } = faultApp()
    let answered = false
    const pending = Promise.resolve(app.handler(runtime).fetch(faultRequest(testCase))).then((response) => {
      answered = true
      return response.json()
    })
    await vi.advanceTimersByTimeAsync(bound - 1)
    const early = answered
    await vi.advanceTimersByTimeAsync(1)
    return { early, answer: await pending, expected: testCase.answer }
  }

  it('answers a hanging flow with the fallback exactly at its deadline', async () => {
    const { early, answer, expected } = await settledAt('the flow hangs past its deadline', FAULT_DEADLINE_MS)
    expect(early).toBe(false)
    expect(answer).toEqual(expected)
  })

  it('gives up on a hanging caller store exactly at the lookup timeout', async () => {
    const { early, answer, expected } = await settledAt(
      'the caller store hangs past its timeout',
      FAULT_LOOKUP_TIMEOUT_MS,
    )
    expect(early).toBe(false)
    expect(answer).toEqual(expected)
  })
})
