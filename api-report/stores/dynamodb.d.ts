import { CallerStore, ClaimStore, Clock } from "../_shared/src-request-incoming.js";

//#region adapters/stores/dynamodb.d.ts
/** A `DynamoDBClient` of your own (typed loosely, so this module's types never need the SDK installed). */
interface DynamoClientLike {
  send: (...args: never[]) => Promise<unknown>;
}
interface DynamoStoreOptions {
  readonly table: string;
  /** Override for local DynamoDB (dynalite, DynamoDB Local); AWS's endpoint when unset. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** A client of your own, e.g. with other credentials; one is made from `endpoint` and `region` otherwise. */
  readonly client?: DynamoClientLike | undefined;
}
/**
 * Caller records in a DynamoDB table keyed by `phone` (a string: the `phoneKey`), the record as JSON in `record`.
 * Reads are GetItem only: the Lambda's IAM policy allows nothing else on this table. `ready()` loads the SDK and
 * reads one key no caller has: the SDK's first request (credentials, endpoint, signing, the connection) costs tens of
 * milliseconds of CPU, which a Lambda pays in its init rather than inside its first caller's lookup.
 */
declare function dynamoStore(options: DynamoStoreOptions): CallerStore;
interface DynamoClaimsOptions extends DynamoStoreOptions {
  /** Whose time decides whether a claim has expired (default the system's). */
  readonly clock?: Clock | undefined;
}
/**
 * `deps.once` claims in a DynamoDB table keyed by `key` (S), with `expires_at` (N, epoch seconds) as its TTL
 * attribute: a conditional PutItem takes a key that is absent or expired, atomically. DynamoDB deletes expired items
 * only within days, so the condition checks the expiry itself. Needs `dynamodb:PutItem` on the table.
 *
 * The SDK loads from the moment the store is made (a cold start's module init); `ready` is that load, so the first
 * claim's bound does not include it. DynamoDB cannot compare a write with its own clock, so a claim `once` gave up
 * on is handled from here: not sent if it was not sent yet, and if it was and is granted after all, given back (its
 * `expires_at` set to now, while the item still holds this claim's `token`) as soon as the answer comes. Until then
 * a redelivery finds the step held; an answer that never comes (the request times out after 2 s) leaves it held.
 */
declare function dynamoClaims(options: DynamoClaimsOptions): ClaimStore;
//#endregion
export { DynamoClaimsOptions, DynamoClientLike, DynamoStoreOptions, dynamoClaims, dynamoStore };
