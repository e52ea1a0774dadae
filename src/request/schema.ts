import * as z from 'zod/mini'
import { type Result, reject } from '../errors.ts'
import { lazily } from '../lazily.ts'
import { trimmed } from '../trim.ts'

/**
 * The Trigger request as the Voitex IVR sends it, tolerant of what the platform really sends
 * (see the vendor's "Request Code Sample" and `../shared/README.md`), normalised into one shape.
 * This schema is the single source of truth: `TriggerRequest` is inferred from it.
 */

/**
 * A scalar field in its string form: numbers become digit strings, `null` and missing become ''; an object or a list
 * is an issue. One transform node rather than a union of five types: each request runs it a dozen times.
 */
const ScalarText = /* @__PURE__ */ lazily(() =>
  z.transform((value: unknown, ctx): string => {
    const text = scalarText(value)
    if (text !== undefined) return text
    ctx.issues.push({ code: 'invalid_type', expected: 'string', input: value })
    return ''
  }),
)

/** A scalar's text as `ScalarText` reads it; undefined for an object or a list (an issue). */
export function scalarText(value: unknown): string | undefined {
  if (value == null) return ''
  if (typeof value === 'string') return trimmed(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/**
 * Arrays and objects may arrive as JSON text inside form fields, and "no value" as `"null"` or ''. Text that is not
 * JSON is left as it is (the field's schema then refuses it, or reads it as nothing).
 */
function decodeJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const text = trimmed(value)
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return value
  }
}

function jsonText<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(z.transform(decodeJsonText), schema)
}

/** Nothing as an empty list, one object as a list of it: the platform sends either for its list fields. */
function asList(value: unknown): unknown {
  if (value == null) return []
  return typeof value === 'object' && !Array.isArray(value) ? [value] : value
}

/** A list field: JSON text, nothing, one object or a list of them, each item checked by `item`. */
function listOf<T extends z.ZodMiniType>(item: T) {
  return jsonText(z.pipe(z.transform(asList), z.array(item)))
}

const JsonRecord = /* @__PURE__ */ lazily(() => z.record(z.string(), z.unknown()))

/** A variable or contact value as a string: scalars as text, nested values as JSON so nothing is lost. */
function valueText(value: unknown): string {
  if (value == null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function trimmedKeys(records: readonly Record<string, unknown>[]): Record<string, string> {
  const merged: Record<string, string> = {}
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      const name = trimmed(key)
      if (name !== '') merged[name] = valueText(value)
    }
  }
  return merged
}

/** `contact_info`: an object of contact fields; the string "null", null, missing or any non-object means no contact. */
const ContactInfoSchema = /* @__PURE__ */ lazily(() => z.transform(contactInfo))

function contactInfo(raw: unknown): Contact | null {
  const value = decodeJsonText(raw)
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? trimmedKeys([value as Record<string, unknown>])
    : null
}
export type Contact = Readonly<Record<string, string>>

/** `variables`: an array of objects (keys possibly padded, as in the vendor sample) or one object; merged, later wins. */
const VariablesSchema = /* @__PURE__ */ lazily(() =>
  z.pipe(
    listOf(JsonRecord()),
    z.transform((records: Record<string, unknown>[]) => trimmedKeys(records)),
  ),
)

const BranchStepSchema = /* @__PURE__ */ lazily(() => z.object({ branch: ScalarText(), input: ScalarText() }))
export type BranchStep = z.output<ReturnType<typeof BranchStepSchema>>

/** `branch_data`: each branch the caller passed, with what was pressed there. */
const BranchDataSchema = /* @__PURE__ */ lazily(() =>
  jsonText(
    z.pipe(
      z.transform((value: unknown) => value ?? []),
      z.array(BranchStepSchema()),
    ),
  ),
)

/** Dollars and cents, at most ten digits of dollars: a phone payment beyond $9,999,999,999.99 is not an amount. */
const MONEY = /^0*(\d{1,10})(?:\.(\d{1,2}))?$/

