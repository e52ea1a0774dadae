import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_LOG_FIELD_CHARS, MAX_LOG_LINE_CHARS, redact, scrubbing } from '../../src/_internal.ts'
import { jsonLogger, type LogRecord, memoryLogger } from '../../src/index.ts'

/** The lines a `jsonLogger` writes, parsed back. */
function jsonLines(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = []
  const logger = jsonLogger({ ...(level === undefined ? {} : { level }), write: (line) => lines.push(line) })
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as LogRecord) }
}

/** What a log line keeps of `record`. */
function logged(record: LogRecord): LogRecord {
  const logger = memoryLogger()
  logger.write(record)
  return logger.records[0] as LogRecord
}

/** `base` with more fields, each within the field bound, to make its JSON line exactly `length` characters long. */
function recordOfLine(length: number, base: LogRecord = { level: 'info', event: 'wide', call_id: 'c1' }): LogRecord {
  const record: Record<string, unknown> = { ...base }
  for (let field = 0; JSON.stringify(record).length < length; field++) {
    const missing = length - JSON.stringify(record).length
    const overhead = JSON.stringify({ [`f${field}`]: '' }).length - 1
    record[`f${field}`] = 'y'.repeat(Math.min(MAX_LOG_FIELD_CHARS, Math.max(0, missing - overhead)))
  }
  return record as LogRecord
}

describe('jsonLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes one JSON line per record to the console unless told where', () => {
    const console = vi.spyOn(globalThis.console, 'log').mockImplementation(() => {})
    jsonLogger().write({ level: 'info', event: 'started', port: 8787 })
    expect(console).toHaveBeenCalledWith('{"level":"info","event":"started","port":8787}')
  })

  it('writes info and above by default, and only from the level it is given', () => {
    const byDefault = jsonLines()
    const warnings = jsonLines('warn')
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      byDefault.logger.write({ level, event: level })
      warnings.logger.write({ level, event: level })
    }
    expect(byDefault.records().map((record) => record.event)).toEqual(['info', 'warn', 'error'])
    expect(warnings.records().map((record) => record.event)).toEqual(['warn', 'error'])
  })
})

