import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  cardSecrets,
  MAX_LOG_FIELD_CHARS,
  MAX_LOG_LINE_CHARS,
  maskCardNumbers,
  redact,
  redactText,
  safeRecord,
  scrubbing,
} from '../../src/_internal.ts'
import { answerTrigger, defineFlow, jsonLogger, type LogRecord, memoryLogger, reply } from '../../src/index.ts'
import { redactWithin, unchangedJsonWithin } from '../../src/redact.ts'
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

/** A card number mistyped in its last digit: it fails Luhn, and is still a card number to a reader. */
const mistypedCard = cardNumber.map((digits) => [...digits.slice(0, -1), ((digits.at(-1) ?? 0) + 1) % 10])

/** How a card may be printed: unbroken, in fours, Amex 4-6-5 (Diners 4-6-4 at 14 digits), digit by digit. */
const PRINTED_LAYOUTS = ['unbroken', 'fours', 'amex', 'digits'] as const

function printedGroups(digits: readonly string[], layout: (typeof PRINTED_LAYOUTS)[number]): string[] {
  if (layout === 'unbroken') return [digits.join('')]
  if (layout === 'digits') return [...digits]
  const sizes =
    layout === 'amex' && (digits.length === 14 || digits.length === 15) ? [4, 6, digits.length - 10] : [4, 4, 4, 4, 4]
  return groupsOf(digits, sizes)
}

function groupsOf(digits: readonly string[], sizes: readonly number[]): string[] {
  const groups: string[] = []
  for (let at = 0, group = 0; at < digits.length; at += sizes[group++] ?? 0)
    groups.push(digits.slice(at, at + (sizes[group] ?? 0)).join(''))
  return groups
}

/** A card number as it may come up in free text: its digits in some script, in `groups`, between other words. */
const inText = <T>(
  digits: fc.Arbitrary<number[]>,
  grouping: fc.Arbitrary<T>,
  split: (chars: string[], by: T) => string[],
) =>
  fc
    .record({
      digits,
      grouping,
      script: fc.constantFrom(...SCRIPTS),
      separator: fc.constantFrom(...SEPARATORS),
      before: fc.constantFrom('', 'x', 'card ', 'AST10-', 'ref 12 '),
      after: fc.constantFrom('', 'y', ' declined', '.264'),
    })
    .map(({ digits, grouping, script, separator, before, after }) => {
      const chars = digits.map((digit) => String.fromCodePoint(script + digit))
      return { digits: digits.join(''), text: `${before}${split(chars, grouping).join(separator)}${after}` }
    })

