import type { KVNamespace } from '@cloudflare/workers-types/index.ts'
import type { CallerStore } from '../../src/index.ts'

/** Caller records in a Workers KV namespace, one JSON value per `phoneKey`. */
export function kvStore(namespace: KVNamespace, options: { readonly cacheTtlSeconds?: number } = {}): CallerStore {
  // Edge-cached reads: a caller record changes rarely, and a lookup is on the caller's time.
  const cacheTtl = options.cacheTtlSeconds ?? 60
  return {
    kind: 'cloudflare-kv',
    get: (key) => namespace.get(key, { type: 'json', cacheTtl }),
    put: (key, record) => namespace.put(key, JSON.stringify(record)),
  }
}
