import { serve } from '@hono/node-server'
import { Hono } from 'hono'

// The baseline for the Node adapter benchmark: Hono on @hono/node-server that only parses the JSON and answers a
// constant. What our server does beyond this is the cost of the Trigger engine.
const app = new Hono()
app.post('/trigger', async (c) => {
  await c.req.json()
  return c.json({ goto: '0' })
})
app.get('/health', (c) => c.json({ status: 'ok' }))
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8790), hostname: '127.0.0.1' })
