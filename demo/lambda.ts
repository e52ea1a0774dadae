import { toLambdaHandler } from 'voitex-trigger/lambda'
import { dynamoStore } from 'voitex-trigger/stores/dynamodb'
import { app } from './app'

// serverless.yml deploys this: callers in DynamoDB (CALLERS_TABLE); DYNAMODB_ENDPOINT only for a local DynamoDB.
const { CALLERS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION } = process.env
const store = CALLERS_TABLE
  ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT || undefined, region: AWS_REGION })
  : undefined
// Lambda runs this top level in the function's init, with a burst of CPU: the SDK loads and sends its first request
// there, not inside the first caller's lookup (300 ms). A store that cannot load fails its lookups, never the init.
await store?.ready?.().catch(() => {})

export const handler = toLambdaHandler(app, { store })
