// A Lambda cold start of the entry as bundle:lambda packages it, on plain Node as the Lambda runtime loads it (no
// loader in between: tsx's own hooks would hold the main thread while a slowed import resolves). LAMBDA_HANDLER is
// the bundle's URL; each line `<call id> <caller number>` on stdin invokes it with an HTTP API v2 event of a call from
// that number, and `invoked <status> <route>` is printed when the handler returns.
import { createInterface } from 'node:readline'

const { handler } = await import(process.env.LAMBDA_HANDLER)
console.log('cold start: loaded')
for await (const line of createInterface({ input: process.stdin })) {
  const [callId, cid] = line.split(' ')
  const body = JSON.stringify({ call_id: callId, cid, did: '8459511110', date_time: '2023-07-20 11:35:35' })
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
