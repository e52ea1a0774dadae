import { toWorker } from '../adapters/cloudflare/index.ts'
import { app } from '../demo/app.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { memoryStore } from '../src/index.ts'

// The demo app as a Worker, with its callers in memory as the hand-written Worker has them (a KV read would measure
// the local KV, not the code), one log line per request to stdout.
export default toWorker(app, { store: memoryStore(callers) })
