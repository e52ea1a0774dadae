import { createClient } from 'redis'
import type { CallerStore } from '../../src/index.ts'

export interface RedisStoreOptions {
  /** Prefix of every key (default `caller:`), so the callers can share a database. */
  readonly prefix?: string
}

/**
 * Caller records in Redis (`SET caller:+18459511000 '{…}'`), for Vercel and self-hosted Node. Connects on first use
 * and reconnects in the background; once a connection has failed, lookups fail at once (no offline queue) until it
 * is back, instead of each waiting out its timeout.
 */
export function redisStore(url: string, options: RedisStoreOptions = {}): CallerStore & { close(): Promise<void> } {
  const prefix = options.prefix ?? 'caller:'
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  })
  // Connection errors surface through the lookups that fail, which log them. Unhandled, they would crash Node.
  let connectionError: unknown
  client.on('error', (error) => {
    connectionError = error
  })
  client.on('ready', () => {
    connectionError = undefined
  })
  let connecting: Promise<unknown> | undefined
  const ready = async () => {
    if (client.isReady) return
    if (connectionError) throw connectionError
    // The first attempt fails on its first error; after that the client reconnects in the background.
    connecting ??= Promise.race([client.connect(), new Promise((_, fail) => client.once('error', fail))])
    await connecting
  }
  return {
    kind: 'redis',
    async get(key) {
      await ready()
      const text = await client.get(prefix + key)
      return text === null ? undefined : JSON.parse(text)
    },
    async put(key, record) {
      await ready()
      await client.set(prefix + key, JSON.stringify(record))
    },
    async close() {
      if (client.isOpen) await client.close()
    },
  }
}
