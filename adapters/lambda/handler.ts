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
import { demoApp, demoServices } from '../../demo/app.ts'
import { dynamoStore } from '../stores/dynamodb.ts'

/** Every event shape that can carry a Trigger POST to this function. */
export type TriggerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | LambdaFunctionURLEvent | ALBEvent
export type TriggerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult

const { CALLERS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION, TRIGGER_TOKEN, TIME_ZONE } = process.env

// Lambda has no waitUntil: work deferred by the flow (e.g. an SMS receipt) is awaited after the answer is ready and
// before it is returned, for at most DEFER_LIMIT_MS, since a frozen instance would otherwise drop it.
const DEFER_LIMIT_MS = 1500
const deferred: Promise<unknown>[] = []

const app = demoApp(() => ({
  store: CALLERS_TABLE
    ? dynamoStore({ table: CALLERS_TABLE, endpoint: DYNAMODB_ENDPOINT, region: AWS_REGION })
    : undefined,
  tokens: TRIGGER_TOKEN,
  timeZone: TIME_ZONE,
  production: true,
  defer: (task) => deferred.push(task),
  services: demoServices(process.env),
}))

// Hono picks the conversion per event type (REST v1, HTTP API v2 and Function URLs, ALB), base64 bodies included.
// Its own event types differ from @types/aws-lambda (e.g. `body` null vs undefined): we type our boundary with the latter.
const honoHandler = handle(app) as unknown as (event: TriggerEvent, context?: Context) => Promise<TriggerResult>

export async function handler(event: TriggerEvent, context?: Context): Promise<TriggerResult> {
  const result = await honoHandler(event, context)
  if (deferred.length > 0) {
    const tasks = deferred.splice(0)
    await Promise.race([Promise.allSettled(tasks), new Promise((resolve) => setTimeout(resolve, DEFER_LIMIT_MS))])
  }
  return result
}
