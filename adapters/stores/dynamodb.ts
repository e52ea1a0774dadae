import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { type CallerStore, type ClaimStore, type Clock, systemClock } from '../../src/index.ts'

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

/**
 * The SDK, loading in the background from the moment a store is made, so importing the handler stays fast (cold
 * start) and the first call waits only for what is left of the load; and the client.
 */
function connect(options: DynamoStoreOptions) {
  const sdk = import('@aws-sdk/client-dynamodb')
  sdk.catch(() => {})
  const client =
    (options.client as DynamoDBClient | undefined) ??
    sdk.then(
      ({ DynamoDBClient }) =>
        new DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          region: options.region ?? 'us-east-1',
          // One retry: a lookup has a 300 ms budget, and a caller is waiting.
          maxAttempts: 2,
        }),
    )
  return async () => {
    const [commands, dynamo] = await Promise.all([sdk, client])
    return { commands, dynamo }
  }
}

/**
 * Caller records in a DynamoDB table keyed by `phone` (a string: the `phoneKey`), the record as JSON in `record`.
 * Reads are GetItem only: the Lambda's IAM policy allows nothing else on this table.
 */
export function dynamoStore(options: DynamoStoreOptions): CallerStore {
  const ready = connect(options)
  return {
    kind: 'dynamodb',
    cancellable: true,
    async get(key, signal) {
      const { commands, dynamo } = await ready()
      const { Item } = await dynamo.send(
        new commands.GetItemCommand({
          TableName: options.table,
          Key: { phone: { S: key } },
          ProjectionExpression: '#r',
          ExpressionAttributeNames: { '#r': 'record' },
        }),
        { abortSignal: signal },
      )
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
 */
export function dynamoClaims(options: DynamoClaimsOptions): ClaimStore {
  const ready = connect(options)
  const clock = options.clock ?? systemClock
  return {
    kind: 'dynamodb',
    async claim(key, ttlMs) {
      const { commands, dynamo } = await ready()
      const now = clock.now()
      try {
        await dynamo.send(
          new commands.PutItemCommand({
            TableName: options.table,
            Item: { key: { S: key }, expires_at: { N: String(Math.ceil((now + ttlMs) / 1000)) } },
            ConditionExpression: 'attribute_not_exists(#k) OR #e <= :now',
            ExpressionAttributeNames: { '#k': 'key', '#e': 'expires_at' },
            ExpressionAttributeValues: { ':now': { N: String(Math.floor(now / 1000)) } },
          }),
        )
        return true
      } catch (error) {
        // By name: a client of the user's own may come from another copy of the SDK.
        if ((error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException') return false
        throw error
      }
    },
  }
}
