import { type DurableObjectNamespaceLike, toWorker, type WorkerEnv } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app } from './app'

// The Durable Object class behind the TRIGGER_CLAIMS binding (deps.once): Workers finds it among this module's exports.
export { TriggerClaims } from 'voitex-trigger/cloudflare'

/**
 * Bindings from wrangler.toml: the engine's settings and the app's declared ones (WorkerEnv, derived from the app),
 * the callers' KV and the claims' Durable Object. Secrets (TRIGGER_TOKEN, VOITEX_AUTH_KEY) are set with
 * `npx wrangler secret put NAME`.
 */
export interface Env extends WorkerEnv<typeof app> {
  readonly CALLERS: KvNamespaceLike
  readonly TRIGGER_CLAIMS: DurableObjectNamespaceLike
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
