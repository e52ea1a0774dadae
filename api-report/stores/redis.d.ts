import { CallerStore, ClaimStore } from "../_shared/src-request-incoming.js";

//#region adapters/stores/redis.d.ts
interface RedisStoreOptions {
  /** Prefix of every key (default `caller:`), so the callers can share a database. */
  readonly prefix?: string;
}
/**
 * Commands waiting for Redis at most, per connection. A stalled server (SIGSTOP, a full disk, a lost network) answers
 * nothing: past this, commands fail at once ("The queue is full") instead of piling up in memory.
 */
declare const MAX_QUEUED_COMMANDS = 1000;
/** Caller records in Redis (`SET caller:+18459511000 '{…}'`), for Vercel and self-hosted Node. */
declare function redisStore(url: string, options?: RedisStoreOptions): CallerStore & {
  close(): Promise<void>;
};
/**
 * `deps.once` claims in Redis: a script runs `SET <key> <token> NX PX <ttl>`, which sets a key only if it is absent,
 * atomically, and Redis expires it. Keys are `once:<hash>` (plus `prefix`, default none).
 *
 * A claim is never taken after `once` gave up on it: the script compares Redis's clock with the claim's deadline
 * (translated into that clock, minus the uncertainty of the translation) and does nothing once it has passed; a claim
 * not yet sent is taken out of the queue; and one granted but answered too late is given back (deleted while it
 * still holds its token). This holds as long as Redis's clock is not stepped back while a claim waits.
 */
declare function redisClaims(url: string, options?: RedisStoreOptions): ClaimStore & {
  close(): Promise<void>;
};
//#endregion
export { MAX_QUEUED_COMMANDS, RedisStoreOptions, redisClaims, redisStore };
