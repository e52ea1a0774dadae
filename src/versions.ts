import type { Flow } from './flow.ts'
import { phoneKey } from './phone.ts'

/**
 * Versions of a trigger's flow, pinned per call. The version is chosen once per call from its `call_id` by a stable
 * hash (FNV-1a, 32 bits, over the UTF-8 bytes of the call id), so every Trigger of one call gets the same version on
 * every instance and platform, with no store. The hash's value scaled to 0–9999 (`floor(hash × 10000 / 2³²)`, its
 * high bits) picks a version: the declared versions take consecutive ranges from 0 in declaration order (`next` at
 * 25 % takes 0–2499), the trigger's own flow (`stable`) takes the rest. Raising a share keeps the calls it had.
 */

/** The name of the flow a trigger is given in `flows`: the version that gets the calls the others leave. */
export const BASE_VERSION = 'stable'

/** Shares are counted in hundredths of a percent: `12.5` is 1250 of 10000. */
const BUCKETS = 10_000

/** Another version of a trigger's flow, and the share of calls (a percent, 0–100) it gets by default. */
export interface FlowVersion<Services = unknown> {
  readonly flow: Flow<unknown, Services>
  readonly share: number
}

/** Other versions by trigger name, then by version name: `{ default: { next: { flow: nextFlow, share: 0 } } }`. */
export type TriggerVersions<Services = unknown> = Readonly<
  Record<string, Readonly<Record<string, FlowVersion<Services>>>>
>

/** Caller numbers that always get a version, by version name: `{ next: ['+17325550199'] }` (any form of a number). */
export type TestCallers = Readonly<Record<string, readonly string[]>>

/** What a version may be called: short, no spaces, safe in a header and a log line. */
export const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/

/** A share setting that cannot be used: refused at start with this one-line message. */
export class VersionsError extends Error {}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (a lone surrogate counts as U+FFFD, as `TextEncoder` writes it). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index)
    // Call ids are ASCII: one byte each, hashed inline.
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193)
      continue
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(index + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
        index++
      } else code = 0xfffd
    } else if (code >= 0xdc00 && code <= 0xdfff) code = 0xfffd
    for (const byte of utf8Bytes(code)) hash = Math.imul(hash ^ byte, 0x01000193)
  }
  return hash >>> 0
}

/** The UTF-8 bytes of one code point above U+007F. */
function utf8Bytes(code: number): number[] {
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
}

/** Where a call id falls, 0–9999: the hash's high bits, which FNV-1a mixes best. */
export function versionBucket(callId: string): number {
  return Math.floor((fnv1a32(callId) * BUCKETS) / 2 ** 32)
}

/** A percent as hundredths (`25` → 2500, `0.5` → 50); undefined unless 0–100 with at most two decimals. */
function hundredths(percent: string): number | undefined {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(percent)) return undefined
  const value = Math.round(Number(percent) * 100)
  return value <= BUCKETS ? value : undefined
}

/** One trigger's versions, in the order their ranges are laid out, with their shares in hundredths of a percent. */
interface Plan<F> {
  readonly base: F
  readonly versions: readonly { readonly name: string; readonly flow: F; readonly share: number }[]
}

interface VersionChoice<F> {
  readonly flow: F
  readonly version: string
}

/** What chooses a version for each call: built once per binding, from the app's declaration and `TRIGGER_VERSIONS`. */
export interface VersionChooser<F> {
  /**
   * The flow and version that answer this call at `trigger`: `requested` (a local tool's pick) when the trigger has
   * it, else the test callers' version, else the call id's range.
   */
  choose(trigger: string, callId: string, callerNumber: string | undefined, requested?: string): VersionChoice<F>
  /** Every version a trigger has, the base first, with its share in percent. */
  shares(trigger: string): readonly { readonly version: string; readonly percent: number }[]
}

/** The app's declaration, checked when the app is created: a mistake in code throws there. */
export interface VersionDeclaration<F> {
  readonly flows: Readonly<Record<string, F>>
  readonly plans: ReadonlyMap<string, Plan<F>>
  /** Phone key → version. */
  readonly testCallers: ReadonlyMap<string, string>
}

export function declareVersions<F>(
  flows: Readonly<Record<string, F>>,
  versions: Readonly<Record<string, Readonly<Record<string, { readonly flow: F; readonly share: number }>>>> = {},
  testCallers: TestCallers = {},
): VersionDeclaration<F> {
  const plans = new Map<string, Plan<F>>()
  const names = new Set<string>([BASE_VERSION])
  for (const [trigger, declared] of Object.entries(versions)) {
    const base = Object.hasOwn(flows, trigger) ? flows[trigger] : undefined
    if (base === undefined) throw new TypeError(`versions: "${trigger}" is not one of the app's triggers`)
    let total = 0
    const list = Object.entries(declared).map(([name, { flow, share }]) => {
      if (name === BASE_VERSION)
        throw new TypeError(`versions.${trigger}: "${BASE_VERSION}" is the trigger's own flow, in flows`)
      if (!VERSION_NAME.test(name))
        throw new TypeError(`versions.${trigger}: "${name}" is not a version name (letters, digits, . _ -)`)
      const part = hundredths(String(share))
      if (typeof share !== 'number' || part === undefined)
        throw new TypeError(`versions.${trigger}.${name}: share must be a percent from 0 to 100`)
      total += part
      names.add(name)
      return { name, flow, share: part }
    })
    if (total > BUCKETS) throw new TypeError(`versions.${trigger}: the shares add up to more than 100 %`)
    plans.set(trigger, { base, versions: list })
  }
  const callers = new Map<string, string>()
  for (const [version, numbers] of Object.entries(testCallers)) {
    if (!names.has(version)) throw new TypeError(`testCallers: no trigger has a version "${version}"`)
    for (const number of numbers) {
      const key = phoneKey(number)
      if (key === undefined) throw new TypeError(`testCallers.${version}: "${number}" is not a phone number`)
      callers.set(key, version)
    }
  }
  return { flows, plans, testCallers: callers }
}

