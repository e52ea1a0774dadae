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
const ESSENTIAL_FIELDS = [
  'level',
  'event',
  'call_id',
  'trigger',
  'flow',
  'version',
  'outcome',
  'route',
  'reason',
  'lookup',
]

/** A class whose constructor hands back the object it is given, so a subclass can add a private field to it. */
class Given {
  constructor(object: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: `SafeLine` stamps an object it did not make.
    return object
  }
}

/**
 * On a record already made safe: its JSON line, in a private field (neither logged, spread nor compared, and far
 * cheaper to add than a property: a quarter of a line's cost went to `Object.defineProperty`).
 */
class SafeLine extends Given {
  readonly #line: string

  private constructor(record: LogRecord, line: string) {
    super(record)
    this.#line = line
  }

  static stamp(record: LogRecord, line: string): void {
    new SafeLine(record, line)
  }

  static of(record: object): string | undefined {
    return #line in record ? (record as SafeLine).#line : undefined
  }
}
/** Strings are cut this much longer than kept before card numbers are looked for: a card crossing the cut is seen. */
const CLIP_MARGIN = 64

/**
 * What a logger writes: the record redacted (and `secrets` cut out, and the values of fields named in `secretNames`
 * blanked) and bounded, in one pass. Strings are clipped before they are searched, so a huge field costs no more
 * than a short one; a record already made safe (a logger wrapped in `scrubbing`) is passed on as it is.
 */
export function safeRecord(
  record: LogRecord,
  secrets: readonly string[] = [],
  secretNames: readonly string[] = NO_NAMES,
): LogRecord {
  if (SafeLine.of(record) !== undefined) return record
  const bounds = boundsOf(record)
  let safe = redactValue(record, redaction(secrets, secretNames), 0, bounds, false) as LogRecord
  let line = JSON.stringify(safe)
  if (line.length > bounds.line || (bounds === CAPTURE_BOUNDS && capturedRequestTooLarge(record, safe))) {
    const essential: Record<string, unknown> = {}
    for (const field of ESSENTIAL_FIELDS) if (safe[field] !== undefined) essential[field] = safe[field]
    safe = { ...(essential as LogRecord), truncated: true }
    line = JSON.stringify(safe)
  }
  SafeLine.stamp(safe, line)
  return safe
}

/** The JSON line a logger writes for `record`: made safe as `safeRecord` does, once. */
export function logLine(record: LogRecord): string {
  return safeLine(safeRecord(record))
}

/**
 * What a capture may add to its request's own size: the fields the parser fills in (`cnam: ""`, `extra: {}`…) and
 * the quotes a JSON line puts around names and values.
 */
const CAPTURE_REQUEST_ALLOWANCE = 1024

/**
 * Whether the request a capture writes would be larger than the request received: written as JSON, a byte the
 * request sent raw (a control character in a form, a quote) can take six, so a request is captured whole only when
 * its line is no larger. The size received is counted from the request before it is made safe, at its least: one
 * separator per name and per value, as a form sends them; a JSON body sent more.
 */
function capturedRequestTooLarge(record: LogRecord, safe: LogRecord): boolean {
  const received = smallestEncoding(record.request, 0)
  return utf8Length(JSON.stringify(safe.request) ?? '') > received + CAPTURE_REQUEST_ALLOWANCE
}

/** The fewest bytes a body holding `value` takes on the wire: names and values, one separator each. */
function smallestEncoding(value: unknown, depth: number): number {
  if (value === null || value === undefined) return 0
  if (typeof value !== 'object') return utf8Length(String(value)) + 1
  if (depth > CAPTURE_BOUNDS.depth) return 0
  let size = 0
  if (Array.isArray(value)) for (const item of value) size += smallestEncoding(item, depth + 1)
  else for (const [key, item] of Object.entries(value)) size += utf8Length(key) + 1 + smallestEncoding(item, depth + 1)
  return size
}

/** The UTF-8 size of `text`: two bytes per unit from U+0080, three from U+0800, four per surrogate pair. */
function utf8Length(text: string): number {
  let bytes = text.length
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2
  }
  return bytes
}

