import { ClaimStore, EngineSettings, ExecutionContextLike, SettingsOf, TriggerApp } from "./_shared/src-request-incoming.js";
import { FromSettings, PlatformOptions } from "./_shared/adapters-options.js";

//#region adapters/cloudflare/claims.d.ts
/** The part of a Durable Object's storage a claim uses (structural, so no platform types are needed). */
interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAll(): Promise<void>;
}
interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
}
/** The part of a Durable Object namespace binding the claims use. */
interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): {
    fetch(input: string, init?: RequestInit): Promise<Response>;
  };
}
/**
 * One claim of `deps.once` on Workers: a Durable Object per claim key. A Durable Object runs one request at a time
 * and its storage calls hold back other events, so "is it free? then take it" is atomic across every instance of
 * the Worker (Workers KV is eventually consistent and cannot do this). An alarm deletes the claim when it expires.
 *
 * Re-export it from your Worker module (`export { TriggerClaims } from 'voitex-trigger/cloudflare'`) and bind it as
 * `TRIGGER_CLAIMS` in wrangler.toml, with a migration that creates the class.
 */
declare class TriggerClaims {
  #private;
  constructor(state: DurableObjectStateLike, _env?: unknown);
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
}
/**
 * `deps.once` claims in the `TriggerClaims` Durable Object namespace bound to the Worker. A claim carries its
 * deadline: the object does not take one that reaches it later (clocks on Cloudflare's machines agree to within
 * milliseconds), and one granted but answered after `once` gave up is given back.
 */
declare function durableObjectClaims(namespace: DurableObjectNamespaceLike): ClaimStore;
//#endregion
//#region adapters/cloudflare/index.d.ts
/**
 * What the Worker reads from its bindings: `TRIGGER_TOKEN` (a secret), `TIME_ZONE`, `TRIGGER_CAPTURE` and
 * `TRIGGER_ONCE_WHEN_DOWN` (vars), and `TRIGGER_CLAIMS` (the `TriggerClaims` Durable Object namespace).
 */
interface WorkerSettings extends EngineSettings {
  readonly TRIGGER_CLAIMS?: DurableObjectNamespaceLike;
}
/**
 * The bindings a Worker of `app` gets, derived from the app's settings declaration: a Worker's `Env` extends it
 * (`interface Env extends WorkerEnv<typeof app> { readonly CALLERS: KvNamespaceLike }`), so a setting added to the
 * declaration is a binding the Worker's code knows, with no other edit.
 */
type WorkerEnv<App> = SettingsOf<App> & WorkerSettings;
/** A module Worker: `export default toWorker(app, { store: (env) => kvStore(env.CALLERS) })`. */
interface TriggerWorker<Env extends object> {
  fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response>;
}
/**
 * A trigger app as a Cloudflare Worker. Bindings arrive with each request, so the runtime is built once per
 * environment object (once per isolate in practice); deferred work goes to the request's `ctx.waitUntil`.
 */
declare function toWorker<AppEnv extends object, Env extends AppEnv = AppEnv & WorkerSettings>(app: TriggerApp<AppEnv>, options?: PlatformOptions<Env>): TriggerWorker<Env>;
//#endregion
export { type DurableObjectNamespaceLike, type DurableObjectStateLike, type DurableObjectStorageLike, type FromSettings, type PlatformOptions, TriggerClaims, TriggerWorker, WorkerEnv, WorkerSettings, durableObjectClaims, toWorker };
