import type { CallerStore } from '../../src/index.ts'

/** The part of a Workers KV namespace binding the store uses (structural, so no platform types are needed). */
export interface KvNamespaceLike {
  get(key: string, options: { type: 'json'; cacheTtl?: number }): Promise<unknown>
  put(key: string, value: string): Promise<void>
}

/** Caller records in a Workers KV namespace, one JSON value per `phoneKey`. */
export function kvStore(namespace: KvNamespaceLike, options: { readonly cacheTtlSeconds?: number } = {}): CallerStore {
  // Edge-cached reads: a caller record changes rarely, and a lookup is on the caller's time.
  const cacheTtl = options.cacheTtlSeconds ?? 60
  return {
    kind: 'cloudflare-kv',
    get: (key) => namespace.get(key, { type: 'json', cacheTtl }),
    put: (key, record) => namespace.put(key, JSON.stringify(record)),
  }
}
