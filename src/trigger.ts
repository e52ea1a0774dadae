import * as z from 'zod/mini'
import { type CallerLookup, type CallerSchema, type CallerStore, lookupCaller } from './callers.ts'
import { CAPTURE_VERSION, writeCapture } from './capture.ts'
import type { Clock } from './clock.ts'
import { TIMED_OUT, withinDeadline } from './deadline.ts'
import { builtProblem, Reply } from './decision/builder.ts'
import { checkDecision, type Decision, decisionJson } from './decision/schema.ts'
import { type CallLog, Deps, type LookupTrace } from './deps.ts'
import { rejectionBody } from './errors.ts'
import type { Flow, FlowAnswer } from './flow.ts'
import { lazily } from './lazily.ts'
import { type Logger, type LogRecord, scrubbing, silentLogger } from './log.ts'
import { type ClaimStore, DEFAULT_CLAIM_TIMEOUT_MS, DEFAULT_ONCE_WHEN_DOWN, type OnceWhenDown } from './once.ts'
import { cardSecrets } from './redact.ts'
import { type Call, toCall } from './request/call.ts'
import { parseTriggerRequest } from './request/schema.ts'
import { BASE_VERSION } from './versions.ts'

/** What the engine needs from its host; adapters build it from the platform's bindings. */
export interface Runtime<Services = unknown> {
  readonly store: CallerStore | undefined
  readonly logger: Logger
  readonly clock: Clock
  /** The zone the platform's `date_time` is read in. */
  readonly timeZone: string
  readonly defer: (task: Promise<unknown>) => void
  readonly services: Services
  /** Where `deps.once` claims call steps. None: `onceWhenDown` decides every time. */
  readonly claims?: ClaimStore | undefined
  /** What `deps.once` does when its claim store fails (default `at-most-once`). */
  readonly onceWhenDown?: OnceWhenDown | undefined
  /** Write one `capture` line per answered request (`TRIGGER_CAPTURE`); off, it costs nothing. */
  readonly capture?: boolean | undefined
  /** Field names whose values are blanked in every line, besides `DEFAULT_SECRET_NAMES` (`*` for any run). */
  readonly secretNames?: readonly string[] | undefined
  /** Looks callers up in place of `store` (a replay answers from the lookups it recorded). */
  readonly lookup?:
    | ((phone: string, schema: CallerSchema<unknown>, timeoutMs: number) => Promise<CallerLookup<unknown>>)
    | undefined
}

export type Outcome = 'decision' | 'fallback' | 'rejected'

export type FallbackReason = 'flow_error' | 'deadline' | 'invalid_decision' | 'no_decision' | 'internal_error'

/** How a trigger name that names no flow is logged (the name sent may be a misplaced token). */
export const UNKNOWN_TRIGGER = 'unknown'

export interface AnswerOptions {
  /** How the trigger is named in log lines (the app logs a name that serves no flow as `unknown`). */
  readonly logAs?: string
  /** The version of the trigger's flow this is (default `stable`): on every log line and capture of the call. */
  readonly version?: string
}

/** The answer to one Trigger request, before it becomes HTTP. */
export interface Answer {
  readonly status: number
  /** The JSON body sent back. */
  readonly body: string
  readonly outcome: Outcome
  readonly decision?: Decision
  readonly route?: string
  readonly reason?: string
  readonly call?: Call
  /** The version of the flow that answered (`stable` unless the app has versions). */
  readonly version?: string
  readonly timings: { readonly totalMs: number; readonly flowMs?: number; readonly lookupMs?: number }
}

const AnyRecord = /* @__PURE__ */ lazily(() => z.unknown())

/**
 * Answer a decoded Trigger body with a flow: parse, run the flow under its deadline, check the decision, fall back
 * on any failure, and log one line. Never throws; the answer is always valid JSON.
 */
