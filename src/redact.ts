import { holdsNoCardData, keyedCardSteps, REDACTED, redactText } from './card-data.ts'
import { trimmed } from './trim.ts'

/** How much of a value redaction keeps (a log line keeps little, `redact` everything). */
export interface Bounds {
  /** Longest string kept. */
  readonly field: number
  /** Longest line. */
  readonly line: number
  /** Most entries kept of a list or an object. */
  readonly items: number
  /** Deepest nesting kept. */
  readonly depth: number
}

/** Strings are cut this much longer than kept before card numbers are looked for: a card crossing the cut is seen. */
const CLIP_MARGIN = 64
/** Longest field name a bounded line keeps whole. */
const LONGEST_NAME = 64
/** The raw payments of a request: reduced to their safe fields wherever they appear. */
const PAYMENTS_FIELD = 'payment_info'

/** Field names whose values are card data or secrets, wherever they appear. */
const SENSITIVE_KEY = /cvv|cvc|cvn|card|expir|^exp$|^pan$|security.?code|passw|secret|token|auth/i

/**
 * Names whose values are secrets, besides card fields: a variable or logged field so named is blanked. Matched on
 * the name trimmed, in snake case and lower case (`callerPin`, `API-KEY` and `caller_pin ` read as `caller_pin`,
 * `api_key`); `*` stands for any run of characters. An app adds its own (`secretNames`, `TRIGGER_SECRET_NAMES`).
 */
export const DEFAULT_SECRET_NAMES: readonly string[] = [
  'pin',
  '*_pin',
  'pin_*',
  'passcode',
  '*_passcode',
  'password',
  '*_password',
  'ssn',
  '*_ssn',
  'api_key',
  '*_api_key',
  'apikey',
  'token',
  '*_token',
  'secret',
  '*_secret',
  'bearer',
  '*_bearer',
]

/** `TRIGGER_SECRET_NAMES` (or any list of names) read: comma-separated, trimmed, empty names dropped. */
export function secretNamesSetting(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  return names.length > 0 ? names : undefined
}

/** A name as secret names are matched: trimmed, camelCase and `-`, `.`, spaces as `_`, lower case. */
function nameForm(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toLowerCase()
}

/** What a field name says of its value: a secret (blanked), structural (no card value cut out of it), or neither. */
const PLAIN = 0
const SECRET = 1
const STRUCTURAL = 2
type FieldKind = typeof PLAIN | typeof SECRET | typeof STRUCTURAL

/** Which field names are blanked: the built-in card and secret names, and `extra` (an app's own). */
class SecretNames {
  readonly #extra: RegExp
  readonly #known = new Map<string, FieldKind>()

