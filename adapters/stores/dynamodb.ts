import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ClaimTimeout, systemClock } from '../../src/_internal.ts'
import type { CallerStore, ClaimStore, Clock } from '../../src/index.ts'

/** A `DynamoDBClient` of your own (typed loosely, so this module's types never need the SDK installed). */
export interface DynamoClientLike {
  send: (...args: never[]) => Promise<unknown>
}

export interface DynamoStoreOptions {
  readonly table: string
  /** Override for local DynamoDB (dynalite, DynamoDB Local); AWS's endpoint when unset. */
  readonly endpoint?: string | undefined
  readonly region?: string | undefined
  /** A client of your own, e.g. with other credentials; one is made from `endpoint` and `region` otherwise. */
  readonly client?: DynamoClientLike | undefined
}

type Connection = () => Promise<{
  readonly commands: typeof import('@aws-sdk/client-dynamodb')
  readonly dynamo: DynamoDBClient
}>

/**
 * One client per endpoint and region in a process: a Lambda's caller store and claim store share it, so the request
 * the caller store's `ready()` sends warms the claims' first one too (credentials, endpoint, the open connection).
 */
const connections = new Map<string, Connection>()

/**
 * The SDK, loading in the background from the moment a store is made, so importing the handler stays fast (cold
 * start) and the first call waits only for what is left of the load; and the client (yours, or the shared one).
 */
function connect(options: DynamoStoreOptions): Connection {
  const region = options.region ?? 'us-east-1'
  const shared = `${options.endpoint ?? ''} ${region}`
  const existing = options.client ? undefined : connections.get(shared)
  if (existing) return existing
  const sdk = import('@aws-sdk/client-dynamodb')
  sdk.catch(() => {})
  const client =
    (options.client as DynamoDBClient | undefined) ??
    sdk.then(
      ({ DynamoDBClient }) =>
        new DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          region,
          // One retry: a lookup has a 300 ms budget, and a caller is waiting.
          maxAttempts: 2,
          // Every request ends: a stalled endpoint costs a socket for 2 s at most, never a growing backlog.
          requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
        }),
    )
  const ready = Promise.all([sdk, client]).then(([commands, dynamo]) => ({ commands, dynamo }))
  ready.catch(() => {})
  const connection = () => ready
  if (!options.client) connections.set(shared, connection)
  return connection
}

/** A key no caller has (not a phone number): what `ready()` reads to open the connection. */
const WARM_UP_KEY = 'voitex-trigger:warm-up'

/** How long `ready()` waits for its read at most: a DynamoDB that does not answer delays a start by this, no more. */
const WARM_UP_BOUND_MS = 1000

/**
 * Caller records in a DynamoDB table keyed by `phone` (a string: the `phoneKey`), the record as JSON in `record`.
 * Reads are GetItem only: the Lambda's IAM policy allows nothing else on this table. `ready()` loads the SDK and
 * reads one key no caller has: the SDK's first request (credentials, endpoint, signing, the connection) costs tens of
 * milliseconds of CPU, which a Lambda pays in its init rather than inside its first caller's lookup.
 */
export function dynamoStore(options: DynamoStoreOptions): CallerStore {
  const ready = connect(options)
  const getItem = async (key: string, signal: AbortSignal) => {
    const { commands, dynamo } = await ready()
    return dynamo.send(
      new commands.GetItemCommand({
        TableName: options.table,
        Key: { phone: { S: key } },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'record' },
      }),
      { abortSignal: signal },
    )
  }
  let warmedUp: Promise<void> | undefined
  return {
    kind: 'dynamodb',
    cancellable: true,
    ready: () =>
      (warmedUp ??= getItem(WARM_UP_KEY, AbortSignal.timeout(WARM_UP_BOUND_MS)).then(
        () => {},
        () => {},
      )),
    async get(key, signal) {
      const { Item } = await getItem(key, signal)
      const record = Item?.record?.S
      return record === undefined ? undefined : JSON.parse(record)
    },
    async put(key, record) {
      const { commands, dynamo } = await ready()
      await dynamo.send(
        new commands.PutItemCommand({
          TableName: options.table,
          Item: { phone: { S: key }, record: { S: JSON.stringify(record) } },
        }),
      )
    },
  }
}

export interface DynamoClaimsOptions extends DynamoStoreOptions {
  /** Whose time decides whether a claim has expired (default the system's). */
  readonly clock?: Clock | undefined
}

/**
 * `deps.once` claims in a DynamoDB table keyed by `key` (S), with `expires_at` (N, epoch seconds) as its TTL
 * attribute: a conditional PutItem takes a key that is absent or expired, atomically. DynamoDB deletes expired items
 * only within days, so the condition checks the expiry itself. Needs `dynamodb:PutItem` on the table.
 *
 * The SDK loads from the moment the store is made (a cold start's module init); `ready` is that load, so the first
 * claim's bound does not include it. DynamoDB cannot compare a write with its own clock, so a claim `once` gave up
 * on is handled from here: not sent if it was not sent yet, and if it was and is granted after all, given back (its
 * `expires_at` set to now, while the item still holds this claim's `token`) as soon as the answer comes. Until then
 * a redelivery finds the step held; an answer that never comes (the request times out after 2 s) leaves it held.
 */
export function dynamoClaims(options: DynamoClaimsOptions): ClaimStore {
  const ready = connect(options)
  const clock = options.clock ?? systemClock
  return {
    kind: 'dynamodb',
    ready: async () => void (await ready()),
    async claim(key, ttlMs, bound) {
      const { commands, dynamo } = await ready()
      if (bound?.signal.aborted) throw new ClaimTimeout()
      const now = clock.now()
      const token = crypto.randomUUID()
      try {
        // Not aborted with the claim: only its answer can say whether it must be given back.
        await dynamo.send(
          new commands.PutItemCommand({
            TableName: options.table,
            Item: { key: { S: key }, expires_at: { N: String(Math.ceil((now + ttlMs) / 1000)) }, token: { S: token } },
            ConditionExpression: 'attribute_not_exists(#k) OR #e <= :now',
            ExpressionAttributeNames: { '#k': 'key', '#e': 'expires_at' },
            ExpressionAttributeValues: { ':now': { N: String(Math.floor(now / 1000)) } },
          }),
        )
      } catch (error) {
        // By name: a client of the user's own may come from another copy of the SDK.
        if ((error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException') return false
        throw error
      }
      if (bound?.signal.aborted) {
        const expired = String(Math.floor(clock.now() / 1000))
        await dynamo.send(
          new commands.PutItemCommand({
            TableName: options.table,
            Item: { key: { S: key }, expires_at: { N: expired }, token: { S: token } },
            ConditionExpression: '#t = :token',
            ExpressionAttributeNames: { '#t': 'token' },
            ExpressionAttributeValues: { ':token': { S: token } },
          }),
        )
        throw new ClaimTimeout('the claim was granted after once gave up: given back')
      }
      return true
    },
  }
}
