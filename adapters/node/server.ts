import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve as nodeServe } from '@hono/node-server'
import type { RequestGuard } from './local-guard.ts'

export interface ListenOptions {
  /** Default 8787. 0 picks a free port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1` (loopback only); `0.0.0.0` to listen on every interface. */
  readonly host?: string | undefined
  /** On shutdown, how long in-flight requests and deferred work may take before what remains is cut (default 5 s). */
  readonly drainMs?: number | undefined
  /** Stop gracefully on SIGINT and SIGTERM, then exit the process (default true). A repeated signal waits its turn. */
  readonly handleSignals?: boolean | undefined
  /**
   * Also stop when the process that started this one is gone (default false; the CLI's `dev` and `emulator` set it):
   * a shell between npm and Node does not pass npm's signal on.
   */
  readonly stopWithParent?: boolean | undefined
  /** A request whose headers and body take longer than this is cut off (default 15 s; the IVR waits far less). */
  readonly requestTimeoutMs?: number | undefined
  /**
   * Checked on every request before anything else (local tools set `localGuard()`): a refusal is answered as JSON
   * `{ "error": … }` with its status. Deployed entries leave it out.
   */
  readonly guard?: RequestGuard | undefined
  /** Called with each line the server itself writes (start-up, shutdown). Default: stderr. */
  readonly notice?: ((line: string) => void) | undefined
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  /** Stop accepting, let in-flight requests (and `pending` work) finish within the drain deadline, cut the rest. */
  close(): Promise<void>
}

export const DEFAULT_PORT = 8787
export const DEFAULT_DRAIN_MS = 5000

/**
 * Serve a Web-standard fetch handler with @hono/node-server, with a graceful, bounded shutdown. `pending` is work
 * that must finish before the process exits (deferred side effects); it is awaited within the same deadline.
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: ListenOptions = {},
  pending: () => readonly Promise<unknown>[] = () => [],
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`))
  let inFlight = 0
  let idle: (() => void) | undefined
  const { guard } = options
  const counted = async (request: Request): Promise<Response> => {
    inFlight++
    try {
      const refusal = guard?.({
        method: request.method,
        path: new URL(request.url).pathname,
        header: (name) => request.headers.get(name) ?? undefined,
      })
      if (refusal) return Response.json({ error: refusal.error }, { status: refusal.status })
      return await fetch(request)
    } finally {
      if (--inFlight === 0) idle?.()
    }
  }
  return new Promise((resolve, reject) => {
    const server = nodeServe(
      {
        fetch: counted,
        port: options.port ?? DEFAULT_PORT,
        hostname: host,
        serverOptions: { requestTimeout: options.requestTimeoutMs ?? 15_000 },
      },
      (info: AddressInfo) => {
        let closing: Promise<void> | undefined
        const close = () => {
          closing ??= drain(
            server as Server,
            drainMs,
            () =>
              inFlight === 0
                ? Promise.resolve()
                : new Promise<void>((done) => {
                    idle = done
                  }),
            pending,
          )
          return closing
        }
        let stopping = false
        const stop = (why: string) => {
          // Once: a second signal (or the parent check) must not cut the drain short.
          if (stopping) return
          stopping = true
          notice(`${why}: stopping (in flight: ${inFlight}, drain deadline ${drainMs} ms)`)
          void close().then(() => process.exit(0))
        }
        if (options.handleSignals ?? true)
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal))
        if (options.stopWithParent) {
          const parent = process.ppid
          const watch = setInterval(() => {
            if (process.ppid === parent) return
            clearInterval(watch)
            stop('the process that started this one is gone')
          }, 1000)
          watch.unref()
        }
        const display = host.includes(':') ? `[${host}]` : host
        resolve({ url: `http://${display}:${info.port}`, port: info.port, close })
      },
    )
    server.once('error', reject)
  })
}

async function drain(
  server: Server,
  drainMs: number,
  requestsDone: () => Promise<void>,
  pending: () => readonly Promise<unknown>[],
): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()))
  server.closeIdleConnections()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<void>((done) => {
    timer = setTimeout(done, drainMs)
  })
  const finished = requestsDone().then(() => Promise.allSettled(pending()))
  await Promise.race([finished, deadline])
  clearTimeout(timer)
  // Whatever is left (a stalled upload, a keep-alive socket) is cut: the deadline is a promise to the platform.
  server.closeAllConnections()
  await closed
}
