import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net'
import { withinDeadline } from '../../src/deadline.ts'
import type { OutgoingResponse } from '../../src/index.ts'
import { incomingFromNode } from './incoming.ts'
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
  /** Called with each line the server itself writes (start-up, shutdown). Default: stderr. */
  readonly notice?: ((line: string) => void) | undefined
  /**
   * Called on every request, Triggers included, before anything else: a rejection is answered at once (its body left
   * unread), `undefined` lets the request through. For local tools (a dev server reachable from a browser).
   */
  readonly guard?: RequestGuard | undefined
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  /** Stop accepting, let in-flight requests (and `pending` work) finish within the drain deadline, cut the rest. */
  close(): Promise<void>
}

export const DEFAULT_PORT = 8787
export const DEFAULT_DRAIN_MS = 5000

/** Answers one request on Node's own objects. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>

/** Write a prepared answer with one `end()`. A 413 closes the connection, so the rest of the body is never read. */
export function sendOutgoing(response: ServerResponse, outgoing: OutgoingResponse): void {
  if (outgoing.status === 413) response.shouldKeepAlive = false
  // With its length, so the answer goes out whole rather than chunked.
  response.writeHead(outgoing.status, { ...outgoing.headers, 'content-length': Buffer.byteLength(outgoing.body) })
  response.end(outgoing.body)
}

const GUARD_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

/** Serve a listener on Node's own request and response objects: the native path, with the same shutdown. */
export function listenNode(
  listener: NodeListener,
  options: ListenOptions = {},
  pending: () => readonly Promise<unknown>[] = () => [],
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`))
  const { guard } = options
  let inFlight = 0
  let idle: (() => void) | undefined
  const done = () => {
    if (--inFlight === 0) idle?.()
  }
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    if (guard) {
      const rejection = guard(incomingFromNode(request))
      if (rejection) {
        const body = JSON.stringify({ error: rejection.error })
        sendOutgoing(response, { status: rejection.status, body, headers: GUARD_HEADERS })
        return
      }
    }
    inFlight++
    listener(request, response).then(done, (error: unknown) => {
      done()
      // Listeners answer their own errors; this is the last resort, never a hung socket.
      if (!response.headersSent) sendOutgoing(response, { status: 500, body: '{}', headers: GUARD_HEADERS })
      else response.destroy(error instanceof Error ? error : undefined)
    })
  }
  const server = createServer({ requestTimeout: options.requestTimeoutMs ?? 15_000 }, onRequest)
  return new Promise((resolve, reject) => {
    const requested = options.port ?? DEFAULT_PORT
    const cannotListen = (error: NodeJS.ErrnoException) => reject(listenError(error, host, requested))
    server.once('error', cannotListen)
    server.listen(requested, host, () => {
      server.off('error', cannotListen)
      const { port } = server.address() as AddressInfo
      let closing: Promise<void> | undefined
      const close = () => {
        closing ??= drain(
          server,
          drainMs,
          () =>
            inFlight === 0
              ? Promise.resolve()
              : new Promise<void>((settled) => {
                  idle = settled
                }),
          pending,
        )
        return closing
      }
      let stopping = false
      const stop = (why: string) => {
        // Once: a second signal (or the parent check) must not cut the drain short.
        if (stopping) {
          notice(`${why}: already stopping, the drain goes on (in flight: ${inFlight})`)
          return
        }
        stopping = true
        notice(`${why}: stopping (in flight: ${inFlight}, drain deadline ${drainMs} ms)`)
        void close().then(() => process.exit(0))
      }
      if (options.handleSignals ?? true)
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal))
      if (options.stopWithParent) whenParentGone(() => stop('the process that started this one is gone'))
      const display = host.includes(':') ? `[${host}]` : host
      resolve({ url: `http://${display}:${port}`, port, close })
    })
  })
}

/**
 * Call `gone` once the process that started this one has exited (this one is then re-parented), checked each second
 * without keeping the process alive. A shell between npm and Node dies on npm's signal without passing it on: this is
 * how the process below it learns. Returns a function that stops watching.
 */
export function whenParentGone(gone: () => void): () => void {
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(watch)
    gone()
  }, 1000)
  watch.unref()
  return () => clearInterval(watch)
}

/** Why the server could not listen, saying what to do; Node's own error (and its `code`) kept as the cause. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`
  const why =
    error.code === 'EADDRINUSE'
      ? `${where} is in use: stop the server listening there or choose another port (PORT)`
      : error.code === 'EACCES'
        ? `${where} needs privileges to listen on: choose a port above 1023 (PORT)`
        : `cannot listen on ${where}: ${error.message}`
  return Object.assign(new Error(why, { cause: error }), { code: error.code })
}

async function drain(
  server: Server,
  drainMs: number,
  requestsDone: () => Promise<void>,
  pending: () => readonly Promise<unknown>[],
): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()))
  server.closeIdleConnections()
  await withinDeadline(
    requestsDone().then(() => Promise.allSettled(pending())),
    drainMs,
  )
  // Whatever is left (a stalled upload, a keep-alive socket) is cut: the deadline is a promise to the platform.
  server.closeAllConnections()
  await closed
}

/**
 * Listens on a loopback port the kernel picks, never one `avoided` refuses. The port a user asked a tool to serve on
 * is free until that tool binds it, so the kernel may hand it to a helper started first (a local DynamoDB, wrangler's
 * inspector), and the tool then fails with EADDRINUSE.
 */
export async function listenOnLoopback(server: NetServer, avoided: (port: number) => boolean): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    const { port } = server.address() as AddressInfo
    if (!avoided(port)) return port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (attempt === 100) throw new Error(`no free loopback port after ${attempt} tries`)
  }
}

/**
 * A free TCP port on loopback, none of `avoid`, for a tool's second port (wrangler's inspector, serverless-offline's
 * Lambda API): `avoid` holds the ports the tool is about to bind.
 */
export async function freePort(avoid: readonly number[] = []): Promise<number> {
  const server = createNetServer()
  const port = await listenOnLoopback(server, (candidate) => avoid.includes(candidate))
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
