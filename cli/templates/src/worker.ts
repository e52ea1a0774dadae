import { toWorker } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app } from './app'

// The Durable Object class behind the TRIGGER_CLAIMS binding (deps.once): Workers finds it among this module's exports.
export { TriggerClaims } from 'voitex-trigger/cloudflare'

/** Bindings from wrangler.toml; TRIGGER_TOKEN is a secret: `npx wrangler secret put TRIGGER_TOKEN`. */
interface Env {
  readonly CALLERS: KvNamespaceLike
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
