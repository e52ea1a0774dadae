import { serve } from 'voitex-trigger/node'
import { jsonFileStore } from 'voitex-trigger/stores/json-file'
import { redisStore } from 'voitex-trigger/stores/redis'
import { app } from './app.ts'

// Self-hosted Node: callers in Redis (REDIS_URL), else in the JSON file. `npm start` serves the demo with the CLI.
const { PORT, HOST, REDIS_URL, CALLERS_FILE } = process.env
const store = REDIS_URL ? redisStore(REDIS_URL) : await jsonFileStore(CALLERS_FILE ?? 'demo/callers.json')
const server = await serve(app, { port: Number(PORT ?? 8787), host: HOST, store })
console.log(`voitex-trigger: demo flow at ${server.url}/trigger, callers: ${store.kind}`)
