import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hoursBetween, instantOf, isWithinNextHours, localTimeAt } from '../../src/index.ts'

const NEW_YORK = 'America/New_York'

describe('the hours between two wall-clock times in a zone', () => {
  it('counts real hours across the spring-forward night: Saturday 10:00 to Monday 10:00 is 47', () => {
    expect(hoursBetween('2026-03-07 10:00', '2026-03-09 10:00', NEW_YORK)).toBe(47)
  })

  it('and across the fall-back night, 49', () => {
    expect(hoursBetween('2026-10-31 10:00', '2026-11-02 10:00', NEW_YORK)).toBe(49)
  })

  it('is negative when the second time is earlier, fractional for minutes', () => {
    expect(hoursBetween('2026-03-02 10:30', '2026-03-02 09:00', NEW_YORK)).toBe(-1.5)
  })

  it('is undefined when a time cannot be read', () => {
    expect(hoursBetween('next Tuesday', '2026-03-02 09:00', NEW_YORK)).toBeUndefined()
  })
})

describe('a 48-hour appointment window, in one call', () => {
  const appointment = '2026-03-04 10:00'

  it('holds an appointment exactly 48 hours ahead', () => {
    expect(isWithinNextHours(appointment, '2026-03-02 10:00:00', 48, NEW_YORK)).toBe(true)
  })

  it('leaves out one a minute further', () => {
    expect(isWithinNextHours(appointment, '2026-03-02 09:59:00', 48, NEW_YORK)).toBe(false)
  })

  it('leaves out one already past', () => {
    expect(isWithinNextHours(appointment, '2026-03-04 10:01:00', 48, NEW_YORK)).toBe(false)
  })

  it('holds one starting now', () => {
    expect(isWithinNextHours(appointment, appointment, 48, NEW_YORK)).toBe(true)
  })

  it('counts the hour a spring-forward night takes away, and the one a fall-back night adds', () => {
    // Saturday 10:30 to Monday 10:00 is 47.5 hours on the clock's face: 46.5 elapsed in March, 48.5 in November.
    expect(isWithinNextHours('2026-03-09 10:00', '2026-03-07 10:30', 47, NEW_YORK)).toBe(true)
    expect(isWithinNextHours('2026-11-02 10:00', '2026-10-31 10:30', 48, NEW_YORK)).toBe(false)
  })

  it('is false for an appointment time that cannot be read', () => {
    expect(isWithinNextHours('Thursday at ten', '2026-03-02 10:00', 48, NEW_YORK)).toBe(false)
  })
})

// Against the calendar: Intl's wall clock (localTimeAt) at two instants must give back the hours between them, in
// zones with and without daylight saving (Lord Howe moves by 30 minutes), for every instant a wall clock names once.
const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']
const HOUR = 3_600_000
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => ms - (ms % 1000))
const unambiguous = (ms: number, zone: string) => instantOf(localTimeAt(ms, zone), zone) === ms

describe('against the calendar', () => {
  it('the hours between the wall-clock times of two instants are the hours between the instants', () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...ZONES), (a, b, zone) => {
        fc.pre(unambiguous(a, zone) && unambiguous(b, zone))
        expect(hoursBetween(localTimeAt(a, zone), localTimeAt(b, zone), zone)).toBeCloseTo((b - a) / HOUR, 9)
      }),
    )
  })

  it('a time is within the next N hours exactly when it is between now and N hours later', () => {
    const offset = fc.integer({ min: -100 * 3600, max: 100 * 3600 }).map((seconds) => seconds * 1000)
    fc.assert(
      fc.property(
        instant,
        offset,
        fc.integer({ min: 1, max: 96 }),
        fc.constantFrom(...ZONES),
        (now, ahead, hours, zone) => {
          fc.pre(unambiguous(now, zone) && unambiguous(now + ahead, zone))
          const within = isWithinNextHours(localTimeAt(now + ahead, zone), localTimeAt(now, zone), hours, zone)
          expect(within).toBe(ahead >= 0 && ahead <= hours * HOUR)
        },
      ),
    )
  })
})
