/** What `withinDeadline` resolves to when the work did not settle in time. */
export const TIMED_OUT: unique symbol = Symbol('voitex-trigger.timed-out')

/**
 * Wait for `work` for at most `ms`; its rejection passes through. Work already settled after `checkpoints` microtask
 * turns (a store answering from memory, a flow that does not wait on I/O) needs no timer, so most calls set none; the
 * turns take no time, so when a timer is set the bound is still exact. One place for every bound on waiting: the
 * flow's deadline, the caller lookup, the claim of `deps.once`, Lambda's deferred work, Node's drain on shutdown. A
 * bound that must also cancel its work uses an `AbortSignal` instead (the client's and the simulator's fetches).
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number, checkpoints = 1): Promise<T | typeof TIMED_OUT> {
  const outcome: { settled: 'no' | 'value' | 'error'; value?: T; error?: unknown } = { settled: 'no' }
  const watched = work.then(
    (value) => {
      outcome.settled = 'value'
      outcome.value = value
    },
    (error: unknown) => {
      outcome.settled = 'error'
      outcome.error = error
    },
  )
  for (let turn = 0; turn < checkpoints && outcome.settled === 'no'; turn++) await Promise.resolve()
  if (outcome.settled === 'no') {
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms)
    })
    await Promise.race([watched, expired])
    if (timer !== undefined) clearTimeout(timer)
    if (outcome.settled === 'no') return TIMED_OUT
  }
  if (outcome.settled === 'error') throw outcome.error
  return outcome.value as T
}
