import { waitUntil } from '@vercel/functions'
import { demoApp, demoServices } from '../../demo/app.ts'
import { redisStore } from '../stores/redis.ts'
import { toVercelFunction } from './adapter.ts'

const { REDIS_URL, TRIGGER_TOKEN, TIME_ZONE } = process.env

const app = demoApp(() => ({
  store: REDIS_URL ? redisStore(REDIS_URL) : undefined,
  tokens: TRIGGER_TOKEN,
  timeZone: TIME_ZONE,
  production: true,
  defer: waitUntil,
  services: demoServices(process.env),
}))

export default toVercelFunction(app)
