import { createClient } from 'redis'
import type { CallerStore, ClaimStore } from '../../src/index.ts'

export interface RedisStoreOptions {
  /** Prefix of every key (default `caller:`), so the callers can share a database. */
  readonly prefix?: string
}

/**
 * A Redis connection made on first use that reconnects in the background; once a connection has failed, commands
 * fail at once (no offline queue) until it is back, instead of each waiting out its caller's timeout.
 */
function redisConnection(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  })
  // Connection errors surface through the commands that fail, which log them. Unhandled, they would crash Node.
  let connectionError: unknown
  client.on('error', (error) => {
    connectionError = error
  })
  client.on('ready', () => {
    connectionError = undefined
  })
  let connecting: Promise<unknown> | undefined
  return {
    async ready() {
      if (client.isReady) return client
      if (connectionError) throw connectionError
      // The first attempt fails on its first error; after that the client reconnects in the background.
      connecting ??= Promise.race([client.connect(), new Promise((_, fail) => client.once('error', fail))])
      await connecting
      return client
    },
    async close() {
      if (client.isOpen) await client.close()
    },
  }
}

/** Caller records in Redis (`SET caller:+18459511000 '{…}'`), for Vercel and self-hosted Node. */
export function redisStore(url: string, options: RedisStoreOptions = {}): CallerStore & { close(): Promise<void> } {
  const prefix = options.prefix ?? 'caller:'
  const connection = redisConnection(url)
  return {
    kind: 'redis',
    async get(key) {
      const text = await (await connection.ready()).get(prefix + key)
      return text === null ? undefined : JSON.parse(text)
    },
    async put(key, record) {
      await (await connection.ready()).set(prefix + key, JSON.stringify(record))
    },
    close: connection.close,
  }
}

/**
 * `deps.once` claims in Redis: `SET <key> 1 NX PX <ttl>` sets a key only if it is absent, atomically, and Redis
 * expires it. Keys are `once:<hash>` (plus `prefix`, default none).
 */
export function redisClaims(url: string, options: RedisStoreOptions = {}): ClaimStore & { close(): Promise<void> } {
  const prefix = options.prefix ?? ''
  const connection = redisConnection(url)
  return {
    kind: 'redis',
    async claim(key, ttlMs) {
      const client = await connection.ready()
      const expiration = { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } as const
      return (await client.set(prefix + key, '1', { condition: 'NX', expiration })) === 'OK'
    },
    close: connection.close,
  }
}
