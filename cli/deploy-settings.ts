import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { TEXT_ENGINE_SETTINGS } from '../src/_internal.ts'
import type { SettingProblem } from '../src/index.ts'
import { FILE_LIMITS, readUserText } from './files.ts'
import { loadPeer } from './peers.ts'

/**
 * Whether each platform's deploy config passes every setting the app declares (`settings: z.object(…)`): a setting
 * the config leaves out is missing on that platform only, found by a caller rather than by `npm test`. Each finding
 * names the file, the line to add and where.
 */
export interface DeployFinding {
  readonly severity: 'error' | 'warning' | 'note'
  readonly message: string
}

/** What the app refuses in settings given as literal values (`TriggerApp.checkSettings`): one problem per setting. */
export type SettingsCheck = (settings: Readonly<Record<string, unknown>>) => readonly SettingProblem[]

/**
 * The deploy configs in a project folder, each checked when it exists (a project may target some platforms only):
 * every declared setting passed, and every value written in the file one the app accepts.
 */
export async function checkDeploySettings(
  dir: string,
  names: readonly string[],
  check: SettingsCheck,
): Promise<DeployFinding[]> {
  const findings: DeployFinding[] = []
  // Read as any file a user hands the CLI: a regular file, bounded, strict UTF-8 (a config at /dev/zero is refused).
  const read = async (file: string) =>
    existsSync(join(dir, file)) ? readUserText(join(dir, file), FILE_LIMITS.config) : undefined
  const wrangler = await read('wrangler.toml')
  if (wrangler !== undefined) findings.push(...wranglerFindings(await wranglerSettings(wrangler), names, check))
  const serverless = await read('serverless.yml')
  if (serverless !== undefined) findings.push(...(await serverlessFindings(serverless, names, check)))
  if (names.length > 0 && existsSync(join(dir, 'vercel.json')))
    // Vercel keeps a project's environment variables in the project, not in vercel.json: nothing to read here.
    findings.push({
      severity: 'note',
      message: `vercel.json cannot pass settings: set each on Vercel with ${names.map((name) => `\`vercel env add ${name}\``).join(', ')}`,
    })
  return findings
}

/** What one Worker of wrangler.toml is passed: the top level's, or an environment's (which inherits neither table). */
interface WranglerScope {
  readonly names: Set<string>
  /** The values written under `vars` (wrangler passes them as they are; secrets are set elsewhere). */
  readonly values: Readonly<Record<string, unknown>>
  vars?: TableSite
  secrets?: TableSite
}

/**
 * Where a table of wrangler.toml is first written: its `[header]` line, or the line of a key that makes it, written as
 * `written` (`vars.NAME = …` makes `vars`; `env.production.vars.NAME = …`), `inline` when that key's value is an
 * inline table (`vars = { … }`, which cannot be added to from another line).
 */
interface TableSite {
  readonly line: number
  readonly written?: string
  readonly inline?: boolean
}

/** The top level of wrangler.toml, as `wranglerSettings` keys it; an environment is keyed by its name. */
export const TOP_LEVEL = ''

/** Settings by Worker, or why wrangler.toml cannot be read (wrangler would refuse it too). */
export type WranglerReading =
  | { readonly ok: true; readonly scopes: Map<string, WranglerScope> }
  | { readonly ok: false; readonly error: string }

/**
 * The settings wrangler.toml passes to each Worker it describes: keys of `vars` and names in `secrets.required` (set
 * with `wrangler secret put`), for the top level and for each `env.NAME`, since wrangler inherits neither table into an
 * environment. Parsed with smol-toml, the TOML parser wrangler itself uses, so a file is read as wrangler reads it
 * (quoted and dotted keys, inline tables, multi-line strings and arrays); the lines named are found by a light scan.
 */
export async function wranglerSettings(text: string): Promise<WranglerReading> {
  const { parse, TomlError } = await loadPeer('smol-toml', 'reading wrangler.toml', () => import('smol-toml'))
  let document: Record<string, unknown>
  try {
    // `__proto__` and `constructor` keys dropped: nothing read here is named so, and they could reach prototypes.
    document = parse(text, { unsafeKeyBehaviour: 'drop', maxDepth: 64 })
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    // The parser's first line only: its excerpt of the file would follow.
    const why = (error.message.split('\n')[0] ?? '').slice(0, 200)
    return { ok: false, error: `wrangler.toml is not valid TOML (line ${error.line}, column ${error.column}): ${why}` }
  }
  const lines = tableLines(text)
  const scopeOf = (table: Record<string, unknown>, path: readonly string[]): WranglerScope => {
    const values = tableAt(table, ['vars']) ?? {}
    const names = new Set(Object.keys(values))
    const required = tableAt(table, ['secrets'])?.required
    if (Array.isArray(required)) for (const name of required) if (typeof name === 'string') names.add(name)
    const scope: WranglerScope = { names, values }
    const vars = lines.get([...path, 'vars'].join(PATH_SEPARATOR))
    const secrets = lines.get([...path, 'secrets'].join(PATH_SEPARATOR))
    if (vars) scope.vars = vars
    if (secrets) scope.secrets = secrets
    return scope
  }
  const scopes = new Map([[TOP_LEVEL, scopeOf(document, [])]])
  for (const [name, env] of Object.entries(tableAt(document, ['env']) ?? {}))
    if (isTable(env)) scopes.set(name, scopeOf(env, ['env', name]))
  return { ok: true, scopes }
}

const PATH_SEPARATOR = '\u0000'

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function tableAt(table: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let value: unknown = table
  for (const key of path) value = isTable(value) && Object.hasOwn(value, key) ? value[key] : undefined
  return isTable(value) ? value : undefined
}

/** One name of a TOML key: bare, "basic" (with escapes) or 'literal'. */
const KEY_PART = `"(?:[^"\\\\]|\\\\.)*"|'[^']*'|[A-Za-z0-9_-]+`

