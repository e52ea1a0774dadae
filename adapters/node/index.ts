import { jsonLogger, type TriggerApp } from '../../src/index.ts'
import { type PlatformOptions, platformRuntime } from '../options.ts'
import { claimsFromRedisUrl } from '../redis-claims.ts'
import { captureMaxBytesSetting, withCaptureFile } from './capture-file.ts'
import { incomingFromNode } from './incoming.ts'
import { type ListenOptions, listenNode, type NodeListener, type RunningServer, sendOutgoing } from './server.ts'
import { batchedStdout } from './stdout.ts'
import { webListener } from './web.ts'

export type { FromSettings, PlatformOptions } from '../options.ts'
export {
  DEFAULT_DRAIN_MS,
  DEFAULT_PORT,
  type ListenOptions,
  type RunningServer,
} from './server.ts'
export { listen } from './web.ts'

export interface ServeOptions<Env extends object> extends ListenOptions, PlatformOptions<Env> {
  /**
   * Routes answered before the app, for local tools (`voitex-trigger dev` serves its page this way): a Response, or
   * `undefined` to hand the request to the app. Asked for every path but `/trigger…`, which takes the native path.
   * Deployed entries leave it out.
   */
  readonly localRoutes?: ((request: Request) => Response | undefined | Promise<Response | undefined>) | undefined
  /** With capture on, also append each capture line to this file (`TRIGGER_CAPTURE_FILE`). */
  readonly captureFile?: string | undefined
  /** The capture file stops growing here, with a warning (`TRIGGER_CAPTURE_MAX_BYTES`; default 100 MiB). */
  readonly captureMaxBytes?: number | undefined
}

/**
 * Serve a trigger app on Node: `await serve(app, { port: 8787, store })`. `TRIGGER_TOKEN`, `TIME_ZONE`,
 * `TRIGGER_CAPTURE`, `TRIGGER_CAPTURE_FILE`, `TRIGGER_CAPTURE_MAX_BYTES`, `TRIGGER_ONCE_WHEN_DOWN`,
 * `TRIGGER_SECRET_NAMES` and the app's services come from `process.env` unless given; log lines go to stdout, batched. `deps.once` claims in memory (one process), or in the Redis at
 * `CLAIMS_REDIS_URL`. SIGINT and SIGTERM stop it gracefully: no new connections, in-flight Triggers and deferred
 * work finish within `drainMs`, the rest is cut. Triggers are answered from `node:http`'s own objects, with no Web
 * `Request` or `Response` made.
 */
export function serve<Env extends object>(
  app: TriggerApp<Env>,
  options: ServeOptions<Env> = {},
): Promise<RunningServer> {
  const deferred = new Set<Promise<unknown>>()
  const runtime = platformRuntime(withoutListenOptions(options), process.env as Env, {
    claims: () => claimsFromRedisUrl(process.env.CLAIMS_REDIS_URL),
    defer: (task) => {
      // Kept until settled, so a shutdown waits for a receipt still being sent.
      const tracked: Promise<unknown> = task.catch(() => {}).finally(() => deferred.delete(tracked))
      deferred.add(tracked)
    },
  })
  const logger = runtime.logger ?? jsonLogger({ write: batchedStdout() })
  const captureFile = options.captureFile ?? process.env.TRIGGER_CAPTURE_FILE
  if (captureFile && !runtime.capture)
    logger.write({
      level: 'warn',
      event: 'capture_off',
      message: 'TRIGGER_CAPTURE_FILE is set but TRIGGER_CAPTURE is not: nothing is captured',
    })
  const handler = app.handler({
    ...runtime,
    logger:
      runtime.capture && captureFile
        ? withCaptureFile(
            logger,
            captureFile,
            options.captureMaxBytes ?? captureMaxBytesSetting(process.env.TRIGGER_CAPTURE_MAX_BYTES),
          )
        : logger,
  })
  // Triggers are answered from Node's own request and response: the body read as bytes, one `end()` of the JSON.
  const native: NodeListener = async (request, response) =>
    sendOutgoing(response, await handler.handle(incomingFromNode(request)))
  const { localRoutes } = options
  const pending = () => [...deferred]
  if (!localRoutes) return listenNode(native, options, pending)
  // The dev page's routes keep a Web-standard router: every path but /trigger… goes through it, then to the app.
  const web = webListener(async (request) => (await localRoutes(request)) ?? handler.fetch(request))
  return listenNode(
    (request, response) => (isTriggerPath(request.url) ? native : web)(request, response),
    options,
    pending,
  )
}

/** `/trigger` and below, as a request target (`/trigger?token=…`, `/trigger/name`). */
function isTriggerPath(target: string | undefined): boolean {
  if (!target?.startsWith('/trigger')) return false
  const next = target[8]
  return next === undefined || next === '/' || next === '?' || next === '#'
}

function withoutListenOptions<Env extends object>(options: ServeOptions<Env>): PlatformOptions<Env> {
  const {
    port,
    host,
    drainMs,
    handleSignals,
    stopWithParent,
    requestTimeoutMs,
    notice,
    guard,
    localRoutes,
    captureFile,
    captureMaxBytes,
    ...runtime
  } = options
  return runtime
}
