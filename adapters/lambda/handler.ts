import { demoApp, demoServices } from '../../demo/app.ts'
import { dynamoStore } from '../stores/dynamodb.ts'
import { lambdaDeferrals, toLambdaHandler } from './adapter.ts'

export type { TriggerEvent, TriggerResult } from './adapter.ts'

const { CALLERS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION, TRIGGER_TOKEN, TIME_ZONE } = process.env
const deferrals = lambdaDeferrals()

const app = demoApp(() => ({
  store: CALLERS_TABLE
    ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT, region: AWS_REGION })
    : undefined,
  tokens: TRIGGER_TOKEN,
  timeZone: TIME_ZONE,
  production: true,
  defer: deferrals.defer,
  services: demoServices(process.env),
}))

/** The function serverless.yml deploys: the demo flow with callers in DynamoDB. */
export const handler = toLambdaHandler(app, deferrals)
