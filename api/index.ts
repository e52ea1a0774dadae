import { redisStore } from 'voitex-trigger/stores/redis'
import { toVercelFunction } from 'voitex-trigger/vercel'
import { app } from '../demo/app'

// Vercel deploys files under api/ as Functions; vercel.json rewrites every path here. Callers in Redis (REDIS_URL).
const { REDIS_URL } = process.env

export default toVercelFunction(app, { store: REDIS_URL ? redisStore(REDIS_URL) : undefined })
