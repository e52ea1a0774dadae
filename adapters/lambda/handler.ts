import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
  LambdaFunctionURLEvent,
} from 'aws-lambda'
import { handle } from 'hono/aws-lambda'
import { demoApp } from '../../demo/app.ts'
import { dynamoStore } from '../stores/dynamodb.ts'

/** Every event shape that can carry a Trigger POST to this function. */
export type TriggerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | LambdaFunctionURLEvent | ALBEvent
export type TriggerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult

const { CALLERS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION, TRIGGER_TOKEN, TIME_ZONE } = process.env

const app = demoApp(() => ({
  store: CALLERS_TABLE
    ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT, region: AWS_REGION })
    : undefined,
  tokens: TRIGGER_TOKEN,
  timeZone: TIME_ZONE,
  production: true,
}))

// Hono picks the conversion per event type (REST v1, HTTP API v2 and Function URLs, ALB), base64 bodies included.
// Its own event types differ from @types/aws-lambda (e.g. `body` null vs undefined): we type our boundary with the latter.
const honoHandler = handle(app) as unknown as (event: TriggerEvent, context?: Context) => Promise<TriggerResult>

export const handler = (event: TriggerEvent, context?: Context): Promise<TriggerResult> => honoHandler(event, context)
