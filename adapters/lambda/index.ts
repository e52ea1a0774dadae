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
import { withinDeadline } from '../../src/deadline.ts'
import type { IncomingRequest, OutgoingResponse, TriggerApp } from '../../src/index.ts'
import { type PlatformOptions, platformRuntime } from '../options.ts'
import { dynamoClaims } from '../stores/dynamodb.ts'

export type { FromSettings, PlatformOptions } from '../options.ts'

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
      await withinDeadline(Promise.allSettled(tasks.splice(0)), limitMs)
    },
  }
}

export interface LambdaOptions<Env extends object> extends PlatformOptions<Env> {
  /** How long deferred work may hold the handler's return (default 1500 ms). */
  readonly deferLimitMs?: number
}

/**
 * A trigger app as a Lambda handler: `export const handler = toLambdaHandler(app, { store })`. The runtime is built
 * once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`, `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN` and the
 * app's services from `process.env` unless given; `deps.once` claims in the DynamoDB table `CLAIMS_TABLE`, at
 * `DYNAMODB_ENDPOINT` for a local one). Each event type (REST API v1, HTTP API v2 and Function URLs, ALB) is read as it
 * comes, base64 bodies included, and answered in its own result shape: no Web `Request` or `Response` is made.
 */
export function toLambdaHandler<Env extends object>(
  app: TriggerApp<Env>,
  options: LambdaOptions<Env> = {},
): LambdaHandler {
  const deferrals = lambdaDeferrals(options.deferLimitMs)
  const { CLAIMS_TABLE, DYNAMODB_ENDPOINT, AWS_REGION } = process.env
  const { deferLimitMs, ...platform } = options
  const handler = app.handler(
    platformRuntime(platform, process.env as Env, {
      // Made only when needed: a DynamoDB store starts loading the SDK as soon as it exists.
      claims: () =>
        CLAIMS_TABLE
          ? dynamoClaims({ table: CLAIMS_TABLE, endpoint: DYNAMODB_ENDPOINT || undefined, region: AWS_REGION })
          : undefined,
      defer: deferrals.defer,
    }),
  )
  return async (event) => {
    try {
      return resultFor(event, await handler.handle(incomingFromEvent(event)))
    } finally {
      await deferrals.settle()
    }
  }
}

type HeaderMap = Readonly<Record<string, string | undefined>> | null | undefined
type MultiValueMap = Readonly<Record<string, readonly string[] | undefined>> | null | undefined

function isAlb(event: TriggerEvent): event is ALBEvent {
  return event.requestContext !== undefined && 'elb' in event.requestContext
}

function isV2(event: TriggerEvent): event is APIGatewayProxyEventV2 | LambdaFunctionURLEvent {
  return 'version' in event && event.version === '2.0'
}

/** Headers by lower-case name, repeated ones joined as HTTP joins them; made on the first header read. */
function headerReader(single: HeaderMap, multi: MultiValueMap, cookies?: readonly string[]) {
  let byName: Map<string, string> | undefined
  return (name: string): string | undefined => {
    if (!byName) {
      byName = new Map()
      if (multi) {
        for (const [key, values] of Object.entries(multi))
          if (values?.length) byName.set(key.toLowerCase(), values.join(', '))
      } else if (single) {
        for (const [key, value] of Object.entries(single)) if (value !== undefined) byName.set(key.toLowerCase(), value)
      }
      // HTTP API v2 and Function URLs move the Cookie header out to `cookies`.
      if (cookies?.length) byName.set('cookie', cookies.join('; '))
    }
    return byName.get(name)
  }
}

/** ALB leaves query values as sent (percent-encoded, `+` for a space); API Gateway v1 hands them decoded. */
function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return value
  }
}

/** A query parameter's first value, as `URLSearchParams.get` gives it on every other adapter. */
function queryReader(single: HeaderMap, multi: MultiValueMap, encoded: boolean) {
  return (name: string): string | undefined => {
    const key = encoded ? Object.keys(multi ?? single ?? {}).find((sent) => decodeQueryValue(sent) === name) : name
    if (key === undefined) return undefined
    const value = multi?.[key]?.[0] ?? single?.[key]
    return value === undefined || !encoded ? value : decodeQueryValue(value)
  }
}

/** A query parameter of HTTP API v2 and Function URLs, from the raw query string (parsed on the first read). */
function rawQueryReader(rawQueryString: string) {
  let params: URLSearchParams | undefined
  return (name: string): string | undefined => {
    params ??= new URLSearchParams(rawQueryString)
    return params.get(name) ?? undefined
  }
}

/** The event's body as text, or as bytes when base64-encoded (the engine checks its size either way). */
function eventBody(body: string | null | undefined, base64: boolean | undefined) {
  return async () => {
    if (!body) return { ok: true as const, value: '' }
    if (!base64) return { ok: true as const, value: body }
    return { ok: true as const, value: Buffer.from(body, 'base64') as Uint8Array as Uint8Array<ArrayBuffer> }
  }
}

/** What the engine reads of an event, straight from it. */
export function incomingFromEvent(event: TriggerEvent): IncomingRequest {
  // Readers returned by functions: no named function per request (CONTRIBUTING.md).
  if (isV2(event)) {
    const { http, stage } = event.requestContext
    // A named stage prefixes the raw path (`/dev/trigger`); the `$default` stage does not.
    const prefix = stage && stage !== '$default' ? `/${stage}` : ''
    const path = prefix && event.rawPath.startsWith(`${prefix}/`) ? event.rawPath.slice(prefix.length) : event.rawPath
    return {
      method: http.method,
      path,
      header: headerReader(event.headers, undefined, event.cookies),
      query: rawQueryReader(event.rawQueryString),
      body: eventBody(event.body, event.isBase64Encoded),
    }
  }
  const alb = isAlb(event)
  return {
    method: event.httpMethod,
    path: event.path,
    header: headerReader(event.headers, event.multiValueHeaders),
    query: queryReader(event.queryStringParameters, event.multiValueQueryStringParameters, alb),
    body: eventBody(event.body, event.isBase64Encoded),
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
}

/** The answer in the event's own result shape (an ALB with multi-value headers on wants them back that way). */
export function resultFor(event: TriggerEvent, outgoing: OutgoingResponse): TriggerResult {
  const { status: statusCode, body, headers } = outgoing
  if (!isAlb(event)) return { statusCode, headers: { ...headers }, body, isBase64Encoded: false }
  const statusDescription = `${statusCode} ${STATUS_TEXT[statusCode] ?? ''}`.trim()
  if (event.multiValueHeaders) {
    const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]))
    return { statusCode, statusDescription, multiValueHeaders, body, isBase64Encoded: false }
  }
  return { statusCode, statusDescription, headers: { ...headers }, body, isBase64Encoded: false }
}
