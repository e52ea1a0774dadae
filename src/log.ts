export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** One structured log line. `event` names what happened; other fields are data. */
export interface LogRecord {
  readonly level: LogLevel
  readonly event: string
  readonly [field: string]: unknown
}

export interface Logger {
  write(record: LogRecord): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Longest string a log field keeps, and longest line a logger writes (characters). */
export const MAX_LOG_FIELD_CHARS = 200
export const MAX_LOG_LINE_CHARS = 2048

/** The event of a capture line (`TRIGGER_CAPTURE`): a whole exchange, written on purpose, for replay. */
export const CAPTURE_EVENT = 'capture'

interface Bounds {
  /** Longest string kept. */
  readonly field: number
  /** Longest line. */
  readonly line: number
  /** Most entries kept of a list or an object. */
  readonly items: number
  /** Deepest nesting kept. */
  readonly depth: number
}

/** Every log line: short fields, short lines, so no request can flood the log. */
const LOG_BOUNDS: Bounds = { field: MAX_LOG_FIELD_CHARS, line: MAX_LOG_LINE_CHARS, items: 20, depth: 4 }
/**
 * A capture line holds a whole request (at most 64 KiB) and its caller records, so replay can run it again: it is
 * bounded too, more widely, and only written while capture is on.
 */
const CAPTURE_BOUNDS: Bounds = { field: 16 * 1024, line: 256 * 1024, items: 4000, depth: 16 }

const boundsOf = (record: LogRecord) => (record.event === CAPTURE_EVENT ? CAPTURE_BOUNDS : LOG_BOUNDS)

/**
 * A logger writing one JSON line per record (what Workers, Lambda and Vercel collect from the console). Every record
 * is redacted and bounded first: no field longer than 200 characters, no line longer than 2 KiB, so no request can
 * make the log grow faster than the requests themselves.
 */
export function jsonLogger(
  options: { readonly level?: LogLevel; readonly write?: (line: string) => void } = {},
): Logger {
  const minimum = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => console.log(line))
  return {
    write(record) {
      if (RANK[record.level] >= minimum) write(safeLine(safeRecord(record)))
    },
  }
}

/** Drops everything. For benchmarks and tests that assert on answers only. */
export const silentLogger: Logger = { write() {} }

/** A logger that keeps records in memory, redacted and bounded as `jsonLogger` writes them: for tests. */
export function memoryLogger(): Logger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = []
  return {
    records,
    write(record) {
      records.push(safeRecord(record))
    },
  }
}

/** Fields kept, in this order, when a line is too long whole. */
const ESSENTIAL_FIELDS = ['level', 'event', 'call_id', 'trigger', 'flow', 'outcome', 'route', 'reason', 'lookup']

/** On a record already made safe: its JSON line (not enumerable: it is neither logged nor compared). */
const LINE = Symbol('voitex-trigger.line')
/** Strings are cut this much longer than kept before card numbers are looked for: a card crossing the cut is seen. */
const CLIP_MARGIN = 64

/**
 * What a logger writes: the record redacted (and `secrets` cut out) and bounded, in one pass. Strings are clipped
 * before they are searched, so a huge field costs no more than a short one; a record already made safe (a logger
 * wrapped in `scrubbing`) is passed on as it is.
 */
export function safeRecord(record: LogRecord, secrets: readonly string[] = []): LogRecord {
  if (Object.hasOwn(record, LINE)) return record
  const bounds = boundsOf(record)
  let safe = redactValue(record, secrets, 0, bounds) as LogRecord
  let line = JSON.stringify(safe)
  if (line.length > bounds.line) {
    const essential: Record<string, unknown> = {}
    for (const field of ESSENTIAL_FIELDS) if (safe[field] !== undefined) essential[field] = safe[field]
    safe = { ...(essential as LogRecord), truncated: true }
    line = JSON.stringify(safe)
  }
  Object.defineProperty(safe, LINE, { value: line })
  return safe
}

/** The JSON line of a record made safe by `safeRecord`. */
function safeLine(record: LogRecord): string {
  return (record as LogRecord & { readonly [LINE]: string })[LINE]
}

/** Field names whose values are card data or secrets, wherever they appear. */
const SENSITIVE_KEY = /cvv|cvc|cvn|card|expir|^exp$|^pan$|security.?code|passw|secret|token|auth/i
const REDACTED = '[redacted]'

