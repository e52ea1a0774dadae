import { waitUntil } from '@vercel/functions'
import type { TriggerApp } from '../../src/index.ts'
import { type PlatformOptions, platformRuntime } from '../options.ts'
import { claimsFromRedisUrl } from '../redis-claims.ts'

export type { FromSettings, PlatformOptions } from '../options.ts'

/** A Vercel Function with a Web-standard handler (Node.js runtime): `export default toVercelFunction(app, …)`. */
export interface VercelFunction {
  fetch(request: Request): Promise<Response>
}

/**
 * A trigger app as a Vercel Function. The runtime is built once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`,
 * `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN` and the app's services from `process.env` unless given; `deps.once`
 * claims in the Redis at `CLAIMS_REDIS_URL`); deferred work goes to Vercel's `waitUntil`.
 */
export function toVercelFunction<Env extends object>(
  app: TriggerApp<Env>,
  options: PlatformOptions<Env> = {},
): VercelFunction {
  const handler = app.handler(
    platformRuntime(options, process.env as Env, {
      claims: () => claimsFromRedisUrl(process.env.CLAIMS_REDIS_URL),
      defer: waitUntil,
    }),
  )
  return { fetch: (request) => handler.fetch(request) }
}
