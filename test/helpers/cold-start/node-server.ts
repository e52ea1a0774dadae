import { serve } from '../../../adapters/node/index.ts'
import { app } from '../../../demo/app.ts'
import callers from '../../../demo/callers.json' with { type: 'json' }
import { memoryStore } from '../../../src/index.ts'

// `serve(app)` on PORT with the demo's callers in memory, as `npm start` has them (an entry that imports no Redis
// store: demo/node.ts loads the client before it listens), compiled by the test and run on plain Node; claims in the
// Redis at CLAIMS_REDIS_URL, whose client starts loading as it starts.
await serve(app, { port: Number(process.env.PORT), store: memoryStore(callers) })
console.log('cold start: listening')
