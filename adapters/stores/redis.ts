import { createHash } from 'node:crypto'
import { createClient } from 'redis'
import { ClaimTimeout, DEFAULT_CLAIM_TIMEOUT_MS } from '../../src/_internal.ts'
import type { CallerStore, ClaimStore } from '../../src/index.ts'

export interface RedisStoreOptions {
  /** Prefix of every key (default `caller:`), so the callers can share a database. */
  readonly prefix?: string
}

/**
 * Commands waiting for Redis at most, per connection. A stalled server (SIGSTOP, a full disk, a lost network) answers
 * nothing: past this, commands fail at once ("The queue is full") instead of piling up in memory.
 */
export const MAX_QUEUED_COMMANDS = 1000

/**
 * A Redis connection, begun when it is made (so a start's first command finds it open) and reconnecting in the
 * background. Commands never wait for a connection (no offline queue: while it is down they fail at once, instead of
 * each waiting out its caller's timeout), and at most `MAX_QUEUED_COMMANDS` wait for answers.
 */
function redisConnection(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
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
  // The first attempt fails on its first error; after that the client reconnects in the background.
  const connecting = Promise.race([client.connect(), new Promise((_, fail) => client.once('error', fail))])
  connecting.catch(() => {})
  return {
    client,
    async ready() {
      if (client.isReady) return client
      if (connectionError) throw connectionError
      await connecting
      return client
    },
    async close() {
      await connecting.catch(() => {})
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
    cancellable: true,
    async get(key, signal) {
      const client = await connection.ready()
      // A lookup given up on is taken out of the queue if it was not sent yet.
      const text = await client.withAbortSignal(signal).get(prefix + key)
      return text === null ? undefined : JSON.parse(text)
    },
    async put(key, record) {
      await (await connection.ready()).set(prefix + key, JSON.stringify(record))
    },
    close: connection.close,
  }
}

/**
 * Takes the key only while Redis's own clock is before the deadline the client sends (`ARGV[1]`, ms), so a claim that
 * waited out its bound in a queue, a socket or a stalled server is a no-op when it finally runs. Answers the outcome
 * (1 taken, 0 held, -1 too late) and the server's time, which keeps the client's view of that clock current.
 */
const CLAIM_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now >= tonumber(ARGV[1]) then return {-1, now} end
if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then return {1, now} end
return {0, now}`

/** Gives back a claim that was granted after the client gave up: only while it still holds this claim's token. */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** How far apart two clocks may drift, per ms (both may be slewed by NTP at up to 500 ppm). */
const CLOCK_DRIFT = 1e-3
/** Past this uncertainty about Redis's clock (ms), it is read again before a claim. */
const MAX_CLOCK_ERROR_MS = 50
/** Time kept for a claim's answer to travel back before the client's deadline (ms). */
const ANSWER_MARGIN_MS = 20

/**
 * Redis's clock seen from here (monotonic `performance.now()`): each round trip that carries the server's time gives
 * its offset, to within half the round trip; the sample with the smallest error, grown by drift since, is kept.
 */
class ServerClock {
  #offset = 0
  #error = Number.POSITIVE_INFINITY
  #at = 0

  sample(sentAt: number, answeredAt: number, serverNow: number): void {
    // The server's time is in whole ms, read somewhere within the round trip.
    const error = (answeredAt - sentAt) / 2 + 1
    if (error > this.error(answeredAt)) return
    this.#offset = serverNow - (sentAt + answeredAt) / 2
    this.#error = error
    this.#at = answeredAt
  }

  error(now: number): number {
    return this.#error + (now - this.#at) * CLOCK_DRIFT
  }

  /** The latest server time (ms) surely no later than the local time `local`. */
  surelyBefore(local: number): number {
    return Math.floor(local + this.#offset - this.error(local))
  }

  forget(): void {
    this.#error = Number.POSITIVE_INFINITY
  }
}

/** Runs a script by its SHA-1, sending its text only when this server does not have it yet. */
function script(source: string) {
  const sha = createHash('sha1').update(source).digest('hex')
  return async (client: RedisClient, keys: string[], args: string[], signal?: AbortSignal): Promise<unknown> => {
    const rest = [String(keys.length), ...keys, ...args]
    const options = signal ? { abortSignal: signal } : undefined
    try {
      return await client.sendCommand(['EVALSHA', sha, ...rest], options)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return client.sendCommand(['EVAL', source, ...rest], options)
    }
  }
}

type RedisClient = ReturnType<typeof redisConnection>['client']

/**
 * `deps.once` claims in Redis: a script runs `SET <key> <token> NX PX <ttl>`, which sets a key only if it is absent,
 * atomically, and Redis expires it. Keys are `once:<hash>` (plus `prefix`, default none).
 *
 * A claim is never taken after `once` gave up on it: the script compares Redis's clock with the claim's deadline
 * (translated into that clock, minus the uncertainty of the translation) and does nothing once it has passed; a claim
 * not yet sent is taken out of the queue; and one granted but answered too late is given back (deleted while it
 * still holds its token). This holds as long as Redis's clock is not stepped back while a claim waits.
 */
export function redisClaims(url: string, options: RedisStoreOptions = {}): ClaimStore & { close(): Promise<void> } {
  const prefix = options.prefix ?? ''
  const connection = redisConnection(url)
  const clock = new ServerClock()
  const claimScript = script(CLAIM_SCRIPT)
  const releaseScript = script(RELEASE_SCRIPT)
  // Another connection may reach another server (a failover): its clock is read again.
  connection.client.on('ready', () => clock.forget())
  const readClock = async (client: RedisClient, signal?: AbortSignal) => {
    const sentAt = performance.now()
    const [seconds, micros] = (await client.sendCommand(['TIME'], signal ? { abortSignal: signal } : undefined)) as [
      string,
      string,
    ]
    clock.sample(sentAt, performance.now(), Number(seconds) * 1000 + Math.floor(Number(micros) / 1000))
  }
  // Warm: the clock is read as soon as the connection is up, so the first claim need not.
  connection
    .ready()
    .then((client) => readClock(client))
    .catch(() => {})
  return {
    kind: 'redis',
    // The connection only: while Redis is down this fails at once, and it is never waited for again once up.
    ready: async () => void (await connection.ready()),
    async claim(key, ttlMs, bound) {
      const called = performance.now()
      const deadline = called + (bound?.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS) - ANSWER_MARGIN_MS
      const client = await connection.ready()
      if (clock.error(performance.now()) > MAX_CLOCK_ERROR_MS) await readClock(client, bound?.signal)
      if (bound?.signal.aborted) throw new ClaimTimeout()
      const token = crypto.randomUUID()
      const sentAt = performance.now()
      const ttl = String(Math.max(1, Math.ceil(ttlMs)))
      const serverDeadline = clock.surelyBefore(deadline)
      if (!Number.isFinite(serverDeadline)) throw new Error("Redis's clock is not known yet")
      const [outcome, serverNow] = (await claimScript(
        client,
        [prefix + key],
        [String(serverDeadline), token, ttl],
        bound?.signal,
      )) as [number, number]
      clock.sample(sentAt, performance.now(), serverNow)
      if (outcome === -1) throw new ClaimTimeout('the claim reached Redis after its deadline: not taken')
      if (outcome === 1 && bound?.signal.aborted) {
        await releaseScript(client, [prefix + key], [token])
        throw new ClaimTimeout('the claim was granted after once gave up: given back')
      }
      return outcome === 1
    },
    close: connection.close,
  }
}
