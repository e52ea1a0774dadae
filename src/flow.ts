import { type CallerLookup, type CallerSchema, DEFAULT_LOOKUP_TIMEOUT_MS } from './callers.ts'
import type { Clock } from './clock.ts'
import { Reply } from './decision/builder.ts'
import type { Decision } from './decision/schema.ts'
import type { OnceOptions } from './once.ts'
import type { Call } from './request/call.ts'

/** What a flow may use besides the call. Everything is injected, so a flow is a pure function under test. */
export interface FlowDeps<Caller, Services = unknown> {
  /** Find the caller (by default the calling number) in the caller store. Never throws; bounded by a timeout. */
  lookupCaller(phone?: string): Promise<CallerLookup<Caller>>
  readonly clock: Clock
  /** Write a structured, redacted log line tagged with the call id. */
  log(event: string, fields?: Readonly<Record<string, unknown>>): void
  /** Aborted when the flow's deadline passes: hand it to fetches so they stop too. */
  readonly signal: AbortSignal
  /** Run work after the answer is sent (Workers' and Vercel's `waitUntil`); it never delays the caller. */
  defer(task: Promise<unknown>): void
  /**
   * Run a side effect (an SMS, a charge) at most once per call step, keyed by the call id, the trigger, the position
   * in `branch_data` and `name`, even when the platform delivers this request again, here or to another instance.
   * Resolves whether it ran this time; rejects only with the task's own error. Defer it to keep it off the caller's
   * time: `deps.defer(deps.once('receipt', () => voitex.notify(...)))`.
   */
  once(name: string, task: () => unknown, options?: OnceOptions): Promise<boolean>
  /** Whatever the application wires in (e.g. the Voitex client). */
  readonly services: Services
}

/** What `decide` may return: a Reply, a plain decision, or nothing (the flow's fallback). */
export type FlowAnswer = Reply | Decision | undefined

export interface FlowOptions<Caller, Services> {
  readonly name: string
  /** Schema of a stored caller record; lookups return records validated by it. */
  readonly caller?: CallerSchema<Caller>
  /** Portal branches this flow sends callers to, by name: checked against the IVR map before deploy. */
  readonly branches?: Readonly<Record<string, string | number>>
  /** Answer when the flow throws, returns something invalid or misses its deadline. Default: `{}` (No Route Found). */
  readonly fallback?: Reply | Decision
  /** Time the flow may take before the fallback is sent (default 1500 ms). */
  readonly deadlineMs?: number
  /** Time a caller lookup may take before the flow goes on without it (default 300 ms). */
  readonly lookupTimeoutMs?: number
  decide(call: Call, deps: FlowDeps<Caller, Services>): FlowAnswer | Promise<FlowAnswer>
}

export interface Flow<Caller = unknown, Services = unknown> extends FlowOptions<Caller, Services> {
  readonly fallback: Decision
  readonly deadlineMs: number
  readonly lookupTimeoutMs: number
}

export const DEFAULT_DEADLINE_MS = 1500

export function defineFlow<Caller = unknown, Services = unknown>(
  options: FlowOptions<Caller, Services>,
): Flow<Caller, Services> {
  if (options.fallback instanceof Reply && options.fallback.problem !== undefined)
    throw new TypeError(`flow ${options.name}: its fallback is not a valid decision (${options.fallback.problem})`)
  const fallback = options.fallback instanceof Reply ? options.fallback.toDecision() : (options.fallback ?? {})
  return {
    ...options,
    fallback,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    lookupTimeoutMs: options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS,
  }
}
