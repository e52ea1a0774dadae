import { serve } from '../adapters/node/index.ts'
import { app } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { memoryStore } from '../src/index.ts'

// The production Node entry as a user deploys it, compiled by the benchmark (plain Node, no tsx): `serve(app)` with
// the demo's callers in memory, as `npm start` has them, one log line per request to stdout.
await serve(app, { port: Number(process.env.PORT ?? 8792), store: memoryStore(callers) })
