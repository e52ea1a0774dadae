import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamoClaims, dynamoStore } from 'voitex-trigger/stores/dynamodb'
import { redisStore } from 'voitex-trigger/stores/redis'
import { DemoCaller } from '../../demo/flow.ts'
import { createClaimsTable, type LocalDynamo, startDynamo, UNREACHABLE_ENDPOINT } from '../../fixtures/dynalite.ts'
import { lookupCaller, lookupFailureDetail } from '../../src/_internal.ts'
import { type CallerStore, memoryStore } from '../../src/index.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

interface StoreUnderTest {
  readonly name: string
  /** A fresh, empty store; undefined when its server is unavailable here (outside CI only). */
  open(): Promise<CallerStore | undefined>
  /** The same kind of store, pointed at a server that is down. */
  down?(): CallerStore
}

let dynamo: LocalDynamo
let redis: LocalRedis | { unavailable: string }
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  dynamo = await startDynamo('store-test', false)
  redis = await startRedis()
})
afterAll(async () => {
  for (const close of closers) await close()
  await dynamo?.close()
  if (redis && 'stop' in redis) await redis.stop()
})

const stores: StoreUnderTest[] = [
  { name: 'memory', open: async () => memoryStore() },
  {
    name: 'DynamoDB (dynalite)',
    open: async () => dynamoStore({ table: 'store-test', endpoint: dynamo.endpoint }),
    down: () => dynamoStore({ table: 'store-test', endpoint: UNREACHABLE_ENDPOINT }),
  },
  {
    name: 'Redis (redis-server)',
    open: async () => {
      if (!('url' in redis)) return undefined
      const store = redisStore(redis.url, { prefix: `t${closers.length}:` })
      closers.push(store.close)
      return store
    },
    down: () => {
      const store = redisStore('redis://127.0.0.1:9')
      closers.push(store.close)
      return store
    },
  },
]

describe.each(stores)('the $name caller store', (kind) => {
  it('finds a record stored as E.164 when looked up by a ten-digit number', async (context) => {
    const store = await kind.open()
    if (!store) return context.skip('server unavailable here')
    await store.put?.('+18459511000', { name: 'John' })
    expect(await lookupCaller(store, DemoCaller, '8459511000')).toEqual({
      status: 'found',
      key: '+18459511000',
      caller: { name: 'John' },
    })
  })

  it('reports an unknown number as not found', async (context) => {
    const store = await kind.open()
    if (!store) return context.skip('server unavailable here')
    expect(await lookupCaller(store, DemoCaller, '2015550123')).toEqual({ status: 'not_found', key: '+12015550123' })
  })

  it('reports a record that fails the flow schema as invalid, not as a caller', async (context) => {
    const store = await kind.open()
    if (!store) return context.skip('server unavailable here')
    await store.put?.('+12015550124', { name: 7 })
    expect(await lookupCaller(store, DemoCaller, '2015550124')).toEqual({
      status: 'unavailable',
      reason: 'invalid_record',
    })
  })
})

describe.each(stores.filter((kind) => kind.down))('the $name caller store, with its server down', (kind) => {
  it('degrades: the lookup reports the store unavailable instead of failing the call', async () => {
    const store = kind.down?.()
    if (!store) throw new Error('no down store')
    const first = await lookupCaller(store, DemoCaller, '8459511000', 1000)
    const again = await lookupCaller(store, DemoCaller, '8459511000', 1000)
    expect([first, again]).toEqual([
      { status: 'unavailable', reason: 'store_error' },
      { status: 'unavailable', reason: 'store_error' },
    ])
  })

  it("keeps the client's error (connection refused) for the degraded lookup's log line", async () => {
    const store = kind.down?.()
    if (!store) throw new Error('no down store')
    const detail = lookupFailureDetail(await lookupCaller(store, DemoCaller, '8459511000', 1000))
    const error = detail && 'error' in detail ? detail.error : undefined
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('ECONNREFUSED')
  })
})

describe('the DynamoDB caller store, made ready as a Lambda entry makes it in its init', () => {
  // Each on a DynamoDB of its own (the demo's callers), so no earlier test's client, shared by endpoint, is reused.
  it("sends a first request in ready(): the first caller's lookup opens no connection", async () => {
    const local = await startDynamo('callers')
    try {
      const store = dynamoStore({ table: 'callers', endpoint: local.endpoint })
      const before = local.seen()
      await store.ready?.()
      const ready = local.seen()
      expect(ready.operations.slice(before.operations.length)).toEqual(['GetItem'])
      expect(ready.connections - before.connections).toBe(1)
      expect(await lookupCaller(store, DemoCaller, '8459511000')).toMatchObject({ status: 'found' })
      expect(local.seen().connections).toBe(ready.connections)
    } finally {
      await local.close()
    }
  })

  it('shares that connection with a claim store on the same DynamoDB: its first claim opens none', async () => {
    const local = await startDynamo('callers')
    try {
      await createClaimsTable(local, 'claims')
      const store = dynamoStore({ table: 'callers', endpoint: local.endpoint })
      const claims = dynamoClaims({ table: 'claims', endpoint: local.endpoint })
      const before = local.seen().connections
      await store.ready?.()
      await claims.ready?.()
      expect(await claims.claim('call-1:receipt', 60_000)).toBe(true)
      expect(local.seen().connections - before).toBe(1)
    } finally {
      await local.close()
    }
  })

  it('resolves ready() with DynamoDB down, and each lookup then degrades', async () => {
    const store = dynamoStore({ table: 'store-test', endpoint: UNREACHABLE_ENDPOINT })
    await expect(store.ready?.()).resolves.toBeUndefined()
    expect(await lookupCaller(store, DemoCaller, '8459511000', 1000)).toEqual({
      status: 'unavailable',
      reason: 'store_error',
    })
  })

  it('resolves ready() when DynamoDB takes the request and never answers: its read gives up', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()))
    try {
      const { port } = silent.address() as AddressInfo
      const store = dynamoStore({ table: 'store-test', endpoint: `http://127.0.0.1:${port}` })
      await expect(store.ready?.()).resolves.toBeUndefined()
    } finally {
      silent.closeAllConnections()
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 30_000)
})