export function answerTrigger<Caller, Services>(
  flow: Flow<Caller, Services>,
  trigger: string,
  body: unknown,
  runtime: Runtime<Services>,
  options: AnswerOptions = {},
): Promise<Answer> {
  const started = runtime.clock.now()
  const logger =
    runtime.logger === silentLogger ? silentLogger : scrubbing(runtime.logger, cardSecrets(body), runtime.secretNames)
  const logAs = options.logAs ?? trigger
  const version = options.version ?? BASE_VERSION
  // A handler on the answer's own promise rather than an async wrapper around it: one promise fewer per request.
  return answer(flow, trigger, { logAs, version }, body, runtime, logger, started).then(undefined, (error: unknown) => {
    // A bug of ours, or a runtime that breaks its contract: the caller still gets the flow's fallback.
    const callId = typeof body === 'object' && body !== null ? (body as { call_id?: unknown }).call_id : undefined
    logger.write({
      level: 'error',
      event: 'trigger',
      ...(typeof callId === 'string' || typeof callId === 'number' ? { call_id: String(callId) } : {}),
      trigger: logAs,
      version,
      flow: flow.name,
      outcome: 'fallback',
      reason: 'internal_error',
      error,
    })
    const timings = { totalMs: runtime.clock.now() - started }
    const fallback = decisionJson(flow.fallback)
    return { status: 200, body: fallback, outcome: 'fallback', reason: 'internal_error', version, timings } as Answer
  })
}

async function answer<Caller, Services>(
  flow: Flow<Caller, Services>,
  trigger: string,
  { logAs, version }: { readonly logAs: string; readonly version: string },
  body: unknown,
  runtime: Runtime<Services>,
  logger: Logger,
  started: number,
): Promise<Answer> {
  const { clock } = runtime
  const parsed = parseTriggerRequest(body)
  if (!parsed.ok) {
    const timings = { totalMs: clock.now() - started }
    logger.write({
      level: 'warn',
      event: 'trigger',
      trigger: logAs,
      version,
      flow: flow.name,
      outcome: 'rejected',
      reason: parsed.error.code,
      message: parsed.error.message,
      duration_ms: timings.totalMs,
    })
    return { status: parsed.error.status, body: rejectionBody(parsed.error), outcome: 'rejected', version, timings }
  }

  const call = toCall(parsed.value, { trigger, receivedAt: started, timeZone: runtime.timeZone })
  const log = callLog(logger, call.id, logAs, version)
  // An amount that cannot be read or is out of range is dropped by the parser; the flow sees no amount.
  const withoutAmount = call.payments.items.filter((payment) => payment.amount_cents === undefined).length
  if (withoutAmount > 0) log('warn', 'payment_without_amount', { payments: withoutAmount })
  const trace: LookupTrace = { ms: undefined, status: undefined, captured: runtime.capture ? [] : undefined }
  const schema = flow.caller ?? (AnyRecord() as z.core.$ZodType<Caller>)
  const { lookup } = runtime
  const deps = new Deps<Caller, Services>({
    lookup: lookup
      ? (phone) => lookup(phone, schema, flow.lookupTimeoutMs) as Promise<CallerLookup<Caller>>
      : (phone) => lookupCaller(runtime.store, schema, phone, flow.lookupTimeoutMs),
    callerPhone: call.caller.raw,
    storeKind: runtime.store?.kind ?? 'none',
    clock,
    log,
    platform: runtime,
    once: {
      claims: runtime.claims,
      whenDown: runtime.onceWhenDown ?? DEFAULT_ONCE_WHEN_DOWN,
      timeoutMs: DEFAULT_CLAIM_TIMEOUT_MS,
      log,
    },
    step: { callId: call.id, trigger, steps: call.steps },
    services: runtime.services,
    trace,
  })

  const flowStarted = clock.now()
  const result = await runWithDeadline(flow, call, deps)
  const flowMs = clock.now() - flowStarted
  const route = result.ok && result.value instanceof Reply ? result.value.routeName : undefined
  const checked = result.ok ? checkAnswer(result.value) : result
  const decision = checked.ok ? checked.value : flow.fallback
  const outcome: Outcome = checked.ok ? 'decision' : 'fallback'
  const reason = checked.ok ? undefined : checked.error
  const totalMs = clock.now() - started
  const timings = trace.ms === undefined ? { totalMs, flowMs } : { totalMs, flowMs, lookupMs: trace.ms }
  // Optional fields set one by one, in the line's order: no object made and copied for each (this runs per Trigger).
  const line: { -readonly [K in keyof LogRecord]: LogRecord[K] } = {
    level: checked.ok && logAs !== UNKNOWN_TRIGGER ? 'info' : 'warn',
    event: 'trigger',
    call_id: call.id,
    trigger: logAs,
    version,
    flow: flow.name,
    outcome,
  }
  if (route !== undefined) line.route = route
  if (reason !== undefined) {
    line.reason = reason.reason
    line.detail = reason.detail
  }
  if (trace.status !== undefined) line.lookup = trace.status
  line.duration_ms = totalMs
  logger.write(line)
  if (trace.captured) {
    writeCapture(logger, {
      v: CAPTURE_VERSION,
      at: new Date(started).toISOString(),
      time_zone: runtime.timeZone,
      call_id: call.id,
      trigger: logAs,
      version,
      flow: flow.name,
      request: parsed.value,
      lookups: trace.captured,
      outcome,
      ...(route === undefined ? {} : { route }),
      ...(reason === undefined ? {} : { reason: reason.reason }),
      decision,
    })
  }
  const answered: { -readonly [K in keyof Answer]: Answer[K] } = {
    status: 200,
    body: decisionJson(decision),
    outcome,
    decision,
    call,
    version,
    timings,
  }
  if (route !== undefined) answered.route = route
  if (reason !== undefined) answered.reason = reason.reason
  return answered
}

