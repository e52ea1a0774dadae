import * as z from 'zod/mini'
import { type CallerLookup, type CallerSchema, LOOKUP_FAILURES } from './callers.ts'
import type { Decision } from './decision/schema.ts'
import { lazily } from './lazily.ts'
import { CAPTURE_EVENT, type Logger } from './log.ts'
import type { TriggerRequest } from './request/schema.ts'

/**
 * Capture: with `TRIGGER_CAPTURE=1` each answered Trigger request is written as one more log line, so that real
 * traffic can be replayed against a changed flow (`voitex-trigger replay`). This file is the one definition of
 * that line: how it is written and how it is read back.
 */

export const CAPTURE_VERSION = 1
/** A flow that looks up more numbers than this in one request has the rest replayed as unknown. */
export const MAX_CAPTURED_LOOKUPS = 10

/** One caller lookup the flow made: the number it asked for and what it got. */
export interface CapturedLookup {
  readonly phone: string
  readonly result: CallerLookup<unknown>
}

/** One exchange: what came in (card data already dropped by the parser), what the flow saw, what went out. */
export interface Capture {
  readonly v: typeof CAPTURE_VERSION
  /** When the request arrived, ISO 8601. */
  readonly at: string
  /** The zone `date_time` was read in. */
  readonly time_zone: string
  readonly call_id: string
  /** The trigger name the request was routed by (`unknown` for a name that serves no flow). */
  readonly trigger: string
  /** The version of the flow that answered (absent in captures written before versions). */
  readonly version?: string
  readonly flow: string
  readonly request: TriggerRequest
  readonly lookups: readonly CapturedLookup[]
  readonly outcome: 'decision' | 'fallback'
  readonly route?: string
  readonly reason?: string
  /** The answer sent: the flow's decision, or its fallback. */
  readonly decision: Decision
}

/**
 * Write the capture of an answered call. It goes through the logger, so it is redacted like every other line. A
 * capture never changes the answer: whatever goes wrong writing it is dropped.
 */
export function writeCapture(logger: Logger, capture: Capture): void {
  try {
    logger.write({ level: 'info', event: CAPTURE_EVENT, ...capture })
  } catch {}
}

/** `TRIGGER_CAPTURE` read from an environment variable or binding: on for `1`, `true`, `yes` or `on`. */
export function captureSetting(value: unknown): boolean {
  return typeof value === 'string' && /^(1|true|yes|on)$/i.test(value.trim())
}

/** What a captured line must hold to be replayed. The request is checked again by the app it is replayed through. */
const CaptureSchema = /* @__PURE__ */ lazily(() => {
  const StringField = z.string()
  const LookupResultSchema = z.union([
    z.object({ status: z.literal('found'), key: StringField, caller: z.unknown() }),
    z.object({ status: z.literal('not_found'), key: StringField }),
    z.object({ status: z.literal('unavailable'), reason: z.enum(LOOKUP_FAILURES) }),
  ])

  return z.object({
    event: z.literal(CAPTURE_EVENT),
    v: z.literal(CAPTURE_VERSION),
    at: z.iso.datetime(),
    time_zone: StringField,
    call_id: StringField,
    trigger: StringField,
    version: z.optional(StringField),
    flow: StringField,
    request: z.record(StringField, z.unknown()),
    lookups: z.array(z.object({ phone: StringField, result: LookupResultSchema })),
    outcome: z.enum(['decision', 'fallback']),
    route: z.optional(StringField),
    reason: z.optional(StringField),
    decision: z.record(StringField, z.unknown()),
  })
})

/** Why a capture line holds no request: written whole, it would have been larger than its bound (see `safeRecord`). */
const CUT_SHORT = 'cut short when written: too large to capture whole'

