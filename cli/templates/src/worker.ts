import { toWorker, type WorkerEnv } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app } from './app'

// The Durable Object class behind the TRIGGER_CLAIMS binding (deps.once): Workers finds it among this module's exports.
export { TriggerClaims } from 'voitex-trigger/cloudflare'

/**
 * Bindings from wrangler.toml, and the settings src/app.ts declares (WorkerEnv: [vars], or secrets put with
 * `npx wrangler secret put NAME`, like TRIGGER_TOKEN).
 */
interface Env extends WorkerEnv<typeof app> {
  readonly CALLERS: KvNamespaceLike
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
