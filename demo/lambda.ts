import { toLambdaHandler } from 'voitex-trigger/lambda'
import { dynamoStore } from 'voitex-trigger/stores/dynamodb'
import { app } from './app'

// serverless.yml deploys this: callers in DynamoDB (CALLERS_TABLE); DYNAMODB_ENDPOINT only for a local DynamoDB.
const { CALLERS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION } = process.env
const store = CALLERS_TABLE
  ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT || undefined, region: AWS_REGION })
  : undefined

export const handler = toLambdaHandler(app, { store })
