import { serve } from '../adapters/node/index.ts'
import callers from '../demo/callers.json' with { type: 'json' }
import { DemoCaller } from '../demo/flow.ts'
import { createTriggerApp, defineFlow, memoryStore, reply } from '../src/index.ts'

// The engine's stages of `npm run bench:stages` (BENCH_STAGE), `serve(app)` as deployed with a one-flow app and no
// settings or versions: `decide`, a flow that answers at once; `lookup`, one that first looks the caller up (the
// demo's callers in memory, checked by its caller schema). Between `lookup` and `serve(app)`: the demo's own logic,
// its versions and settings.
const stage = process.env.BENCH_STAGE ?? 'decide'
const answer = () => reply().route('vip').say('Welcome back, Rivka. Connecting you to priority support.').goto(150)
const flow = defineFlow({
  name: stage,
  caller: DemoCaller,
  fallback: reply().goto(0),
  async decide(_call, deps) {
    if (stage === 'lookup') await deps.lookupCaller()
    return answer()
  },
})
await serve(createTriggerApp({ flows: { default: flow } }), {
  port: Number(process.env.PORT),
  store: memoryStore(callers),
})
