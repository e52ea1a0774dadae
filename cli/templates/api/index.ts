import { jsonFileStore } from 'voitex-trigger/stores/json-file'
import { redisStore } from 'voitex-trigger/stores/redis'
import { toVercelFunction } from 'voitex-trigger/vercel'
import { app } from '../src/app'

// Vercel deploys files under api/ as Functions; vercel.json rewrites every path here. Callers in Redis (REDIS_URL);
// CALLERS_FILE (a JSON file of callers) is what `npm run dev:vercel` sets for a local run without Redis.
const { REDIS_URL, CALLERS_FILE } = process.env
const store = REDIS_URL ? redisStore(REDIS_URL) : CALLERS_FILE ? await jsonFileStore(CALLERS_FILE) : undefined

export default toVercelFunction(app, { store })
