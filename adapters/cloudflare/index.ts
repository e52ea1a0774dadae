import type { CallerStore, ExecutionContextLike, RuntimeConfig, TriggerApp } from '../../src/index.ts'

/** What the Worker reads from its bindings: `TRIGGER_TOKEN` (a secret) and `TIME_ZONE` (a var). */
export interface WorkerSettings {
  readonly TRIGGER_TOKEN?: string
  readonly TIME_ZONE?: string
}

export interface WorkerOptions<Env extends object> {
  /** The caller store, from the Worker's bindings: `(env) => kvStore(env.CALLERS)`. */
  readonly store?: (env: Env) => CallerStore | undefined
  /** Anything else to wire from the bindings (a logger, a clock); it wins over what is read by default. */
  readonly runtime?: (env: Env) => RuntimeConfig<Env>
}

/** A module Worker: `export default toWorker(app, { store: (env) => kvStore(env.CALLERS) })`. */
export interface TriggerWorker<Env extends object> {
  fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response>
}

/**
 * A trigger app as a Cloudflare Worker. Bindings arrive with each request, so the runtime is built once per
 * environment object (once per isolate in practice); deferred work goes to the request's `ctx.waitUntil`.
 */
export function toWorker<AppEnv extends object, Env extends AppEnv = AppEnv>(
  app: TriggerApp<AppEnv>,
  options: WorkerOptions<Env> = {},
): TriggerWorker<Env> {
  // The Worker's env holds what the app's services are built from (it extends the app's settings).
  const handler = app.handlerPerEnv((appEnv) => {
    const env = appEnv as Env
    const settings = env as WorkerSettings
    return {
      store: options.store?.(env),
      tokens: settings.TRIGGER_TOKEN,
      timeZone: settings.TIME_ZONE,
      ...(options.runtime?.(env) as RuntimeConfig<AppEnv> | undefined),
    }
  })
  return { fetch: (request, env, ctx) => handler.fetch(request, env, ctx) }
}
