import { toWorker } from 'voitex-trigger/cloudflare'
import { type KvNamespaceLike, kvStore } from 'voitex-trigger/stores/cloudflare-kv'
import { app, type DemoSettings } from './app.ts'

/** Bindings from wrangler.toml; secrets (TRIGGER_TOKEN, VOITEX_AUTH_KEY) set with `wrangler secret put`. */
export interface Env extends DemoSettings {
  readonly CALLERS: KvNamespaceLike
  readonly TRIGGER_TOKEN?: string
  readonly TIME_ZONE?: string
}

export default toWorker(app, { store: (env: Env) => kvStore(env.CALLERS) })
