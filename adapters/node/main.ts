import { serve } from '@hono/node-server'
import callers from '../../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../../demo/flow.ts'
import { createTriggerApp, memoryStore } from '../../src/index.ts'

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? '127.0.0.1'
const app = createTriggerApp({ flows: demoFlow, runtime: () => ({ store: memoryStore(callers) }) })

serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://${host}:${info.port}`
  console.log(`voitex-trigger demo flow listening on ${url}/trigger (health: ${url}/health)`)
  console.log(
    `Try it:\n  curl -s -X POST ${url}/trigger -H 'content-type: application/json' -d '{"call_id":"demo-1","cid":"8459511000","did":"8459511110","date_time":"2023-07-20 11:35:35","branch_data":[{"branch":"0","input":"1"}]}'`,
  )
})
