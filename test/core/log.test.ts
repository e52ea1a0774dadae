import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  answerTrigger,
  cardSecrets,
  defineFlow,
  jsonLogger,
  type LogRecord,
  MAX_LOG_FIELD_CHARS,
  MAX_LOG_LINE_CHARS,
  maskCardNumbers,
  memoryLogger,
  redact,
  reply,
  scrubbing,
} from '../../src/index.ts'
import { testRuntime } from '../helpers/runtime.ts'

const RUNS = { seed: 20261128, numRuns: 400 }

/** A card number: a prefix, random digits, and the Luhn check digit, 13–19 digits long. */
const cardNumber = fc
  .tuple(fc.constantFrom('4', '51', '55', '2221', '34', '37', '6011', '65', '35'), fc.integer({ min: 13, max: 19 }))
  .chain(([prefix, length]) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), {
        minLength: length - prefix.length - 1,
        maxLength: length - prefix.length - 1,
      })
      .map((body) => withCheckDigit([...prefix].map(Number).concat(body))),
  )

function withCheckDigit(digits: number[]): number[] {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    const digit = digits[digits.length - 1 - index] ?? 0
    sum += index % 2 === 0 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
  }
  return [...digits, (10 - (sum % 10)) % 10]
}

/** The zero of several digit scripts: ASCII, full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari. */
const SCRIPTS = [0x30, 0xff10, 0x660, 0x6f0, 0x966]
const SEPARATORS = [' ', '  ', '-', '.', '/', '\u00a0', '\u3000', ' - ']

/** How a card number may be written in free text: unbroken, grouped by four, Amex-style, digit by digit. */
const writtenCard = fc
  .record({
    digits: cardNumber,
    script: fc.constantFrom(...SCRIPTS),
    separator: fc.constantFrom(...SEPARATORS),
    layout: fc.constantFrom('unbroken', 'fours', 'digits'),
    before: fc.constantFrom('', 'x', 'card ', 'AST10-', 'ref 12 '),
    after: fc.constantFrom('', 'y', ' declined', '.264'),
  })
  .map(({ digits, script, separator, layout, before, after }) => {
    const chars = digits.map((digit) => String.fromCodePoint(script + digit))
    const groups =
      layout === 'unbroken'
        ? [chars.join('')]
        : layout === 'digits'
          ? chars
          : Array.from({ length: Math.ceil(chars.length / 4) }, (_, i) => chars.slice(i * 4, i * 4 + 4).join(''))
    return { digits: digits.join(''), text: `${before}${groups.join(separator)}${after}` }
  })

/** Every decimal digit in `text` as ASCII, separators dropped: what a reader could recover. */
function recoverableDigits(text: string): string {
  return [...text.normalize('NFKC')]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0
      const zero = SCRIPTS.find((start) => code >= start && code < start + 10)
      return zero === undefined ? (/\p{L}|\]/u.test(char) ? '|' : '') : String(code - zero)
    })
    .join('')
}

describe('card numbers in free text', () => {
  it('are masked however they are written: separators, digit scripts, surrounding text', () => {
    fc.assert(
      fc.property(writtenCard, ({ digits, text }) => {
        expect(recoverableDigits(maskCardNumbers(text))).not.toContain(digits)
      }),
      RUNS,
    )
  })

  it.each([
    'x4929123456789012y',
    '4929.1234.5678.9012',
    '4929  1234  5678  9012',
    '４９２９１２３４５６７８９０１２',
    '٤٩٢٩١٢٣٤٥٦٧٨٩٠١٢',
    '3782 822463 10005',
  ])('masks %s, the shapes that slipped past before', (text) => {
    expect(maskCardNumbers(text)).not.toMatch(/\d{4}|[\u0660-\u0669\uff10-\uff19]{4}/)
    expect(maskCardNumbers(text)).toContain('[redacted]')
  })

  it.each([
    ['a call id', 'AST10-1689867312.264'],
    ['a date and time', '2023-07-20 11:35:35'],
    ['a phone number', '+1 (845) 951-1000'],
    ['a short number', 'order 1234'],
  ])('leaves %s readable', (_, text) => {
    expect(maskCardNumbers(text)).toBe(text)
  })
})

