import { type Clock, systemClock } from './clock.ts'
import { TIMED_OUT, withinDeadline } from './deadline.ts'
import { failedResult } from './errors.ts'
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
   * May throw or hang: `once` bounds and absorbs both. A store must not hold a key `once` gave up on (see `ClaimBound`).
   */
  claim(key: string, ttlMs: number, bound?: ClaimBound): Promise<boolean>
  /**
   * The store's one-time setup (loading its client, the first connection), begun when the store is made. `once`
   * waits for it under `DEFAULT_CLAIM_CONNECT_TIMEOUT_MS`, so it does not count against a claim's own bound.
   */
  ready?(): Promise<void>
}

/** How long `once` waits for one claim, as the store sees it. */
export interface ClaimBound {
  /** The time left when `claim` was called (ms): a store that can read a clock where it writes refuses after it. */
  readonly timeoutMs: number
  /** Aborted when `once` gives up: a store then sends nothing more, and gives back a key granted after it. */
  readonly signal: AbortSignal
}

/** A claim that reached its store after `once` gave up on it: not taken. */
export class ClaimTimeout extends Error {
  constructor(message = 'the claim was not taken in time') {
    super(message)
    this.name = 'ClaimTimeout'
  }
}

/**
 * The store dropped this key's claim for room before it expired, so it cannot say whether the step already ran (a
 * redelivery outside the memory store's window). The key is held again; `once` applies `whenDown`.
 */
