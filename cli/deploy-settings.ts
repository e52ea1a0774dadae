import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { FILE_LIMITS, readUserText } from './files.ts'
import { loadPeer } from './peers.ts'

/**
 * Whether each platform's deploy config passes every setting the app declares (`settings: z.object(…)`): a setting
 * the config leaves out is missing on that platform only, found by a caller rather than by `npm test`. Each finding
 * names the file, the line to add and where.
 */
export interface DeployFinding {
  readonly severity: 'error' | 'note'
  readonly message: string
}

/** The deploy configs in a project folder, each checked when it exists (a project may target some platforms only). */
export async function checkDeploySettings(dir: string, names: readonly string[]): Promise<DeployFinding[]> {
  if (names.length === 0) return []
  const findings: DeployFinding[] = []
  // Read as any file a user hands the CLI: a regular file, bounded, strict UTF-8 (a config at /dev/zero is refused).
  const read = async (file: string) =>
    existsSync(join(dir, file)) ? readUserText(join(dir, file), FILE_LIMITS.config) : undefined
  const wrangler = await read('wrangler.toml')
  if (wrangler !== undefined) findings.push(...wranglerFindings(wrangler, names))
  const serverless = await read('serverless.yml')
  if (serverless !== undefined) findings.push(...(await serverlessFindings(serverless, names)))
  if (existsSync(join(dir, 'vercel.json')))
    // Vercel keeps a project's environment variables in the project, not in vercel.json: nothing to read here.
    findings.push({
      severity: 'note',
      message: `vercel.json cannot pass settings: set each on Vercel with ${names.map((name) => `\`vercel env add ${name}\``).join(', ')}`,
    })
  return findings
}

/** What one Worker of wrangler.toml is passed: the top level's, or an environment's (which inherits neither table). */
export interface WranglerScope {
  readonly names: Set<string>
  varsLine?: number
  secretsLine?: number
}

/** The top level of wrangler.toml, as `wranglerSettings` keys it; an environment is keyed by its name. */
export const TOP_LEVEL = ''

/** A TOML key, bare or quoted: its name is the first or the second group. */
const TOML_KEY = '(?:"([^"]+)"|([A-Za-z0-9_-]+))'
const ENV_TABLE = new RegExp(`^env\\.${TOML_KEY}(?:\\.(.+))?$`)
const INLINE_KEY = new RegExp(`(?:^|,)\\s*${TOML_KEY}\\s*=`, 'g')
const KEY_LINE = new RegExp(`^(vars\\.)?${TOML_KEY}\\s*=`)

/**
 * The settings wrangler.toml passes to each Worker it describes: keys of `[vars]` (or `vars = { … }`, `vars.NAME`) and
 * names in `[secrets]` `required` (set with `wrangler secret put`), for the top level and for each `[env.NAME]`,
 * since wrangler does not inherit `vars` into an environment. A line-based reading of those tables, all lint needs.
 */
export function wranglerSettings(text: string): Map<string, WranglerScope> {
  const scopes = new Map<string, WranglerScope>([[TOP_LEVEL, { names: new Set() }]])
  const scopeOf = (name: string) => {
    let scope = scopes.get(name)
    if (!scope) {
      scope = { names: new Set() }
      scopes.set(name, scope)
    }
    return scope
  }
  let scope = scopeOf(TOP_LEVEL)
  let table = ''
  let inRequired = false
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\s#.*$|^#.*$/, '').trim()
    if (inRequired || (table === 'secrets' && /^required\s*=/.test(line))) {
      for (const match of line.matchAll(/"([^"]*)"|'([^']*)'/g)) scope.names.add(match[1] ?? match[2] ?? '')
      inRequired = !line.includes(']')
      continue
    }
    const header = /^\[(\[)?\s*([^[\]]+?)\s*\]\]?$/.exec(line)
    if (header) {
      // `[env.NAME.vars]`, `[[env.NAME.kv_namespaces]]`: a table of that environment's Worker.
      const path = header[2] ?? ''
      const env = ENV_TABLE.exec(path)
      scope = scopeOf(env ? (env[1] ?? env[2] ?? '') : TOP_LEVEL)
      table = header[1] ? '[[' : env ? (env[3] ?? '') : path
      if (table === 'vars') scope.varsLine ??= index + 1
      if (table === 'secrets') scope.secretsLine ??= index + 1
      continue
    }
    const inline = /^vars\s*=\s*\{(.*)\}$/.exec(line)
    if (table === '' && inline) {
      scope.varsLine ??= index + 1
      for (const key of (inline[1] ?? '').matchAll(INLINE_KEY)) scope.names.add(key[1] ?? key[2] ?? '')
      continue
    }
    const key = KEY_LINE.exec(line)
    if (key && (table === 'vars' || (table === '' && key[1]))) scope.names.add(key[2] ?? key[3] ?? '')
    // A dotted `vars.NAME = …` of the top level or an environment's own table.
    if (key?.[1] && table === '') scope.varsLine ??= index + 1
  }
  return scopes
}

function wranglerFindings(text: string, declared: readonly string[]): DeployFinding[] {
  return [...wranglerSettings(text)].flatMap(([env, { names, varsLine, secretsLine }]) => {
    const where = (table: string) => (env === TOP_LEVEL ? `[${table}]` : `[env.${env}.${table}]`)
    const worker = env === TOP_LEVEL ? 'wrangler.toml' : `wrangler.toml's [env.${env}]`
    const put = env === TOP_LEVEL ? '' : ` --env ${env}`
    return declared
      .filter((name) => !names.has(name))
      .map(
        (name): DeployFinding => ({
          severity: 'error',
          message:
            `${worker} does not pass ${name} to the Worker: add "${name}" to \`required = [...]\` under ` +
            `${where('secrets')}${secretsLine ? ` (line ${secretsLine})` : ''} and run \`npx wrangler secret put ${name}${put}\`, or add` +
            ` \`${name} = "…"\` under ${where('vars')}${varsLine ? ` (line ${varsLine})` : ''}`,
        }),
      )
  })
}

