import { RuntimeConfig, TriggerApp } from "./_shared/src-request-incoming.js";
import { Hono } from "hono";

//#region adapters/hono/index.d.ts
interface TriggerRoutesOptions<Env extends object> {
  /**
   * The runtime (store, claims, logger…), built once per settings object: a Worker's bindings (`c.env`), or
   * `process.env` where the request carries none (Node). It wins over the engine's settings read from the same object
   * (`TRIGGER_TOKEN`, `TIME_ZONE`, `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN`).
   */
  readonly runtime?: ((settings: Env) => Omit<RuntimeConfig<Env>, 'env' | 'defer'>) | undefined;
}
/**
 * The Trigger routes (`POST /trigger[/<name>[/<token>]]`, `GET /health`) as a Hono app to mount into yours:
 * `yours.route('/voitex', triggerRoutes(app))`. The answers are those of every other adapter; deferred work goes to
 * the Worker's `waitUntil` where there is one.
 */
declare function triggerRoutes<Env extends object>(app: TriggerApp<Env>, options?: TriggerRoutesOptions<Env>): Hono;
//#endregion
export { TriggerRoutesOptions, triggerRoutes };
