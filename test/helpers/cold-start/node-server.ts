import { serve } from '../../../adapters/node/index.ts'
import { app } from '../../../demo/app.ts'
import callers from '../../../demo/callers.json' with { type: 'json' }
import { memoryStore } from '../../../src/index.ts'

// The self-hosted Node entry as deployed, compiled by the test and run on plain Node: `serve(app)` on PORT with the
// demo's callers in memory; claims in the Redis at CLAIMS_REDIS_URL, whose client starts loading as it starts.
await serve(app, { port: Number(process.env.PORT), store: memoryStore(callers) })
console.log('cold start: listening')
