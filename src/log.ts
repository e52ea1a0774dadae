import { type Bounds, NO_NAMES, redactWithin, unchangedJsonWithin } from './redact.ts'

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
  return new LineLogger(RANK[options.level ?? 'info'], options.write ?? ((line: string) => console.log(line)))
}

/**
 * A logger that writes lines (`jsonLogger`), or one the engine scrubs its own records with over such a logger: it
 * makes each line itself, in one step.
 */
class LineLogger implements Logger {
  readonly #minimum: number
  readonly #sink: (line: string) => void
  readonly #secrets: readonly string[]
  readonly #secretNames: readonly string[]
  /**
   * Whether a flat record's line is written without copying the record (`unchangedJsonWithin`), which reads each
   * field twice: only for the engine's own records (literals, spreads), never a caller's object with getters.
   */
  readonly #engineRecords: boolean
  /**
   * An own function, so `const { write } = logger` still works; assigned in the constructor, not a class field: the
   * engine makes one per call, and a named function per call costs (CONTRIBUTING.md).
   */
  readonly write: (record: LogRecord) => void

  constructor(
    minimum: number,
    sink: (line: string) => void,
    secrets: readonly string[] = [],
    secretNames: readonly string[] = NO_NAMES,
    engineRecords = false,
  ) {
    this.#minimum = minimum
    this.#sink = sink
    this.#secrets = secrets
    this.#secretNames = secretNames
    this.#engineRecords = engineRecords
    this.write = (record) => {
      if (RANK[record.level] < this.#minimum) return
      const secrets = this.#secrets
      const secretNames = this.#secretNames
      const line =
        SafeLine.of(record) ??
        (this.#engineRecords && record.event !== CAPTURE_EVENT
          ? unchangedJsonWithin(record, LOG_BOUNDS, secrets, secretNames)
          : undefined) ??
        safeLine(safeRecord(record, secrets, secretNames))
      this.#sink(line)
    }
  }

  /**
   * `logger` scrubbing with `secrets` and `secretNames` as well, if it is a line logger whose own redaction they
   * include (none of its own secrets, the same names or none): then one logger does both.
   */
  static scrubbing(logger: Logger, secrets: readonly string[], secretNames: readonly string[]): LineLogger | undefined {
    if (!(logger instanceof LineLogger) || logger.#secrets.length > 0) return undefined
    if (logger.#secretNames.length > 0 && logger.#secretNames !== secretNames) return undefined
    return new LineLogger(logger.#minimum, logger.#sink, secrets, secretNames, true)
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
  let safe = redactWithin(record, bounds, secrets, secretNames) as LogRecord
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

/**
 * A logger that hands `logger` only safe records: redacted, bounded, with the given secret values (a request's own
 * card data) cut out and the values of fields named in `secretNames` (besides `DEFAULT_SECRET_NAMES`) blanked. The
 * engine wraps every configured logger in it, so a custom logger never sees raw data. For the engine's own records:
 * over a `jsonLogger` it writes the line itself, and a flat record's fields are read twice.
 */
export function scrubbing(
  logger: Logger,
  secrets: readonly string[] = [],
  secretNames: readonly string[] = NO_NAMES,
): Logger {
  // Nothing is written, so nothing needs making safe.
  if (logger === silentLogger) return silentLogger
  return LineLogger.scrubbing(logger, secrets, secretNames) ?? new ScrubbedLogger(logger, secrets, secretNames)
}

/** Any other logger, handed only records made safe. */
class ScrubbedLogger implements Logger {
  /** Assigned, as `LineLogger`'s: one is made per call. */
  readonly write: (record: LogRecord) => void

  constructor(logger: Logger, secrets: readonly string[], secretNames: readonly string[]) {
    this.write = (record) => logger.write(safeRecord(record, secrets, secretNames))
  }
}
