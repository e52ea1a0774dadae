import { createServer } from 'node:http'
import { batchedStdout, incomingFromNode, sendOutgoing } from '../adapters/node/_internal.ts'
import { DEFAULT_BODY_LIMITS, decodeBodyNow } from '../src/_internal.ts'
import { parseRawBody } from './raw-body.ts'

// The stages of `npm run bench:stages` (BENCH_STAGE), each the one before plus one part of ours: `answer`, raw
// node:http sending our answer's size and headers as `sendOutgoing` does; `body`, the body read as the Node adapter
// reads it (listeners, limit, sniffing, the complexity scan); `log`, one log line with the `trigger` line's fields
// (no time stamp, as ours: the platforms stamp each line), batched to stdout as `serve` writes it. No engine: what
// is left between `log` and `serve(app)` is the engine's.
const stage = process.env.BENCH_STAGE ?? 'answer'
const ANSWER =
  '{"goto":"150","play":[{"type":"tts","text":"Welcome back, Rivka. Connecting you to priority support."}]}'
const write = stage === 'log' ? batchedStdout() : undefined

createServer(async (request, response) => {
  if (stage === 'answer') await new Promise<void>((read) => parseRawBody(request, read))
  else {
    const incoming = incomingFromNode(request)
    const raw = await incoming.body(DEFAULT_BODY_LIMITS.maxBytes)
    if (raw.ok) decodeBodyNow(raw.value, incoming.header('content-type'), DEFAULT_BODY_LIMITS)
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'server-timing': `total;dur=${0}, flow;dur=${0}, lookup;dur=${0}`,
  }
  headers['x-trigger-route'] = 'vip'
  headers['x-trigger-version'] = 'stable'
  sendOutgoing(response, { status: 200, body: ANSWER, headers })
  write?.(
    JSON.stringify({
      level: 'info',
      event: 'trigger',
      call_id: 'load-1',
      trigger: 'default',
      version: 'stable',
      flow: 'demo',
      outcome: 'decision',
      route: 'vip',
      lookup: 'found',
      duration_ms: 0,
    }),
  )
}).listen(Number(process.env.PORT), '127.0.0.1')
