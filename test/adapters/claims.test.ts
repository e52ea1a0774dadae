import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DynamoClientLike, dynamoClaims } from 'voitex-trigger/stores/dynamodb'
import { redisClaims } from 'voitex-trigger/stores/redis'
import { createClaimsTable, type LocalDynamo, startDynamo, UNREACHABLE_ENDPOINT } from '../../fixtures/dynalite.ts'
import { triggerBody } from '../../fixtures/seed.ts'
import { ClaimTimeout } from '../../src/_internal.ts'
import {
  type ClaimStore,
  createTriggerApp,
  defineFlow,
  type LogRecord,
  memoryClaims,
  memoryLogger,
  reply,
} from '../../src/index.ts'
import { onceKey } from '../../src/once.ts'
import { type LocalRedis, startRedis } from '../helpers/redis.ts'

// The claim stores of deps.once against their real servers: an atomic put-if-absent with an expiry. The Durable
// Object store runs in workerd (test/workers/once.test.ts).
let dynamo: LocalDynamo
let redis: LocalRedis | { unavailable: string }
const closers: (() => Promise<void>)[] = []
const HOUR = 3_600_000

beforeAll(async () => {
  dynamo = await startDynamo('unused', false)
  await createClaimsTable(dynamo, 'claims')
  redis = await startRedis()
})
afterAll(async () => {
  for (const close of closers) await close()
  await dynamo?.close()
  if (redis && 'stop' in redis) await redis.stop()
})

function redisFor(url: string): ClaimStore {
  const claims = redisClaims(url)
  closers.push(claims.close)
  return claims
}

const stores: { name: string; open: () => ClaimStore | undefined; down?: () => ClaimStore }[] = [
  { name: 'memory', open: () => memoryClaims() },
  {
    name: 'DynamoDB (dynalite)',
    open: () => dynamoClaims({ table: 'claims', endpoint: dynamo.endpoint }),
    down: () => dynamoClaims({ table: 'claims', endpoint: UNREACHABLE_ENDPOINT }),
  },
  {
    name: 'Redis (redis-server)',
    open: () => ('url' in redis ? redisFor(redis.url) : undefined),
    down: () => redisFor('redis://127.0.0.1:9'),
  },
]

let serial = 0
const freshKey = () => `once:test-${++serial}`

describe.each(stores)('$name claims', (kind) => {
  it('grant a free key once, and refuse it while it is held', async (context) => {
    const claims = kind.open()
    if (!claims) return context.skip('server unavailable here')
    const key = freshKey()
    expect(await claims.claim(key, HOUR)).toBe(true)
    expect(await claims.claim(key, HOUR)).toBe(false)
    expect(await claims.claim(freshKey(), HOUR)).toBe(true)
  })

  it('grant a key to exactly one of many claims made at once (two clients, as two instances would)', async (context) => {
    const [first, second] = [kind.open(), kind.open()]
    if (!first || !second) return context.skip('server unavailable here')
    const key = freshKey()
    const granted = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).claim(key, HOUR)))
    expect(granted.filter(Boolean)).toHaveLength(kind.name === 'memory' ? 2 : 1)
  })
})

describe.each(stores.filter((kind) => kind.down))('$name claims, with the server down', (kind) => {
  it('fail, so that deps.once can apply its TRIGGER_ONCE_WHEN_DOWN rule', async () => {
    await expect(kind.down?.().claim(freshKey(), HOUR)).rejects.toThrow()
  })
})

describe('expiry', () => {
  it('DynamoDB: the item carries its TTL attribute, and an expired claim is granted again', async () => {
    let now = Date.UTC(2026, 0, 1)
    const claims = dynamoClaims({ table: 'claims', endpoint: dynamo.endpoint, clock: { now: () => now } })
    const key = freshKey()
    expect(await claims.claim(key, HOUR)).toBe(true)
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: 'claims', Key: { key: { S: key } } }))
    expect(Item?.expires_at).toEqual({ N: String((now + HOUR) / 1000) })
    now += HOUR - 1000
    expect(await claims.claim(key, HOUR)).toBe(false)
    now += 1000
    expect(await claims.claim(key, HOUR)).toBe(true)
  })

  it('Redis: the key is set with its time to live, so Redis drops it', async (context) => {
    if (!('url' in redis)) return context.skip(redis.unavailable)
    const key = freshKey()
    expect(await redisFor(redis.url).claim(key, HOUR)).toBe(true)
    const client = createClient({ url: redis.url })
    await client.connect()
    try {
      const ttl = await client.pTTL(key)
      expect(ttl).toBeGreaterThan(HOUR - 60_000)
      expect(ttl).toBeLessThanOrEqual(HOUR)
    } finally {
      await client.close()
    }
  })
})

