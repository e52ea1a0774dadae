import { serve } from 'voitex-trigger/node'
import { jsonFileStore } from 'voitex-trigger/stores/json-file'
import { redisStore } from 'voitex-trigger/stores/redis'
import { app } from './app'

// Self-hosted Node (`npm run serve`): callers in Redis (REDIS_URL), else in the JSON file. `npm start` is for dev.
const { PORT, HOST, REDIS_URL, CALLERS_FILE } = process.env
const store = REDIS_URL ? redisStore(REDIS_URL) : await jsonFileStore(CALLERS_FILE ?? 'demo/callers.json')
// Under `npm run serve` npm's stop signal goes to a shell that dies without passing it on: stop when it is gone.
const stopWithParent = process.env.npm_lifecycle_event === 'serve'
const server = await serve(app, { port: Number(PORT ?? 8787), host: HOST, store, stopWithParent })
console.log(`Trigger endpoint at ${server.url}/trigger, callers: ${store.kind}`)
