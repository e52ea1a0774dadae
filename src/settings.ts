import * as z from 'zod/mini'
import type { TokenConfig } from './auth.ts'
import { captureSetting } from './capture.ts'
import { issueMessage } from './issues.ts'
import type { OnceWhenDown } from './once.ts'
import { secretNamesSetting } from './redact.ts'

/** The settings of this engine every adapter reads from the platform: environment variables, or Worker bindings. */
export interface EngineSettings {
  /** The accepted Trigger token (a secret), or a comma-separated list while one is rotated. */
  readonly TRIGGER_TOKEN?: string | undefined
  /** The zone the platform's `date_time` is read in (default `America/New_York`). */
  readonly TIME_ZONE?: string | undefined
  /** `1` writes one capture line per exchange (see `voitex-trigger replay`). */
  readonly TRIGGER_CAPTURE?: string | undefined
  /** `at-most-once` (default) or `at-least-once`: what `deps.once` does when its claim store is down. */
  readonly TRIGGER_ONCE_WHEN_DOWN?: string | undefined
  /** Comma-separated field names whose values are secrets (`member_code,acct_*`), blanked in logs and captures. */
  readonly TRIGGER_SECRET_NAMES?: string | undefined
  /** Shares of calls per version, overriding the app's: `default:next=25` (comma-separated). */
  readonly TRIGGER_VERSIONS?: string | undefined
}

/** The part of a `RuntimeConfig` the engine's settings give (the same fields); an adapter spreads it into the rest. */
interface SettingsConfig {
  readonly tokens: TokenConfig
  readonly timeZone: string | undefined
  readonly capture: boolean | undefined
  readonly onceWhenDown: OnceWhenDown | undefined
  readonly secretNames: readonly string[] | undefined
  readonly versions: string | undefined
}

/**
 * Read the engine's settings. A wrong `TIME_ZONE`, `TRIGGER_ONCE_WHEN_DOWN` or `TRIGGER_VERSIONS` is refused where the
 * app is bound.
 */
export function readEngineSettings(settings: object): SettingsConfig {
  // Own properties only: a value planted on Object.prototype is never a setting (an open endpoint, a capture).
  const own = (name: keyof EngineSettings): unknown =>
    Object.hasOwn(settings, name) ? (settings as Record<string, unknown>)[name] : undefined
  const text = (name: (typeof TEXT_ENGINE_SETTINGS)[number]) => {
    const value = own(name)
    return typeof value === 'string' ? value : undefined
  }
  return {
    tokens: tokenSetting(own('TRIGGER_TOKEN')),
    timeZone: text('TIME_ZONE'),
    capture: captureSetting(own('TRIGGER_CAPTURE')),
    onceWhenDown: text('TRIGGER_ONCE_WHEN_DOWN') as OnceWhenDown | undefined,
    secretNames: secretNamesSetting(own('TRIGGER_SECRET_NAMES')),
    versions: text('TRIGGER_VERSIONS'),
  }
}

/** The engine's settings read as text only: a value of another type is ignored and the default used. */
export const TEXT_ENGINE_SETTINGS = ['TIME_ZONE', 'TRIGGER_ONCE_WHEN_DOWN', 'TRIGGER_VERSIONS'] as const

/**
 * TRIGGER_TOKEN as the engine reads it: text, a list, or a number's digits (a Worker var written unquoted). Any other
 * value present fails closed, as a token with nothing in it: every Trigger refused, never an open endpoint.
 */
function tokenSetting(value: unknown): TokenConfig {
  if (value === undefined || typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value
  return ''
}

/** A setting the app declares is missing or invalid: the app cannot serve, and says so. */
export class SettingsError extends Error {}

/**
 * The declared settings out of the platform's: only the declared keys, an empty value read as unset (serverless.yml's
 * `${env:KEY, ''}` gives one). Issues name the setting and what it allows, never its value (it may be a secret).
 */
export function readSettings(schema: z.core.$ZodObject, names: readonly string[], env: object): unknown {
  const read = settingsRead(schema, names, env)
  if (read.ok) return read.value
  throw new SettingsError(
    `the app's settings are not valid: ${read.problems.map((problem) => problem.message).join('; ')}`,
  )
}

/** What binding would refuse in one setting (`TriggerApp.checkSettings`): errors as data, never the value. */
export interface SettingProblem {
  /** The setting, when the problem is one setting's (a check across settings names none). */
  readonly setting: string | undefined
  /** What is wrong, the setting named first: `VOITEX_API_URL: expected a URL`. */
  readonly message: string
}

/**
 * What the declaration says of the settings a deploy config writes: one it leaves out is not read (a secret is set
 * elsewhere), one it writes empty is read as not set, as the platform reads it.
 */
export function writtenSettingsProblems(
  schema: z.core.$ZodObject,
  names: readonly string[],
  env: object,
): SettingProblem[] {
  const read = settingsRead(schema, names, env)
  if (read.ok) return []
  // A check across settings is read only when the config writes every one of them (a secret is set elsewhere).
  const writesAll = names.every((name) => Object.hasOwn(env, name))
  return read.problems
    .filter((problem) => (problem.setting === undefined ? writesAll : Object.hasOwn(env, problem.setting)))
    .map(({ setting, message, notSet }) => ({
      setting,
      message: notSet ? `${setting} is empty, which reads as not set` : message,
    }))
}

interface ReadProblem extends SettingProblem {
  readonly notSet: boolean
}

type SettingsRead = { ok: true; value: unknown } | { ok: false; problems: ReadProblem[] }

/** One issue of a declared setting as said: not set, or what it allows (`issueMessage` never quotes the value). */
function readProblem(
  path: readonly PropertyKey[],
  issue: z.core.$ZodIssue,
  given: Record<string, unknown>,
): ReadProblem {
  const name = path.map(String).join('.') || 'settings'
  const notSet = path.length === 1 && given[name] === undefined
  const message = notSet ? `${name} is not set` : `${name}: ${issueMessage(issue, given)}`
  return { setting: path.length > 0 ? String(path[0]) : undefined, message, notSet }
}

function settingsRead(schema: z.core.$ZodObject, names: readonly string[], env: object): SettingsRead {
  const given: Record<string, unknown> = {}
  for (const name of names) {
    const value = (env as Record<string, unknown>)[name]
    if (value !== undefined && value !== '') given[name] = value
  }
  let parsed: ReturnType<typeof z.safeParse>
  try {
    parsed = z.safeParse(schema, given)
  } catch {
    // A transform or check of the app's that throws: its message may quote the value, so it is not repeated.
    return { ok: false, problems: settingBySetting(schema, names, given) }
  }
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, problems: parsed.error.issues.map((issue) => readProblem(issue.path, issue, given)) }
}

/**
 * The problems of each declared setting read alone, for a declaration that throws as a whole: the one whose schema
 * throws is named, its message not repeated, and the others' problems are still said.
 */
function settingBySetting(
  schema: z.core.$ZodObject,
  names: readonly string[],
  given: Record<string, unknown>,
): ReadProblem[] {
  const shape = schema._zod.def.shape as Record<string, z.core.$ZodType>
  const problems: ReadProblem[] = []
  for (const name of names) {
    const field = shape[name]
    if (field === undefined) continue
    try {
      const parsed = z.safeParse(field, given[name])
      const issue = parsed.success ? undefined : parsed.error.issues[0]
      if (issue) problems.push(readProblem([name, ...issue.path], issue, given))
    } catch {
      const message = `${name}: its schema threw while reading it (its message is not repeated: it may quote the value)`
      problems.push({ setting: name, message, notSet: false })
    }
  }
  return problems
}
