import type { Context } from 'aws-lambda'
import type { TriggerEvent, TriggerResult } from 'voitex-trigger/lambda'
import alb from '../fixtures/lambda/alb.json' with { type: 'json' }
import v1 from '../fixtures/lambda/api-gateway-v1.json' with { type: 'json' }
import v2 from '../fixtures/lambda/api-gateway-v2.json' with { type: 'json' }
import functionUrl from '../fixtures/lambda/function-url.json' with { type: 'json' }

export type EventKind = 'api-gateway-v1' | 'api-gateway-v2' | 'function-url' | 'alb'
export const EVENT_KINDS: readonly EventKind[] = ['api-gateway-v1', 'api-gateway-v2', 'function-url', 'alb']

// Reverse: a Web Request into the event AWS would deliver for it, built on real sample payloads (fixtures/lambda),
// so one suite of Requests drives the Lambda handler through every event type.

export async function requestToEvent(request: Request, kind: EventKind, base64 = false): Promise<TriggerEvent> {
  const url = new URL(request.url)
  const text = await request.text()
  const body = base64 ? Buffer.from(text).toString('base64') : text
  const headers = Object.fromEntries(request.headers)
  const query = Object.fromEntries(url.searchParams)
  const multiValueQuery = Object.fromEntries(
    [...url.searchParams.keys()].map((key) => [key, url.searchParams.getAll(key)]),
  )
  // API Gateway v1 hands query values decoded; an ALB as they were sent.
  const encodedQuery = Object.fromEntries(
    url.search
      .slice(1)
      .split('&')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]),
  )
  const method = request.method
  switch (kind) {
    case 'api-gateway-v1':
      return {
        ...v1,
        path: url.pathname,
        httpMethod: method,
        headers: { ...v1.headers, ...headers },
        multiValueHeaders: {
          ...v1.multiValueHeaders,
          ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        },
        queryStringParameters: url.search ? query : null,
        multiValueQueryStringParameters: url.search ? multiValueQuery : null,
        requestContext: { ...v1.requestContext, httpMethod: method, path: `/prod${url.pathname}` },
        body,
        isBase64Encoded: base64,
      } as TriggerEvent
    case 'api-gateway-v2':
    case 'function-url': {
      const template = kind === 'function-url' ? functionUrl : v2
      return {
        ...template,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers: { ...template.headers, ...headers, 'content-length': String(Buffer.byteLength(text)) },
        requestContext: {
          ...template.requestContext,
          http: { ...template.requestContext.http, method, path: url.pathname },
        },
        body,
        isBase64Encoded: base64,
      } as TriggerEvent
    }
    case 'alb':
      return {
        ...alb,
        httpMethod: method,
        path: url.pathname,
        queryStringParameters: encodedQuery,
        headers: { ...alb.headers, ...headers },
        body,
        isBase64Encoded: base64,
      } as TriggerEvent
  }
}

/** A Lambda proxy result back into a Web Response. */
export function resultToResponse(result: TriggerResult): Response {
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : result.body
  const headers = new Headers()
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, String(value))
  if ('multiValueHeaders' in result)
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
      for (const value of values) headers.append(name, String(value))
  return new Response(body, { status: result.statusCode ?? 200, headers })
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'voitex-trigger-dev-trigger',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:voitex-trigger-dev-trigger',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/voitex-trigger-dev-trigger',
  logStreamName: '2023/07/20/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 5000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} satisfies Context
