import { trimmed } from './trim.ts'

/** Zone of the platform's `date_time` unless configured: Voitex is a US platform (New York numbers in its samples). */
export const DEFAULT_TIME_ZONE = 'America/New_York'

/** A wall-clock time with no zone, as `date_time` carries it ("2023-07-20 11:35:35"). */
export interface LocalTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Read `date_time` (`YYYY-MM-DD HH:MM:SS`); anything else, an impossible date or a year before 1970 gives undefined.
 * Plain arithmetic (no Date object): it runs for every Trigger.
 */
export function parseLocalTime(text: string): LocalTime | undefined {
  // Read by position (`T` between, or no seconds, also taken): no regular expression, nothing allocated but the answer.
  const stamp = trimmed(text)
  const { length } = stamp
  if (length !== 16 && length !== 19) return undefined
  const year = digitsAt(stamp, 0, 4)
  const month = digitsAt(stamp, 5, 2)
  const day = digitsAt(stamp, 8, 2)
  const hour = digitsAt(stamp, 11, 2)
  const minute = digitsAt(stamp, 14, 2)
  const second = length === 19 ? digitsAt(stamp, 17, 2) : 0
  const separator = stamp[10]
  if (
    stamp[4] !== '-' ||
    stamp[7] !== '-' ||
    (separator !== ' ' && separator !== 'T') ||
    stamp[13] !== ':' ||
    (length === 19 && stamp[16] !== ':')
  )
    return undefined
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0
  const monthDays = (DAYS_IN_MONTH[month - 1] ?? 0) + leapDay
  // A position that is not a digit reads as -1: refused here with the impossible dates.
  if (year < 1970 || day < 1 || day > monthDays || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined
  if (second < 0 || second > 59) return undefined
  // 1970-01-01 was a Thursday.
  const weekday = (daysSinceEpoch(year, month, day) + 4) % 7
  return { year, month, day, hour, minute, second, weekday }
}

/** The number written by the ASCII digits at `text[from, from + count)`, or -1 if any is not one. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0
  for (let index = from; index < from + count; index++) {
    const digit = text.charCodeAt(index) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year
  const era = Math.floor(shifted / 400)
  const yearOfEra = shifted - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function localTimeOf(utc: Date): LocalTime {
  return {
    year: utc.getUTCFullYear(),
    month: utc.getUTCMonth() + 1,
    day: utc.getUTCDate(),
    hour: utc.getUTCHours(),
    minute: utc.getUTCMinutes(),
    second: utc.getUTCSeconds(),
    weekday: utc.getUTCDay(),
  }
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** Throws a RangeError naming the zone when it is not an IANA time zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  try {
    formatFor(timeZone)
  } catch {
    throw new RangeError(`"${timeZone.slice(0, 60)}" is not a known IANA time zone (e.g. America/New_York)`)
  }
}

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(timeZone, format)
  }
  return format
}

/** The wall-clock time in `timeZone` at an instant. */
export function localTimeAt(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {}
  for (const part of formatFor(timeZone).formatToParts(epochMs)) parts[part.type] = Number(part.value)
  return localTimeOf(
    new Date(
      Date.UTC(
        parts.year ?? 1970,
        (parts.month ?? 1) - 1,
        parts.day ?? 1,
        parts.hour ?? 0,
        parts.minute ?? 0,
        parts.second ?? 0,
      ),
    ),
  )
}

/** A wall-clock time read as if it were UTC: for arithmetic on wall-clock times. */
function asUtcMs(time: LocalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second)
}

/** The wall-clock time `ms` milliseconds later (no zone, so no daylight-saving jump). */
export function addToLocalTime(time: LocalTime, ms: number): LocalTime {
  return localTimeOf(new Date(asUtcMs(time) + ms))
}

/** `YYYY-MM-DD HH:MM:SS`, the form `date_time` comes in. */
export function formatLocalTime(time: LocalTime): string {
  return new Date(asUtcMs(time)).toISOString().slice(0, 19).replace('T', ' ')
}

/** The instant a wall-clock time in `timeZone` names (the earlier one when a DST change makes it ambiguous). */
export function instantOf(time: LocalTime, timeZone: string): number {
  const guess = asUtcMs(time)
  const offset = asUtcMs(localTimeAt(guess, timeZone)) - guess
  const first = guess - offset
  const corrected = asUtcMs(localTimeAt(first, timeZone)) - first
  return guess - corrected
}

/** Convert a wall-clock time from one zone to another. */
export function convertLocalTime(time: LocalTime, from: string, to: string): LocalTime {
  return from === to ? time : localTimeAt(instantOf(time, from), to)
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** Opening hours per weekday, as `HH:MM` ranges in the hotline's zone: `{ mon: [['09:00', '17:00']] }`. */
export type WeeklyHours = Partial<Record<Weekday, readonly (readonly [open: string, close: string])[]>>

export interface BusinessHours {
  /** IANA zone of the hotline, e.g. `America/New_York`. */
  readonly timeZone: string
  readonly weekly: WeeklyHours
  /** Dates (`YYYY-MM-DD`) when the line is closed all day. */
  readonly closedOn?: readonly string[]
}

/** Minutes since midnight of `HH:MM`, without splitting the string: business hours are checked on every Trigger. */
function minutesOf(hhmm: string): number {
  const colon = hhmm.indexOf(':')
  const hours = Number(colon < 0 ? hhmm : hhmm.slice(0, colon))
  const minutes = colon < 0 ? 0 : Number(hhmm.slice(colon + 1))
  return hours * 60 + minutes
}

/** Whether a time in the hotline's zone falls within its business hours. */
export function isOpenAt(hours: BusinessHours, time: LocalTime): boolean {
  if (hours.closedOn !== undefined && hours.closedOn.length > 0) {
    const date = `${time.year}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`
    if (hours.closedOn.includes(date)) return false
  }
  const now = time.hour * 60 + time.minute
  const ranges = hours.weekly[WEEKDAYS[time.weekday] ?? 'sun'] ?? []
  return ranges.some(([open, close]) => now >= minutesOf(open) && now < minutesOf(close))
}

const MS_PER_HOUR = 3_600_000

/** A wall-clock time, or its text as `date_time` and scenario files write it (`YYYY-MM-DD HH:MM[:SS]`). */
export type LocalTimeLike = LocalTime | string

function readLocalTime(time: LocalTimeLike): LocalTime | undefined {
  return typeof time === 'string' ? parseLocalTime(time) : time
}

/**
 * The hours from one wall-clock time to another in `timeZone` (fractional; negative when `to` is earlier), as a clock
 * measures them: a daylight-saving change in between counts (Saturday 10:00 to Monday 10:00 across a spring-forward
 * is 47 hours). Undefined when a time cannot be read.
 */
export function hoursBetween(from: LocalTimeLike, to: LocalTimeLike, timeZone: string): number | undefined {
  const start = readLocalTime(from)
  const end = readLocalTime(to)
  if (!start || !end) return undefined
  return (instantOf(end, timeZone) - instantOf(start, timeZone)) / MS_PER_HOUR
}

/**
 * Whether `time` falls within the next `hours` hours from `now` (now included, the end too), both wall-clock times
 * in `timeZone`: an appointment within 48 hours is `isWithinNextHours(appointment, call.timeIn(zone), 48, zone)`. A
 * time already past, or one that cannot be read, is not.
 */
export function isWithinNextHours(time: LocalTimeLike, now: LocalTimeLike, hours: number, timeZone: string): boolean {
  const ahead = hoursBetween(now, time, timeZone)
  return ahead !== undefined && ahead >= 0 && ahead <= hours
}
