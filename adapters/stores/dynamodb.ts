import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { CallerStore } from '../../src/index.ts'

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
 * Caller records in a DynamoDB table keyed by `phone` (a string: the `phoneKey`), the record as JSON in `record`.
 * Reads are GetItem only: the Lambda's IAM policy allows nothing else.
 */
export function dynamoStore(options: DynamoStoreOptions): CallerStore {
  // The SDK loads in the background from the moment the store is made, so importing the handler stays fast (cold
  // start) and the first lookup waits only for what is left of the load.
  const sdk = import('@aws-sdk/client-dynamodb')
  sdk.catch(() => {})
  const client =
    (options.client as DynamoDBClient | undefined) ??
    sdk.then(
      ({ DynamoDBClient }) =>
        new DynamoDBClient({
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          region: options.region ?? 'us-east-1',
          // One retry: the lookup has a 300 ms budget, and a caller is waiting.
          maxAttempts: 2,
        }),
    )
  return {
    kind: 'dynamodb',
    cancellable: true,
    async get(key, signal) {
      const [{ GetItemCommand }, dynamo] = await Promise.all([sdk, client])
      const { Item } = await dynamo.send(
        new GetItemCommand({
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
      const [{ PutItemCommand }, dynamo] = await Promise.all([sdk, client])
      await dynamo.send(
        new PutItemCommand({
          TableName: options.table,
          Item: { phone: { S: key }, record: { S: JSON.stringify(record) } },
        }),
      )
    },
  }
}
