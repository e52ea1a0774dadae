import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { parseArgs } from 'node:util'
import { freePort, listenOnLoopback } from '../adapters/node/_internal.ts'
import { bundleLambda, readServerlessYaml } from './bundle-lambda.ts'
import { envSetting, PROJECT_HELP, PROJECT_OPTIONS, resolveProject, UsageError } from './config.ts'
import { loadPeer } from './peers.ts'
import { chosenPort, OFFLINE_ENV, runOwnCommand, runTool, settingNames } from './platform-dev.ts'

export const summary = 'run your Lambda locally in serverless offline, on a local DynamoDB made from serverless.yml'

export const help = `voitex-trigger dev:lambda: ${summary}.

Usage: voitex-trigger dev:lambda [--port 8787] [--host 127.0.0.1] [--stage dev] [--serverless-config serverless.yml]

  --port N      the HTTP API's port (default $PORT, else 8787)
  --host HOST   default $HOST, else 127.0.0.1
  --stage NAME  the stage serverless.yml's names are made with (default: what serverless.yml says)

Bundles your entry (voitex-trigger bundle:lambda), starts a DynamoDB in this process (dynalite, in memory), creates every AWS::DynamoDB::Table of serverless.yml's
resources in it, loads your callers into the table CALLERS_TABLE names (checked against your caller schema), then runs
\`serverless offline\` (osls + serverless-offline) with DYNAMODB_ENDPOINT pointing at it. The DynamoDB stops with it.
No AWS account is needed, nothing leaves this machine. serverless.yml's provider.environment passes settings to the
function: ${settingNames().join(', ')} are read from the environment there.

${PROJECT_HELP}`

interface TableDefinition {
  readonly TableName: string
  readonly AttributeDefinitions: unknown
  readonly KeySchema: unknown
  readonly GlobalSecondaryIndexes?: unknown
  readonly LocalSecondaryIndexes?: unknown
}

/** The parts of serverless.yml this command reads. */
interface ServerlessConfig {
  readonly provider?: { readonly stage?: unknown; readonly region?: unknown; readonly environment?: unknown }
  readonly resources?: { readonly Resources?: Record<string, { Type?: unknown; Properties?: unknown }> }
}

const VARIABLE = /\$\{([^{}]+)\}/

/** `'dev'`, `"dev"` or `3000` after the comma of `${source:name, fallback}`. */
function literal(text: string): string | undefined {
  const trimmed = text.trim()
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(trimmed)
  if (quoted) return quoted[1] ?? quoted[2] ?? ''
  return /^[\w.-]+$/.test(trimmed) ? trimmed : undefined
}

/**
 * The value of one `${…}` of the Serverless Framework's variables, as far as a local run needs: `self:`, `opt:` (from
 * `options`), `env:`, `sls:stage`, and a quoted fallback. Anything else (ssm:, cf:, s3:) is left unresolved.
 */
function variable(
  expression: string,
  root: unknown,
  options: Readonly<Record<string, string | undefined>>,
): unknown | undefined {
  const [reference = '', ...rest] = expression.split(',')
  const fallback = rest.length > 0 ? rest.join(',') : undefined
  const [source, ...path] = reference.trim().split(':')
  const name = path.join(':')
  let value: unknown
  if (source === 'self')
    value = name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], root)
  else if (source === 'opt') value = options[name]
  else if (source === 'env') value = process.env[name]
  else if (source === 'sls' && name === 'stage') value = options.stage
  if (value !== undefined && value !== null) return value
  if (fallback === undefined) return undefined
  return VARIABLE.test(fallback) ? fallback.trim() : literal(fallback)
}

/** Resolve `${…}` variables in a string until none is left that can be (nested ones included). */
export function resolveVariables(
  text: string,
  root: unknown,
  options: Readonly<Record<string, string | undefined>>,
): unknown {
  let current: unknown = text
  for (let pass = 0; pass < 20 && typeof current === 'string'; pass++) {
    const match = VARIABLE.exec(current)
    if (!match) return current
    const value = variable(match[1] ?? '', root, options)
    if (value === undefined) return current
    current = match[0] === current ? value : current.replace(match[0], String(value))
  }
  return current
}

