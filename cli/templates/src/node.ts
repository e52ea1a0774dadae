import { serve } from 'voitex-trigger/node'
import { jsonFileStore } from 'voitex-trigger/stores/json-file'
import { redisStore } from 'voitex-trigger/stores/redis'
import { app } from './app'

// Self-hosted Node (`node --import tsx src/node.ts`): callers in Redis (REDIS_URL), else in callers.json.
const { PORT, REDIS_URL } = process.env
const store = REDIS_URL ? redisStore(REDIS_URL) : await jsonFileStore('callers.json')
const server = await serve(app, { port: Number(PORT ?? 8787), store })
console.log(`Trigger endpoint at ${server.url}/trigger (callers: ${store.kind})`)
