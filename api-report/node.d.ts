import { TriggerApp } from "./_shared/src-request-incoming.js";
import { FromSettings, PlatformOptions } from "./_shared/adapters-options.js";

//#region adapters/node/local-guard.d.ts
/** What a guard reads of a request: no body, no Web `Request` needed. */
interface GuardedRequest {
  readonly method: string;
  readonly path: string;
  header(name: string): string | undefined;
}
/** Why a request is refused: answered as JSON `{ "error": … }` with this status. */
interface Refusal {
  readonly status: number;
  readonly error: string;
}
type RequestGuard = (request: GuardedRequest) => Refusal | undefined;
//#endregion
//#region adapters/node/server.d.ts
interface ListenOptions {
  /** Default 8787. 0 picks a free port. */
  readonly port?: number | undefined;
  /** Default `127.0.0.1` (loopback only); `0.0.0.0` to listen on every interface. */
  readonly host?: string | undefined;
  /** On shutdown, how long in-flight requests and deferred work may take before what remains is cut (default 5 s). */
  readonly drainMs?: number | undefined;
  /** Stop gracefully on SIGINT and SIGTERM, then exit the process (default true). A repeated signal waits its turn. */
  readonly handleSignals?: boolean | undefined;
  /**
   * Also stop when the process that started this one is gone (default false; the CLI's `dev` and `emulator` set it):
   * a shell between npm and Node does not pass npm's signal on.
   */
  readonly stopWithParent?: boolean | undefined;
  /** A request whose headers and body take longer than this is cut off (default 15 s; the IVR waits far less). */
  readonly requestTimeoutMs?: number | undefined;
  /** Called with each line the server itself writes (start-up, shutdown). Default: stderr. */
  readonly notice?: ((line: string) => void) | undefined;
  /**
   * Called on every request, Triggers included, before anything else: a rejection is answered at once (its body left
   * unread), `undefined` lets the request through. For local tools (a dev server reachable from a browser).
   */
  readonly guard?: RequestGuard | undefined;
}
interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stop accepting, let in-flight requests (and `pending` work) finish within the drain deadline, cut the rest. */
  close(): Promise<void>;
}
declare const DEFAULT_PORT = 8787;
declare const DEFAULT_DRAIN_MS = 5000;
//#endregion
//#region adapters/node/web.d.ts
/**
 * Serve a Web-standard fetch handler on Node, with a graceful, bounded shutdown. `pending` is work that must finish
 * before the process exits (deferred side effects); it is awaited within the same deadline.
 */
declare function listen(fetch: (request: Request) => Response | Promise<Response>, options?: ListenOptions, pending?: () => readonly Promise<unknown>[]): Promise<RunningServer>;
//#endregion
//#region adapters/node/index.d.ts
interface ServeOptions<Env extends object> extends ListenOptions, PlatformOptions<Env> {
  /**
   * Routes answered before the app, for local tools (`voitex-trigger dev` serves its page this way): a Response, or
   * `undefined` to hand the request to the app. Asked for every path but `/trigger…`, which takes the native path.
   * Deployed entries leave it out.
   */
  readonly localRoutes?: ((request: Request) => Response | undefined | Promise<Response | undefined>) | undefined;
  /** With capture on, also append each capture line to this file (`TRIGGER_CAPTURE_FILE`). */
  readonly captureFile?: string | undefined;
  /** The capture file stops growing here, with a warning (`TRIGGER_CAPTURE_MAX_BYTES`; default 100 MiB). */
  readonly captureMaxBytes?: number | undefined;
}
/**
 * Serve a trigger app on Node: `await serve(app, { port: 8787, store })`. `TRIGGER_TOKEN`, `TIME_ZONE`,
 * `TRIGGER_CAPTURE`, `TRIGGER_CAPTURE_FILE`, `TRIGGER_CAPTURE_MAX_BYTES`, `TRIGGER_ONCE_WHEN_DOWN`,
 * `TRIGGER_SECRET_NAMES` and the app's services come from `process.env` unless given; log lines go to stdout, batched. `deps.once` claims in memory (one process), or in the Redis at
 * `CLAIMS_REDIS_URL`. SIGINT and SIGTERM stop it gracefully: no new connections, in-flight Triggers and deferred
 * work finish within `drainMs`, the rest is cut. Triggers are answered from `node:http`'s own objects, with no Web
 * `Request` or `Response` made.
 */
declare function serve<Env extends object>(app: TriggerApp<Env>, options?: ServeOptions<Env>): Promise<RunningServer>;
//#endregion
export { DEFAULT_DRAIN_MS, DEFAULT_PORT, type FromSettings, type ListenOptions, type PlatformOptions, type RunningServer, ServeOptions, listen, serve };
