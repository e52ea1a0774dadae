import { serve } from '@hono/node-server'
import { handWrittenApp } from './hand-written-app.ts'

// The hand-written Hono + zod handler on Node, as its author would serve it.
serve({ fetch: handWrittenApp.fetch, port: Number(process.env.PORT ?? 8790), hostname: '127.0.0.1' })
