/**
 * Reading production logs for `voitex-trigger report`, one line at a time, whatever carried them:
 *
 * - this toolkit's JSON lines as printed on stdout (`npm start`, `wrangler dev`, a container's log), with or without a
 *   prefix before the `{` (a timestamp, `journalctl`'s host and unit);
 * - CloudWatch Logs: Lambda's text lines `2023-07-20T15:35:35.000Z\t<request id>\tINFO\t{…}` (as `aws logs tail` or an
 *   export to S3 prints them, each line maybe behind one more timestamp), and JSON log events one per line
 *   `{"timestamp": 1689867335000, "message": "…"}` (`aws logs filter-log-events --output json | jq -c '.events[]'`,
 *   a subscription, or Lambda's JSON log format); a whole `filter-log-events` document (`{"events": [...]}`) too;
 * - `wrangler tail --format json`: one object per Worker event, printed over several lines (indented by 4), with our
 *   lines in `logs[].message[]`, the time in `eventTimestamp` and the Worker's `outcome`;
 * - capture files (`TRIGGER_CAPTURE_FILE`): capture lines.
 *
 * A line that cannot be read is counted and skipped; nothing in the input is fatal, and memory stays bounded.
 */

/** One of our log records, and when it was written if the platform said (ms since the epoch). */
export interface LogEntry {
  readonly record: Readonly<Record<string, unknown>>
  readonly at: number | undefined
}

/** A multi-line document (a `wrangler tail` event) larger than this is skipped as unreadable. */
const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024

const ISO_TIME = /(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A time given as ms since the epoch or as an ISO string; undefined when it is neither. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const parsed = Date.parse(value)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  return undefined
}

/** What a line or document held: our records, or nothing of ours. */
export class LogReader {
  lines = 0
  /** Lines (or multi-line documents) that looked like ours but could not be read. */
  unreadable = 0
  /** Worker events (`wrangler tail`) whose outcome was not `ok`: an exception, a CPU limit… */
  platformErrors = 0
  #document: string[] | undefined
  #documentChars = 0

  constructor(private readonly emit: (entry: LogEntry) => void) {}

  line(text: string): void {
    this.lines++
    if (this.#document) {
      this.#document.push(text)
      this.#documentChars += text.length + 1
      if (text === '}' || text === '}\r') {
        const document = this.#document.join('\n')
        this.#document = undefined
        this.#parsed(document, undefined, 0)
      } else if (this.#documentChars > MAX_DOCUMENT_CHARS) {
        this.#document = undefined
        this.unreadable++
      }
      return
    }
    const start = text.indexOf('{')
    if (start < 0) return
    // A document printed over several lines starts with a `{` line of its own (JSON.stringify with indentation).
    if (start === 0 && text.trimEnd() === '{') {
      this.#document = [text]
      this.#documentChars = text.length
      return
    }
    this.#text(text, undefined)
  }

  /** The input ended: a document still open was cut short. */
  end(): void {
    if (this.#document) this.unreadable++
    this.#document = undefined
  }

  /** A line or a message: JSON from its first `{`, after a prefix that may hold the time. */
  #text(text: string, at: number | undefined): void {
    const start = text.indexOf('{')
    if (start < 0) return
    // Most lines of a busy log are ours: only they, and the platforms' wrappers, are worth parsing.
    if (!text.includes('"event"') && !text.includes('"message"') && !text.includes('"logs"')) return
    const prefixTime = start > 0 ? ISO_TIME.exec(text.slice(0, start))?.[1] : undefined
    this.#parsed(text.slice(start), prefixTime === undefined ? at : (timeOf(prefixTime) ?? at), 0)
  }

  #parsed(json: string, at: number | undefined, depth: number): void {
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch {
      this.unreadable++
      return
    }
    this.#value(value, at, depth)
  }

  #value(value: unknown, at: number | undefined, depth: number): void {
    if (!isObject(value) || depth > 3) return
    if (typeof value.event === 'string' && typeof value.level === 'string') {
      this.emit({ record: value, at: at ?? timeOf(value.at) })
      return
    }
    if (Array.isArray(value.logs)) {
      // wrangler tail: the Worker's console lines, each a list of what was logged.
      if (typeof value.outcome === 'string' && value.outcome !== 'ok') this.platformErrors++
      const eventTime = timeOf(value.eventTimestamp) ?? at
      for (const log of value.logs) {
        if (!isObject(log) || !Array.isArray(log.message)) continue
        const logTime = timeOf(log.timestamp) ?? eventTime
        for (const part of log.message) {
          if (typeof part === 'string') this.#text(part, logTime)
          else this.#value(part, logTime, depth + 1)
        }
      }
      return
    }
    if (Array.isArray(value.events)) {
      for (const event of value.events) this.#value(event, at, depth + 1)
      return
    }
    if ('message' in value) {
      // A CloudWatch log event, or Lambda's JSON log format: the message is our line (maybe behind Lambda's prefix).
      const time = timeOf(value.timestamp) ?? at
      if (typeof value.message === 'string') this.#text(value.message, time)
      else this.#value(value.message, time, depth + 1)
    }
  }
}
