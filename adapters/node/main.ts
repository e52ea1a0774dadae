import { demoApp, demoServices } from '../../demo/app.ts'
import { jsonLogger } from '../../src/index.ts'
import { jsonFileStore } from '../stores/json-file.ts'
import { redisStore } from '../stores/redis.ts'
import { startServer } from './server.ts'
import { batchedStdout } from './stdout.ts'

// `npm start`: the demo flow on the embedded default store (demo/callers.json in memory), or Redis with REDIS_URL.
const { PORT, HOST, REDIS_URL, CALLERS_FILE, TRIGGER_TOKEN, TIME_ZONE } = process.env
const store = REDIS_URL ? redisStore(REDIS_URL) : await jsonFileStore(CALLERS_FILE ?? 'demo/callers.json')
const app = demoApp(() => ({
  store,
  tokens: TRIGGER_TOKEN,
  timeZone: TIME_ZONE,
  services: demoServices(process.env),
  logger: jsonLogger({ write: batchedStdout() }),
}))
const server = await startServer(app, Number(PORT ?? 8787), HOST ?? '127.0.0.1')

const example = JSON.stringify({
  call_id: 'demo-1',
  cid: '8459511000',
  did: '8459511110',
  date_time: '2023-07-20 11:35:35',
  branch_data: [{ branch: '0', input: '1' }],
})
console.log(`voitex-trigger: demo flow at ${server.url}/trigger (health: ${server.url}/health), callers: ${store.kind}`)
console.log(`Try it:\n  curl -s -X POST ${server.url}/trigger -H 'content-type: application/json' -d '${example}'`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void server.close().then(() => process.exit(0)))
