import { digest } from './auth.ts'
import { TIMED_OUT, withinDeadline } from './deadline.ts'
import { failedResult } from './errors.ts'
import { type Clock, systemClock } from './flow.ts'
import type { BranchStep } from './request/schema.ts'

/**
 * Where `deps.once` records that a call step's side effect was started: an atomic put-if-absent with an expiry.
 * Implementations: memory (here), Redis `SET NX PX`, a DynamoDB conditional PutItem with a TTL attribute, and a
 * Durable Object on Workers (in `adapters/`). Workers KV cannot be one: it is eventually consistent, so two
 * instances can both see a key as absent.
 */
export interface ClaimStore {
  /** Names the store in log lines. */
  readonly kind: string
  /**
   * Take `key` for `ttlMs`: true when it was free (this delivery runs the task), false when it is already held.
   * May throw or hang: `once` bounds and absorbs both.
   */
  claim(key: string, ttlMs: number): Promise<boolean>
}

/**
 * What `once` does when it cannot know whether the step already ran (the claim store errs or is too slow):
 * `at-most-once` (the default) skips the task, `at-least-once` runs it.
 */
export const ONCE_WHEN_DOWN = ['at-most-once', 'at-least-once'] as const
export type OnceWhenDown = (typeof ONCE_WHEN_DOWN)[number]
export const DEFAULT_ONCE_WHEN_DOWN: OnceWhenDown = 'at-most-once'

/** A claim outlives any redelivery of the request (seconds) and any call (hours): a day. */
export const DEFAULT_CLAIM_TTL_MS = 24 * 60 * 60 * 1000
/** Time a claim may take before `once` treats the store as down. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 500

export interface OnceOptions {
  /** Overrides the deployment's `onceWhenDown` for this side effect. */
  readonly whenDown?: OnceWhenDown
  /** How long the claim is held (default one day). */
  readonly ttlMs?: number
}

/** What identifies one call step: a redelivered request has the same call id, trigger and `branch_data`. */
export interface CallStep {
  readonly callId: string
  readonly trigger: string
  readonly steps: readonly BranchStep[]
}

/** Everything `once` needs from the runtime. */
export interface OnceContext {
  /** Undefined: nothing to claim with, so `whenDown` decides. */
  readonly claims: ClaimStore | undefined
  readonly whenDown: OnceWhenDown
  readonly timeoutMs: number
  readonly log: (level: 'info' | 'warn', event: string, fields: Readonly<Record<string, unknown>>) => void
}

/**
 * The claim key of one side effect of one call step: the call id, the trigger, the position in `branch_data` (with
 * the steps up to it, so a step reached again after a Content branch's Clear Data is a new step) and the name,
 * hashed so that any call id or name gives a short key that reveals nothing.
 */
export async function onceKey(step: CallStep, name: string): Promise<string> {
  const identity = JSON.stringify([step.callId, step.trigger, step.steps.length, step.steps, name])
  const bytes = await digest(identity)
  return `once:${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

class ClaimTimeout extends Error {}

/**
 * Run `task` unless this call step already ran it (here or on another instance). Resolves whether it ran; rejects
 * only with the task's own error.
 */
export async function runOnce(
  context: OnceContext,
  step: CallStep,
  name: string,
  task: () => unknown,
  options: OnceOptions = {},
): Promise<boolean> {
  const whenDown = options.whenDown ?? context.whenDown
  let claimed: boolean
  try {
    const { claims } = context
    if (!claims) throw new Error('no claim store')
    const ttlMs = options.ttlMs ?? DEFAULT_CLAIM_TTL_MS
    claimed = await bounded(
      onceKey(step, name).then((key) => claims.claim(key, ttlMs)),
      context.timeoutMs,
    )
  } catch (error) {
    const reason = !context.claims ? 'no_store' : error instanceof ClaimTimeout ? 'timeout' : 'store_error'
    context.log('warn', 'once_degraded', { name, reason, store: context.claims?.kind ?? 'none', when_down: whenDown })
    if (whenDown === 'at-most-once') return false
    claimed = true
  }
  if (!claimed) {
    context.log('info', 'once_skipped', { name })
    return false
  }
  const result = await task()
  // The side effect ran, and failed without throwing (a refused SMS): its claim is spent, so it is said here.
  if (failedResult(result)) context.log('warn', 'once_task_failed', { name, error: result.error })
  return true
}

async function bounded<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  const result = await withinDeadline(work, timeoutMs)
  if (result === TIMED_OUT) throw new ClaimTimeout()
  return result
}

/** Fifty thousand claims held at most (a few MB): beyond that the oldest go first. */
export const DEFAULT_MEMORY_CLAIMS = 50_000

/**
 * Claims in this process's memory: the embedded default, right for one Node process. On a platform that runs many
 * instances (Workers, Lambda, Vercel) it only catches a request delivered again to the same instance.
 */
export function memoryClaims(
  options: { readonly clock?: Clock; readonly maxEntries?: number } = {},
): ClaimStore & { readonly size: () => number } {
  const clock = options.clock ?? systemClock
  const maxEntries = options.maxEntries ?? DEFAULT_MEMORY_CLAIMS
  // Key → expiry. Insertion order is age order, so expired and oldest claims are at the front.
  const held = new Map<string, number>()
  return {
    kind: 'memory',
    size: () => held.size,
    async claim(key, ttlMs) {
      const now = clock.now()
      const expires = held.get(key)
      if (expires !== undefined && expires > now) return false
      held.delete(key)
      for (const [oldKey, oldExpires] of held) {
        if (oldExpires > now && held.size < maxEntries) break
        held.delete(oldKey)
      }
      held.set(key, now + ttlMs)
      return true
    },
  }
}

/** A claim store whose module loads on first use (an optional SDK); a failed load fails each claim. */
export function lazyClaims(kind: string, load: () => Promise<ClaimStore>): ClaimStore {
  let loaded: Promise<ClaimStore> | undefined
  return {
    kind,
    async claim(key, ttlMs) {
      loaded ??= load()
      return (await loaded).claim(key, ttlMs)
    },
  }
}

/** `TRIGGER_ONCE_WHEN_DOWN` checked: a typo must not silently change what a payment flow does. */
export function checkOnceWhenDown(value: string | undefined): OnceWhenDown {
  if (value === undefined || value === '') return DEFAULT_ONCE_WHEN_DOWN
  if ((ONCE_WHEN_DOWN as readonly string[]).includes(value)) return value as OnceWhenDown
  throw new Error(`TRIGGER_ONCE_WHEN_DOWN is "${value}": use ${ONCE_WHEN_DOWN.join(' or ')}`)
}
