// A Lambda cold start of the entry as bundle:lambda packages it, on plain Node as the Lambda runtime loads it (no
// loader in between: tsx's own hooks would hold the main thread while a slowed import resolves). LAMBDA_HANDLER is
// the bundle's URL. Each line on stdin invokes it with an HTTP API v2 event at once: `<call id> <caller number>` a
// call from that number, `<call id>` alone the request PAID_REQUEST holds (JSON) under that call id; `invoked <status>
// <route>` is printed when the handler returns.
import { createInterface } from 'node:readline'

const { handler } = await import(process.env.LAMBDA_HANDLER)
console.log('cold start: loaded')
for await (const line of createInterface({ input: process.stdin })) {
  const [callId, cid] = line.split(' ')
  const call = cid
    ? { call_id: callId, cid, did: '8459511110', date_time: '2023-07-20 11:35:35' }
    : { ...JSON.parse(process.env.PAID_REQUEST ?? '{}'), call_id: callId }
  const body = JSON.stringify(call)
  const result = await handler({
    version: '2.0',
    routeKey: 'POST /trigger/{proxy+}',
    rawPath: '/trigger/lookup',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    body,
    requestContext: { stage: '$default', http: { method: 'POST', path: '/trigger/lookup' } },
  })
  console.log(`invoked ${result.statusCode} ${result.headers?.['x-trigger-route'] ?? '-'}`)
}