/**
 * `TRIGGER_VERSIONS` read against the app's declaration: comma-separated `<trigger>:<version>=<percent>`
 * (`default:next=25`). Unset or blank: the declared shares. Anything else that cannot be read throws a
 * `VersionsError` with one line saying what is wrong, so a typo never turns into 0 % or 100 % of calls.
 */
function overrideShares<F>(declaration: VersionDeclaration<F>, setting: string | undefined): Map<string, Plan<F>> {
  const plans = new Map(declaration.plans)
  if (setting === undefined || setting.trim() === '') return plans
  const seen = new Set<string>()
  for (const raw of setting.split(',')) {
    const entry = raw.trim()
    const problem = (why: string) =>
      new VersionsError(`TRIGGER_VERSIONS: "${entry.slice(0, 60)}" ${why} (expected <trigger>:<version>=<percent>)`)
    const match = /^([^:=\s]+):([^:=\s]+)=(\S+)$/.exec(entry)
    if (!match) throw problem(entry === '' ? 'is an empty entry' : 'cannot be read')
    const [, trigger = '', version = '', percent = ''] = match
    const plan = plans.get(trigger)
    if (!plan) {
      const known = [...declaration.plans.keys()].join(', ') || 'none'
      throw problem(`names a trigger without versions (triggers with versions: ${known})`)
    }
    if (version === BASE_VERSION)
      throw problem(`sets ${BASE_VERSION}, which gets what the other versions leave: set their shares`)
    const index = plan.versions.findIndex((candidate) => candidate.name === version)
    if (index < 0) {
      const known = plan.versions.map((candidate) => candidate.name).join(', ')
      throw problem(`names no version of ${trigger} (its versions: ${known})`)
    }
    const share = hundredths(percent)
    if (share === undefined) throw problem('is not a percent from 0 to 100')
    if (seen.has(`${trigger}:${version}`)) throw problem('is set twice')
    seen.add(`${trigger}:${version}`)
    plans.set(trigger, {
      ...plan,
      versions: plan.versions.map((candidate, at) => (at === index ? { ...candidate, share } : candidate)),
    })
  }
  for (const [trigger, plan] of plans) {
    const total = plan.versions.reduce((sum, version) => sum + version.share, 0)
    if (total > BUCKETS)
      throw new VersionsError(`TRIGGER_VERSIONS: the shares of ${trigger} add up to ${total / 100} %, more than 100 %`)
  }
  return plans
}

/** The chooser for one binding. A trigger without versions answers with its flow as `stable`, with no hashing. */
export function versionChooser<F>(declaration: VersionDeclaration<F>, setting: string | undefined): VersionChooser<F> {
  const plans = overrideShares(declaration, setting)
  const { testCallers } = declaration
  return {
    choose(trigger, callId, callerNumber, requested) {
      const plan = plans.get(trigger)
      const base = plan?.base ?? (declaration.flows[trigger] as F)
      if (!plan) return { flow: base, version: BASE_VERSION }
      const pinned =
        namedVersion(plan, base, requested) ??
        (testCallers.size > 0 && callerNumber !== undefined
          ? namedVersion(plan, base, testCallers.get(phoneKey(callerNumber) ?? ''))
          : undefined)
      if (pinned) return pinned
      const bucket = versionBucket(callId)
      let end = 0
      for (const version of plan.versions) {
        end += version.share
        if (bucket < end) return { flow: version.flow, version: version.name }
      }
      return { flow: base, version: BASE_VERSION }
    },
    shares(trigger) {
      const plan = plans.get(trigger)
      const others = plan?.versions ?? []
      const rest = BUCKETS - others.reduce((sum, version) => sum + version.share, 0)
      return [
        { version: BASE_VERSION, percent: rest / 100 },
        ...others.map((version) => ({ version: version.name, percent: version.share / 100 })),
      ]
    },
  }
}

/** The version of `plan` named `version`, if it has one (`stable` is its base). */
function namedVersion<F>(plan: Plan<F>, base: F, version: string | undefined): VersionChoice<F> | undefined {
  if (version === undefined) return undefined
  if (version === BASE_VERSION) return { flow: base, version }
  const found = plan.versions.find((candidate) => candidate.name === version)
  return found && { flow: found.flow, version }
}

/** The version a local tool asks for (the `x-trigger-version` header's value), if it names one that could exist. */
export function requestedVersion(header: string | undefined): string | undefined {
  const named = header?.trim()
  return named && VERSION_NAME.test(named) ? named : undefined
}
