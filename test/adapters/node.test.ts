import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { freePort, type Spawned, spawnUntil } from '../helpers/processes.ts'

// `npm start` itself, as a user runs it: `voitex-trigger dev` on the embedded store (demo/callers.json in memory).
async function npmStart(): Promise<{ server: Spawned; base: string }> {
  const port = await freePort()
  const server = await spawnUntil('npm', ['start'], /Try it:/, {
    env: { ...process.env, PORT: String(port) },
    timeoutMs: 120_000,
  })
  return { server, base: `http://127.0.0.1:${port}` }
}

/** The demo's self-hosted Node entry (demo/node.ts, `serve` from voitex-trigger/node) with its Redis down. */
async function nodeEntryWithRedisDown(): Promise<{ server: Spawned; base: string }> {
  const port = await freePort()
  const server = await spawnUntil('node', ['--import', 'tsx', 'demo/node.ts'], /demo flow at/, {
    env: { ...process.env, PORT: String(port), REDIS_URL: 'redis://127.0.0.1:9' },
    timeoutMs: 120_000,
  })
  return { server, base: `http://127.0.0.1:${port}` }
}

let started: Awaited<ReturnType<typeof npmStart>>
let storeDown: Awaited<ReturnType<typeof npmStart>>

beforeAll(async () => {
  ;[started, storeDown] = await Promise.all([npmStart(), nodeEntryWithRedisDown()])
}, 240_000)
afterAll(async () => {
  await Promise.all([started?.server.stop(), storeDown?.server.stop()])
})

describe('npm start', () => {
  it('prints the URL it serves and a ready-to-paste curl example', () => {
    expect(started.server.output()).toContain(`${started.base}/trigger`)
    expect(started.server.output()).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/trigger .*-d '\{"call_id"/)
  })

  it('answers GET /health with 200', async () => {
    expect((await fetch(`${started.base}/health`)).status).toBe(200)
  })
})

describe('conformance: the Node server', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const { base } = testCase.storeDown ? storeDown : started
    const response = await fetch(caseRequest(testCase, base))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})
