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
import type { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { engineSettings, type RuntimeConfig, type TriggerApp } from '../../src/index.ts'
import { dynamoClaims } from '../stores/dynamodb.ts'

/** Every event shape that can carry a Trigger POST to this function. */
export type TriggerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | LambdaFunctionURLEvent | ALBEvent
export type TriggerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult
export type LambdaHandler = (event: TriggerEvent, context?: Context) => Promise<TriggerResult>

/** Work deferred while one event is handled, settled before the handler returns. */
export interface LambdaDeferrals {
  defer(task: Promise<unknown>): void
  settle(): Promise<void>
}

/**
 * Lambda has no waitUntil: work a flow defers (e.g. an SMS receipt) is awaited after the answer is ready and before
 * the handler returns, for at most `limitMs`, since a frozen instance would otherwise drop it.
 */
export function lambdaDeferrals(limitMs = 1500): LambdaDeferrals {
  const tasks: Promise<unknown>[] = []
  return {
    defer: (task) => void tasks.push(task),
    async settle() {
      if (tasks.length === 0) return
      const pending = tasks.splice(0)
      let timer: ReturnType<typeof setTimeout> | undefined
      const limit = new Promise((resolve) => {
        timer = setTimeout(resolve, limitMs)
      })
      await Promise.race([Promise.allSettled(pending), limit])
      clearTimeout(timer)
    },
  }
}

export interface LambdaOptions<Env extends object> extends Omit<RuntimeConfig<Env>, 'defer'> {
  /** How long deferred work may hold the handler's return (default 1500 ms). */
  readonly deferLimitMs?: number
}

/**
 * A trigger app as a Lambda handler: `export const handler = toLambdaHandler(app, { store })`. The runtime is built
 * once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`, `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN` and the
 * app's services from `process.env` unless given; `deps.once` claims in the DynamoDB table `CLAIMS_TABLE`, at
 * `DYNAMODB_ENDPOINT` for a local one). Hono converts each event type (REST v1, HTTP API v2 and Function URLs, ALB),
 * base64 bodies included.
 */
export function toLambdaHandler<Env extends object>(
  app: TriggerApp<Env>,
  options: LambdaOptions<Env> = {},
): LambdaHandler {
  const deferrals = lambdaDeferrals(options.deferLimitMs)
  const { CLAIMS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION } = process.env
  const handler = app.handler({
    ...engineSettings(process.env),
    env: process.env as Env,
    // Made only when needed: a DynamoDB store starts loading the SDK as soon as it exists.
    claims:
      options.claims ??
      (CLAIMS_TABLE
        ? dynamoClaims({ table: CLAIMS_TABLE, endpoint: DYNAMODB_ENDPOINT || undefined, region: AWS_REGION })
        : undefined),
    ...options,
    defer: deferrals.defer,
  })
  // Hono's converter only calls `fetch`; its event types differ from @types/aws-lambda (`body` null vs undefined),
  // so our boundary is typed with the latter.
  const convert = handle(handler as unknown as Hono) as unknown as LambdaHandler
  return async (event, context) => {
    try {
      return await convert(event, context)
    } finally {
      await deferrals.settle()
    }
  }
}