/** The settings serverless.yml passes to its functions: `provider.environment`, or every function's `environment`. */
export async function serverlessSettings(text: string): Promise<{ names: Set<string>; environmentLine?: number }> {
  const { isMap, isScalar, LineCounter, parseDocument } = await loadPeer(
    'yaml',
    'reading serverless.yml',
    () => import('yaml'),
  )
  const keyOf = (key: unknown) => String(isScalar(key) ? key.value : key)
  const lineCounter = new LineCounter()
  // Unknown tags (`!GetAtt`) only warn: the keys this reads are plain.
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  const names = new Set<string>()
  let environmentLine: number | undefined
  const provider = document.get('provider', true)
  const environment = isMap(provider) ? provider.items.find((pair) => keyOf(pair.key) === 'environment') : undefined
  if (environment && isScalar(environment.key) && environment.key.range)
    environmentLine = lineCounter.linePos(environment.key.range[0]).line
  if (environment && isMap(environment.value)) for (const pair of environment.value.items) names.add(keyOf(pair.key))
  const functions = document.get('functions', true)
  if (isMap(functions) && functions.items.length > 0) {
    const perFunction = functions.items.map((pair) => {
      const own = isMap(pair.value) ? pair.value.get('environment', true) : undefined
      return new Set(isMap(own) ? own.items.map((item) => keyOf(item.key)) : [])
    })
    for (const name of perFunction[0] ?? []) if (perFunction.every((set) => set.has(name))) names.add(name)
  }
  return { names, ...(environmentLine ? { environmentLine } : {}) }
}

async function serverlessFindings(text: string, declared: readonly string[]): Promise<DeployFinding[]> {
  const { names, environmentLine } = await serverlessSettings(text)
  return declared
    .filter((name) => !names.has(name))
    .map((name) => ({
      severity: 'error',
      message:
        `serverless.yml does not pass ${name} to the function: add \`${name}: \${env:${name}, ''}\` under` +
        ` provider.environment${environmentLine ? ` (line ${environmentLine})` : ''}`,
    }))
}