/**
 * The one redaction used by every log line, error, transcript and stored record: sensitive field names lose
 * their values, card-number-like digit runs are masked, and `secrets` (the current request's own card data,
 * collected before its body is dropped) are cut out of every string.
 */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  return redactValue(value, secrets, 0, UNBOUNDED) as T
}

const UNBOUNDED: Bounds = {
  field: Number.POSITIVE_INFINITY,
  line: Number.POSITIVE_INFINITY,
  items: Number.POSITIVE_INFINITY,
  depth: 24,
}

/** Redacted, and within `bounds` (a log line's), in one pass: what is cut is never searched. */
function redactValue(value: unknown, secrets: readonly string[], depth: number, bounds: Bounds): unknown {
  if (typeof value === 'string') {
    // Clipped before it is searched (a short string is not copied); cut again if cutting secrets out lengthened it.
    const clean = redactText(value.slice(0, bounds.field + CLIP_MARGIN), secrets)
    return clean.length > bounds.field ? `${clean.slice(0, bounds.field - 1)}…` : clean
  }
  if (value === null || typeof value !== 'object') return value
  if (depth > bounds.depth) return bounds === UNBOUNDED ? REDACTED : '[…]'
  if (Array.isArray(value)) {
    const items = value.length > bounds.items ? value.slice(0, bounds.items) : value
    return items.map((item) => redactValue(item, secrets, depth + 1, bounds))
  }
  // An error is logged as its name and message (its stack and own fields stay out).
  const object: object = value instanceof Error ? { name: value.name, message: value.message } : value
  const copy: Record<string, unknown> = {}
  let fields = 0
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue
    if (++fields > bounds.items) break
    const name = key.length > 64 && bounds !== UNBOUNDED ? `${key.slice(0, 63)}…` : key
    if (sensitive(key)) copy[name] = REDACTED
    else {
      const item = (object as Record<string, unknown>)[key]
      copy[name] = redactValue(key === 'payment_info' ? safePayments(item) : item, secrets, depth + 1, bounds)
    }
  }
  return copy
}

/** Whether a field name is card data or a secret; the answer is kept, since the same names come in every line. */
function sensitive(key: string): boolean {
  let known = SENSITIVE_NAMES.get(key)
  if (known === undefined) {
    known = SENSITIVE_KEY.test(key)
    if (SENSITIVE_NAMES.size < 1000) SENSITIVE_NAMES.set(key, known)
  }
  return known
}

const SENSITIVE_NAMES = new Map<string, boolean>()

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

/** Free text with card numbers masked and `secrets` (the request's own card values) cut out. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let clean = maskCardNumbers(text)
  for (const secret of secrets) if (secret.length >= 3) clean = cutOut(clean, secret)
  return clean
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/**
 * `secret` cut out wherever it stands on its own: not inside a longer run of letters or digits. A cvv `312` goes
 * out of the text "typed 312", but a call id `AST10-1689867312.264` and a number `8005550123` keep their digits.
 */
function cutOut(text: string, secret: string): string {
  let result = ''
  let from = 0
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    const end = at + secret.length
    if (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[end] ?? '') || at < from) continue
    result += `${text.slice(from, at)}${REDACTED}`
    from = end
  }
  return result + text.slice(from)
}

const ANY_DIGIT = /\p{Nd}/u
/** Separators seen inside written card numbers: spaces of every kind, dashes, dots, slashes, underscores. */
const SEPARATOR = /^[\s\u00a0\u2000-\u200b\u202f\u3000.\-\u2010-\u2015\u2212_/\\|·•]{1,3}$/u

/**
 * The value of a decimal digit of any script (a code point): its place in its run of ten. Unicode encodes each
 * script's digits as runs of ten code points from zero; where runs touch, the place counts on from the first.
 */
function digitValue(code: number): number {
  if (code < 128) return code - 48
  let place = 0
  while (ANY_DIGIT.test(String.fromCodePoint(code - place - 1))) place++
  return place % 10
}

/** The Luhn check over `digits[from, to)`, which every real card number passes. */
function luhn(digits: Uint8Array, from: number, to: number): boolean {
  let sum = 0
  for (let index = to - 1, place = 0; index >= from; index--, place++) {
    const digit = digits[index] ?? 0
    sum += place % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
  }
  return sum % 10 === 0
}

