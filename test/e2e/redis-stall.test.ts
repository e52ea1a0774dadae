import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import autocannon from 'autocannon'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmulator } from 'voitex-trigger/emulator'
import type { RunningServer } from 'voitex-trigger/node'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { cliCommand } from '../helpers/cli.ts'
import { testServer } from '../helpers/matrix.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// `npm start` (voitex-trigger dev) with its deps.once claims in a real redis-server (CLAIMS_REDIS_URL), driven with
// paid requests, each a new call step, while redis-server is stopped (SIGSTOP) for 30 s: the server's memory stays
// within twice its idle size, every request is answered, and when Redis resumes none of the claims made during the
// stall is taken (no receipt for them, no key in Redis); delivered again, they run.
const STALL_MS = 30_000
/**
 * Warm-up requests, sent as an exact number: autocannon stopped by time leaves a request in flight on each connection,
 * whose receipt would come after it counted (and after the stall began).
 */
const WARM_REQUESTS = 5_000
/** Requests sent at most during the stall, whatever the speed of this machine (about 1.5k/s were seen). */
const MAX_STALL_REQUESTS = 150_000
const CONCURRENCY = 10
const START_TIMEOUT_MS = 120_000
const OUTCOME_TIMEOUT_MS = 60_000

const emulator = createEmulator()
let emulatorServer: RunningServer
let redis: LocalRedis | { unavailable: string }
let server: Spawned
let base: string
/** `once_degraded` lines the server printed (a claim given up on, or refused at once). */
let degraded = 0
/** Whether the server gave up the claim of the request sent after the stalled load. */
let probeGivenUp = false
/** The `resumed-<n>` calls whose claim the server gave up or refused: each resumed request waits for its own. */
const resumedDegraded = new Set<string>()

beforeAll(async () => {
  emulatorServer = await testServer(emulator.app)
  redis = await startRedis()
  if (!('url' in redis)) return
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const [node, args] = cliCommand(['dev', '--port', String(port)])
  server = await spawnUntil(node, args, /Try it:/, {
    env: {
      ...process.env,
      VOITEX_AUTH_KEY: 'test-key',
      VOITEX_API_URL: emulatorServer.url,
      CLAIMS_REDIS_URL: redis.url,
      TSX_TSCONFIG_PATH: resolve('tsconfig.json'),
    },
    timeoutMs: START_TIMEOUT_MS,
  })
  // Its log lines from here on are counted and dropped: kept, or read slowly, they would cost memory (its or ours).
  // Read line by line (a line is at most 2 KiB, so the unfinished one held is small), each counted once.
  let unfinished = ''
  server.child.stdout
    ?.removeAllListeners('data')
    .setEncoding('utf8')
    .on('data', (chunk: string) => {
      const lines = (unfinished + chunk).split('\n')
      unfinished = lines.pop() ?? ''
      for (const line of lines) {
        if (!line.includes('"event":"once_degraded"')) continue
        degraded++
        const callId = /"call_id":"([^"]*)"/.exec(line)?.[1] ?? ''
        if (callId === 'stall-probe') probeGivenUp = true
        else if (callId.startsWith('resumed-')) resumedDegraded.add(callId)
      }
    })
  server.child.stderr?.removeAllListeners('data').resume()
}, START_TIMEOUT_MS)
afterAll(async () => {
  if (redis && 'pid' in redis) process.kill(redis.pid, 'SIGCONT')
  await server?.stop()
  if (redis && 'stop' in redis) await redis.stop()
  await emulatorServer?.close()
})

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024
}

const deliver = (callId: string) =>
  fetch(`${base}/trigger/lookup`, { method: 'POST', body: JSON.stringify({ ...SEED_REQUEST, call_id: callId }) })

const receipts = () => emulator.state.sms.filter((sms) => sms.body.startsWith('Voitex receipt: $57.00')).length

