import type { KVNamespace } from '@cloudflare/workers-types/index.ts'
import { demoApp, demoServices } from '../../demo/app.ts'
import { kvStore } from '../stores/cloudflare-kv.ts'

/** Bindings from wrangler.toml; secrets set with `wrangler secret put`. */
export interface Env {
  readonly CALLERS: KVNamespace
  readonly TRIGGER_TOKEN?: string
  readonly VOITEX_AUTH_KEY?: string
  readonly VOITEX_API_URL?: string
  readonly TIME_ZONE?: string
}

// Hono's app is a module Worker: fetch(request, env, ctx); waitUntil comes from ctx.
export default demoApp<Env>((env) => ({
  store: kvStore(env.CALLERS),
  tokens: env.TRIGGER_TOKEN,
  timeZone: env.TIME_ZONE,
  production: true,
  services: demoServices(env),
}))