/** A capture as read back: the request as the platform would send it again. */
export interface CapturedExchange {
  readonly at: number
  readonly timeZone: string
  readonly callId: string
  readonly trigger: string
  /** The version that answered when it was captured, if the capture says. */
  readonly version: string | undefined
  readonly flow: string
  /** The request as a Trigger body (what `wireBody` makes of the captured request). */
  readonly body: Readonly<Record<string, unknown>>
  readonly lookups: readonly CapturedLookup[]
  readonly outcome: 'decision' | 'fallback'
  readonly route: string | undefined
  readonly reason: string | undefined
  readonly decision: Readonly<Record<string, unknown>>
}

export type CaptureLine =
  | { readonly kind: 'capture'; readonly exchange: CapturedExchange }
  /** One of our capture lines that cannot be replayed (another version, a truncated line). */
  | { readonly kind: 'unreadable'; readonly problem: string }
  /** Any other line: another log line, a platform's own output. */
  | { readonly kind: 'other' }

/**
 * Read one line of a log stream. Our line may be prefixed by the platform (CloudWatch's `time id INFO {…}`), so it
 * is read from its first `{`. `refuse` may name why the parsed line is not to be used, before anything reads it.
 */
export function readCaptureLine(line: string, refuse?: (data: unknown) => string | undefined): CaptureLine {
  const start = line.indexOf('{')
  if (start < 0 || !line.includes(`"event":"${CAPTURE_EVENT}"`)) return { kind: 'other' }
  let data: unknown
  try {
    data = JSON.parse(line.slice(start))
  } catch {
    return { kind: 'unreadable', problem: 'not complete JSON' }
  }
  if ((data as { event?: unknown } | null)?.event !== CAPTURE_EVENT) return { kind: 'other' }
  if ((data as { truncated?: unknown }).truncated === true) return { kind: 'unreadable', problem: CUT_SHORT }
  const refused = refuse?.(data)
  if (refused) return { kind: 'unreadable', problem: refused }
  const parsed = CaptureSchema().safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { kind: 'unreadable', problem: `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}` }
  }
  const capture = parsed.data
  return {
    kind: 'capture',
    exchange: {
      at: Date.parse(capture.at),
      timeZone: capture.time_zone,
      callId: capture.call_id,
      trigger: capture.trigger,
      version: capture.version,
      flow: capture.flow,
      body: wireBody(capture.request),
      lookups: capture.lookups as readonly CapturedLookup[],
      outcome: capture.outcome,
      route: capture.route,
      reason: capture.reason,
      decision: capture.decision,
    },
  }
}

/**
 * A parsed request back in the platform's wire shape, so that parsing it again gives the same request: payments
 * with `amount` instead of `amount_cents`, unknown fields at the top level again.
 */
export function wireBody(request: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { extra, payment_info, ...known } = request as Partial<TriggerRequest> & Record<string, unknown>
  const payments = Array.isArray(payment_info)
    ? payment_info.map(({ amount_cents, last_four, transaction_id }) => ({
        // No readable amount was sent: none is sent again.
        amount: amount_cents === undefined ? '' : (amount_cents / 100).toFixed(2),
        last_four,
        transaction_id,
      }))
    : []
  return { ...(extra ?? {}), ...known, payment_info: payments }
}

/**
 * Caller lookups answered from a capture, in the order the numbers were asked for. A found record is validated by
 * the flow's schema again, as a live lookup would be; a number the capture did not look up is `no_store`.
 */
export function recordedLookups(
  lookups: readonly CapturedLookup[],
): (phone: string, schema: CallerSchema<unknown>) => Promise<CallerLookup<unknown>> {
  return async (phone, schema) => {
    const recorded = lookups.find((lookup) => lookup.phone === phone)?.result
    if (!recorded) return { status: 'unavailable', reason: 'no_store' }
    if (recorded.status !== 'found') return recorded
    const checked = z.safeParse(schema, recorded.caller)
    return checked.success ? { ...recorded, caller: checked.data } : { status: 'unavailable', reason: 'invalid_record' }
  }
}