/**
 * Amounts arrive as strings ("57", "57.50", "$1,057.50") or numbers; kept as integer cents. An amount that cannot be
 * read, or is out of range (400 nines, 1e21), is not an amount: the payment is kept without one (undefined), so the
 * call goes on and the flow decides, and a warning is logged. Nothing unreadable is ever spoken as a sum.
 */
const AmountCents = /* @__PURE__ */ lazily(() => z.pipe(ScalarText(), z.transform(amountCents)))

function amountCents(text: string): number | undefined {
  const match = MONEY.exec(text.replace(/[$,\s]/g, ''))
  if (!match) return undefined
  const [, whole, fraction = ''] = match
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

const lastFour = (text: string) => text.replace(/\D/g, '').slice(-4)

/**
 * One payment made in this call. Only what is safe to show is read: the amount, the card's last four digits and
 * the transaction id. cvv, expiration, zip, the payer's phone and any unknown field are dropped here, at parse time,
 * so card data never reaches a flow, a log line, an error or a store.
 */
const PaymentSchema = /* @__PURE__ */ lazily(() =>
  z.pipe(
    z.object({
      amount: AmountCents(),
      last_four: z.pipe(ScalarText(), z.transform(lastFour)),
      transaction_id: ScalarText(),
    }),
    z.transform(({ amount, last_four, transaction_id }) => ({ amount_cents: amount, last_four, transaction_id })),
  ),
)
export type Payment = z.output<ReturnType<typeof PaymentSchema>>

/** `payment_info`: an array of payments, one payment object, or nothing. */
const PaymentInfoSchema = /* @__PURE__ */ lazily(() => listOf(PaymentSchema()))

/** A `call_id` as text, as the call carries it (`''` when it is neither a string nor a number). */
export function callIdText(value: unknown): string {
  return typeof value === 'string' ? trimmed(value) : typeof value === 'number' ? String(value) : ''
}

/** `call_id`: a non-empty string or a number, as text. */
const CallId = /* @__PURE__ */ lazily(() =>
  z.transform((value: unknown, ctx): string => {
    const text = callIdText(value)
    if (text === '')
      ctx.issues.push(
        typeof value === 'string'
          ? { code: 'custom', message: 'call_id is empty', input: value }
          : { code: 'invalid_type', expected: 'string', input: value },
      )
    return text
  }),
)

/** The Trigger's fields, as the platform sends them. (Unknown fields are kept apart in `extra`, see below.) */
export const TriggerRequestSchema = /* @__PURE__ */ lazily(() =>
  z.object({
    call_id: CallId(),
    cid: ScalarText(),
    cnam: ScalarText(),
    contact_info: ContactInfoSchema(),
    date_time: ScalarText(),
    did: ScalarText(),
    branch_data: BranchDataSchema(),
    payment_info: PaymentInfoSchema(),
    variables: VariablesSchema(),
  }),
)

/** The fields the schema reads, listed here so telling them apart builds no schema (a test holds both equal). */
export const TRIGGER_FIELDS = [
  'call_id',
  'cid',
  'cnam',
  'contact_info',
  'date_time',
  'did',
  'branch_data',
  'payment_info',
  'variables',
] as const
const KNOWN_FIELDS: ReadonlySet<string> = new Set(TRIGGER_FIELDS)

/** A Trigger request, normalised, with any fields the vendor does not document in `extra`. No card data. */
export type TriggerRequest = z.output<ReturnType<typeof TriggerRequestSchema>> & {
  readonly extra: Readonly<Record<string, unknown>>
}

/** Undocumented fields, kept for the flow: a plain object schema is several times faster than a catch-all one. */
function extraFields(body: object): Record<string, unknown> {
  const extra: Record<string, unknown> = {}
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) extra[key] = (body as Record<string, unknown>)[key]
  return extra
}

/** What a field whose shape is more than a scalar was expected to be. */
const EXPECTED: Record<string, string> = {
  call_id: 'a non-empty string or number',
  branch_data: 'an array of {branch, input} objects',
  payment_info: 'a payment object or an array of them',
  variables: 'an object or an array of objects',
}