const KEY_PARTS = new RegExp(KEY_PART, 'g')

/** A name as a TOML key: bare when it can be. */
function tomlKey(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)
}

/** A TOML key path (`env."my env".vars`) as its names. */
function keyPath(text: string): string[] {
  return (text.match(KEY_PARTS) ?? []).map((part) => part.replace(/^(["'])(.*)\1$/, '$2'))
}

const HEADER = /^\[\[?([^[\]]+)\]\]?/
const MULTI_LINE_QUOTES = ['"""', "'''"]
/** The deepest table a finding names: `env.NAME.vars`. */
const DEEPEST_TABLE = 3
/** A key and its `=`: `vars = …`, `vars.NAME = …`, `env.production.vars.NAME = …`; then whether its value opens `{`. */
const KEY_LINE = new RegExp(`^((?:${KEY_PART})(?:\\s*\\.\\s*(?:${KEY_PART}))*)\\s*=\\s*(\\{)?`)

/**
 * Where each table of wrangler.toml first appears, by key path: a `[header]`, or a key of the table above written on
 * a line (`vars = { … }`, `vars.NAME = …`). Only to name a line in a finding: what is passed comes from the parser.
 */
function tableLines(text: string): Map<string, TableSite> {
  const found = new Map<string, TableSite>()
  const note = (path: readonly string[], site: TableSite) => {
    const key = path.join(PATH_SEPARATOR)
    if (!found.has(key)) found.set(key, site)
  }
  let table: string[] = []
  // Inside a multi-line string, a line is text, whatever it looks like.
  let inString: string | undefined
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (inString) {
      if (line.split(inString).length % 2 === 0) inString = undefined
      continue
    }
    inString = MULTI_LINE_QUOTES.find((quotes) => line.split(quotes).length % 2 === 0)
    const header = HEADER.exec(line)
    if (header) {
      table = keyPath(header[1] ?? '')
      note(table, { line: index + 1 })
      continue
    }
    // Each table a dotted key names is declared on its line (`vars.NAME = …` declares `vars`).
    const key = KEY_LINE.exec(line)
    const written = key ? keyPath(key[1] ?? '') : []
    const path = [...table, ...written]
    // Only tables as deep as `env.NAME.vars` are looked up: a key of thousands of parts costs no more.
    for (let depth = table.length + 1; depth <= Math.min(path.length, DEEPEST_TABLE); depth++)
      note(path.slice(0, depth), {
        line: index + 1,
        written: written
          .slice(0, depth - table.length)
          .map(tomlKey)
          .join('.'),
        inline: depth === path.length && key?.[2] === '{',
      })
  }
  return found
}

function wranglerFindings(
  reading: WranglerReading,
  declared: readonly string[],
  check: SettingsCheck,
): DeployFinding[] {
  if (!reading.ok) return [{ severity: 'error', message: reading.error }]
  return [...reading.scopes].flatMap(([env, { names, values, vars, secrets }]) => {
    const header = (table: string) => (env === TOP_LEVEL ? `[${table}]` : `[env.${env}.${table}]`)
    const at = (site: TableSite | undefined) => (site ? ` (line ${site.line})` : '')
    const worker = env === TOP_LEVEL ? 'wrangler.toml' : `wrangler.toml's [env.${env}]`
    const put = env === TOP_LEVEL ? '' : ` --env ${env}`
    // Said in the form the file already uses: a new `[header]` for a table that a key or an inline table made is invalid.
    const addVar = (name: string) =>
      vars?.written === undefined
        ? `add \`${name} = "…"\` under ${header('vars')}${at(vars)}`
        : vars.inline
          ? `add \`${name} = "…"\` inside \`${vars.written} = { … }\`${at(vars)}`
          : `add \`${vars.written}.${name} = "…"\` beside line ${vars.line}`
    const addSecret = (name: string) =>
      secrets?.written === undefined
        ? `add "${name}" to \`required = [...]\` under ${header('secrets')}${at(secrets)}`
        : `add "${name}" to the \`required\` list of \`${secrets.written}\`${at(secrets)}`
    const missing = declared
      .filter((name) => !names.has(name))
      .map(
        (name): DeployFinding => ({
          severity: 'error',
          message:
            `${worker} does not pass ${name} to the Worker: ${addSecret(name)} and run ` +
            `\`npx wrangler secret put ${name}${put}\`, or ${addVar(name)}`,
        }),
      )
    const where = `wrangler.toml's ${header('vars')}${at(vars)}`
    return [
      ...missing,
      ...check(values).map((problem) => refusedValue(where, 'the Worker', problem)),
      ...ignoredTypes(where, values),
      ...tokenWritten(
        where,
        values,
        `${addSecret('TRIGGER_TOKEN')} and run \`npx wrangler secret put TRIGGER_TOKEN${put}\``,
      ),
    ]
  })
}

/** An engine setting written as another type than text: the app ignores it and uses its default. */
function ignoredTypes(where: string, values: Readonly<Record<string, unknown>>): DeployFinding[] {
  return TEXT_ENGINE_SETTINGS.filter((name) => Object.hasOwn(values, name) && typeof values[name] !== 'string').map(
    (name) => ({
      severity: 'warning',
      message: `${where}: ${name} is not text, so it is ignored and its default used: write it in quotes`,
    }),
  )
}

/** The Trigger token written in a deploy config: committed with it (never its value said). */
function tokenWritten(where: string, values: Readonly<Record<string, unknown>>, keepTokenOut: string): DeployFinding[] {
  if (values.TRIGGER_TOKEN === undefined || values.TRIGGER_TOKEN === '') return []
  return [
    {
      severity: 'warning',
      message: `${where}: TRIGGER_TOKEN is written in the file, so it is committed with it: ${keepTokenOut}`,
    },
  ]
}

/**
 * A value written in a deploy config that the app refuses as it is bound: deployed, it would fail every Trigger (a
 * Worker answers 503 misconfigured; a function answers so for a declared setting, and does not start for an engine's).
 */
function refusedValue(where: string, runtime: string, problem: SettingProblem): DeployFinding {
  return {
    severity: 'error',
    message: `${where}: ${problem.message}; deployed, ${runtime} would refuse every Trigger until it is fixed`,
  }
}

/** What serverless.yml passes to its functions, as serverless reads it, or why it cannot be read. */
export interface ServerlessReading {
  /** The settings every function is passed: `provider.environment`'s, and those every function sets. */
  readonly names: Set<string>
  readonly environmentLine?: number
  /**
   * Each function's environment as it is deployed (its own over the provider's), in values written as they are: a
   * `${…}` variable, a tag (`!Ref`) or an empty (null) value is resolved or left out by serverless, not read here.
   * The provider's alone when no function is declared.
   */
  readonly functions: readonly FunctionEnvironment[]
  /** What serverless would refuse in the file (not YAML, two documents, a key written twice), each said once. */
  readonly errors: readonly string[]
  /** An environment is written as one variable (`${self:custom.environment}`): what it passes is known at deploy. */
  readonly unresolved: boolean
  /** A default for TRIGGER_TOKEN is written in the file (`${env:TRIGGER_TOKEN, 'dev-token'}`). */
  readonly tokenDefault: boolean
}

interface FunctionEnvironment {
  readonly name: string | undefined
  readonly values: Readonly<Record<string, string>>
  /** The keys its own `environment` sets. */
  readonly own: ReadonlySet<string>
}

/** Map pairs read in all, merges included, before a file is refused as too involved: a real one reads a few hundred. */
const MAX_PAIRS_READ = 100_000

export async function serverlessSettings(text: string): Promise<ServerlessReading> {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = await loadPeer(
    'yaml',
    'reading serverless.yml',
    () => import('yaml'),
  )
  const lineCounter = new LineCounter()
  // Unknown tags (`!GetAtt`) only warn. Duplicate keys are found below, in the maps read: the parser's own check is
  // quadratic in a map's keys. `<<` is read as a key and merged below, as serverless merges it.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  const errors = document.errors.slice(0, 1).map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0])
    const why =
      error.code === 'MULTIPLE_DOCS'
        ? 'it holds more than one document'
        : (error.message.split('\n')[0] ?? '').slice(0, 200)
    return `serverless.yml is not valid YAML (line ${line}, column ${col}): ${why}`
  })
  const keyOf = (key: unknown) => String(isScalar(key) ? key.value : key)
  const resolved = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node)
  // Each map is read once, however many aliases name it: a file of a few hundred bytes can name one map millions of
  // times. A map that merges itself reads as far as it got.
  const read = new Map<unknown, Map<string, unknown>>()
  let pairsRead = 0
  /** A map's pairs by key, its own over those it merges (`<<: *defaults`, first source first), aliases resolved. */
  const entries = (node: unknown, where: string): Map<string, unknown> => {
    const map = resolved(node)
    if (!isMap(map)) return new Map()
    const known = read.get(map)
    if (known) return known
    const own = new Map<string, unknown>()
    read.set(map, own)
    const merged = new Map<string, unknown>()
    for (const pair of map.items) {
      if (++pairsRead > MAX_PAIRS_READ) break
      const key = keyOf(pair.key)
      // A quoted "<<" is a key like any other.
      if (key === '<<' && isScalar(pair.key) && pair.key.type === 'PLAIN') {
        const source = resolved(pair.value)
        for (const each of isSeq(source) ? source.items : [source])
          for (const [name, value] of entries(each, where)) if (!merged.has(name)) merged.set(name, value)
      } else if (own.has(key)) errors.push(`serverless.yml writes ${key} twice in ${where}`)
      else own.set(key, pair.value)
    }
    for (const [name, value] of merged) if (!own.has(name)) own.set(name, value)
    return own
  }
  const isNull = (node: unknown) => {
    const value = resolved(node)
    return isScalar(value) && value.value == null
  }
  /** A value written as it is, as the function gets it (text); undefined for what serverless resolves or drops. */
  const written = (node: unknown): string | undefined => {
    const value = resolved(node)
    const plain = isScalar(value) && (!value.tag || value.tag.startsWith('tag:yaml.org,2002:'))
    if (!plain || value.value == null) return undefined
    const text = typeof value.value === 'string' ? value.value : String(value.value)
    return text.includes('${') ? undefined : text
  }
  /** An environment written as one variable (`${self:custom.environment}`): serverless resolves it at deploy. */
  const isVariable = (node: unknown) => {
    const value = resolved(node)
    return isScalar(value) && typeof value.value === 'string' && value.value.includes('${')
  }
  const top = entries(document.contents, 'the file')
  const provider = entries(top.get('provider'), 'provider')
  const providerMap = resolved(top.get('provider'))
  const environmentKey = isMap(providerMap)
    ? providerMap.items.find((pair) => keyOf(pair.key) === 'environment')?.key
    : undefined
  const environmentLine =
    isScalar(environmentKey) && environmentKey.range ? lineCounter.linePos(environmentKey.range[0]).line : undefined
  let unresolved = isVariable(provider.get('environment'))
  const shared = entries(provider.get('environment'), 'provider.environment')
  const functions = [...entries(top.get('functions'), 'functions')].map(([name, body]) => {
    const environment = entries(body, `functions.${name}`).get('environment')
    if (isVariable(environment)) unresolved = true
    return { name, own: entries(environment, `functions.${name}.environment`) }
  })
  if (pairsRead > MAX_PAIRS_READ)
    errors.push(`serverless.yml is too involved to read: over ${MAX_PAIRS_READ} keys, merges included`)
  // A key whose value is empty (null) is left out by serverless: it passes nothing.
  const passed = (environment: Map<string, unknown>) =>
    [...environment].filter(([, value]) => !isNull(value)).map(([key]) => key)
  const names = new Set(passed(shared))
  const perFunction = functions.map(({ own }) => new Set(passed(own)))
  for (const name of perFunction[0] ?? []) if (perFunction.every((set) => set.has(name))) names.add(name)
  const deployed = (functions.length > 0 ? functions : [{ name: undefined, own: new Map<string, unknown>() }]).map(
    ({ name, own }): FunctionEnvironment => {
      const values: Record<string, string> = {}
      for (const [key, node] of [...shared, ...own]) {
        const text = written(node)
        if (text === undefined) delete values[key]
        else values[key] = text
      }
      return { name, values, own: new Set(own.keys()) }
    },
  )
  // `${env:TRIGGER_TOKEN, 'dev-token'}`: the default is written in the file, and deployed when the variable is unset.
  const tokenDefault = [shared, ...functions.map(({ own }) => own)].some((environment) => {
    const value = resolved(environment.get('TRIGGER_TOKEN'))
    return isScalar(value) && typeof value.value === 'string' && /,\s*(['"])(?!\1)/.test(value.value)
  })
  return {
    names,
    functions: deployed,
    errors: [...new Set(errors)],
    unresolved,
    tokenDefault,
    ...(environmentLine ? { environmentLine } : {}),
  }
}

async function serverlessFindings(
  text: string,
  declared: readonly string[],
  check: SettingsCheck,
): Promise<DeployFinding[]> {
  const { names, functions, errors, unresolved, tokenDefault, environmentLine } = await serverlessSettings(text)
  if (errors.length > 0) return errors.map((message) => ({ severity: 'error', message }))
  const at = environmentLine ? ` (line ${environmentLine})` : ''
  const keepTokenOut =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
    "pass it from the environment at deploy, `TRIGGER_TOKEN: ${env:TRIGGER_TOKEN, ''}`, with no default"
  const defaultToken: DeployFinding[] = tokenDefault
    ? [
        {
          severity: 'warning',
          message: `serverless.yml writes a default for TRIGGER_TOKEN, so it is committed with the file: ${keepTokenOut}`,
        },
      ]
    : []
  if (unresolved)
    return [
      {
        severity: 'note',
        message:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: serverless.yml's own variable syntax
          'serverless.yml writes an environment as one variable (`${…}`): what it passes is known only at deploy, so lint does not check it',
      },
      ...defaultToken,
    ]
  const missing = declared
    .filter((name) => !names.has(name))
    .map(
      (name): DeployFinding => ({
        severity: 'error',
        message: `serverless.yml does not pass ${name} to the function: add \`${name}: \${env:${name}, ''}\` under provider.environment${at}`,
      }),
    )
  // Said where the value is written: a function's own environment, or the provider's.
  const whereWritten = ({ name, own }: FunctionEnvironment, setting: string | undefined) =>
    name !== undefined && setting !== undefined && own.has(setting)
      ? `serverless.yml's functions.${name}.environment`
      : `serverless.yml's provider.environment${at}`
  const refused = functions.flatMap((environment) =>
    check(environment.values).map((problem) =>
      refusedValue(whereWritten(environment, problem.setting), 'the function', problem),
    ),
  )
  const written = functions.flatMap((environment) =>
    tokenWritten(whereWritten(environment, 'TRIGGER_TOKEN'), environment.values, keepTokenOut),
  )
  return [...missing, ...refused, ...written, ...defaultToken]
}
