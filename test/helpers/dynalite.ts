import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import { dynamoStore } from 'voitex-trigger/stores/dynamodb'
import callers from '../../demo/callers.json' with { type: 'json' }
import { callerEntries } from '../../src/_internal.ts'

// dynalite is an in-process DynamoDB; the SDK talks to it over loopback HTTP like to the real service.
process.env.AWS_ACCESS_KEY_ID ??= 'local'
process.env.AWS_SECRET_ACCESS_KEY ??= 'local'

export interface LocalDynamo {
  readonly endpoint: string
  readonly client: DynamoDBClient
  close(): Promise<void>
}

export async function startDynamo(table = 'callers', seed = true): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1' })
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'phone', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'phone', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  if (seed) {
    const store = dynamoStore({ table, client })
    for (const [key, record] of callerEntries(callers).entries) await store.put?.(key, record)
  }
  return {
    endpoint,
    client,
    close: async () => {
      if (!server.listening) return
      client.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A claims table as serverless.yml defines it: keyed by `key`, expiring by `expires_at` (dynalite ignores TTL). */
export async function createClaimsTable(dynamo: LocalDynamo, table: string): Promise<void> {
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
}

/** A loopback address where nothing listens: a store that is down. */
export const UNREACHABLE_ENDPOINT = 'http://127.0.0.1:9'
