import { fnv1a32 } from '../src/_internal.ts'
import type { LogEntry } from './report-read.ts'

/**
 * The figures of `voitex-trigger report`, counted as the records stream by: every count exact, latency percentiles
 * exact to the millisecond (a histogram), calls per hour estimated (HyperLogLog, ±1 %) so a day at 100 calls per
 * second stays small. Names from the input (triggers, routes, reasons, versions) are bounded in number.
 */

/** Most distinct names kept per list; the rest are counted under `(other)`. */
const MAX_NAMES = 200
const OTHER = '(other)'
/** Longest name kept from the input. */
const MAX_NAME_CHARS = 80

type Counts = Record<string, number>

/** Counts keyed by names from the input: no prototype, so a route called `__proto__` is a count like any other. */
const counts = (): Counts => Object.create(null) as Counts

function bump(counts: Counts, key: string, by = 1): void {
  const name = key.length > MAX_NAME_CHARS ? `${key.slice(0, MAX_NAME_CHARS - 1)}…` : key
  if (Object.hasOwn(counts, name)) counts[name] = (counts[name] ?? 0) + by
  else if (Object.keys(counts).length < MAX_NAMES) counts[name] = by
  else counts[OTHER] = (counts[OTHER] ?? 0) + by
}

/** Durations by whole millisecond: exact percentiles in bounded memory (at most one entry per distinct value). */
class Latency {
  readonly #counts = new Map<number, number>()
  #total = 0

