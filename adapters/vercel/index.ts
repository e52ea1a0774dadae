import { waitUntil } from '@vercel/functions'
import type { RuntimeConfig, TriggerApp } from '../../src/index.ts'

/** A Vercel Function with a Web-standard handler (Node.js runtime): `export default toVercelFunction(app, …)`. */
export interface VercelFunction {
  fetch(request: Request): Promise<Response>
}

/**
 * A trigger app as a Vercel Function. The runtime is built once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`
 * and the app's services from `process.env` unless given); deferred work goes to Vercel's `waitUntil`.
 */
export function toVercelFunction<Env extends object>(
  app: TriggerApp<Env>,
  options: Omit<RuntimeConfig<Env>, 'defer'> = {},
): VercelFunction {
  const { TRIGGER_TOKEN, TIME_ZONE } = process.env
  const handler = app.handler({
    tokens: TRIGGER_TOKEN,
    timeZone: TIME_ZONE,
    env: process.env as Env,
    ...options,
    defer: waitUntil,
  })
  return { fetch: (request) => handler.fetch(request) }
}
