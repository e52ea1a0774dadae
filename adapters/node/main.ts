import { demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { memoryStore } from '../../src/index.ts'
import { startServer } from './server.ts'

// `npm start`: the demo flow on the embedded default store (demo/callers.json, in memory).
const app = demoApp(() => ({ store: memoryStore(callers), tokens: process.env.TRIGGER_TOKEN }))
const server = await startServer(app, Number(process.env.PORT ?? 8787), process.env.HOST ?? '127.0.0.1')
const example = JSON.stringify({
  call_id: 'demo-1',
  cid: '8459511000',
  did: '8459511110',
  date_time: '2023-07-20 11:35:35',
  branch_data: [{ branch: '0', input: '1' }],
})
console.log(`voitex-trigger: demo flow at ${server.url}/trigger (health: ${server.url}/health)`)
console.log(`Try it:\n  curl -s -X POST ${server.url}/trigger -H 'content-type: application/json' -d '${example}'`)
