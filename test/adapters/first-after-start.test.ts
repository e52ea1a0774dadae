import { rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import type { RunningServer } from 'voitex-trigger/node'
import { buildForLambda } from '../../cli/bundle-lambda.ts'
import { createClaimsTable, type LocalDynamo, startDynamo } from '../../fixtures/dynalite.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { DEFAULT_CLAIM_TIMEOUT_MS, DEFAULT_LOOKUP_TIMEOUT_MS } from '../../src/_internal.ts'
import { testServer } from '../helpers/matrix.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// The first Trigger after a start, its store's client still loading. Each start is a fresh process running an entry
// compiled as it runs: the Lambda entry as bundle:lambda packages it, a Node `serve(app)` module by module, on plain
// Node (not tsx, whose own hooks hold the main thread while a held import resolves, so that the client would always be
// loaded first), with the first import of the store's client held (test/helpers/cold-start/slow-imports.mjs) for
// longer than the bound it must not eat into, as on a cold machine, then let go.
const SLOW_IMPORTS = pathToFileURL(resolve('test/helpers/cold-start/slow-imports.mjs')).href
const START_TIMEOUT_MS = 120_000
/** How long a receipt (or the log line saying why there is none) may take to show: generous, never asserted. */
const OUTCOME_TIMEOUT_MS = 30_000
const TEST_TIMEOUT_MS = START_TIMEOUT_MS + 3 * OUTCOME_TIMEOUT_MS

const work = resolve(`.tmp/first-after-start-${process.pid}`)
const lambdaBundle = `${work}/lambda.mjs`
const nodeEntry = `${work}/node/node-server.js`
const emulator = createEmulator()
let emulatorServer: RunningServer
let voitex: { VOITEX_AUTH_KEY: string; VOITEX_API_URL: string }
let dynamo: LocalDynamo

beforeAll(async () => {
  // The store clients stay outside the bundles, loaded when a store is made, as they are deployed.
  const external = ['@aws-sdk/*', 'redis']
  await Promise.all([
    buildForLambda(build, { external, entryPoints: ['demo/lambda.ts'], outfile: lambdaBundle }),
    // Module by module where the code loads one when needed (the Redis claims), as tsc or tsdown output runs: one
    // bundle would import the client statically, before it listens.
    buildForLambda(build, {
      external,
      entryPoints: ['test/helpers/cold-start/node-server.ts'],
      splitting: true,
      outdir: `${work}/node`,
      outExtension: { '.js': '.js' },
    }),
  ])
  writeFileSync(`${work}/node/package.json`, '{ "type": "module" }\n')
  emulatorServer = await testServer(emulator.app)
  voitex = { VOITEX_AUTH_KEY: 'test-key', VOITEX_API_URL: emulatorServer.url }
  dynamo = await startDynamo('callers')
  await createClaimsTable(dynamo, 'claims')
})
afterAll(async () => {
  await Promise.all([emulatorServer?.close(), dynamo?.close()])
  rmSync(work, { recursive: true, force: true })
})
beforeEach(async () => {
  await fetch(`${emulatorServer.url}/_emulator/reset`, { method: 'POST', headers: { 'auth-key': 'test-key' } })
})

const receipts = () => emulator.state.sms.filter((sms) => sms.body.startsWith('Voitex receipt: $57.00'))

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

const started: Spawned[] = []
afterAll(() => Promise.all(started.map((server) => server.stop())))

/** Longer than a claim's bound and than a lookup's: a wait that counted the client's load would give up in it. */
const PAST_THE_BOUNDS_MS = 2 * Math.max(DEFAULT_CLAIM_TIMEOUT_MS, DEFAULT_LOOKUP_TIMEOUT_MS)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
let starts = 0

/**
 * A fresh start of `entry` on plain Node, ready once it printed `ready`, the first import of its store's client held
 * until `release()`.
 */
async function start(entry: string, ready: RegExp, env: NodeJS.ProcessEnv) {
  const releaseFile = `${work}/release-${++starts}`
  const process_ = await spawnUntil(process.execPath, ['--import', SLOW_IMPORTS, entry], ready, {
    env: { ...process.env, ...env, SLOW_IMPORT_RELEASE: releaseFile },
    timeoutMs: START_TIMEOUT_MS,
  })
  started.push(process_)
  return { process: process_, release: () => writeFileSync(releaseFile, '') }
}

/** A Lambda's fresh start, its client held: each `send(line)` invokes it (test/helpers/cold-start/bundled-lambda.mjs). */
async function lambdaStart(ready: RegExp, env: NodeJS.ProcessEnv) {
  const { process: lambda, release } = await start('test/helpers/cold-start/bundled-lambda.mjs', ready, {
    ...env,
    LAMBDA_HANDLER: pathToFileURL(lambdaBundle).href,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
  })
  return { lambda, release, send: (line: string) => lambda.child.stdin?.write(`${line}\n`) }
}

describe('the first claim after a start', () => {
  let redis: LocalRedis | { unavailable: string }
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    if (redis && 'stop' in redis) await redis.stop()
  })

  it(
    'with Redis claims (serve(app), its callers in memory as npm start has them, CLAIMS_REDIS_URL): is honoured, and a redelivery sends nothing',
    async (context) => {
      if (!('url' in redis)) return context.skip(redis.unavailable)
      const port = await freePort()
      const { process: server, release } = await start(nodeEntry, /cold start: listening/, {
        ...voitex,
        PORT: String(port),
        CLAIMS_REDIS_URL: redis.url,
      })
      const deliver = () =>
        fetch(`http://127.0.0.1:${port}/trigger/lookup`, {
          method: 'POST',
          body: JSON.stringify({ ...SEED_REQUEST, call_id: 'first-redis' }),
        })
      // The claim starts as the flow decides, before the answer; the client loads for longer than the claim's bound.
      expect((await deliver()).status).toBe(200)
      await pause(PAST_THE_BOUNDS_MS)
      release()
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
      // No CALLERS_TABLE: nothing waits for the SDK in the init, so the first claim finds it loading.
      const { lambda, release, send } = await lambdaStart(/cold start: loaded/, {
        ...voitex,
        CLAIMS_TABLE: 'claims',
        PAID_REQUEST: JSON.stringify(SEED_REQUEST),
      })
      const invoked = () => lambda.output().match(/invoked 200/g)?.length ?? 0
      send('first-dynamo')
      // The handler returns once its deferred work has had 1.5 s, the claim still waiting for its client.
      await eventually(() => invoked() === 1)
      release()
      await eventually(() => invoked() === 1 && (receipts().length > 0 || logged(lambda, 'once_degraded').length > 0))
      expect(logged(lambda, 'once_degraded')).toEqual([])
      expect(receipts()).toHaveLength(1)
      send('first-dynamo')
      await eventually(() => invoked() === 2)
      expect(logged(lambda, 'once_skipped')).toHaveLength(1)
      expect(receipts()).toHaveLength(1)
    },
    TEST_TIMEOUT_MS,
  )
})

describe('the first lookup after a Lambda cold start', () => {
  it(
    'finds the caller however slowly the DynamoDB client loads: the load is part of the init',
    async () => {
      // Ready as the store starts loading its client, in the init.
      const { lambda, release, send } = await lambdaStart(/holding @aws-sdk/, { CALLERS_TABLE: 'callers' })
      // Rivka, a VIP in demo/callers.json: only a lookup that found her routes to priority support. Sent now, the
      // Trigger is read as soon as the entry has loaded.
      send('first-lookup 7325550184')
      await pause(PAST_THE_BOUNDS_MS)
      // The entry waits for its client, so nothing of the first Trigger has run yet.
      expect(lambda.output()).not.toMatch(/cold start: loaded|invoked/)
      release()
      await eventually(() => /invoked \d+/.test(lambda.output()))
      expect(lambda.output()).toMatch(/invoked 200 vip/)
    },
    TEST_TIMEOUT_MS,
  )
})