describe('card numbers in free text', () => {
  it('are masked however they are written: separators, digit scripts, surrounding text', () => {
    fc.assert(
      fc.property(writtenCard, ({ digits, text }) => {
        expect(recoverableDigits(maskCardNumbers(text))).not.toContain(digits)
      }),
      RUNS,
    )
  })

  it('are masked when mistyped (failing Luhn) if printed as cards are: unbroken, in fours, 4-6-5, digit by digit', () => {
    const mistyped = inText(mistypedCard, fc.constantFrom(...PRINTED_LAYOUTS), printedGroups)
    fc.assert(
      fc.property(mistyped, ({ digits, text }) => {
        expect(recoverableDigits(maskCardNumbers(text))).not.toContain(digits)
      }),
      RUNS,
    )
  })

  it('are masked in any grouping of groups of up to six digits, in any script, since they pass Luhn', () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 19, maxLength: 19 })
    fc.assert(
      fc.property(inText(cardNumber, sizes, groupsOf), ({ digits, text }) => {
        expect(recoverableDigits(maskCardNumbers(text))).not.toContain(digits)
      }),
      RUNS,
    )
  })

  it.each([
    ['digit by digit', 'card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 declined', 'card [redacted] declined'],
    ['in fours, then a short number', 'paid 4111-1111-1111-1111 ref 12', 'paid [redacted] ref 12'],
    ['twice', '4111111111111111 or 5555 5555 5555 4444?', '[redacted] or [redacted]?'],
    ['run together with its expiry, a run of 20 digits', 'card 41111111111111110126 ok', 'card [redacted] ok'],
    ['in a run of any length over 19', 'ref 4111111111111111012699 ok', 'ref [redacted] ok'],
  ])('each become one [redacted], the words around them kept: %s', (_, text, masked) => {
    expect(maskCardNumbers(text)).toBe(masked)
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
    ['Osmanya', 0x104a0],
    ['Brahmi', 0x11066],
    ['Adlam', 0x1e950],
  ])('masks a card number written in %s digits, which lie outside the BMP', (_, zero) => {
    const inScript = (text: string) => text.replace(/\d/g, (digit) => String.fromCodePoint(zero + Number(digit)))
    expect(maskCardNumbers(`card ${inScript('4929123456789012')} ok`)).toBe('card [redacted] ok')
    expect(maskCardNumbers(`card ${inScript('4929 1234 5678 9012')} ok`)).toBe('card [redacted] ok')
    // Grouped as no card is printed, the digits are read by value: Luhn decides.
    expect(maskCardNumbers(`ref ${inScript('41 1111 11111 11111')}`)).toBe('ref [redacted]')
    const failing = `ref ${inScript('41 1111 11111 11112')}`
    expect(maskCardNumbers(failing)).toBe(failing)
  })

  it.each([
    ['a call id', 'AST10-1689867312.264'],
    ['a date and time', '2023-07-20 11:35:35'],
    ['a phone number', '+1 (845) 951-1000'],
    ['a short number', 'order 1234'],
    ['two phone numbers', 'call 845-951-1000 / 212-555-0100'],
    ['a date range', 'valid 2023-07-01 - 2023-07-31'],
    ['a compact date range, although its digits pass Luhn', 'valid 20240701-20240719'],
    ['an invoice number', 'invoice 2023-000004711'],
    ['opening hours', 'open 0900 to 1200 and 1300 to 1700'],
    ['text in other scripts, as written', 'Ｒｏｏｍ ２０１ – ﬁrst ﬂoor, غرفة ٢٠١'],
    ['a date range in Arabic-Indic digits', 'من ٢٠٢٣-٠٧-٠١ - ٢٠٢٣-٠٧-٣١'],
  ])('leaves %s readable', (_, text) => {
    expect(maskCardNumbers(text)).toBe(text)
  })

  it.each([
    ['4-4-5', 'ref 1234 5678 90123'],
    ['4-6-3', 'ref 1234 567890 123'],
    ['4-6-2-4', 'ref 1234 567890 12 3456'],
    ['2-6-5', 'ref 12 345678 90123'],
  ])('leaves readable digits grouped %s, as no card is printed, that fail Luhn', (_, text) => {
    expect(maskCardNumbers(text)).toBe(text)
  })

  it('leaves readable a list of short numbers whose digits pass Luhn only when more than 19 are taken together', () => {
    // No 13–19 of these digits in a row pass Luhn; a longer stretch does, and no card number is that long.
    const text = 'bins 637 369 588 988 704 576 882 923'
    expect(maskCardNumbers(text)).toBe(text)
  })

  it('masks ASCII text as it masks the same text read code point by code point, for any digits and separators', () => {
    // ASCII text skips the span search when no run or chain of short groups holds 13 digits; a text with one
    // non-ASCII letter never does. Both must mask alike.
    const gap = fc.string({
      unit: fc.constantFrom(' ', '.', '-', '_', '/', '\\', '|', '\t', '\n', ',', ':', 'a', '+'),
      maxLength: 4,
    })
    const digits = (minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength })
    const group = fc.oneof({ weight: 4, arbitrary: digits(1, 6) }, { weight: 1, arbitrary: digits(7, 21) })
    const text = fc.array(fc.tuple(gap, group), { maxLength: 8 }).map((parts) => parts.flat().join(''))
    fc.assert(
      fc.property(text, (value) => {
        expect(`${maskCardNumbers(value)} é`).toBe(maskCardNumbers(`${value} é`))
      }),
      { seed: 20261207, numRuns: 5000 },
    )
  })

  it('reads every digit after a noncharacter such as U+FFFF (it is one code unit, not two)', () => {
    expect(maskCardNumbers('\uffff4929123456789')).toBe('\uffff[redacted]')
  })

  it('leaves an empty text empty, even as the first text a fresh process masks', async () => {
    vi.resetModules()
    const fresh = await import('../../src/card-data.ts')
    expect(fresh.maskCardNumbers('')).toBe('')
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

/** Records as loggers get them: names of every kind (structural, secret, card, plain, odd), values of every type. */
const fieldName = fc.oneof(
  fc.constantFrom('call_id', 'trigger', 'route', 'branch', 'duration_ms', 'note', 'message', 'detail', 'caller'),
  fc.constantFrom('pin', 'caller_pin', 'card_number', 'cvv', 'api_key', 'token', 'payment_info', '__proto__'),
  fc.string({ maxLength: 70 }),
)
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('4111 1111 1111 1111', 'typed 987 then', 'exp 12/25', 'AST10-1689867312.264', '987', 'say "hi"\n'),
  fc.constantFrom('for Jane Roe', 'Jane Roe', 'Jane Roes'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 190, maxLength: 260 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
)
const anyRecord = fc
  .dictionary(fieldName, fieldValue, { maxKeys: 24 })
  .map((fields): LogRecord => ({ level: 'info', event: 'trigger', ...fields }))
const scrubbingWith = fc.record({
  // A card value need hold no digit: a cardholder's name is cut out too.
  secrets: fc.constantFrom([], ['987'], ['4111111111111111', '0125'], ['Jane Roe']),
  secretNames: fc.constantFrom([], ['caller_*', 'note']),
})
const BOUNDS = { field: MAX_LOG_FIELD_CHARS, line: MAX_LOG_LINE_CHARS, items: 20, depth: 4 }

describe('the line of a flat record, written without a copy', () => {
  it('is the line the general path writes, or none (then the general path writes it)', () => {
    let direct = 0
    fc.assert(
      fc.property(anyRecord, scrubbingWith, (record, { secrets, secretNames }) => {
        const line = unchangedJsonWithin(record, BOUNDS, secrets, secretNames)
        if (line === undefined) return
        direct++
        expect(line).toBe(JSON.stringify(redactWithin(record, BOUNDS, secrets, secretNames)))
      }),
      { ...RUNS, numRuns: 2000 },
    )
    // The direct path is taken, or this property would only compare the general path with itself.
    expect(direct).toBeGreaterThan(200)
  })

  /** The `note` of the line a scrubbing jsonLogger writes for one record, as it reads back. */
  const notedAs = (note: string, secrets: readonly string[] = []) => {
    const lines: string[] = []
    scrubbing(jsonLogger({ write: (line) => lines.push(line) }), secrets).write({ level: 'info', event: 'note', note })
    return (JSON.parse(lines[0] ?? '{}') as { note?: unknown }).note
  }

  it("cuts a request's card value that holds no digit (the cardholder's name) out of a short field", () => {
    expect(notedAs('paid by Jane Roe', ['Jane Roe'])).toBe('paid by [redacted]')
  })

  it('masks a security code of three digits, the fewest a card value holds', () => {
    expect(notedAs('cvv 123')).toBe('cvv [redacted]')
  })

  it('clips a long field that holds no digit to the longest field kept', () => {
    expect(notedAs('a'.repeat(300))).toBe(`${'a'.repeat(MAX_LOG_FIELD_CHARS - 1)}…`)
  })

  /** The lines a scrubbing jsonLogger writes for one small record while `note` is planted on Object.prototype. */
  const writtenWhilePlanted = (note: string) => {
    const lines: string[] = []
    const logger = scrubbing(jsonLogger({ write: (line) => lines.push(line) }), [])
    const planted = Object.prototype as Record<string, unknown>
    planted.note = note
    try {
      logger.write({ level: 'info', event: 'trigger', call_id: 'c-1' })
    } finally {
      delete planted.note
    }
    return lines
  }

  it('writes its own fields alone while a plain field is planted on Object.prototype', () => {
    expect(writtenWhilePlanted('planted')).toEqual(['{"level":"info","event":"trigger","call_id":"c-1"}'])
  })

  it('writes its own fields alone while a card number is planted on Object.prototype', () => {
    expect(writtenWhilePlanted('4111 1111 1111 1111')).toEqual(['{"level":"info","event":"trigger","call_id":"c-1"}'])
  })

  it('is what jsonLogger writes through a scrubbing logger, whichever path it takes', () => {
    fc.assert(
      fc.property(anyRecord, scrubbingWith, (record, { secrets, secretNames }) => {
        const lines: string[] = []
        const app = scrubbing(jsonLogger({ write: (line) => lines.push(line) }), [], secretNames)
        scrubbing(app, secrets, secretNames).write(record)
        expect(lines).toEqual([JSON.stringify(safeRecord(record, secrets, secretNames))])
      }),
      { ...RUNS, numRuns: 2000 },
    )
  })
})

describe('redaction of records', () => {
  it('blanks the values of card and secret field names, at any depth', () => {
    const record = redact({ nested: { cvv: '987', card_number: '4111111111111111', token: 't0k3n', expiry: '0126' } })
    expect(record).toEqual({
      nested: { cvv: '[redacted]', card_number: '[redacted]', token: '[redacted]', expiry: '[redacted]' },
    })
  })

  it.each(['exp', 'pan', 'cvc', 'security_code', 'securityCode', 'securitycode', 'password', 'client_secret'])(
    'blanks the value of a field named %s',
    (name) => {
      expect(redact({ [name]: '1234' })).toEqual({ [name]: '[redacted]' })
    },
  )

  it('keeps the values of ordinary names that only contain those letters: expected, regexp, timespan, panel', () => {
    const record = { expected: '2', regexp: '^[0-9]$', timespan: '30s', panel: 'main' }
    expect(redact(record)).toEqual(record)
  })

  it('reduces a raw payment_info to amount, last four and transaction id', () => {
    const record = redact({ payment_info: [{ amount: '57', last_four: '4444', zip: '10950', transaction_id: '1' }] })
    expect(record).toEqual({ payment_info: [{ amount: '57', last_four: '4444', transaction_id: '1' }] })
  })

  it.each([
    ['one payment object', { amount: '57', cvv: '987' }, [{ amount: '57' }]],
    ['JSON text', '[{"amount":"57","cvv":"987"}]', '[redacted]'],
    [
      'entries that are not objects',
      ['4111111111111111', null, { amount: '57' }],
      ['[redacted]', '[redacted]', { amount: '57' }],
    ],
    ['nothing', null, null],
  ])('reduces a payment_info sent as %s', (_, payment_info, shown) => {
    expect(redact({ payment_info })).toEqual({ payment_info: shown })
  })

  it("collects a raw request's card values, from a list, one object or JSON text", () => {
    const payment = { amount: '57', last_four: '4444', cvv: 987, expiration: '0126', zip: '10950', pan: '411111' }
    for (const payment_info of [[payment], payment, JSON.stringify([payment])])
      expect(cardSecrets({ payment_info }).sort()).toEqual(['0126', '10950', '411111', '987'])
  })

  it('collects card values of three characters or more, trimmed, and nothing that is not text or a number', () => {
    const payment = { cvv: ' 987 ', zip: '12', pin: undefined, card: null, holder: { name: 'Ann' } }
    expect(cardSecrets({ payment_info: [null, 'x', payment] })).toEqual(['987'])
  })

  it('takes a payment_info of text that is not JSON as a card value itself', () => {
    expect(cardSecrets({ payment_info: 'cvv 987' })).toEqual(['cvv 987'])
    expect(cardSecrets({ payment_info: 'x98' })).toEqual(['x98'])
    expect(cardSecrets({ payment_info: 'x9' })).toEqual([])
  })

  it('takes no flag for a card value, so "true" is never cut out of a log line', () => {
    expect(cardSecrets({ payment_info: [{ cvv: '987', verified: true, declined: false }] })).toEqual(['987'])
  })

  it('collects nothing from a body that is not an object', () => {
    for (const body of [null, undefined, 'payment_info', 42]) expect(cardSecrets(body)).toEqual([])
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

  it('leaves a secret shorter than three characters in place: it would hide every short number', () => {
    expect(redactText('press 12 for sales', ['12'])).toBe('press 12 for sales')
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

/** Three or four digits: a cvv, or any short card value. */
const cvvDigits = fc.stringMatching(/^[0-9]{3,4}$/)
/** The capture line, and every other line, of one Trigger answered with capture on. */
async function answeredWithCapture(
  body: Record<string, unknown>,
  decide: Parameters<typeof defineFlow>[0]['decide'] = () => reply().goto(0),
  options: { readonly secretNames?: readonly string[] } = {},
) {
  const flow = defineFlow({ name: 'captured', decide })
  const { runtime, logs } = testRuntime()
  await answerTrigger(flow, 'default', body, { ...runtime, capture: true, ...options })
  const capture = logs.find((record) => record.event === 'capture') as
    | (LogRecord & { request: Record<string, unknown>; decision: Record<string, unknown> })
    | undefined
  if (!capture) throw new Error('no capture line')
  return { capture, logs }
}

describe("a request's card values, cut out token by token", () => {
  it('leave a branch number, a goto and a route equal to the cvv as they are, and are still cut where they stand alone', async () => {
    await fc.assert(
      fc.asyncProperty(cvvDigits, async (cvv) => {
        const body = {
          call_id: `call-${cvv}`,
          cid: '8459511000',
          branch_data: [
            { branch: '0', input: '1' },
            { branch: cvv, input: '2' },
          ],
          payment_info: [{ amount: '5', last_four: '4444', cvv }],
        }
        const { capture, logs } = await answeredWithCapture(body, (_call, deps) => {
          deps.log('note', { note: `caller typed ${cvv} twice` })
          return { goto: cvv, inputs: { '1': cvv } }
        })
        expect(capture.request.branch_data).toEqual(body.branch_data)
        expect(capture.decision).toMatchObject({ goto: cvv, inputs: { '1': cvv } })
        expect(logs.find((record) => record.event === 'note')?.note).toBe('caller typed [redacted] twice')
      }),
      { ...RUNS, numRuns: 100 },
    )
  })

  it("leave a version's name in the trigger line when it equals the cvv, where its hole would tell the cvv", async () => {
    const lines: string[] = []
    const flow = defineFlow({ name: 'versioned', decide: () => reply().goto(0) })
    const logger = jsonLogger({ write: (line) => lines.push(line) })
    const body = {
      call_id: 'call-1',
      cid: '8459511000',
      payment_info: [{ amount: '5', last_four: '4444', cvv: '987' }],
    }
    await answerTrigger(flow, 'default', body, { ...testRuntime().runtime, logger }, { version: '987' })
    const trigger = lines.map((line) => JSON.parse(line) as LogRecord).find((record) => record.event === 'trigger')
    expect(trigger?.version).toBe('987')
  })

  it('are cut out of a field whose whole value is the card value, and never out of a longer value holding it', async () => {
    await fc.assert(
      fc.asyncProperty(cvvDigits, async (cvv) => {
        const body = {
          call_id: `AST10-${cvv}.264`,
          cid: '8459511000',
          cnam: `x${cvv}`,
          variables: { said: cvv, order: `A-${cvv}9`, ref: `${cvv}7` },
          payment_info: [{ amount: '5', last_four: '4444', cvv }],
        }
        const { capture } = await answeredWithCapture(body)
        expect(capture.call_id).toBe(body.call_id)
        expect(capture.request).toMatchObject({ call_id: body.call_id, cnam: body.cnam })
        expect(capture.request.variables).toEqual({ said: '[redacted]', order: `A-${cvv}9`, ref: `${cvv}7` })
      }),
      { ...RUNS, numRuns: 100 },
    )
  })
})

/** A card keyed at portal menus, one prompt after another: how its number is split across inputs. */
const KEYED_LAYOUTS = ['whole', 'fours', 'amex'] as const
const keyedCard = fc
  .record({
    digits: cardNumber,
    layout: fc.constantFrom(...KEYED_LAYOUTS),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 24, max: 39 }),
    longYear: fc.boolean(),
    cvv: cvvDigits,
  })
  .map(({ digits, layout, month, year, longYear, cvv }) => {
    const chars = digits.map(String)
    const groups =
      layout === 'whole'
        ? [chars.join('')]
        : layout === 'amex' && chars.length === 15
          ? groupsOf(chars, [4, 6, 5])
          : groupsOf(chars, [4, 4, 4, 4, 4])
    const expiry = `${String(month).padStart(2, '0')}${longYear ? `20${year}` : year}`
    return { digits: digits.join(''), groups, expiry, cvv }
  })

describe('a card keyed as inputs, with no payment_info', () => {
  it('has its number, expiry and cvv inputs masked in the capture and the log; branches and menu keys are kept', async () => {
    await fc.assert(
      fc.asyncProperty(keyedCard, async ({ digits, groups, expiry, cvv }) => {
        const cardSteps = groups.map((input, index) => ({ branch: String(300 + index), input }))
        const branch_data = [
          { branch: '0', input: '1' },
          { branch: '200', input: '2' },
          ...cardSteps,
          { branch: '310', input: expiry },
          { branch: '311', input: cvv },
          { branch: '400', input: '1' },
        ]
        const body = { call_id: 'keyed-1', cid: '8459511000', branch_data }
        const { capture, logs } = await answeredWithCapture(body, (call, deps) => {
          deps.log('path', { steps: call.steps })
          return reply().goto(0)
        })
        const masked = (steps: unknown) => {
          expect(steps).toEqual(
            branch_data.map(({ branch, input }, index) => ({
              branch,
              input: index < 2 || index === branch_data.length - 1 ? input : '[redacted]',
            })),
          )
          const written = JSON.stringify(steps)
          expect(recoverableDigits(written)).not.toContain(digits)
        }
        masked(capture.request.branch_data)
        masked(logs.find((record) => record.event === 'path')?.steps)
      }),
      { ...RUNS, numRuns: 200 },
    )
  })

  it('leaves ordinary keyed inputs readable: menu keys, an order number, a date, a phone number', () => {
    const steps = [
      { branch: '0', input: '1' },
      { branch: '10', input: '1234' },
      { branch: '11', input: '20230720' },
      { branch: '12', input: '8459511000' },
      { branch: '13', input: '2' },
    ]
    expect(redact({ steps })).toEqual({ steps })
  })
})

/** A month and year as written in free text, and the words that say it is a card's expiry. */
const expiryPhrase = fc
  .record({
    keyword: fc.constantFrom(
      'exp',
      'Exp.',
      'EXP:',
      'expires',
      'expiry',
      'expiration',
      'exp date',
      'valid thru',
      'good thru',
    ),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 24, max: 39 }),
    longYear: fc.boolean(),
    separator: fc.constantFrom('/', '-', '', ' / ', '.'),
    gap: fc.constantFrom(' ', ': ', ' = ', ' is '),
  })
  .map(({ keyword, month, year, longYear, separator, gap }) => {
    const mm = String(month).padStart(2, '0')
    const yy = longYear ? `20${year}` : String(year)
    return { digits: `${mm}${yy}`, text: `${keyword}${gap}${mm}${separator}${yy}` }
  })
const securityCodePhrase = fc
  .record({
    keyword: fc.constantFrom('cvc', 'CVV', 'cvv2', 'CVC2', 'csc', 'cvn', 'security code', 'Sec code', 'cid'),
    code: cvvDigits,
    gap: fc.constantFrom(' ', ': ', '=', ' is ', ' #'),
  })
  .map(({ keyword, code, gap }) => ({ digits: code, text: `${keyword}${gap}${code}` }))

describe('expiry and security code phrases in free text', () => {
  it('are masked, in either order, whatever words surround them', () => {
    const phrases = fc.record({
      expiry: expiryPhrase,
      code: securityCodePhrase,
      expiryFirst: fc.boolean(),
      before: fc.constantFrom('', 'card ', 'caller said: ', 'declined, '),
      between: fc.constantFrom(' ', ', ', ' and ', '; '),
      after: fc.constantFrom('', '.', ' thanks', ' (retry)'),
    })
    fc.assert(
      fc.property(phrases, ({ expiry, code, expiryFirst, before, between, after }) => {
        const [first, second] = expiryFirst ? [expiry, code] : [code, expiry]
        const masked = redactText(`${before}${first.text}${between}${second.text}${after}`)
        const digits = recoverableDigits(masked)
        expect(digits).not.toContain(expiry.digits)
        expect(digits).not.toContain(code.digits)
      }),
      RUNS,
    )
  })

  it.each([
    ['the vendor-style note', 'exp 12/25 cvc 737', 'exp [redacted] cvc [redacted]'],
    ['in a log field', 'retry with Exp: 01/2031, CVV 0421.', 'retry with Exp: [redacted], CVV [redacted].'],
    ['a three-digit code alone', 'cvc 737', 'cvc [redacted]'],
  ])('mask the values and keep the words: %s', (_, text, masked) => {
    expect(redactText(text)).toBe(masked)
  })

  it.each([
    ['an expected count', 'expected 12 items, 25 shipped'],
    ['an export', 'export 12/25 report'],
    ['a short note', 'exp 3 of 5'],
    ['a date', 'call back 12/25 at 1200'],
    ['a code word followed by text', 'cvc not given'],
  ])('leave %s readable', (_, text) => {
    expect(redactText(text)).toBe(text)
  })
})

/** Names a variable holding a secret goes by, as the vendor's sample (`caller_pin `, padded) and apps spell them. */
const SECRET_VARIABLE_NAMES = [
  'pin',
  'PIN',
  'caller_pin ',
  'callerPin',
  'pin_code',
  'password',
  'user_password',
  'ssn',
  'SSN',
  'api_key',
  'apiKey',
  'API-KEY',
  'token',
  'access_token',
  'secret',
  'client_secret',
  'bearer',
  'Bearer',
]

describe('variables whose names hold secrets', () => {
  it('are redacted in the capture (request and decision) and in what a flow logs', async () => {
    const secretValue = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.trim() === value)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SECRET_VARIABLE_NAMES), secretValue, async (name, value) => {
        const body = { call_id: 'vars-1', cid: '8459511000', variables: [{ [name]: value, var_2: 'var_val' }] }
        // A decision's variable names are words (`API-KEY` is set as `API_KEY`).
        const asVariable = name.trim().replace(/\W/g, '_')
        const { capture, logs } = await answeredWithCapture(body, (call, deps) => {
          deps.log('vars', { variables: call.variables })
          return { goto: '0', variables: { [asVariable]: value, var_2: 'var_val' } }
        })
        const redacted = { [name.trim()]: '[redacted]', var_2: 'var_val' }
        expect(capture.request.variables).toEqual(redacted)
        expect(capture.decision.variables).toEqual({ [asVariable]: '[redacted]', var_2: 'var_val' })
        expect(logs.find((record) => record.event === 'vars')?.variables).toEqual(redacted)
      }),
      { ...RUNS, numRuns: 200 },
    )
  })

  it('leave ordinary names that contain those letters alone: shipping, spinner, opinion, lesson', () => {
    const record = { shipping: 'ground', spinner: 'on', opinion: 'good', lesson: '3', var_2: 'var_val' }
    expect(redact(record)).toEqual(record)
  })

  it('include names the app adds (secretNames), exact or with a * wildcard', async () => {
    const body = {
      call_id: 'vars-2',
      cid: '8459511000',
      variables: { member_code: '8812', acct_no: '99', plan: 'gold' },
    }
    const { capture } = await answeredWithCapture(body, () => reply().goto(0), {
      secretNames: ['member_code', 'acct_*'],
    })
    expect(capture.request.variables).toEqual({ member_code: '[redacted]', acct_no: '[redacted]', plan: 'gold' })
  })
})
