import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { instantOf, isOpenAt, localTimeAt, parseLocalTime, parsePhone, phoneKey } from '../../src/index.ts'

describe('phone numbers', () => {
  it.each(['8459511000', '18459511000', '+18459511000', '(845) 951-1000', '845.951.1000'])(
    'normalises %s to the same key',
    (input) => {
      expect(phoneKey(input)).toBe('+18459511000')
    },
  )

  it('gives ten-digit NANP and E.164 for a valid NANP number', () => {
    expect(parsePhone('1-845-951-1000')).toMatchObject({ nanp: '8459511000', e164: '+18459511000' })
  })

  it('does not call an invalid NANP number NANP (area code starting with 1)', () => {
    expect(parsePhone('1459511000').nanp).toBeUndefined()
  })

  it('keeps an international number in E.164 when sent with +', () => {
    expect(parsePhone('+972 2 555 1234')).toMatchObject({ nanp: undefined, e164: '+97225551234' })
  })

  it('reads any text as the regular expressions it replaced read it', () => {
    const byPattern = (input: string) => {
      const raw = input.trim()
      const digits = raw.replace(/\D/g, '')
      const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits
      if (national.length === 10 && /^[2-9]\d{2}[2-9]\d{6}$/.test(national))
        return { raw, nanp: national, e164: `+1${national}` }
      const international = raw.startsWith('+') && digits.length >= 8 && digits.length <= 15
      return { raw, nanp: undefined, e164: international ? `+${digits}` : undefined }
    }
    const character = fc.constantFrom(...'0112233456789+-() .x\u00a0١٢'.split(''))
    const number = fc.oneof(
      fc.string({ unit: character, maxLength: 18 }),
      fc.stringMatching(/^\+?1?[0-9]{10}$/),
      // International numbers of 6 to 17 digits, around the 8 to 15 that E.164 allows.
      fc
        .array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 17, size: 'max' })
        .map((digits) => `+${digits.join('')}`),
      fc.string({ maxLength: 16 }),
    )
    fc.assert(
      fc.property(number, (input) => {
        const expected = byPattern(input)
        expect(parsePhone(input)).toEqual(expected)
        expect(phoneKey(input)).toBe(expected.e164 ?? (expected.raw.replace(/\D/g, '') || undefined))
      }),
      { seed: 20261207, numRuns: 20_000 },
    )
  })

  it('has no key for a blocked or empty caller id', () => {
    expect(phoneKey('anonymous')).toBeUndefined()
    expect(phoneKey('')).toBeUndefined()
  })
})

