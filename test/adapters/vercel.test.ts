import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redisStore } from 'voitex-trigger/stores/redis'
import callers from '../../demo/callers.json' with { type: 'json' }
import { callerEntries } from '../../src/_internal.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { catchConsoleLines } from '../helpers/console.ts'
import { importWithEnv } from '../helpers/modules.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// The shipped entry runs on Vercel's Node.js runtime with a TCP Redis client, so it is tested the way it runs
// there: its Web-standard fetch handler in Node, against a real redis-server. (test/adapters/edge.test.ts runs the
// core itself in Vercel's Edge Runtime emulator.)
type Entry = { fetch(request: Request): Promise<Response> }
const load = async () => (await import('../../api/index.ts')).default as Entry

let redis: LocalRedis | { unavailable: string }
let entry: Entry
let entryWithStoreDown: Entry

const logged = catchConsoleLines()

beforeAll(async () => {
  redis = await startRedis()
  if (!('url' in redis)) return
  const seed = redisStore(redis.url)
  for (const [key, record] of callerEntries(callers).entries) await seed.put?.(key, record)
  await seed.close()
  entry = await importWithEnv(load, { REDIS_URL: redis.url })
  entryWithStoreDown = await importWithEnv(load, { REDIS_URL: 'redis://127.0.0.1:9' })
})
afterAll(async () => {
  if (redis && 'stop' in redis) await redis.stop()
  vi.restoreAllMocks()
})

describe('conformance: the Vercel entry', () => {
  it.for(CASES)('answers $name', async (testCase, context) => {
    if (!('url' in redis)) return context.skip(redis.unavailable)
    const response = await (testCase.storeDown ? entryWithStoreDown : entry).fetch(caseRequest(testCase))
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})

describe('the Vercel entry and TRIGGER_TOKEN', () => {
  it('warns, when it loads without a token, that the endpoint is open', async () => {
    logged.spy.mockClear()
    await importWithEnv(load, { REDIS_URL: undefined, TRIGGER_TOKEN: undefined })
    expect(logged.records()).toContainEqual(expect.objectContaining({ level: 'warn', event: 'open_endpoint' }))
  })

  it.each([',', ' '])('fails closed on TRIGGER_TOKEN=%j: every Trigger 401, and an error says why', async (token) => {
    logged.spy.mockClear()
    const closed = await importWithEnv(load, { REDIS_URL: undefined, TRIGGER_TOKEN: token })
    expect(logged.records()).toContainEqual(expect.objectContaining({ level: 'error', event: 'config_error' }))
    const [sample] = CASES
    if (!sample) throw new Error('no cases')
    expect((await closed.fetch(new Request('http://local/trigger?token=', caseRequest(sample)))).status).toBe(401)
  })
})