describe('log lines', () => {
  it('keep each field to 200 characters and each line to 2 KiB, whatever a request sends', () => {
    const lines: string[] = []
    const logger = jsonLogger({ write: (line) => lines.push(line) })
    logger.write({ level: 'warn', event: 'trigger', trigger: 'x'.repeat(15_000), call_id: 'c1' })
    logger.write({
      level: 'info',
      event: 'many',
      ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field_${i}`, 'y'.repeat(150)])),
    })
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LOG_LINE_CHARS)
    const [first, second] = lines.map((line) => JSON.parse(line) as LogRecord)
    expect(String(first?.trigger).length).toBeLessThanOrEqual(MAX_LOG_FIELD_CHARS)
    expect(first).toMatchObject({ level: 'warn', event: 'trigger', call_id: 'c1' })
    expect(second).toMatchObject({ level: 'info', event: 'many' })
  })

  it('mask a card number that crosses the 200th character of a field', () => {
    const logger = memoryLogger()
    logger.write({ level: 'info', event: 'x', note: `${'a'.repeat(190)} 4111 1111 1111 1111` })
    expect(String(logger.records[0]?.note)).not.toMatch(/1111/)
  })
})

describe('redaction of records', () => {
  it('blanks the values of card and secret field names, at any depth', () => {
    const record = redact({ nested: { cvv: '987', card_number: '4111111111111111', token: 't0k3n', expiry: '0126' } })
    expect(record).toEqual({
      nested: { cvv: '[redacted]', card_number: '[redacted]', token: '[redacted]', expiry: '[redacted]' },
    })
  })

  it('reduces a raw payment_info to amount, last four and transaction id', () => {
    const record = redact({ payment_info: [{ amount: '57', last_four: '4444', zip: '10950', transaction_id: '1' }] })
    expect(record).toEqual({ payment_info: [{ amount: '57', last_four: '4444', transaction_id: '1' }] })
  })

  it("collects a raw request's card values, from a list, one object or JSON text", () => {
    const payment = { amount: '57', last_four: '4444', cvv: 987, expiration: '0126', zip: '10950', pan: '411111' }
    for (const payment_info of [[payment], payment, JSON.stringify([payment])])
      expect(cardSecrets({ payment_info }).sort()).toEqual(['0126', '10950', '411111', '987'])
  })

  it("cuts a request's card value only where it stands alone, so ids and numbers that contain it stay whole", async () => {
    const flow = defineFlow({
      name: 'ids',
      decide: (call, deps) => {
        deps.log('seen', { did: call.hotline.raw, note: 'typed 312 at the menu' })
        return reply().goto(0)
      },
    })
    const { runtime, logs } = testRuntime()
    const body = {
      call_id: 'AST10-1689867312.264',
      cid: '2125550100',
      did: '8005550123',
      payment_info: [{ amount: '5', last_four: '4444', cvv: '312', zip: '555' }],
    }
    await answerTrigger(flow, 'default', body, runtime)
    const seen = logs.find((record) => record.event === 'seen')
    expect(seen).toMatchObject({
      call_id: 'AST10-1689867312.264',
      did: '8005550123',
      note: 'typed [redacted] at the menu',
    })
  })

  it('cuts the given secrets out of every string a scrubbing logger writes', () => {
    const inner = memoryLogger()
    scrubbing(inner, ['987', '0126']).write({ level: 'info', event: 'x', note: 'typed 987 then 0126', list: ['987'] })
    expect(inner.records[0]).toMatchObject({ note: 'typed [redacted] then [redacted]', list: ['[redacted]'] })
  })
})

describe('card data through every log and error path of a Trigger', () => {
  const card = { last_four: '4444', expiration: '0126', cvv: '987', zip: '10950', amount: '57' }
  /** The caller keyed their cvv and expiry at portal menus, so the path carries them outside payment_info. */
  const body = {
    call_id: 'card-path-1',
    cid: '8459511000',
    branch_data: [
      { branch: '5', input: '987' },
      { branch: '6', input: '0126' },
    ],
    payment_info: [card],
  }
  const leaked = (logs: readonly LogRecord[]) => {
    const written = JSON.stringify(logs)
    return ['987', '0126', '10950', '4111'].filter((secret) => written.includes(secret))
  }

  it("cuts the request's own card values out of what a flow logs (deps.log)", async () => {
    const flow = defineFlow({
      name: 'logs-path',
      decide: (call, deps) => {
        deps.log('path', { steps: call.steps, note: `card 4111 1111 1111 1111, cvv ${call.steps[0]?.input}` })
        return reply().goto(0)
      },
    })
    const { runtime, logs } = testRuntime()
    await answerTrigger(flow, 'default', body, runtime)
    expect(logs.some((record) => record.event === 'path')).toBe(true)
    expect(leaked(logs)).toEqual([])
  })

  it('masks card data in the error of a flow that throws', async () => {
    const flow = defineFlow({
      name: 'throws',
      decide: (call) => {
        throw new Error(`card 4111 1111 1111 1111 declined after ${call.steps[0]?.input}/${call.steps[1]?.input}`)
      },
    })
    const { runtime, logs } = testRuntime()
    await answerTrigger(flow, 'default', body, runtime)
    expect(logs).toContainEqual(expect.objectContaining({ outcome: 'fallback', reason: 'flow_error' }))
    expect(leaked(logs)).toEqual([])
  })

  it('masks card data in the error of deferred work that fails', async () => {
    const flow = defineFlow({
      name: 'defers',
      decide: (call, deps) => {
        deps.defer(Promise.reject(new Error(`SMS about 4111111111111111 (${call.steps[0]?.input}) failed`)))
        return reply().goto(0)
      },
    })
    const { runtime, logs, settle } = testRuntime()
    await answerTrigger(flow, 'default', body, runtime)
    await settle()
    expect(logs).toContainEqual(expect.objectContaining({ event: 'deferred_task_failed' }))
    expect(leaked(logs)).toEqual([])
  })

  it('masks a card number sent as the call id, in every line of the call', async () => {
    const flow = defineFlow({
      name: 'plain',
      decide: (_call, deps) => {
        deps.log('step')
        return reply().goto(0)
      },
    })
    const { runtime, logs } = testRuntime()
    await answerTrigger(flow, 'default', { ...body, call_id: 'x4111111111111111y' }, runtime)
    expect(logs.length).toBeGreaterThan(1)
    for (const record of logs) expect(record.call_id).toBe('x[redacted]y')
  })
})