export class ClaimForgotten extends Error {
  constructor() {
    super('this step was claimed before, and its claim was dropped for room before it expired: it may have run')
    this.name = 'ClaimForgotten'
  }
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
/**
 * Time a claim store's one-time setup may take (loading its client: 0.1–0.6 s on a cold start; the first
 * connection), before the first claim's own bound starts.
 */
export const DEFAULT_CLAIM_CONNECT_TIMEOUT_MS = 5000

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
  /** Bound of the store's one-time setup (default `DEFAULT_CLAIM_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs?: number
  readonly log: (level: 'info' | 'warn', event: string, fields: Readonly<Record<string, unknown>>) => void
}

const encoder = new TextEncoder()

/**
 * The claim key of one side effect of one call step: the call id, the trigger, the position in `branch_data` (with
 * the steps up to it, so a step reached again after a Content branch's Clear Data is a new step) and the name,
 * hashed (SHA-256, Web Crypto) so that any call id or name gives a short key that reveals nothing.
 */
export async function onceKey(step: CallStep, name: string): Promise<string> {
  const identity = JSON.stringify([step.callId, step.trigger, step.steps.length, step.steps, name])
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(identity)))
  return `once:${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

/** Why `once` cannot know whether the step ran, as its `once_degraded` line says. */
function degradedReason(claims: ClaimStore | undefined, error: unknown): string {
  if (!claims) return 'no_store'
  if (error instanceof ClaimTimeout) return error instanceof ConnectTimeout ? 'connect_timeout' : 'timeout'
  return error instanceof ClaimForgotten ? 'outside_window' : 'store_error'
}

class ConnectTimeout extends ClaimTimeout {}

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
    // The one-time setup has its own bound: a cold start must not cost the first call step its claim.
    if (claims.ready) {
      const connectTimeoutMs = context.connectTimeoutMs ?? DEFAULT_CLAIM_CONNECT_TIMEOUT_MS
      const ready = await withinDeadline(claims.ready(), connectTimeoutMs)
      if (ready === TIMED_OUT) throw new ConnectTimeout()
    }
    const giveUp = new AbortController()
    // The store is told the whole bound: hashing the key takes microseconds, which its margins cover.
    const bound: ClaimBound = { timeoutMs: context.timeoutMs, signal: giveUp.signal }
    const result = await withinDeadline(
      onceKey(step, name).then((key) => claims.claim(key, ttlMs, bound)),
      context.timeoutMs,
    )
    if (result === TIMED_OUT) {
      giveUp.abort()
      throw new ClaimTimeout()
    }
    claimed = result
  } catch (error) {
    const reason = degradedReason(context.claims, error)
    const store = context.claims?.kind ?? 'none'
    // A store's own failure is named, as a degraded caller lookup's is; the other reasons say it all.
    const cause = reason === 'store_error' ? { error } : undefined
    context.log('warn', 'once_degraded', { name, reason, store, when_down: whenDown, ...cause })
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

/** Fifty thousand claims held at most (a few MB): beyond that the oldest go first. */
const DEFAULT_MEMORY_CLAIMS = 50_000
/** Slots remembering claims dropped for room (8 bytes each: 2 MiB), so a redelivery of one is recognised. */
const FORGOTTEN_SLOTS = 2 ** 18

/**
 * Claims in this process's memory: the embedded default, right for one Node process. On a platform that runs many
 * instances (Workers, Lambda, Vercel) it only catches a request delivered again to the same instance.
 *
 * Past `maxEntries` the oldest unexpired claims are dropped for room. Each dropped key leaves a 32-bit fingerprint in
 * a fixed table (newer ones overwrite older), so a redelivery of a dropped step is not taken for a new one: the
 * claim throws `ClaimForgotten` (logged as `outside_window`, and `whenDown` decides) and the key is held again.
 */
export function memoryClaims(
  options: { readonly clock?: Clock; readonly maxEntries?: number } = {},
): ClaimStore & { readonly size: () => number } {
  const clock = options.clock ?? systemClock
  const maxEntries = options.maxEntries ?? DEFAULT_MEMORY_CLAIMS
  // Key → expiry. Insertion order is age order, so expired and oldest claims are at the front.
  const held = new Map<string, number>()
  // Print and expiry (whole seconds, rounded up) of dropped claims; made at the first drop, so a store that never
  // fills costs nothing.
  let forgotten: { prints: Uint32Array; expires: Uint32Array } | undefined
  return {
    kind: 'memory',
    size: () => held.size,
    async claim(key, ttlMs, bound) {
      if (bound?.signal.aborted) throw new ClaimTimeout()
      const now = clock.now()
      const expires = held.get(key)
      if (expires !== undefined && expires > now) return false
      held.delete(key)
      for (const [oldKey, oldExpires] of held) {
        if (oldExpires > now && held.size < maxEntries) break
        held.delete(oldKey)
        if (oldExpires > now) {
          forgotten ??= { prints: new Uint32Array(FORGOTTEN_SLOTS), expires: new Uint32Array(FORGOTTEN_SLOTS) }
          const [slot, print] = fingerprint(oldKey)
          forgotten.prints[slot] = print
          forgotten.expires[slot] = Math.ceil(oldExpires / 1000)
        }
      }
      held.set(key, now + ttlMs)
      if (forgotten && expires === undefined) {
        const [slot, print] = fingerprint(key)
        if (forgotten.prints[slot] === print && (forgotten.expires[slot] ?? 0) * 1000 > now) {
          forgotten.prints[slot] = 0
          throw new ClaimForgotten()
        }
      }
      return true
    },
  }
}

/** A slot of the forgotten table and a non-zero 32-bit print of `key` (FNV-1a, two seeds; 0 marks an empty slot). */
function fingerprint(key: string): [slot: number, print: number] {
  let slot = 0x811c9dc5
  let print = 0x01000193
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i)
    slot = Math.imul(slot ^ unit, 0x01000193)
    print = Math.imul(print ^ unit, 0x5bd1e995)
  }
  // Unsigned, as the table holds it: a negative print would never match its own entry.
  return [(slot >>> 0) % FORGOTTEN_SLOTS, (print | 1) >>> 0]
}

/**
 * A claim store whose module (an optional SDK) loads in the background from the moment this is made, so a cold
 * start's first claim finds it loaded, or waits for it through `ready` rather than inside its own bound. A failed
 * load fails each claim.
 */
export function loadingClaims(kind: string, load: () => Promise<ClaimStore>): ClaimStore {
  const loaded = load()
  // Said by each claim that needs it; unobserved until then.
  loaded.catch(() => {})
  return {
    kind,
    async ready() {
      const store = await loaded
      await store.ready?.()
    },
    async claim(key, ttlMs, bound) {
      return (await loaded).claim(key, ttlMs, bound)
    },
  }
}

/** `TRIGGER_ONCE_WHEN_DOWN` checked: a typo must not silently change what a payment flow does. */
export function checkOnceWhenDown(value: string | undefined): OnceWhenDown {
  if (value === undefined || value === '') return DEFAULT_ONCE_WHEN_DOWN
  if ((ONCE_WHEN_DOWN as readonly string[]).includes(value)) return value as OnceWhenDown
  throw new Error(`TRIGGER_ONCE_WHEN_DOWN is "${value.slice(0, 60)}": use ${ONCE_WHEN_DOWN.join(' or ')}`)
}
