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

/**
 * A logger writing one JSON line per record (what Workers, Lambda and Vercel collect from the console).
 * Every record passes through `redact` first.
 */
export function jsonLogger(
  options: { readonly level?: LogLevel; readonly write?: (line: string) => void } = {},
): Logger {
  const minimum = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => console.log(line))
  return {
    write(record) {
      if (RANK[record.level] >= minimum) write(JSON.stringify(redact(record)))
    },
  }
}

/** Drops everything. For benchmarks and tests that assert on answers only. */
export const silentLogger: Logger = { write() {} }

/** A logger that keeps records in memory, for tests and the simulator's transcript. */
export function memoryLogger(): Logger & { readonly records: LogRecord[] } {
  const records: LogRecord[] = []
  return {
    records,
    write(record) {
      records.push(redact(record) as LogRecord)
    },
  }
}

/** Field names whose values are card data or secrets, wherever they appear. */
const SENSITIVE_KEY = /cvv|cvc|cvn|card|expir|^exp$|^pan$|security.?code|passw|secret|token|auth/i
const REDACTED = '[redacted]'
/** A run of 12–19 digits (optionally spaced or dashed) is treated as a card number. */
const CARD_NUMBER = /\b(?:\d[ -]?){11,18}\d\b/g

/**
 * The one redaction used by every log line, error, transcript and stored record: sensitive field names lose
 * their values, card-number-like digit runs are masked, and `secrets` (the current request's own card data,
 * collected before its body is dropped) are cut out of every string.
 */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  return redactValue(value, secrets, 0) as T
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return REDACTED
  if (value instanceof Error) return redactValue({ name: value.name, message: value.message }, secrets, depth + 1)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1))
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (SENSITIVE_KEY.test(key)) copy[key] = REDACTED
    else if (key === 'payment_info') copy[key] = redactValue(safePayments(item), secrets, depth + 1)
    else copy[key] = redactValue(item, secrets, depth + 1)
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

export function redactText(text: string, secrets: readonly string[] = []): string {
  let clean = text.replace(CARD_NUMBER, REDACTED)
  for (const secret of secrets)
    if (secret.length >= 3 && clean.includes(secret)) clean = clean.replaceAll(secret, REDACTED)
  return clean
}

/** A logger that also cuts the given secret values out of everything it writes. */
export function scrubbing(logger: Logger, secrets: readonly string[]): Logger {
  if (secrets.length === 0) return logger
  return { write: (record) => logger.write(redact(record, secrets)) }
}

/**
 * Card values found in a raw request body (every field of `payment_info` other than the safe ones), so that a request's own card data can be cut out of anything written while it is handled.
 */
export function cardSecrets(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return []
  let payments: unknown = (body as Record<string, unknown>).payment_info
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
      if (SAFE_PAYMENT_FIELDS.has(key) || value == null || typeof value === 'object') continue
      const text = String(value).trim()
      if (text.length >= 3) secrets.push(text)
    }
  }
  return secrets
}