/** serverless.yml's tables and settings, with its variables resolved for `stage`. */
export async function localDynamo(
  text: string,
  stageOption?: string,
  file = 'serverless.yml',
): Promise<{ tables: TableDefinition[]; environment: Record<string, string>; region: string }> {
  const config = ((await readServerlessYaml(text, file)) ?? {}) as ServerlessConfig
  const stageOf = (options: Record<string, string | undefined>) =>
    resolveVariables(String(config.provider?.stage ?? 'dev'), config, options)
  const stage = stageOption ?? String(stageOf({}))
  const regionOption = resolveVariables(String(config.provider?.region ?? 'us-east-1'), config, { stage })
  const options = { stage, region: String(regionOption) }
  const resolve = (value: unknown): unknown =>
    typeof value === 'string'
      ? resolveVariables(value, config, options)
      : Array.isArray(value)
        ? value.map(resolve)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]))
          : value
  // The stage and region are read from the provider, where `${self:provider.stage}` finds them.
  const provider = (config.provider ?? {}) as Record<string, unknown>
  provider.stage = stage
  provider.region = options.region
  const tables = Object.values(config.resources?.Resources ?? {})
    .filter((resource) => resource?.Type === 'AWS::DynamoDB::Table')
    .map((resource) => resolve(resource.Properties) as TableDefinition)
  const environment = Object.fromEntries(
    Object.entries((resolve(config.provider?.environment) ?? {}) as Record<string, unknown>).map(([key, value]) => [
      key,
      String(value),
    ]),
  )
  return { tables, environment, region: options.region }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...PROJECT_OPTIONS,
      port: { type: 'string' },
      host: { type: 'string' },
      stage: { type: 'string' },
      'serverless-config': { type: 'string', default: 'serverless.yml' },
    },
  })
  const port = chosenPort(values.port)
  const host = values.host ?? envSetting('HOST') ?? '127.0.0.1'
  const project = await resolveProject(values)
  const file = values['serverless-config']
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file}: no such file (dev:lambda runs the function serverless.yml declares)`)
  })
  const { tables, environment, region } = await localDynamo(text, values.stage, file)
  const bundles = await bundleLambda(file)
  console.log(`dev:lambda: bundled ${bundles.join(', ')} (start dev:lambda again after editing your code)`)
  // serverless.yml passes an unset token as '', which refuses every Trigger (it fails closed, as deployed): say so.
  if (!envSetting('TRIGGER_TOKEN'))
    console.warn(
      "dev:lambda: TRIGGER_TOKEN is not set, so serverless.yml passes '' and every Trigger is refused (401), as a deploy without it would be: set TRIGGER_TOKEN to call it",
    )

  // Any credentials do for a local DynamoDB; real ones, if set, are left as they are (and never leave this machine).
  const aws = {
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_REGION: process.env.AWS_REGION ?? region,
  }
  Object.assign(process.env, aws)
  const { default: dynalite } = await loadPeer('dynalite', 'dev:lambda (a local DynamoDB)', () => import('dynalite'))
  const { CreateTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb')
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  // Never on the port serverless offline is about to serve the HTTP API on.
  const dynamoPort = await listenOnLoopback(server, (candidate) => candidate === port)
  const endpoint = `http://127.0.0.1:${dynamoPort}`
  const stopDynamo = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  try {
    const client = new DynamoDBClient({ endpoint, region: aws.AWS_REGION })
    for (const table of tables) {
      await client.send(
        new CreateTableCommand({
          ...(table as unknown as ConstructorParameters<typeof CreateTableCommand>[0]),
          BillingMode: 'PAY_PER_REQUEST',
        }),
      )
    }
    client.destroy()
    console.log(
      `dev:lambda: local DynamoDB at ${endpoint}, tables ${tables.map((t) => t.TableName).join(', ') || 'none'}`,
    )
    const callersTable = environment.CALLERS_TABLE
    if (project.callers && callersTable && tables.some((table) => table.TableName === callersTable)) {
      const flags = values.config ? ['--config', values.config] : []
      const args = ['import', '--file', project.callers, '--to', 'dynamodb', '--table', callersTable]
      const code = await runOwnCommand([...args, '--endpoint', endpoint, '--region', aws.AWS_REGION, ...flags])
      if (code !== 0) {
        await stopDynamo()
        return code
      }
    }
  } catch (error) {
    await stopDynamo()
    throw error
  }

  const lambdaPort = await freePort([port, dynamoPort])
  const env = {
    ...OFFLINE_ENV,
    ...process.env,
    DYNAMODB_ENDPOINT: endpoint,
    OFFLINE_HTTP_PORT: String(port),
    OFFLINE_LAMBDA_PORT: String(lambdaPort),
  }
  const args = ['offline', '--httpPort', String(port), '--lambdaPort', String(lambdaPort), '--host', host]
  if (values.stage) args.push('--stage', values.stage)
  return runTool('serverless', args, env, stopDynamo)
}