async function eventually(done: () => boolean | Promise<boolean>, timeoutMs = OUTCOME_TIMEOUT_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/**
 * Send paid requests, each under a new call id `<prefix>-<n>`, over CONCURRENCY connections (autocannon): exactly
 * `amount` of them, each answered, or as many as `seconds` allow (at most `max`), calling `sample` every 250 ms.
 */
async function drive(
  prefix: string,
  until: { readonly amount: number } | { readonly seconds: number; readonly max: number },
  sample: () => void = () => {},
) {
  let serial = 0
  let instance: autocannon.Instance | undefined
  const sampler = setInterval(() => {
    sample()
    if ('max' in until && serial >= until.max) instance?.stop()
  }, 250)
  try {
    const result = await new Promise<autocannon.Result>((done, fail) => {
      const options: autocannon.Options = {
        url: `${base}/trigger/lookup`,
        connections: CONCURRENCY,
        ...('amount' in until ? { amount: until.amount } : { duration: until.seconds }),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ ...SEED_REQUEST, call_id: `${prefix}-${serial++}` }),
            }),
          },
        ],
      }
      instance = autocannon(options, (error, result) => (error ? fail(error) : done(result)))
    })
    return { sent: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts }
  } finally {
    clearInterval(sampler)
  }
}

/** The number of keys in Redis: one per claim taken. */
async function claimsHeld(url: string): Promise<number> {
  const client = createClient({ url })
  await client.connect()
  try {
    return await client.dbSize()
  } finally {
    await client.close()
  }
}

describe('a redis-server stalled for 30 s under load (SIGSTOP)', () => {
  it(
    'keeps the server within twice its idle memory, answers every request, and takes no claim made meanwhile',
    async (context) => {
      if (!('pid' in redis)) return context.skip(redis.unavailable)
      const pid = server.child.pid ?? 0
      // Warm: the same load with Redis up (claims taken, receipts sent), so "idle" is the size of a server
      // that has served this load, not one that has just started.
      let warmPeak = 0
      const warm = await drive('warm', { amount: WARM_REQUESTS }, () => {
        warmPeak = Math.max(warmPeak, rssMiB(pid))
      })
      expect(warm.sent).toBe(WARM_REQUESTS)
      expect(await eventually(() => receipts() === WARM_REQUESTS)).toBe(true)
      const sentBefore = receipts()
      const heldBefore = await claimsHeld(redis.url)
      const idle = rssMiB(pid)

      let peak = idle
      const degradedBefore = degraded
      process.kill(redis.pid, 'SIGSTOP')
      let stalled: Awaited<ReturnType<typeof drive>>
      try {
        stalled = await drive('stalled', { seconds: STALL_MS / 1000, max: MAX_STALL_REQUESTS }, () => {
          peak = Math.max(peak, rssMiB(pid))
        })
        // Resumed only when the server has given up every claim of the stall (one still within its bound may be
        // taken): the claim of a request sent after them all is given up last.
        expect((await deliver('stall-probe')).status).toBe(200)
        await eventually(() => probeGivenUp)
      } finally {
        process.kill(redis.pid, 'SIGCONT')
      }
      console.log(
        `redis stall: ${stalled.sent} requests in ${STALL_MS / 1000} s, server RSS idle ${idle.toFixed(1)} MiB, ` +
          `peak ${peak.toFixed(1)} MiB (with Redis up: ${warm.sent} requests, ` +
          `peak ${warmPeak.toFixed(1)} MiB)`,
      )
      expect(stalled).toMatchObject({ non2xx: 0, errors: 0 })
      expect(probeGivenUp).toBe(true)
      expect(degraded - degradedBefore).toBeGreaterThan(stalled.sent)
      expect(stalled.sent).toBeGreaterThan(0)
      expect(peak).toBeLessThan(2 * idle)

      // Resumed: the claims queued in the stall are answered first (new ones meanwhile are refused at once, the queue
      // being full); once a new call step's claim is taken (one connection answers in order), all of them have run.
      // Each resumed step waits for its own outcome (its receipt, or its own claim given up): a late line about a
      // stalled claim must not send the next step while this one's receipt is still on its way.
      let resumed = 0
      while (receipts() === sentBefore && resumed < 100) {
        const callId = `resumed-${resumed++}`
        expect((await deliver(callId)).status).toBe(200)
        await eventually(() => receipts() > sentBefore || resumedDegraded.has(callId))
      }
      expect(receipts()).toBe(sentBefore + 1)
      // One key more: none for the stalled claims.
      expect(await claimsHeld(redis.url)).toBe(heldBefore + 1)
      // Delivered again, a stalled step runs.
      expect((await deliver('stalled-0')).status).toBe(200)
      await eventually(() => receipts() === sentBefore + 2)
      expect(receipts()).toBe(sentBefore + 2)
    },
    START_TIMEOUT_MS + STALL_MS + 4 * OUTCOME_TIMEOUT_MS,
  )
})
