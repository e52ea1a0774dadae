import { type DurableObjectNamespaceLike, toWorker, type WorkerSettings } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app, type Settings } from './app'

// The Durable Object class behind the TRIGGER_CLAIMS binding (deps.once): Workers finds it among this module's exports.
export { TriggerClaims } from 'voitex-trigger/cloudflare'

/**
 * Bindings from wrangler.toml: the engine's settings (WorkerSettings), the app's own (Settings), the callers' KV and
 * the claims' Durable Object. Secrets (TRIGGER_TOKEN, VOITEX_AUTH_KEY) are set with `wrangler secret put`.
 */
export interface Env extends Settings, WorkerSettings {
  readonly CALLERS: KvNamespaceLike
  readonly TRIGGER_CLAIMS: DurableObjectNamespaceLike
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