  add(ms: number): void {
    const key = Math.max(0, Math.min(Math.round(ms), 600_000))
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1)
    this.#total++
  }

  percentiles(): { p50: number | null; p95: number | null; p99: number | null } {
    if (this.#total === 0) return { p50: null, p95: null, p99: null }
    const sorted = [...this.#counts].sort(([a], [b]) => a - b)
    // Nearest rank: the smallest duration at or above which p % of the requests fall.
    const at = (p: number) => {
      const rank = Math.ceil((p / 100) * this.#total)
      let seen = 0
      for (const [ms, count] of sorted) {
        seen += count
        if (seen >= rank) return ms
      }
      return sorted.at(-1)?.[0] ?? null
    }
    return { p50: at(50), p95: at(95), p99: at(99) }
  }
}

/** HyperLogLog with 2^12 registers (±1.6 %), small counts by linear counting: distinct calls in little memory. */
class Distinct {
  static readonly BITS = 12
  readonly #registers = new Uint8Array(1 << Distinct.BITS)

  add(text: string): void {
    // FNV-1a mixes its high bits well, its low bits less: a finaliser (murmur3's) spreads every bit.
    let hash = fnv1a32(text)
    hash ^= hash >>> 16
    hash = Math.imul(hash, 0x85ebca6b)
    hash ^= hash >>> 13
    hash = Math.imul(hash, 0xc2b2ae35)
    hash ^= hash >>> 16
    const index = hash >>> (32 - Distinct.BITS)
    const rest = (hash << Distinct.BITS) | (1 << (Distinct.BITS - 1))
    const rank = Math.clz32(rest) + 1
    if (rank > (this.#registers[index] ?? 0)) this.#registers[index] = rank
  }

  estimate(): number {
    const m = this.#registers.length
    let sum = 0
    let zeros = 0
    for (const register of this.#registers) {
      sum += 2 ** -register
      if (register === 0) zeros++
    }
    const raw = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros))
    return Math.round(raw)
  }
}

interface VersionFigures {
  requests: number
  outcomes: { decision: number; fallback: number; rejected: number }
  routes: Counts
  latency: Latency
}

interface TriggerFigures extends VersionFigures {
  reasons: { fallback: Counts; rejected: Counts }
  lookups: { found: number; not_found: number; degraded: Counts }
  once: Counts
  versions: Map<string, VersionFigures>
}

function versionFigures(): VersionFigures {
  return { requests: 0, outcomes: { decision: 0, fallback: 0, rejected: 0 }, routes: counts(), latency: new Latency() }
}

function triggerFigures(): TriggerFigures {
  return {
    ...versionFigures(),
    reasons: { fallback: counts(), rejected: counts() },
    lookups: { found: 0, not_found: 0, degraded: counts() },
    once: counts(),
    versions: new Map(),
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

/** A fallback reason, its count, and one call that met it (to look up in the logs). */
interface FallbackExample {
  readonly trigger: string
  readonly reason: string
  readonly count: number
  readonly example_call_id: string | undefined
}

/** The figures of one kind of record: `trigger` lines, or capture lines. */
class Source {
  readonly triggers = new Map<string, TriggerFigures>()
  readonly hours = new Map<number, { requests: number; calls: Distinct }>()
  readonly fallbacks = new Map<string, { trigger: string; reason: string; count: number; example?: string }>()
  first: number | undefined
  last: number | undefined

  figures(trigger: string): TriggerFigures {
    let figures = this.triggers.get(trigger)
    if (!figures) {
      if (this.triggers.size >= MAX_NAMES && trigger !== OTHER) return this.figures(OTHER)
      figures = triggerFigures()
      this.triggers.set(trigger, figures)
    }
    return figures
  }

  /** One request's place in time (calls per hour) and, for a fallback, among the reasons. */
  timed(at: number | undefined, callId: string | undefined, trigger: string, outcome: string, reason: string): void {
    if (at !== undefined) {
      this.first = this.first === undefined ? at : Math.min(this.first, at)
      this.last = this.last === undefined ? at : Math.max(this.last, at)
      const hour = Math.floor(at / 3_600_000)
      let slot = this.hours.get(hour)
      // A year of hours is still small; past it, further hours are not shown.
      if (!slot && this.hours.size < 24 * 400) {
        slot = { requests: 0, calls: new Distinct() }
        this.hours.set(hour, slot)
      }
      if (slot) {
        slot.requests++
        if (callId) slot.calls.add(callId)
      }
    }
    if (outcome !== 'fallback') return
    const key = `${trigger}\u0000${reason}`
    const seen = this.fallbacks.get(key)
    if (seen) seen.count++
    else if (this.fallbacks.size < MAX_NAMES)
      this.fallbacks.set(key, { trigger, reason, count: 1, ...(callId ? { example: callId } : {}) })
  }
}

export class Tally {
  readonly #lines = new Source()
  readonly #captures = new Source()
  /** Where each trigger's flow sent callers (`goto`), from capture lines: counts on the map's edges. */
  readonly #gotos = new Map<string, Counts>()
  /** Our records read (`trigger`, `once_*` and capture lines). */
  records = 0
  /** `trigger` or capture lines that lacked what a count needs (a trigger name, an outcome). */
  malformed = 0

  add({ record, at }: LogEntry): void {
    const event = record.event
    if (event === 'trigger') this.#request(record, at, this.#lines)
    else if (event === 'capture') this.#capture(record, at)
    else if (typeof event === 'string' && event.startsWith('once_')) {
      const trigger = text(record.trigger)
      if (trigger) bump(this.#lines.figures(trigger).once, event.slice(5))
    } else return
    this.records++
  }

  #request(record: Readonly<Record<string, unknown>>, at: number | undefined, source: Source): void {
    // A request refused before its trigger was known (a bad token on a misconfigured endpoint) has no name.
    const trigger = text(record.trigger) ?? (record.outcome === 'rejected' ? '(none)' : undefined)
    const outcome = record.outcome
    if (!trigger || (outcome !== 'decision' && outcome !== 'fallback' && outcome !== 'rejected')) {
      this.malformed++
      return
    }
    const figures = source.figures(trigger)
    const version = text(record.version)
    const perVersion = version === undefined ? undefined : versionOf(figures, version)
    const route = text(record.route)
    const reason = text(record.reason) ?? 'unknown'
    const duration =
      typeof record.duration_ms === 'number' && Number.isFinite(record.duration_ms) ? record.duration_ms : undefined
    for (const target of perVersion ? [figures, perVersion] : [figures]) {
      target.requests++
      target.outcomes[outcome]++
      if (route) bump(target.routes, route)
      if (duration !== undefined) target.latency.add(duration)
    }
    if (outcome !== 'decision') bump(figures.reasons[outcome], reason)
    const lookup = text(record.lookup)
    if (lookup === 'found') figures.lookups.found++
    else if (lookup === 'not_found') figures.lookups.not_found++
    else if (lookup) bump(figures.lookups.degraded, lookup)
    source.timed(at, text(record.call_id), trigger, outcome, reason)
  }

  #capture(record: Readonly<Record<string, unknown>>, at: number | undefined): void {
    this.#request(record, at, this.#captures)
    const trigger = text(record.trigger)
    const decision = record.decision
    const goto =
      typeof decision === 'object' && decision !== null ? text((decision as { goto?: unknown }).goto) : undefined
    if (!trigger || !goto) return
    let targets = this.#gotos.get(trigger)
    if (!targets && this.#gotos.size < MAX_NAMES) {
      targets = counts()
      this.#gotos.set(trigger, targets)
    }
    if (targets) bump(targets, goto)
  }

  /** The report as JSON-ready data. */
  result() {
    // Requests come from `trigger` lines; a capture file alone (no such line) is counted from its captures.
    const source = this.#lines.triggers.size > 0 ? this.#lines : this.#captures
    const triggers = Object.fromEntries(
      [...source.triggers].map(([name, figures]) => [
        name,
        {
          requests: figures.requests,
          outcomes: figures.outcomes,
          reasons: figures.reasons,
          routes: figures.routes,
          lookups: figures.lookups,
          once: figures.once,
          versions: Object.fromEntries(
            [...figures.versions].map(([version, perVersion]) => [
              version,
              {
                requests: perVersion.requests,
                outcomes: perVersion.outcomes,
                routes: perVersion.routes,
                latency_ms: perVersion.latency.percentiles(),
              },
            ]),
          ),
          latency_ms: figures.latency.percentiles(),
          gotos: this.#gotos.get(name) ?? {},
        },
      ]),
    )
    const hours = [...source.hours]
      .sort(([a], [b]) => a - b)
      .map(([hour, slot]) => ({
        hour: new Date(hour * 3_600_000).toISOString(),
        requests: slot.requests,
        calls: slot.calls.estimate(),
      }))
    const topFallbacks: FallbackExample[] = [...source.fallbacks.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, 10)
      .map(({ trigger, reason, count, example }) => ({ trigger, reason, count, example_call_id: example }))
    return {
      period: {
        from: source.first === undefined ? null : new Date(source.first).toISOString(),
        to: source.last === undefined ? null : new Date(source.last).toISOString(),
      },
      counted_from: source === this.#lines ? ('trigger lines' as const) : ('capture lines' as const),
      triggers,
      hours,
      top_fallbacks: topFallbacks,
    }
  }
}

function versionOf(figures: TriggerFigures, version: string): VersionFigures {
  let found = figures.versions.get(version)
  if (!found) {
    if (figures.versions.size >= MAX_NAMES && version !== OTHER) return versionOf(figures, OTHER)
    found = versionFigures()
    figures.versions.set(version, found)
  }
  return found
}

export type ReportFigures = ReturnType<Tally['result']>
