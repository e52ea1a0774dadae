import { type CallerLookup, lookupFailureDetail } from './callers.ts'
import { type CapturedLookup, MAX_CAPTURED_LOOKUPS } from './capture.ts'
import type { Clock } from './clock.ts'
import { failedResult } from './errors.ts'
import type { FlowDeps } from './flow.ts'
import { type CallStep, type OnceContext, runOnce } from './once.ts'

/** A line about the current call: the engine tags it with the call id, the trigger and the version. */
export type CallLog = (level: 'info' | 'warn', event: string, fields?: Readonly<Record<string, unknown>>) => void

/** What a call's caller lookups came to: for the trigger's log line and, when capture is on, its capture. */
export interface LookupTrace {
  /** How long the last lookup took. */
  ms: number | undefined
  /** How the last lookup ended (`found`, `not_found`, or why it was unavailable). */
  status: string | undefined
  /** What the lookups returned: kept only while capture is on. */
  readonly captured: CapturedLookup[] | undefined
}

/** What the deps of one call are made from. */
export interface DepsSources<Caller, Services> {
  /** Looks a number up: in the caller store, or in a replay's recorded lookups. */
  readonly lookup: (phone: string) => CallerLookup<Caller> | Promise<CallerLookup<Caller>>
  /** The calling number: what `lookupCaller()` looks up. */
  readonly callerPhone: string
  /** The caller store's kind, as a degraded lookup's line names it. */
  readonly storeKind: string
  readonly clock: Clock
  readonly log: CallLog
  /** Where deferred work goes (the platform's `waitUntil`), called on its owner. */
  readonly platform: { defer(task: Promise<unknown>): void }
  /** Where `once` claims call steps, and what it does when it cannot. */
  readonly once: OnceContext
  readonly step: CallStep
  readonly services: Services
  readonly trace: LookupTrace
}

/**
 * What a flow is given for one call: each dep logs, bounds and records what it does. A class, so `signal` can be made
 * on first read (most flows never read it, and creating an AbortSignal per call is costly) without a getter on an
 * object literal, which is slower still to create. The functions are own properties, so a flow may destructure them,
 * assigned in the constructor: no named function per call (CONTRIBUTING.md).
 */
export class Deps<Caller, Services> implements FlowDeps<Caller, Services> {
  #controller: AbortController | undefined
  #expired = false
  readonly lookupCaller: FlowDeps<Caller, Services>['lookupCaller']
  readonly clock: Clock
  readonly log: FlowDeps<Caller, Services>['log']
  readonly defer: FlowDeps<Caller, Services>['defer']
  readonly once: FlowDeps<Caller, Services>['once']
  readonly services: Services

  constructor(sources: DepsSources<Caller, Services>) {
    const { clock, log, trace } = sources
    this.lookupCaller = async (phone = sources.callerPhone) => {
      const started = clock.now()
      const result = await sources.lookup(phone)
      trace.ms = clock.now() - started
      if (trace.captured && trace.captured.length < MAX_CAPTURED_LOOKUPS) trace.captured.push({ phone, result })
      trace.status = result.status === 'unavailable' ? result.reason : result.status
      if (result.status === 'unavailable' && result.reason !== 'no_number') {
        // With its cause: the store's error (name and message, redacted like any line) or the fields refused.
        log('warn', 'caller_lookup_degraded', {
          reason: result.reason,
          store: sources.storeKind,
          ...lookupFailureDetail(result),
        })
      }
      return result
    }
    this.clock = clock
    this.log = (event, fields) => log('info', event, fields)
    this.defer = (task) =>
      sources.platform.defer(
        task.then(
          (value) => {
            if (failedResult(value)) log('warn', 'deferred_task_failed', { error: value.error })
          },
          (error: unknown) => log('warn', 'deferred_task_failed', { error }),
        ),
      )
    this.once = (name, task, options) => runOnce(sources.once, sources.step, name, task, options)
    this.services = sources.services
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController()
    if (this.#expired) this.#controller.abort()
    return this.#controller.signal
  }

  /** The deadline passed: abort the signal, now or when it is first read. */
  expire(): void {
    this.#expired = true
    this.#controller?.abort()
  }
}
