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
import type { Env, Hono, Schema } from 'hono'
import { handle } from 'hono/aws-lambda'

/** Every event shape that can carry a Trigger POST to this function. */
export type TriggerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | LambdaFunctionURLEvent | ALBEvent
export type TriggerResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult
export type LambdaHandler = (event: TriggerEvent, context?: Context) => Promise<TriggerResult>

/**
 * Lambda has no waitUntil: work a flow defers (e.g. an SMS receipt) is awaited after the answer is ready and before
 * the handler returns, for at most `limitMs`, since a frozen instance would otherwise drop it.
 */
export function lambdaDeferrals(limitMs = 1500) {
  const tasks: Promise<unknown>[] = []
  return {
    defer: (task: Promise<unknown>) => void tasks.push(task),
    async settle(): Promise<void> {
      if (tasks.length === 0) return
      const pending = tasks.splice(0)
      await Promise.race([Promise.allSettled(pending), new Promise((resolve) => setTimeout(resolve, limitMs))])
    },
  }
}

/**
 * A trigger app as a Lambda handler. Hono picks the conversion per event type (REST v1, HTTP API v2 and Function
 * URLs, ALB), base64 bodies included. Its event types differ from @types/aws-lambda (`body` null vs undefined):
 * we type our boundary with the latter.
 */
export function toLambdaHandler<E extends Env, S extends Schema, BasePath extends string>(
  app: Hono<E, S, BasePath>,
  deferrals?: ReturnType<typeof lambdaDeferrals>,
): LambdaHandler {
  const convert = handle(app) as unknown as LambdaHandler
  return async (event, context) => {
    const result = await convert(event, context)
    await deferrals?.settle()
    return result
  }
}
