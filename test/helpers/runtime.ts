import { testRuntime as publicTestRuntime, SAMPLE_INSTANT, type TestRuntimeOptions } from 'voitex-trigger/testing'
import callers from '../../demo/callers.json' with { type: 'json' }
import type { CallerStore, Clock } from '../../src/index.ts'

/** A clock that stands still at the vendor sample's time, so durations in logs are 0 and outputs deterministic. */
export const frozenClock: Clock = { now: () => SAMPLE_INSTANT }

/** The public `testRuntime`, seeded with the demo's callers unless a store is given. */
export function testRuntime(options: TestRuntimeOptions<unknown> = {}) {
  return publicTestRuntime({ callers, ...options })
}

/**
 * Caller stores that misbehave the ways real ones do. Test doubles: a real store cannot be made to fail on cue.
 */
export const brokenStores = {
  throwing: { kind: 'broken', get: async () => Promise.reject(new Error('connection reset')) } satisfies CallerStore,
  hanging: { kind: 'hanging', get: () => new Promise<never>(() => {}) } satisfies CallerStore,
  malformed: { kind: 'malformed', get: async () => ({ name: 42, tier: 'platinum' }) } satisfies CallerStore,
}
