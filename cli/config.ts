import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as z from 'zod/mini'
import type { CallerSchema, TriggerApp } from '../src/index.ts'
import { FILE_LIMITS, parseJsonText, readUserText, UsageError } from './files.ts'
import { loadPeer } from './peers.ts'

export { UsageError }

import { issueMessage } from '../src/_internal.ts'

/**
 * Where a command finds the user's project: flags, else `voitex-trigger.config.json` in the current folder (paths in
 * it are relative to it). Nothing defaults to this repository's demo.
 */
const CONFIG_FILE = 'voitex-trigger.config.json'

/**
 * An environment variable, read as the process's own only: a key inherited through a polluted `Object.prototype`
 * is never a setting (reading `process.env.HOST` would find one).
 */
export function envSetting(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return Object.hasOwn(env, name) ? env[name] : undefined
}

/**
 * The environment's own variables in an object with no prototype: what a child process is given. `spawn` copies
 * inherited keys too, so a plain `{ ...process.env }` would pass on anything planted on `Object.prototype`.
 */
export function ownEnv(...sources: NodeJS.ProcessEnv[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.create(null)
  for (const source of sources.length > 0 ? sources : [process.env])
    for (const name of Object.keys(source)) env[name] = source[name]
  return env
}

/** The options every project-aware command takes, for `parseArgs`. */
export const PROJECT_OPTIONS = {
  config: { type: 'string' },
  app: { type: 'string' },
  map: { type: 'string' },
  scenarios: { type: 'string' },
  callers: { type: 'string' },
  schema: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export const PROJECT_HELP = `Project (flags win over ${CONFIG_FILE} in the current folder):
  --app FILE[#EXPORT]     the module exporting your trigger app (createTriggerApp); export default or "app"
  --map FILE              the IVR map (YAML or JSON)
  --scenarios DIR|FILE    scenario files
  --callers FILE          callers for the embedded store (JSON or CSV)
  --schema FILE#EXPORT    the caller record schema (default: your flows' caller schema)
  --config FILE           another config file`

/** voitex-trigger.config.json; paths are relative to it. Its JSON Schema is generated from this (schemas/). */
export const ConfigSchema = z
  .strictObject({
    $schema: z.optional(z.string()).check(z.describe('The JSON Schema of this file, for editors.')),
    app: z
      .optional(z.string())
      .check(z.describe('The module exporting your trigger app (`createTriggerApp`): `FILE`, or `FILE#EXPORT`.')),
    map: z.optional(z.string()).check(z.describe('The IVR map (YAML or JSON).')),
    scenarios: z.optional(z.string()).check(z.describe('A folder of scenario files, or one file.')),
    callers: z.optional(z.string()).check(z.describe('Callers for the embedded store (JSON or CSV).')),
    schema: z
      .optional(z.string())
      .check(z.describe("The caller record schema, `FILE#EXPORT` (default: your flows' caller schema).")),
    settings: z
      .optional(z.record(z.string(), z.string()))
      .check(
        z.describe(
          "The settings your app's in-process runs get (`call`, `scenarios`, `lint`, `replay`): never the environment's, so a test reaches no real API. A required setting your app declares needs a value here.",
        ),
      ),
  })
  .check(z.describe('Where voitex-trigger commands find your project, from the folder of this file.'))

export type ProjectFlags = Partial<Record<(typeof KEYS)[number] | 'config', string | undefined>>

export interface Project {
  /** The config file read, if any. */
  readonly configFile: string | undefined
  readonly app: string | undefined
  readonly map: string | undefined
  readonly scenarios: string | undefined
  readonly callers: string | undefined
  readonly schema: string | undefined
  /** The settings in-process runs give the app (`settings` in the config): never the environment's. */
  readonly settings: Readonly<Record<string, string>>
}

const KEYS = ['app', 'map', 'scenarios', 'callers', 'schema'] as const

/** `file#export` with the file made absolute against `base`. */
function resolveSpec(spec: string, base: string): string {
  const [file = '', name] = spec.split('#')
  return name === undefined ? resolve(base, file) : `${resolve(base, file)}#${name}`
}

export async function resolveProject(flags: ProjectFlags, cwd = process.cwd()): Promise<Project> {
  const configFile = flags.config
    ? resolve(cwd, flags.config)
    : existsSync(resolve(cwd, CONFIG_FILE))
      ? resolve(cwd, CONFIG_FILE)
      : undefined
  let config: z.output<typeof ConfigSchema> = {}
  if (configFile) {
    const data = parseJsonText(await readUserText(configFile, FILE_LIMITS.config), configFile)
    const parsed = ConfigSchema.safeParse(data)
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key(s) ${issue.keys.join(', ')} (known: ${[...KEYS, 'settings'].join(', ')})`
          : `${issue.path.join('.')}: ${issueMessage(issue, data)}`,
      )
      throw new UsageError(`${configFile}: ${problems.join('; ')}`)
    }
    config = parsed.data
  }
  const configDir = configFile ? dirname(configFile) : cwd
  const pick = (key: (typeof KEYS)[number]) => {
    const flag = flags[key]
    if (flag !== undefined) return resolveSpec(flag, cwd)
    const fromConfig = config[key]
    return fromConfig === undefined ? undefined : resolveSpec(fromConfig, configDir)
  }
  return {
    configFile,
    app: pick('app'),
    map: pick('map'),
    scenarios: pick('scenarios'),
    callers: pick('callers'),
    schema: pick('schema'),
    settings: { ...config.settings },
  }
}

const HINT: Record<(typeof KEYS)[number], string> = {
  app: '--app src/app.ts',
  map: '--map ivr-map.yaml',
  scenarios: '--scenarios scenarios/',
  callers: '--callers callers.json',
  schema: '--schema src/flow.ts#Caller',
}

/** The project setting a command cannot do without; missing, it says exactly what to pass. */
export function need(project: Project, key: (typeof KEYS)[number], forWhat: string): string {
  const value = project[key]
  if (value !== undefined) return value
  throw new UsageError(
    `${forWhat} needs ${key === 'app' ? 'your app' : `a ${key}`}: pass ${HINT[key]}, or set "${key}" in ${CONFIG_FILE}`,
  )
}

let typeScriptReady: Promise<void> | undefined

/**
 * User modules may be TypeScript: load them through tsx unless a TypeScript loader already runs this code. `file`
 * (the first module to load) names what needs tsx when it is not installed.
 */
export function ensureTypeScript(file: string): Promise<void> {
  typeScriptReady ??= import.meta.url.endsWith('.ts')
    ? Promise.resolve()
    : loadPeer('tsx', `loading ${relative(process.cwd(), file) || file}`, () => import('tsx/esm/api')).then(
        ({ register }) => void register(),
      )
  return typeScriptReady
}

/** Import `file#export` from the user's project (TypeScript or JavaScript, no build step). */
async function importExport(spec: string, fallbacks: readonly string[]): Promise<{ value: unknown; name: string }> {
  const [file = '', requested] = spec.split('#')
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`)
  await ensureTypeScript(file)
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  const names = requested ? [requested] : fallbacks
  for (const name of names) if (module[name] !== undefined) return { value: module[name], name }
  const exported = Object.keys(module).join(', ') || 'nothing'
  throw new UsageError(
    `${file} has no export ${names.map((name) => `"${name}"`).join(' or ')} (it exports ${exported})`,
  )
}

function isTriggerApp(value: unknown): value is TriggerApp {
  const candidate = value as Partial<TriggerApp> | null
  return typeof candidate?.handler === 'function' && typeof candidate.flows === 'object' && candidate.flows !== null
}

/** The user's trigger app: `createTriggerApp(...)` exported as `default` or `app` (or the named export). */
export async function loadApp(spec: string): Promise<TriggerApp> {
  const { value, name } = await importExport(spec, ['default', 'app'])
  if (!isTriggerApp(value))
    throw new UsageError(
      `${spec.split('#')[0]}: export "${name}" is not a trigger app: export createTriggerApp({ flows })`,
    )
  return value
}

/** A caller schema: `--schema file#Export`, else the one schema the app's flows declare. */
export async function loadSchema(project: Project, app?: TriggerApp): Promise<CallerSchema<unknown> | undefined> {
  if (project.schema) {
    const { value, name } = await importExport(project.schema, ['default'])
    if (typeof value !== 'object' || value === null || !('_zod' in value))
      throw new UsageError(`${project.schema}: export "${name}" is not a zod schema`)
    return value as CallerSchema<unknown>
  }
  if (!app) return undefined
  const schemas = new Set(Object.values(app.flows).flatMap((flow) => (flow.caller ? [flow.caller] : [])))
  if (schemas.size > 1)
    throw new UsageError(`your flows declare ${schemas.size} different caller schemas: pass ${HINT.schema}`)
  return [...schemas][0]
}