/** Describes a schema issue by where it is and what was expected, never by the value (it may be card data). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.')
  if (issue.code === 'custom') return `${where}: ${issue.message}`
  // A field's issue says what the field should be; an item's (`branch_data.0`), that it should be an object; a
  // value's inside an item (`branch_data.0.branch`), a scalar's.
  const expected =
    issue.path.length === 1
      ? EXPECTED[String(issue.path[0])]
      : issue.code === 'invalid_type' && issue.expected !== 'string'
        ? 'an object'
        : undefined
  return `${where} must be ${expected ?? 'a string or number'}`
}

/** Parse a decoded body as a Trigger request; expected failures are returned, not thrown. */
export function parseTriggerRequest(body: unknown): Result<TriggerRequest> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, error: reject('not_a_trigger_request', 'the body must be an object of Trigger fields') }
  }
  if (!('call_id' in body)) {
    return { ok: false, error: reject('not_a_trigger_request', 'call_id is missing: this is not a Trigger request') }
  }
  const fast = commonRequest(body as Record<string, unknown>)
  if (fast !== undefined) return { ok: true, value: fast }
  const parsed = TriggerRequestSchema().safeParse(body)
  if (parsed.success) return { ok: true, value: { ...parsed.data, extra: extraFields(body) } }
  const messages = parsed.error.issues.slice(0, 3).map((issue) => describeIssue(issue))
  return { ok: false, error: reject('invalid_request', messages.join('; ')) }
}

/**
 * The common request (plain JSON: scalars, lists of plain objects) read without zod, as `TriggerRequestSchema` reads
 * it, with the same transforms; undefined for anything else, which the schema then reads (and refuses, if it must).
 * The schema stays the source of truth: a property test holds both to the same answer on every input.
 */
function commonRequest(body: Record<string, unknown>): TriggerRequest | undefined {
  const callId = body.call_id
  const call_id = callIdText(callId)
  const cid = scalarText(body.cid)
  const cnam = scalarText(body.cnam)
  const date_time = scalarText(body.date_time)
  const did = scalarText(body.did)
  if (call_id === '' || cid === undefined || cnam === undefined || date_time === undefined || did === undefined)
    return undefined
  const branch_data = commonSteps(decodeJsonText(body.branch_data))
  if (branch_data === undefined) return undefined
  const payment_info = commonPayments(asList(decodeJsonText(body.payment_info)))
  if (payment_info === undefined) return undefined
  const variableRecords = asList(decodeJsonText(body.variables))
  if (!plainRecords(variableRecords)) return undefined
  return {
    call_id,
    cid,
    cnam,
    contact_info: contactInfo(body.contact_info),
    date_time,
    did,
    branch_data,
    payment_info,
    variables: trimmedKeys(variableRecords),
    extra: extraFields(body),
  }
}

/** A plain object of JSON data (no prototype tricks, no `__proto__` key), the only item the fast path reads. */
function plainRecord(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__')
  )
}

function plainRecords(value: unknown): value is Record<string, unknown>[] {
  if (!Array.isArray(value)) return false
  for (const item of value) if (!plainRecord(item)) return false
  return true
}

function commonSteps(value: unknown): BranchStep[] | undefined {
  const list = value ?? []
  if (!plainRecords(list)) return undefined
  const steps: BranchStep[] = []
  for (const item of list) {
    const branch = scalarText(item.branch)
    const input = scalarText(item.input)
    if (branch === undefined || input === undefined) return undefined
    steps.push({ branch, input })
  }
  return steps
}

function commonPayments(value: unknown): Payment[] | undefined {
  if (!plainRecords(value)) return undefined
  const payments: Payment[] = []
  for (const item of value) {
    const amount = scalarText(item.amount)
    const last = scalarText(item.last_four)
    const transaction_id = scalarText(item.transaction_id)
    if (amount === undefined || last === undefined || transaction_id === undefined) return undefined
    payments.push({ amount_cents: amountCents(amount), last_four: lastFour(last), transaction_id })
  }
  return payments
}
