import { rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import type { RunningServer } from 'voitex-trigger/node'
import { LAMBDA_BUILD } from '../../cli/bundle-lambda.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { cliCommand } from '../helpers/cli.ts'
import { createClaimsTable, type LocalDynamo, startDynamo } from '../helpers/dynalite.ts'
import { testServer } from '../helpers/matrix.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// The first deps.once after a start, with its claim store's client still loading: the demo's paid request must
// send its receipt, and a redelivery must not. Each start is a fresh process whose first import of the store's
// client is made slower than a claim's bound (test/helpers/cold-start/slow-imports.mjs), as it is on a cold machine.
const SLOW_IMPORTS = pathToFileURL(resolve('test/helpers/cold-start/slow-imports.mjs')).href
const START_TIMEOUT_MS = 120_000
/** How long a receipt (or the log line saying why there is none) may take to show: generous, never asserted. */
const OUTCOME_TIMEOUT_MS = 30_000
const TEST_TIMEOUT_MS = START_TIMEOUT_MS + 3 * OUTCOME_TIMEOUT_MS

const emulator = createEmulator()
let emulatorServer: RunningServer
let voitex: { VOITEX_AUTH_KEY: string; VOITEX_API_URL: string }

beforeAll(async () => {
  emulatorServer = await testServer(emulator.app)
  voitex = { VOITEX_AUTH_KEY: 'test-key', VOITEX_API_URL: emulatorServer.url }
})
afterAll(() => emulatorServer.close())
beforeEach(async () => {
  await fetch(`${emulatorServer.url}/_emulator/reset`, { method: 'POST', headers: { 'auth-key': 'test-key' } })
})

const receipts = () => emulator.state.sms.filter((sms) => sms.body.startsWith('Voitex receipt: $57.00'))
const paidBody = (callId: string) => JSON.stringify({ ...SEED_REQUEST, call_id: callId })

/** Wait until `done()` holds, checking every 20 ms, for at most `timeoutMs`; false if it never did. */
async function eventually(done: () => boolean, timeoutMs = OUTCOME_TIMEOUT_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}

/** The JSON log lines a process printed with this event. */
const logged = (server: Spawned, event: string) =>
  server
    .output()
    .split('\n')
    .filter((line) => line.includes(`"event":"${event}"`))

describe('the first claim after a start', () => {
  let redis: LocalRedis | { unavailable: string }
  let dynamo: LocalDynamo
  const started: Spawned[] = []
  beforeAll(async () => {
    redis = await startRedis()
    dynamo = await startDynamo('callers')
    await createClaimsTable(dynamo, 'claims')
  })
  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop()))
    if (redis && 'stop' in redis) await redis.stop()
    await dynamo?.close()
  })

  it(
    'with Redis claims (npm start, CLAIMS_REDIS_URL): is honoured, and a redelivery sends nothing',
    async (context) => {
      if (!('url' in redis)) return context.skip(redis.unavailable)
      const port = await freePort()
      const [node, args] = cliCommand(['dev', '--port', String(port)])
      const server = await spawnUntil(node, ['--import', SLOW_IMPORTS, ...args], /Try it:/, {
        env: { ...process.env, ...voitex, CLAIMS_REDIS_URL: redis.url, TSX_TSCONFIG_PATH: resolve('tsconfig.json') },
        timeoutMs: START_TIMEOUT_MS,
      })
      started.push(server)
      const deliver = () =>
        fetch(`http://127.0.0.1:${port}/trigger/lookup`, { method: 'POST', body: paidBody('first-redis') })
      expect((await deliver()).status).toBe(200)
      await eventually(() => receipts().length > 0 || logged(server, 'once_degraded').length > 0)
      expect(logged(server, 'once_degraded')).toEqual([])
      expect(receipts()).toHaveLength(1)
      expect((await deliver()).status).toBe(200)
      await eventually(() => logged(server, 'once_skipped').length > 0)
      expect(logged(server, 'once_skipped')).toHaveLength(1)
      expect(receipts()).toHaveLength(1)
    },
    TEST_TIMEOUT_MS,
  )

  it(
    'with DynamoDB claims (a Lambda cold start, CLAIMS_TABLE): is honoured, and a redelivery sends nothing',
    async () => {
      const lambda = await spawnUntil(
        process.execPath,
        ['--import', 'tsx', '--import', SLOW_IMPORTS, 'test/helpers/cold-start/lambda.ts'],
        /cold start: loaded/,
        {
          env: {
            ...process.env,
            ...voitex,
            CALLERS_TABLE: 'callers',
            CLAIMS_TABLE: 'claims',
            DYNAMODB_ENDPOINT: dynamo.endpoint,
            // The SDK starts loading at module init: slower than the rest of the init, so the first claim waits.
            SLOW_IMPORT_MS: '3000',
            TSX_TSCONFIG_PATH: resolve('tsconfig.json'),
          },
          timeoutMs: START_TIMEOUT_MS,
        },
      )
      started.push(lambda)
      const invoked = () => lambda.output().match(/invoked 200/g)?.length ?? 0
      lambda.child.stdin?.write('first-dynamo\n')
      await eventually(() => invoked() === 1 && (receipts().length > 0 || logged(lambda, 'once_degraded').length > 0))
      expect(logged(lambda, 'once_degraded')).toEqual([])
      expect(receipts()).toHaveLength(1)
      lambda.child.stdin?.write('first-dynamo\n')
      await eventually(() => invoked() === 2)
      expect(logged(lambda, 'once_skipped')).toHaveLength(1)
      expect(receipts()).toHaveLength(1)
    },
    TEST_TIMEOUT_MS,
  )
})

// The first lookup after a Lambda cold start, in the entry as bundle:lambda packages it, the SDK's first import made
// slower than the lookup's bound (300 ms) and than the flow's deadline: the demo's entry awaits the store's setup at
// its top level, in the function's init, so the first caller is still recognised.
describe('the first lookup after a Lambda cold start', () => {
  let dynamo: LocalDynamo
  let lambda: Spawned | undefined
  const bundle = resolve(`.tmp/cold-start-${process.pid}/lambda.mjs`)
  beforeAll(async () => {
    dynamo = await startDynamo('callers')
    await build({
      ...LAMBDA_BUILD,
      external: [...LAMBDA_BUILD.external],
      entryPoints: ['demo/lambda.ts'],
      outfile: bundle,
    })
  })
  afterAll(async () => {
    await lambda?.stop()
    await dynamo?.close()
    rmSync(dirname(bundle), { recursive: true, force: true })
  })

  it(
    'finds the caller however slowly the DynamoDB client loads: the load is part of the init',
    async () => {
      lambda = await spawnUntil(
        process.execPath,
        ['--import', SLOW_IMPORTS, 'test/helpers/cold-start/bundled-lambda.mjs'],
        /cold start: loaded/,
        {
          env: {
            ...process.env,
            LAMBDA_HANDLER: pathToFileURL(bundle).href,
            CALLERS_TABLE: 'callers',
            DYNAMODB_ENDPOINT: dynamo.endpoint,
            SLOW_IMPORT_MS: '2000',
          },
          timeoutMs: START_TIMEOUT_MS,
        },
      )
      const output = (lambda as Spawned).output
      // Rivka, a VIP in demo/callers.json: only a lookup that found her routes to priority support.
      lambda.child.stdin?.write('first-lookup 7325550184\n')
      await eventually(() => /invoked \d+/.test(output()))
      expect(output()).toMatch(/invoked 200 vip/)
    },
    TEST_TIMEOUT_MS,
  )
})
