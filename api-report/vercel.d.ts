import { TriggerApp } from "./_shared/src-request-incoming.js";
import { FromSettings, PlatformOptions } from "./_shared/adapters-options.js";

//#region adapters/vercel/index.d.ts
/** A Vercel Function with a Web-standard handler (Node.js runtime): `export default toVercelFunction(app, …)`. */
interface VercelFunction {
  fetch(request: Request): Promise<Response>;
}
/**
 * A trigger app as a Vercel Function. The runtime is built once, when the module loads (`TRIGGER_TOKEN`, `TIME_ZONE`,
 * `TRIGGER_CAPTURE`, `TRIGGER_ONCE_WHEN_DOWN` and the app's services from `process.env` unless given; `deps.once`
 * claims in the Redis at `CLAIMS_REDIS_URL`); deferred work goes to Vercel's `waitUntil`.
 */
declare function toVercelFunction<Env extends object>(app: TriggerApp<Env>, options?: PlatformOptions<Env>): VercelFunction;
//#endregion
export { type FromSettings, type PlatformOptions, VercelFunction, toVercelFunction };
