import { TriggerApp } from "./_shared/src-request-incoming.js";
import { FromSettings, PlatformOptions } from "./_shared/adapters-options.js";
import { Hono } from "hono";

//#region adapters/hono/index.d.ts
/**
 * The Trigger routes (`POST /trigger[/<name>[/<token>]]`, `GET /health`) as a Hono app to mount into yours:
 * `yours.route('/voitex', triggerRoutes(app))`. The answers are those of every other adapter; deferred work goes to
 * the Worker's `waitUntil` where there is one.
 */
declare function triggerRoutes<Env extends object>(app: TriggerApp<Env>, options?: PlatformOptions<Env>): Hono;
//#endregion
export { type FromSettings, type PlatformOptions, triggerRoutes };
