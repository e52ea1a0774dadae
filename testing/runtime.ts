import {
  type CallerStore,
  type Clock,
  DEFAULT_TIME_ZONE,
  type LogRecord,
  memoryClaims,
  memoryLogger,
  memoryStore,
  type Runtime,
} from '../src/index.ts'

export interface TestRuntimeOptions<Services> {
  /** Caller records for an in-memory store: an array of records with `phone`, or an object keyed by phone. */
  readonly callers?: unknown
  /** A store of your own instead (one that fails on cue, say). */
  readonly store?: CallerStore
  readonly services?: Services
  /** Where the clock stands still (default 2023-07-20 15:35:35 UTC, the vendor sample's time in New York). */
  readonly now?: Date | number
  readonly timeZone?: string
}

export interface TestRuntime<Services> {
  /** Pass to `answerTrigger(flow, trigger, body, runtime)`. */
  readonly runtime: Runtime<Services>
  /** Every log line written, redacted as in production. */
  readonly logs: readonly LogRecord[]
  /** Work the flow deferred (`deps.defer`), not yet awaited. */
  readonly deferred: readonly Promise<unknown>[]
  /** Wait for the deferred work. */
  settle(): Promise<void>
}

/** The instant of the vendor's request sample ("2023-07-20 11:35:35" in New York). */
export const SAMPLE_INSTANT = Date.UTC(2023, 6, 20, 15, 35, 35)

/**
 * A runtime for unit tests of a flow: an in-memory caller store, a clock that stands still (durations are 0, answers
 * deterministic), log lines kept in memory, deferred work collected, `deps.once` claims held in memory.
 */
export function testRuntime<Services = Record<string, never>>(
  options: TestRuntimeOptions<Services> = {},
): TestRuntime<Services> {
  const logger = memoryLogger()
  const deferred: Promise<unknown>[] = []
  const now = options.now === undefined ? SAMPLE_INSTANT : Number(options.now)
  const clock: Clock = { now: () => now }
  const runtime: Runtime<Services> = {
    store: options.store ?? memoryStore(options.callers ?? []),
    logger,
    clock,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    defer: (task) => void deferred.push(task),
    services: options.services ?? ({} as Services),
    // One claim store for the runtime's life, so a test can deliver a request twice and see `deps.once` hold.
    claims: memoryClaims({ clock }),
  }
  return {
    runtime,
    logs: logger.records,
    deferred,
    async settle() {
      await Promise.allSettled(deferred)
    },
  }
}