  constructor(extra: readonly string[]) {
    const globs = [...DEFAULT_SECRET_NAMES, ...extra].map((name) =>
      nameForm(name)
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    this.#extra = new RegExp(`^(?:${globs.join('|')})$`)
  }

  /** What `key` names; the answer is kept, since the same names come in every line. */
  kind(key: string): FieldKind {
    let known = this.#known.get(key)
    if (known === undefined) {
      known =
        SENSITIVE_KEY.test(key) || this.#extra.test(nameForm(key))
          ? SECRET
          : STRUCTURAL_FIELDS.has(key)
            ? STRUCTURAL
            : PLAIN
      if (this.#known.size < 1000) this.#known.set(key, known)
    }
    return known
  }
}

export const NO_NAMES: readonly string[] = []
const NO_SECRETS: readonly string[] = []
const DEFAULT_NAMES = new SecretNames(NO_NAMES)
/** Each list of names compiled once: a runtime hands the same list with every request. */
const compiledNames = new WeakMap<readonly string[], SecretNames>()

function namesFor(secretNames: readonly string[]): SecretNames {
  if (secretNames === NO_NAMES || secretNames.length === 0) return DEFAULT_NAMES
  let names = compiledNames.get(secretNames)
  if (!names) {
    names = new SecretNames(secretNames)
    compiledNames.set(secretNames, names)
  }
  return names
}

/** What one redaction cuts out: a request's card values, and the values of fields with secret names. */
interface Redaction {
  readonly secrets: readonly string[]
  readonly names: SecretNames
}

const DEFAULT_REDACTION: Redaction = { secrets: [], names: DEFAULT_NAMES }

function redaction(secrets: readonly string[], secretNames: readonly string[]): Redaction {
  return secrets.length === 0 && secretNames === NO_NAMES
    ? DEFAULT_REDACTION
    : { secrets, names: namesFor(secretNames) }
}

/**
 * Fields whose values say where a call is and what was answered, never what a caller said: branch numbers, ids,
 * the platform's numbers, times, the version that answered. A card value is never cut out of them (a cvv `100` equal
 * to a branch `100` would corrupt the path and, by the hole it leaves, tell the cvv); card numbers are still masked in
 * them.
 */
const STRUCTURAL_FIELDS = new Set([
  'level',
  'event',
  'v',
  'at',
  'time_zone',
  'call_id',
  'trigger',
  'version',
  'flow',
  'outcome',
  'route',
  'reason',
  'lookup',
  'duration_ms',
  'cid',
  'did',
  'date_time',
  'branch',
  'goto',
  'inputs',
  'album',
  'sort',
  'phone',
  'amount',
  'amount_cents',
  'last_four',
  'transaction_id',
])

/**
 * The one redaction used by every log line, error, transcript and stored record: sensitive field names lose
 * their values, card-number-like digit runs and expiry and security-code phrases are masked, a card keyed as
 * inputs is masked, and `secrets` (the current request's own card data, collected before its body is dropped) are
 * cut out of every string that is not structural.
 */
export function redact<T>(value: T, secrets: readonly string[] = [], secretNames: readonly string[] = NO_NAMES): T {
  return redactValue(value, redaction(secrets, secretNames), 0, UNBOUNDED, false) as T
}

/** `value` redacted as `redact` does, and within `bounds` (a log line's), in one pass. */
export function redactWithin(
  value: unknown,
  bounds: Bounds,
  secrets: readonly string[] = [],
  secretNames: readonly string[] = NO_NAMES,
): unknown {
  return redactValue(value, redaction(secrets, secretNames), 0, bounds, false)
}

const UNBOUNDED: Bounds = {
  field: Number.POSITIVE_INFINITY,
  line: Number.POSITIVE_INFINITY,
  items: Number.POSITIVE_INFINITY,
  depth: 24,
}

/**
 * Redacted, and within `bounds` (a log line's), in one pass: what is cut is never searched. Under a structural
 * field, card values are not cut out.
 */
function redactValue(value: unknown, cut: Redaction, depth: number, bounds: Bounds, structural: boolean): unknown {
  if (typeof value === 'string') return redactString(value, cut, bounds, structural)
  if (value === null || typeof value !== 'object') return value
  if (depth > bounds.depth) return bounds === UNBOUNDED ? REDACTED : '[…]'
  if (Array.isArray(value)) {
    const keyed = keyedCardSteps(value)
    const items = value.length > bounds.items ? value.slice(0, bounds.items) : value
    return items.map((item, index) =>
      redactValue(
        keyed?.has(index) ? { ...(item as object), input: REDACTED } : item,
        cut,
        depth + 1,
        bounds,
        structural,
      ),
    )
  }
  // An error is logged as its name and message (its stack and own fields stay out).
  const object: object = value instanceof Error ? { name: value.name, message: value.message } : value
  const copy: Record<string, unknown> = {}
  let fields = 0
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue
    if (++fields > bounds.items) break
    const name = key.length > LONGEST_NAME && bounds !== UNBOUNDED ? `${key.slice(0, LONGEST_NAME - 1)}…` : key
    const kind = cut.names.kind(key)
    if (kind === SECRET) copy[name] = REDACTED
    else {
      const item = (object as Record<string, unknown>)[key]
      copy[name] = redactValue(
        key === PAYMENTS_FIELD ? safePayments(item) : item,
        cut,
        depth + 1,
        bounds,
        structural || kind === STRUCTURAL,
      )
    }
  }
  return copy
}

/** A string redacted and clipped to `bounds.field`. */
function redactString(value: string, cut: Redaction, bounds: Bounds, structural: boolean): string {
  // Most strings are short ASCII with few digits: nothing to clip or mask, and no card value to cut if none is given.
  if (value.length <= bounds.field && (structural || cut.secrets.length === 0) && holdsNoCardData(value)) return value
  // Clipped before it is searched (a short string is not copied); cut again if cutting secrets out lengthened it.
  const clean = redactText(value.slice(0, bounds.field + CLIP_MARGIN), structural ? NO_SECRETS : cut.secrets)
  return clean.length > bounds.field ? `${clean.slice(0, bounds.field - 1)}…` : clean
}

/**
 * A flat record's JSON when redaction leaves it as it is (a plain object of strings, numbers, booleans and nulls, no
 * secret names, nothing masked, within `bounds`): `JSON.stringify(record)`, with no copy made. Undefined otherwise:
 * the caller takes the general path.
 */
export function unchangedJsonWithin(
  record: object,
  bounds: Bounds,
  secrets: readonly string[],
  secretNames: readonly string[],
): string | undefined {
  const prototype = Object.getPrototypeOf(record)
  if (prototype !== Object.prototype && prototype !== null) return undefined
  const cut = redaction(secrets, secretNames)
  let fields = 0
  // No `Object.hasOwn` per key: a key planted on Object.prototype is only checked too (stricter), and the line is
  // `JSON.stringify`, which writes own keys alone.
  for (const key in record) {
    // What the general path treats apart: too many fields, a long name, `__proto__`, the payments.
    if (++fields > bounds.items || key.length > LONGEST_NAME || key === '__proto__' || key === PAYMENTS_FIELD)
      return undefined
    const kind = cut.names.kind(key)
    if (kind === SECRET) return undefined
    const value = (record as Record<string, unknown>)[key]
    if (typeof value === 'string') {
      if (redactString(value, cut, bounds, kind === STRUCTURAL) !== value) return undefined
    } else if (
      typeof value === 'object'
        ? value !== null
        : typeof value !== 'number' && typeof value !== 'boolean' && value !== undefined
    )
      return undefined
  }
  const json = JSON.stringify(record)
  return json.length > bounds.line ? undefined : json
}

/** The only payment fields safe to show (the vendor: "Only the last four digits and the amount"), plus the id. */
const SAFE_PAYMENT_FIELDS = new Set(['amount', 'amount_cents', 'last_four', 'transaction_id'])

/** A raw `payment_info` (as the platform sends it) reduced to what is safe to show: amount, last four, transaction id. */
function safePayments(value: unknown): unknown {
  if (value == null) return value
  if (typeof value === 'string') return REDACTED
  const entries = Array.isArray(value) ? value : [value]
  return entries.map((entry) =>
    entry !== null && typeof entry === 'object'
      ? Object.fromEntries(Object.entries(entry).filter(([field]) => SAFE_PAYMENT_FIELDS.has(field)))
      : REDACTED,
  )
}

/**
 * Card values found in a raw request body (every field of `payment_info` other than the safe ones), so that a request's own card data can be cut out of anything written while it is handled.
 */
export function cardSecrets(body: unknown): string[] {
  let payments = (body as { readonly payment_info?: unknown } | null | undefined)?.payment_info
  if (typeof payments === 'string') {
    const text = payments
    try {
      payments = JSON.parse(text)
    } catch {
      return text.length >= 3 ? [text] : []
    }
  }
  const secrets: string[] = []
  const entries = Array.isArray(payments) ? payments : [payments]
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object') continue
    for (const [key, value] of Object.entries(entry)) {
      // Card values are text or numbers; a flag (`true`) is no secret, and cutting it out would blank every "true".
      if (SAFE_PAYMENT_FIELDS.has(key) || (typeof value !== 'string' && typeof value !== 'number')) continue
      const text = trimmed(String(value))
      if (text.length >= 3) secrets.push(text)
    }
  }
  return secrets
}