/** The JSON line of a record made safe by `safeRecord`. */
function safeLine(record: LogRecord): string {
  return SafeLine.of(record) as string
}

/** Field names whose values are card data or secrets, wherever they appear. */
const SENSITIVE_KEY = /cvv|cvc|cvn|card|expir|^exp$|^pan$|security.?code|passw|secret|token|auth/i
const REDACTED = '[redacted]'

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

const NO_NAMES: readonly string[] = []
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
 * the platform's numbers, times. A card value is never cut out of them (a cvv `100` equal to a branch `100` would
 * corrupt the path and, by the hole it leaves, tell the cvv); card numbers are still masked in them.
 */
const STRUCTURAL_FIELDS = new Set([
  'level',
  'event',
  'v',
  'at',
  'time_zone',
  'call_id',
  'trigger',
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
  if (typeof value === 'string') {
    // Clipped before it is searched (a short string is not copied); cut again if cutting secrets out lengthened it.
    const clean = redactText(value.slice(0, bounds.field + CLIP_MARGIN), structural ? NO_SECRETS : cut.secrets)
    return clean.length > bounds.field ? `${clean.slice(0, bounds.field - 1)}…` : clean
  }
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
    const name = key.length > 64 && bounds !== UNBOUNDED ? `${key.slice(0, 63)}…` : key
    const kind = cut.names.kind(key)
    if (kind === SECRET) copy[name] = REDACTED
    else {
      const item = (object as Record<string, unknown>)[key]
      copy[name] = redactValue(
        key === 'payment_info' ? safePayments(item) : item,
        cut,
        depth + 1,
        bounds,
        structural || kind === STRUCTURAL,
      )
    }
  }
  return copy
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

const KEYED_DIGITS = /^[0-9]{1,19}$/
/** After a card keyed as inputs, how many steps on its expiry, cvv and zip may be keyed (a confirmation between). */
const STEPS_AFTER_CARD = 4
/** What the caller keys for an expiry (MMYY, MMYYYY), a cvv (3–4) or a zip (5): masked after a keyed card. */
const CARD_DETAIL = /^[0-9]{3,6}$/

/**
 * Steps of a call's path (`{branch, input}`) whose inputs are a card keyed at portal menus: digit inputs in a row
 * that together make 13–19 digits keyed as a card is printed (at one prompt, in fours, or 4-6-5 / 4-6-4), and the
 * 3–6-digit inputs keyed just after it (expiry, cvv, zip). Undefined for a list that is not a path, or holds no card.
 * Menu keys before the card stay readable: a 1-digit input does not start a card.
 */
function keyedCardSteps(items: readonly unknown[]): Set<number> | undefined {
  const first = items[0]
  if (first === null || typeof first !== 'object' || typeof (first as { input?: unknown }).input !== 'string')
    return undefined
  const sizes = items.map((item) => {
    const input = item !== null && typeof item === 'object' ? (item as { input?: unknown }).input : undefined
    return typeof input === 'string' && KEYED_DIGITS.test(input) ? input.length : 0
  })
  let keyed: Set<number> | undefined
  for (let start = 0; start < sizes.length; start++) {
    const end = keyedCardEnd(sizes, start)
    if (end < 0) continue
    keyed ??= new Set()
    for (let step = start; step <= end; step++) keyed.add(step)
    // Its expiry, cvv and zip come next (they are not the start of another card).
    let step = end + 1
    for (; step <= end + STEPS_AFTER_CARD && (sizes[step] ?? 0) > 0; step++)
      if (CARD_DETAIL.test(String((items[step] as { input: string }).input))) keyed.add(step)
    start = step - 1
  }
  return keyed
}

/** The last step of the longest card keyed from `start` (inputs of `sizes` digits; 0 for none), or -1. */
function keyedCardEnd(sizes: readonly number[], start: number): number {
  let total = 0
  let end = -1
  for (let step = start; (sizes[step] ?? 0) > 0; step++) {
    const size = sizes[step] ?? 0
    total += size
    if (total > 19) break
    const amex = step === start + 1 && size === 6 && total === 10
    if (total >= 13 && (step === start || size <= 4 || (step === start + 2 && total - size === 10))) end = step
    // Only fours, or Amex's 4 then 6, go on to another group.
    if (!((size === 4 && total % 4 === 0) || amex)) break
  }
  return end
}

/**
 * Free text with card numbers and expiry and security-code phrases masked, and `secrets` (the request's own card
 * values) cut out.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let clean = maskCardData(text)
  for (const secret of secrets) if (secret.length >= 3) clean = cutOut(clean, secret)
  return clean
}

/** Words that may introduce an expiry or a security code: only text holding one is searched further. */
const PHRASE_HINT = /exp|thru|through|cv|csc|cid|code/i
/**
 * Between a phrase's words and its value: spaces, `:`, `=`, `#`, `is`. Every repeat in these patterns is bounded, so
 * a long run of spaces costs linear time, not quadratic.
 */
const GAP = String.raw`(?:[\s:=#]|\bis\b){0,6}`
/** "exp 12/25", "Expires: 01/2031", "valid thru 1225": the words kept, the month and year masked. */
const EXPIRY_PHRASE = new RegExp(
  String.raw`(\b(?:exp(?:iry|iration|ires)?\.?(?:\s{0,2}date)?|(?:valid|good)\s{1,3}(?:thru|through|until))${GAP})(?:0?[1-9]|1[0-2])\s{0,2}[/\-.]?\s{0,2}(?:20)?[0-9]{2}(?![0-9])`,
  'gi',
)
/** "cvc 737", "CVV2: 0421", "security code is 123": the words kept, the code masked. */
const SECURITY_CODE_PHRASE = new RegExp(
  String.raw`(\b(?:cvv2?|cvc2?|cvn|csc|cid|sec(?:urity)?\.?\s{0,2}code)${GAP})[0-9]{3,4}(?![0-9])`,
  'gi',
)

/** Expiry dates and security codes written after the words that name them, masked. */
function maskCardPhrases(text: string): string {
  if (!PHRASE_HINT.test(text)) return text
  return text.replace(EXPIRY_PHRASE, `$1${REDACTED}`).replace(SECURITY_CODE_PHRASE, `$1${REDACTED}`)
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
  const masked = maskWithoutCache(text, false)
  lastMasked = { text, masked }
  return masked
}

let lastMasked = { text: '', masked: '' }

/** Card numbers, and expiry and security-code phrases, masked: what every logged string goes through. */
function maskCardData(text: string): string {
  if (text === lastData.text) return lastData.masked
  const masked = maskWithoutCache(text, true)
  lastData = { text, masked }
  return masked
}

let lastData = { text: '', masked: '' }

function maskWithoutCache(text: string, phrases: boolean): string {
  let digitCount = 0
  let ascii = true
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 48 && code <= 57) digitCount++
    else if (code > 127) ascii = false
  }
  // A phrase's value has three digits at least; a card number thirteen.
  if (ascii && digitCount < 13) return phrases && digitCount >= 3 ? maskCardPhrases(text) : text
  const source = ascii ? text : text.normalize('NFKC')
  const masks = cardSpans(source, ascii)
  if (masks.length === 0) return phrases ? maskCardPhrases(text) : text
  let masked = ''
  let from = 0
  for (const [start, end] of masks) {
    masked += `${source.slice(from, start)}${REDACTED}`
    from = end
  }
  masked += source.slice(from)
  return phrases ? maskCardPhrases(masked) : masked
}

/** Where card-number-like digits stand in `source` (already normalised), as `[start, end)` spans in order. */
function cardSpans(source: string, ascii: boolean): [number, number][] {
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
  return masks
}

/**
 * A logger that hands `logger` only safe records: redacted, bounded, with the given secret values (a request's own
 * card data) cut out and the values of fields named in `secretNames` (besides `DEFAULT_SECRET_NAMES`) blanked. The engine wraps every configured logger in it, so a custom logger never sees raw data.
 */
export function scrubbing(
  logger: Logger,
  secrets: readonly string[] = [],
  secretNames: readonly string[] = NO_NAMES,
): Logger {
  // Nothing is written, so nothing needs making safe.
  if (logger === silentLogger) return silentLogger
  return { write: (record) => logger.write(safeRecord(record, secrets, secretNames)) }
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
