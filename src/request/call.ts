import { type Phone, parsePhone } from '../phone.ts'
import { convertLocalTime, type LocalTime, localTimeAt, parseLocalTime } from '../time.ts'
import type { BranchStep, Contact, Payment, TriggerRequest } from './schema.ts'

/** Payments made in this call: amounts and last four digits only (card data is dropped at parse time). */
export interface Payments {
  readonly items: readonly Payment[]
  readonly count: number
  /** The sum of the payments, in cents; undefined when a payment came without a readable amount. */
  readonly totalCents: number | undefined
  /** The last four digits of the most recent payment's card. */
  readonly lastFour: string | undefined
}

/** A Trigger request as a flow sees it: the normalised request plus typed views of it. */
export interface Call {
  readonly id: string
  /** The trigger's name from the URL (`/trigger/<name>`), `default` for `/trigger`. */
  readonly trigger: string
  /** The calling number (`cid`). */
  readonly caller: Phone
  readonly callerName: string
  /** The hotline number called (`did`). */
  readonly hotline: Phone
  readonly contact: Contact | null
  /** `date_time` as sent (the platform's wall clock); the receive time in `timeZone` when missing or unreadable. */
  readonly time: LocalTime
  /** The wall-clock time in another zone, e.g. the hotline's, for business hours. */
  timeIn(timeZone: string): LocalTime
  /** Every branch passed, with what was pressed there, oldest first. */
  readonly steps: readonly BranchStep[]
  /** The branch numbers passed, oldest first. */
  readonly path: readonly string[]
  /** The last branch passed before this Trigger. */
  readonly branch: string | undefined
  /** What was pressed at the last branch. */
  readonly lastInput: string | undefined
  /** What was pressed the last time the caller was at `branch`. */
  inputAt(branch: string | number): string | undefined
  visited(branch: string | number): boolean
  /** Variables set so far in the call (trimmed names, later values win). */
  readonly variables: Readonly<Record<string, string>>
  readonly payments: Payments
  /** The normalised request, including unknown extra fields. */
  readonly request: TriggerRequest
}

export interface CallContext {
  readonly trigger: string
  /** When the request arrived (ms since epoch). */
  readonly receivedAt: number
  /** The zone `date_time` is read in. */
  readonly timeZone: string
}

/** The call view: data as own fields (so a flow may spread or log it), its helpers on the prototype. */
class CallView implements Call {
  readonly id: string
  readonly trigger: string
  readonly caller: Phone
  readonly callerName: string
  readonly hotline: Phone
  readonly contact: Contact | null
  readonly time: LocalTime
  readonly steps: readonly BranchStep[]
  readonly path: readonly string[]
  readonly branch: string | undefined
  readonly lastInput: string | undefined
  readonly variables: Readonly<Record<string, string>>
  readonly payments: Payments
  readonly request: TriggerRequest
  readonly #zone: string

  constructor(request: TriggerRequest, context: CallContext) {
    const steps = request.branch_data
    const last = steps.at(-1)
    const payments = request.payment_info
    this.id = request.call_id
    this.trigger = context.trigger
    this.caller = parsePhone(request.cid)
    this.callerName = request.cnam
    this.hotline = parsePhone(request.did)
    this.contact = request.contact_info
    this.time = parseLocalTime(request.date_time) ?? localTimeAt(context.receivedAt, context.timeZone)
    this.steps = steps
    this.path = steps.map((step) => step.branch)
    this.branch = last?.branch
    this.lastInput = last?.input
    this.variables = request.variables
    let totalCents: number | undefined = 0
    for (const payment of payments)
      totalCents =
        totalCents === undefined || payment.amount_cents === undefined ? undefined : totalCents + payment.amount_cents
    this.payments = { items: payments, count: payments.length, totalCents, lastFour: payments.at(-1)?.last_four }
    this.request = request
    this.#zone = context.timeZone
  }

  timeIn(timeZone: string): LocalTime {
    return convertLocalTime(this.time, this.#zone, timeZone)
  }

  inputAt(branch: string | number): string | undefined {
    const wanted = String(branch)
    return this.steps.findLast((step) => step.branch === wanted)?.input
  }

  visited(branch: string | number): boolean {
    return this.inputAt(branch) !== undefined
  }
}

export function toCall(request: TriggerRequest, context: CallContext): Call {
  return new CallView(request, context)
}
