import type { EngineSettings, ExecutionContextLike, RuntimeConfig, SettingsOf, TriggerApp } from '../../src/index.ts'
import { type PlatformOptions, platformRuntime } from '../options.ts'
import { type DurableObjectNamespaceLike, durableObjectClaims } from './claims.ts'

export type { FromSettings, PlatformOptions } from '../options.ts'
export {
  type DurableObjectNamespaceLike,
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  durableObjectClaims,
  TriggerClaims,
} from './claims.ts'

/**
 * What the Worker reads from its bindings: `TRIGGER_TOKEN` (a secret), `TIME_ZONE`, `TRIGGER_CAPTURE` and
 * `TRIGGER_ONCE_WHEN_DOWN` (vars), and `TRIGGER_CLAIMS` (the `TriggerClaims` Durable Object namespace).
 */
export interface WorkerSettings extends EngineSettings {
  readonly TRIGGER_CLAIMS?: DurableObjectNamespaceLike
}

/**
 * The bindings a Worker of `app` gets, derived from the app's settings declaration: a Worker's `Env` extends it
 * (`interface Env extends WorkerEnv<typeof app> { readonly CALLERS: KvNamespaceLike }`), so a setting added to the
 * declaration is a binding the Worker's code knows, with no other edit.
 */
export type WorkerEnv<App> = SettingsOf<App> & WorkerSettings

/** A module Worker: `export default toWorker(app, { store: (env) => kvStore(env.CALLERS) })`. */
export interface TriggerWorker<Env extends object> {
  fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response>
}

/**
 * A trigger app as a Cloudflare Worker. Bindings arrive with each request, so the runtime is built once per
 * environment object (once per isolate in practice); deferred work goes to the request's `ctx.waitUntil`.
 */
export function toWorker<AppEnv extends object, Env extends AppEnv = AppEnv & WorkerSettings>(
  app: TriggerApp<AppEnv>,
  options: PlatformOptions<Env> = {},
): TriggerWorker<Env> {
  // The Worker's env holds what the app's services are built from (it extends the app's settings).
  const handler = app.handlerPerEnv((appEnv) => {
    const env = appEnv as Env
    const { TRIGGER_CLAIMS } = env as WorkerSettings
    return platformRuntime(options, env, {
      claims: () => (TRIGGER_CLAIMS ? durableObjectClaims(TRIGGER_CLAIMS) : undefined),
    }) as RuntimeConfig<AppEnv>
  })
  return { fetch: (request, env, ctx) => handler.fetch(request, env, ctx) }
}