describe('the bounds of a log line', () => {
  it('write a line of exactly 2 KiB whole', () => {
    const record = recordOfLine(MAX_LOG_LINE_CHARS)
    const { logger, lines } = jsonLines()
    logger.write(record)
    expect(lines[0]).toBe(JSON.stringify(record))
    expect(lines[0]).toHaveLength(MAX_LOG_LINE_CHARS)
  })

  it('keep only the essential fields, and say so, of a line one character longer', () => {
    const essential = {
      level: 'warn',
      event: 'trigger',
      call_id: 'c1',
      trigger: 'default',
      flow: 'menu',
      version: 'next',
      outcome: 'fallback',
      route: 'main',
      reason: 'lookup_failed',
      lookup: 'timeout',
    } as const
    const { logger, records } = jsonLines()
    logger.write(recordOfLine(MAX_LOG_LINE_CHARS + 1, essential))
    expect(records()).toEqual([{ ...essential, truncated: true }])
  })

  it('keep only the essential fields a record has, adding none', () => {
    const wide = recordOfLine(MAX_LOG_LINE_CHARS + 100, { level: 'info', event: 'wide', outcome: 'decision' })
    expect(logged(wide)).toStrictEqual({
      level: 'info',
      event: 'wide',
      outcome: 'decision',
      truncated: true,
    })
  })

  it('keep a field of 200 characters whole, and cut a longer one to 199 and an ellipsis', () => {
    const record = logged({
      level: 'info',
      event: 'x',
      exact: 'a'.repeat(MAX_LOG_FIELD_CHARS),
      long: 'b'.repeat(1000),
    })
    expect(record.exact).toBe('a'.repeat(MAX_LOG_FIELD_CHARS))
    expect(record.long).toBe(`${'b'.repeat(MAX_LOG_FIELD_CHARS - 1)}…`)
  })

  it('keep a longer field whole when masking its card number brings it within 200 characters', () => {
    const note = `${'a'.repeat(MAX_LOG_FIELD_CHARS - 10)}4111111111111111`
    expect(logged({ level: 'info', event: 'x', note }).note).toBe(`${'a'.repeat(MAX_LOG_FIELD_CHARS - 10)}[redacted]`)
  })

  it('hold a field to 200 characters when cutting the request’s card values out lengthens it', () => {
    const inner = memoryLogger()
    scrubbing(inner, ['987']).write({ level: 'info', event: 'x', note: `${'a'.repeat(195)} 987` })
    expect(inner.records[0]?.note).toBe(`${'a'.repeat(195)} [re…`)
  })

  it('cut a field name longer than 64 characters to 63 and an ellipsis', () => {
    const record = logged({ level: 'info', event: 'x', ['n'.repeat(64)]: 1, ['m'.repeat(65)]: 2 })
    expect(record).toEqual({ level: 'info', event: 'x', ['n'.repeat(64)]: 1, [`${'m'.repeat(63)}…`]: 2 })
  })

  it('keep the first 20 entries of a list and the first 20 fields of an object', () => {
    const numbers = Array.from({ length: 30 }, (_, index) => index)
    const fields = Object.fromEntries(numbers.map((index) => [`f${index}`, index]))
    const record = logged({ level: 'info', event: 'x', numbers, fields })
    expect(record.numbers).toEqual(numbers.slice(0, 20))
    expect(record.fields).toEqual(Object.fromEntries(numbers.slice(0, 20).map((index) => [`f${index}`, index])))
  })

  it('keep four levels of nesting, of objects and lists alike, and write […] below', () => {
    const record = logged({ level: 'info', event: 'x', a: { b: { c: { d: { e: { f: 1 } } } } }, l: [[[[[1]]]]] })
    expect(record).toEqual({ level: 'info', event: 'x', a: { b: { c: { d: { e: '[…]' } } } }, l: [[[['[…]']]]] })
  })

  it('write a record that refers to itself, cut at that depth', () => {
    const loop: Record<string, unknown> = { name: 'loop' }
    loop.self = loop
    const { logger, records } = jsonLines()
    logger.write({ level: 'info', event: 'x', loop })
    expect(records()[0]?.loop).toEqual({
      name: 'loop',
      self: { name: 'loop', self: { name: 'loop', self: { name: 'loop', self: '[…]' } } },
    })
  })
})

describe('what a log line shows of a value', () => {
  it('shows an error as its name and message, masked', () => {
    const error = Object.assign(new TypeError('card 4111111111111111 declined'), { code: 'E42' })
    expect(logged({ level: 'error', event: 'x', error }).error).toEqual({
      name: 'TypeError',
      message: 'card [redacted] declined',
    })
  })

  it('shows an object’s own fields only, as JSON does', () => {
    const settings = Object.assign(Object.create({ inherited: 'default' }) as object, { own: 'set' })
    expect(logged({ level: 'info', event: 'x', settings }).settings).toEqual({ own: 'set' })
  })
})

describe('redact (errors, transcripts, stored records)', () => {
  it('keeps long field names whole, and 24 levels of nesting', () => {
    const name = 'n'.repeat(100)
    let nested: unknown = { end: true }
    for (let level = 0; level < 30; level++) nested = { next: nested }
    let kept = redact({ [name]: nested })[name]
    let depth = 1
    while (typeof kept === 'object' && kept !== null) {
      kept = (kept as { next: unknown }).next
      depth++
    }
    expect([depth, kept]).toEqual([25, '[redacted]'])
  })

  it('stops at that depth, so an object that refers to itself is redacted too', () => {
    const loop: Record<string, unknown> = { cvv: '987' }
    loop.self = loop
    expect(JSON.stringify(redact(loop))).toMatch(/^\{"cvv":"\[redacted\]","self":\{.*"self":"\[redacted\]"\}+$/)
  })
})
