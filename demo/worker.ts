import { type DurableObjectNamespaceLike, toWorker } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app, type DemoSettings } from './app.ts'

// The Durable Object class behind the TRIGGER_CLAIMS binding (deps.once): Workers finds it among this module's exports.
export { TriggerClaims } from 'voitex-trigger/cloudflare'

/** Bindings from wrangler.toml; secrets (TRIGGER_TOKEN, VOITEX_AUTH_KEY) set with `wrangler secret put`. */
export interface Env extends DemoSettings {
  readonly CALLERS: KvNamespaceLike
  readonly TRIGGER_CLAIMS: DurableObjectNamespaceLike
  readonly TRIGGER_TOKEN?: string
  readonly TIME_ZONE?: string
  readonly TRIGGER_CAPTURE?: string
  readonly TRIGGER_ONCE_WHEN_DOWN?: string
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