describe('date_time and business hours', () => {
  it('reads YYYY-MM-DD HH:MM:SS and refuses impossible dates', () => {
    expect(parseLocalTime('2024-02-29 23:59:59')).toMatchObject({ day: 29, hour: 23, weekday: 4 })
    expect(parseLocalTime('2023-02-29 10:00:00')).toBeUndefined()
    expect(parseLocalTime('20/07/2023')).toBeUndefined()
  })

  it('reads every real date and time from 1970 to 9999 as the calendar has it, weekday included', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString().slice(0, 19).replace('T', ' ')
          expect(parseLocalTime(text)).toEqual({
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
            hour: date.getUTCHours(),
            minute: date.getUTCMinutes(),
            second: date.getUTCSeconds(),
            weekday: date.getUTCDay(),
          })
        },
      ),
      { seed: 20261128, numRuns: 2000 },
    )
  })

  // The reading as a regular expression and Date.UTC, as it was written first: the oracle for the reading by position.
  const byPattern = (text: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim())
    if (!match) return undefined
    const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number]
    const second = match[6] === undefined ? 0 : Number(match[6])
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
    const real = date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour
    if (year < 1970 || !real || minute > 59 || second > 59) return undefined
    return { year, month, day, hour, minute, second, weekday: date.getUTCDay() }
  }

  it('accepts exactly the texts of that shape, whatever else a sender puts there', () => {
    const near = fc.constantFrom(...'0123456789-: T\t\u00a0١x'.split(''))
    const mutated = fc
      .tuple(
        fc.date({ min: new Date('1960-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.nat(30),
        near,
      )
      .map(([date, at, char]) => {
        const text = date.toISOString().slice(0, 19).replace('T', ' ')
        return text.slice(0, at) + char + text.slice(at + 1)
      })
    const shaped = fc
      .tuple(fc.nat(9999), fc.nat(14), fc.nat(33), fc.nat(26), fc.nat(62), fc.nat(62), fc.boolean())
      .map(([y, mo, d, h, mi, s, withSeconds]) => {
        const two = (n: number) => String(n).padStart(2, '0')
        return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}${withSeconds ? `:${two(s)}` : ''}`
      })
    fc.assert(
      fc.property(fc.oneof(mutated, shaped, fc.string({ maxLength: 24 })), (text) => {
        expect(parseLocalTime(text)).toEqual(byPattern(text))
      }),
      { seed: 20261206, numRuns: 20_000 },
    )
  })

  it.each([
    ['2023-04-31 10:00:00', 'April 31'],
    ['2100-02-29 10:00:00', 'February 29 of a century that is not a leap year'],
    ['2023-13-01 10:00:00', 'month 13'],
    ['2023-00-10 10:00:00', 'month 0'],
    ['2023-07-00 10:00:00', 'day 0'],
    ['2023-07-20 24:00:00', 'hour 24'],
    ['2023-07-20 10:60:00', 'minute 60'],
    ['2023-07-20 10:00:60', 'second 60'],
    ['1969-12-31 23:59:59', 'a time before 1970'],
  ])('refuses %s (%s)', (text) => {
    expect(parseLocalTime(text)).toBeUndefined()
  })

  it('reads February 29 of a year divisible by 400, and a time without seconds, padded', () => {
    expect(parseLocalTime(' 2000-02-29T08:05 ')).toEqual({
      year: 2000,
      month: 2,
      day: 29,
      hour: 8,
      minute: 5,
      second: 0,
      weekday: 2,
    })
  })

  it('converts a wall-clock time between zones, across daylight saving', () => {
    const summer = parseLocalTime('2023-07-20 11:35:35')
    const winter = parseLocalTime('2023-01-20 11:35:35')
    if (!summer || !winter) throw new Error('unreadable fixture')
    expect(localTimeAt(instantOf(summer, 'America/New_York'), 'America/Los_Angeles').hour).toBe(8)
    expect(new Date(instantOf(winter, 'America/New_York')).toISOString()).toBe('2023-01-20T16:35:35.000Z')
  })

  it('is open inside the hours and closed outside them and on closed dates', () => {
    const hours = {
      timeZone: 'America/New_York',
      weekly: { thu: [['09:00', '17:00']] as const },
      closedOn: ['2023-07-27'],
    }
    const at = (text: string) => {
      const time = parseLocalTime(text)
      if (!time) throw new Error('unreadable fixture')
      return time
    }
    expect(isOpenAt(hours, at('2023-07-20 09:00:00'))).toBe(true)
    expect(isOpenAt(hours, at('2023-07-20 17:00:00'))).toBe(false)
    expect(isOpenAt(hours, at('2023-07-21 10:00:00'))).toBe(false)
    expect(isOpenAt(hours, at('2023-07-27 10:00:00'))).toBe(false)
  })

  it('reads hours written without minutes or with one digit, and opens at once when no date is closed', () => {
    const hours = { timeZone: 'UTC', weekly: { thu: [['9', '17:30']] as const } }
    const at = (text: string) => parseLocalTime(text) ?? localTimeAt(0, 'UTC')
    expect(isOpenAt(hours, at('2023-07-20 08:59:00'))).toBe(false)
    expect(isOpenAt(hours, at('2023-07-20 09:00:00'))).toBe(true)
    expect(isOpenAt(hours, at('2023-07-20 17:29:00'))).toBe(true)
    expect(isOpenAt(hours, at('2023-07-20 17:30:00'))).toBe(false)
    expect(isOpenAt({ ...hours, closedOn: [] }, at('2023-07-20 09:00:00'))).toBe(true)
  })
})