/** The log of one call: each line tagged with its call id, trigger and version (returned: no named function). */
function callLog(logger: Logger, callId: string, logAs: string, version: string): CallLog {
  return (level, event, fields = {}) =>
    logger.write({ ...fields, level, event, call_id: callId, trigger: logAs, version })
}

interface Failure {
  readonly reason: FallbackReason
  readonly detail?: string
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: Failure }

function runWithDeadline<Caller, Services>(
  flow: Flow<Caller, Services>,
  call: Call,
  deps: Deps<Caller, Services>,
): Promise<Attempt<FlowAnswer>> {
  const { deadlineMs } = flow
  let work: Promise<FlowAnswer>
  // The flow starts at once (no turn spent first); a throw, even before its first await, is its error.
  try {
    const decided = flow.decide(call, deps)
    work = decided instanceof Promise ? decided : Promise.resolve(decided)
  } catch (error) {
    work = Promise.reject(error)
  }
  // A flow that only awaits fast lookups settles within a few turns: no timer is set for it.
  return withinDeadline(work, deadlineMs, FLOW_CHECKPOINTS).then(
    (answer): Attempt<FlowAnswer> => {
      if (answer !== TIMED_OUT) return { ok: true, value: answer }
      deps.expire()
      return { ok: false, error: { reason: 'deadline', detail: `no answer within ${deadlineMs} ms` } }
    },
    (error: unknown): Attempt<FlowAnswer> => ({
      ok: false,
      error: { reason: 'flow_error', detail: describeError(error) },
    }),
  )
}

/** Microtask turns a flow is given to settle before its deadline timer is set (a lookup and a decision take ~10). */
const FLOW_CHECKPOINTS = 16

/** Said in the log line only, which masks card data as it writes every field: cut here to bound that work. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${typeof error}`
  return text.slice(0, 300)
}

function checkAnswer(answer: FlowAnswer): Attempt<Decision> {
  if (answer === undefined) return { ok: false, error: { reason: 'no_decision' } }
  // A Reply makes only what the schema's shape allows: its rules are checked directly. Anything else goes through it.
  if (answer instanceof Reply) {
    const decision = answer.toDecision()
    const problem = builtProblem(decision)
    return problem === undefined
      ? { ok: true, value: decision }
      : { ok: false, error: { reason: 'invalid_decision', detail: problem } }
  }
  const checked = checkDecision(answer)
  if (checked.ok) return checked
  const detail = checked.error
    .slice(0, 3)
    .map((issue) => `${issue.path || 'decision'}: ${issue.message}`)
    .join('; ')
  return { ok: false, error: { reason: 'invalid_decision', detail } }
}
