import { CallerStore } from "../_shared/src-request-incoming.js";

//#region adapters/stores/cloudflare-kv.d.ts
/** The part of a Workers KV namespace binding the store uses (structural, so no platform types are needed). */
interface KvNamespaceLike {
  get(key: string, options: {
    type: 'json';
    cacheTtl?: number;
  }): Promise<unknown>;
  put(key: string, value: string): Promise<void>;
}
/** Caller records in a Workers KV namespace, one JSON value per `phoneKey`. */
declare function kvStore(namespace: KvNamespaceLike, options?: {
  readonly cacheTtlSeconds?: number;
}): CallerStore;
//#endregion
export { KvNamespaceLike, kvStore };
