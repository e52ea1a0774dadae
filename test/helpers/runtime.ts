import callers from '../../demo/callers.json' with { type: 'json' }
import { type CallerStore, type Clock, memoryLogger, memoryStore, type TriggerRuntime } from '../../src/index.ts'

/** A clock that stands still, so durations in logs are 0 and outputs are deterministic. */
export const frozenClock: Clock = { now: () => Date.UTC(2023, 6, 20, 15, 35, 35) }

/** A runtime for in-process tests: the demo's seeded store, a frozen clock, logs kept in memory. */
export function testRuntime(overrides: Partial<TriggerRuntime> = {}) {
  const logger = memoryLogger()
  const deferred: Promise<unknown>[] = []
  const runtime: TriggerRuntime = {
    store: memoryStore(callers),
    logger,
    clock: frozenClock,
    timeZone: 'America/New_York',
    defer: (task) => deferred.push(task),
    services: {},
    ...overrides,
  }
  return { runtime, logs: logger.records, deferred }
}

/**
 * Caller stores that misbehave the ways real ones do. Test doubles: a real store cannot be made to fail on cue.
 */
export const brokenStores = {
  throwing: { kind: 'broken', get: async () => Promise.reject(new Error('connection reset')) } satisfies CallerStore,
  hanging: { kind: 'hanging', get: () => new Promise<never>(() => {}) } satisfies CallerStore,
  malformed: { kind: 'malformed', get: async () => ({ name: 42, tier: 'platinum' }) } satisfies CallerStore,
}