/** A flow that runs one side effect through `deps.once` (awaited) and says whether it ran (`variables.ran`). */
function onceApp(claims: ClaimStore) {
  const effects: string[] = []
  const logger = memoryLogger()
  const flow = defineFlow({
    name: 'effects',
    async decide(call, deps) {
      const ran = await deps.once('receipt', () => void effects.push(call.id))
      return reply()
        .set({ ran: ran ? 'yes' : 'no' })
        .goto(0)
    },
  })
  const handler = createTriggerApp({ flows: flow }).handler({ logger, claims })
  const deliver = async (callId: string) => {
    const body = JSON.stringify(triggerBody({ call_id: callId }))
    const response = await handler.fetch(new Request('http://local/trigger', { method: 'POST', body }))
    return ((await response.json()) as { variables: { ran: string } }).variables.ran
  }
  const key = (callId: string) => onceKey({ callId, trigger: 'default', steps: [] }, 'receipt')
  return { deliver, effects, key, logs: logger.records }
}

const lines = (logs: readonly LogRecord[], event: string) => logs.filter((record) => record.event === event)

describe('Redis claims when redis-server stalls (SIGSTOP)', () => {
  let stalling: LocalRedis | { unavailable: string }
  beforeAll(async () => {
    stalling = await startRedis()
  })
  afterAll(async () => {
    if (stalling && 'pid' in stalling) {
      process.kill(stalling.pid, 'SIGCONT')
      await stalling.stop()
    }
  })

  it('never take a claim once gave up on: resumed, Redis does not hold it, and a redelivery runs', async (context) => {
    if (!('pid' in stalling)) return context.skip(stalling.unavailable)
    const claims = redisFor(stalling.url)
    const { deliver, effects, key, logs } = onceApp(claims)
    expect(await deliver('warm')).toBe('yes')
    process.kill(stalling.pid, 'SIGSTOP')
    try {
      expect(await deliver('stalled')).toBe('no')
    } finally {
      process.kill(stalling.pid, 'SIGCONT')
    }
    expect(lines(logs, 'once_degraded')).toEqual([expect.objectContaining({ reason: 'timeout', store: 'redis' })])
    // One connection answers in order: once a later claim is answered, the stalled one has run in Redis.
    expect(await claims.claim(freshKey(), HOUR)).toBe(true)
    const client = createClient({ url: stalling.url })
    await client.connect()
    try {
      expect(await client.exists(await key('warm'))).toBe(1)
      expect(await client.exists(await key('stalled'))).toBe(0)
    } finally {
      await client.close()
    }
    expect(await deliver('stalled')).toBe('yes')
    expect(effects).toEqual(['warm', 'stalled'])
  })
})

describe('DynamoDB claims answered after once gave up', () => {
  it('give the key back, so a redelivery can take it', async () => {
    const giveUp = new AbortController()
    // The real client, with once giving up the moment the claim is on its way (dynalite answers it all the same).
    const client: DynamoClientLike = {
      send: (command: never) => {
        const sent = dynamo.client.send(command)
        giveUp.abort()
        return sent
      },
    }
    const late = dynamoClaims({ table: 'claims', client })
    const key = freshKey()
    await expect(late.claim(key, HOUR, { timeoutMs: 500, signal: giveUp.signal })).rejects.toThrow(ClaimTimeout)
    expect(await dynamoClaims({ table: 'claims', endpoint: dynamo.endpoint }).claim(key, HOUR)).toBe(true)
  })

  it('send nothing when once gave up before the claim could be sent', async () => {
    const key = freshKey()
    const claims = dynamoClaims({ table: 'claims', endpoint: dynamo.endpoint })
    await expect(claims.claim(key, HOUR, { timeoutMs: 500, signal: AbortSignal.abort() })).rejects.toThrow(ClaimTimeout)
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: 'claims', Key: { key: { S: key } } }))
    expect(Item).toBeUndefined()
  })
})