/**
 * Mask card-number-like digits in free text: 13–19 digits written as card numbers are (one run, or groups separated
 * by one or two spaces, dashes, dots or slashes), any grouping of short groups that passes Luhn, and any longer run
 * (a card number run together with its expiry); in any script's digits (full-width, Arabic-Indic, Osmanya…, read
 * after Unicode normalisation), wherever they sit (`x4929123456789012y`).
 * Call ids such as `AST10-1689867312.264` and dates are not card-shaped and stay readable.
 */
export function maskCardNumbers(text: string): string {
  // The same text comes again and again: a request's call id is in each of its log lines.
  if (text === lastMasked.text) return lastMasked.masked
  const masked = maskWithoutCache(text)
  lastMasked = { text, masked }
  return masked
}

let lastMasked = { text: '', masked: '' }

function maskWithoutCache(text: string): string {
  let digitCount = 0
  let ascii = true
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 48 && code <= 57) digitCount++
    else if (code > 127) ascii = false
  }
  if (ascii && digitCount < 13) return text
  const source = ascii ? text : text.normalize('NFKC')
  // Digit groups: where each starts and ends in the text, and where its digits start in `digits`.
  const digits = new Uint8Array(source.length)
  const starts: number[] = []
  const ends: number[] = []
  const offsets: number[] = []
  let count = 0
  // By code point: some scripts' digits lie outside the BMP (Osmanya, Brahmi, Adlam…).
  for (let index = 0, width = 1; index < source.length; index += width) {
    const code = ascii ? source.charCodeAt(index) : (source.codePointAt(index) ?? 0)
    width = code > 0xffff ? 2 : 1
    if (!((code >= 48 && code <= 57) || (code > 127 && ANY_DIGIT.test(String.fromCodePoint(code))))) continue
    if (ends.at(-1) !== index) {
      starts.push(index)
      offsets.push(count)
      ends.push(index)
    }
    digits[count++] = digitValue(code)
    ends[ends.length - 1] = index + width
  }
  offsets.push(count)
  const groups = starts.length
  // Whether each group follows the one before it across a separator of one to three characters (the first's is unused).
  const joined = starts.map((start, group) => SEPARATOR.test(source.slice(ends[group - 1], start)))
  const masks: [number, number][] = []
  const mask = (start: number, end: number) => {
    const previous = masks.at(-1)
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end)
    else masks.push([start, end])
  }
  for (let first = 0; first < groups; first++) {
    let ones = true
    let foursBefore = true
    let short = true
    for (let last = first; last < groups; last++) {
      if (last > first && !joined[last]) break
      const size = (offsets[last + 1] ?? 0) - (offsets[last] ?? 0)
      const total = (offsets[last + 1] ?? 0) - (offsets[first] ?? 0)
      if (total > 19) {
        // A longer run can hold a card number run together with more digits (its expiry): it is masked whole.
        if (last === first) mask(starts[first] ?? 0, ends[first] ?? 0)
        break
      }
      if (last > first && (offsets[last] ?? 0) - (offsets[last - 1] ?? 0) !== 4) foursBefore = false
      ones &&= size === 1
      short &&= size <= 6
      if (total < 13) continue
      const amex =
        last - first === 2 &&
        (offsets[first + 1] ?? 0) - (offsets[first] ?? 0) === 4 &&
        (offsets[first + 2] ?? 0) - (offsets[first + 1] ?? 0) === 6 &&
        (size === 5 || size === 4)
      const written = last === first || ones || amex || (foursBefore && size <= 4)
      // Other groupings of short groups count when the digits pass Luhn, as every real card number does.
      if (written || (short && luhn(digits, offsets[first] ?? 0, offsets[last + 1] ?? 0)))
        mask(starts[first] ?? 0, ends[last] ?? 0)
    }
  }
  if (masks.length === 0) return text
  let masked = ''
  let from = 0
  for (const [start, end] of masks) {
    masked += `${source.slice(from, start)}${REDACTED}`
    from = end
  }
  return masked + source.slice(from)
}
/**
 * A logger that hands `logger` only safe records: redacted, bounded, and with the given secret values (a request's
 * own card data) cut out. The engine wraps every configured logger in it, so a custom logger never sees raw data.
 */
export function scrubbing(logger: Logger, secrets: readonly string[] = []): Logger {
  // Nothing is written, so nothing needs making safe.
  if (logger === silentLogger) return silentLogger
  return { write: (record) => logger.write(safeRecord(record, secrets)) }
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
      const text = String(value).trim()
      if (text.length >= 3) secrets.push(text)
    }
  }
  return secrets
}
