import { CallerStore, ClaimStore, Logger, RuntimeConfig } from "./src-request-incoming.js";

//#region adapters/options.d.ts
/** A value, or how to make it from the platform's settings (a Worker's bindings, or `process.env`). */
type FromSettings<T, Env> = T | ((settings: Env) => T);
/**
 * What every platform entry takes (`toWorker`, `toLambdaHandler`, `toVercelFunction`, `serve`, `triggerRoutes`): the
 * store, the claims, the logger and the settings the app's services get, each a value or `(settings) => value`; the
 * rest of the runtime (a clock, tokens, time zone…) as values. What is given wins over the engine's settings.
 */
interface PlatformOptions<Env extends object> extends Omit<RuntimeConfig<Env>, 'store' | 'claims' | 'logger' | 'settings' | 'defer'> {
  /** The caller store: `jsonFileStore('callers.json')`, or from a Worker's bindings `(env) => kvStore(env.CALLERS)`. */
  readonly store?: FromSettings<CallerStore | undefined, Env> | undefined;
  /** Where `deps.once` claims call steps. Default: the platform's (see docs/once.md), else this process's memory. */
  readonly claims?: FromSettings<ClaimStore | undefined, Env> | undefined;
  readonly logger?: FromSettings<Logger | undefined, Env> | undefined;
  /** The settings the app's services are built from. Default: the platform's own. */
  readonly settings?: FromSettings<Env, Env> | undefined;
}
//#endregion
export { FromSettings, PlatformOptions };
