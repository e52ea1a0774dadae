import { toLambdaHandler } from 'voitex-trigger/lambda'
import { dynamoStore } from 'voitex-trigger/stores/dynamodb'
import { app } from './app'

// serverless.yml sets CALLERS_TABLE; DYNAMODB_ENDPOINT only for a local DynamoDB.
const { CALLERS_TABLE, DYNAMODB_ENDPOINT } = process.env
const store = CALLERS_TABLE
  ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT || undefined })
  : undefined

export const handler = toLambdaHandler(app, { store })
