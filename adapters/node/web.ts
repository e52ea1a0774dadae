import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { type ListenOptions, listenNode, type NodeListener, type RunningServer } from './server.ts'

/** The URL a Node request was sent to, by its Host header (loopback when that is missing or not a host). */
function requestUrl(request: IncomingMessage): string {
  const target = request.url ?? '/'
  try {
    return new URL(target, `http://${request.headers.host ?? '127.0.0.1'}`).href
  } catch {
    return new URL(target, 'http://127.0.0.1').href
  }
}

function toRequest(request: IncomingMessage): Request {
  const headers = new Headers()
  const raw = request.rawHeaders
  for (let index = 0; index < raw.length; index += 2) headers.append(raw[index] ?? '', raw[index + 1] ?? '')
  const method = request.method ?? 'GET'
  const withBody = method !== 'GET' && method !== 'HEAD'
  return new Request(requestUrl(request), {
    method,
    headers,
    ...(withBody ? { body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit)
}

async function writeResponse(response: Response, to: ServerResponse, method: string | undefined): Promise<void> {
  const headers: [string, string][] = []
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value])
  })
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie])
  to.writeHead(response.status, headers.flat())
  if (!response.body || method === 'HEAD') {
    await response.body?.cancel()
    to.end()
    return
  }
  const reader = response.body.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    // Backpressure: a slow reader holds the stream rather than the process's memory; a gone one ends it.
    if (!to.write(read.value))
      await new Promise((resume) => {
        to.once('drain', resume)
        to.once('close', resume)
      })
    if (to.destroyed) {
      await reader.cancel()
      return
    }
  }
  to.end()
}

/**
 * A Web-standard fetch handler as a Node listener: a `Request` made from Node's request, the `Response` written back.
 * For local tools only (the emulator, the dev page's routes), where a Web router is worth its cost; Triggers take the
 * native path.
 */
export function webListener(fetch: (request: Request) => Response | Promise<Response>): NodeListener {
  return async (request, response) => writeResponse(await fetch(toRequest(request)), response, request.method)
}

/**
 * Serve a Web-standard fetch handler on Node, with a graceful, bounded shutdown. `pending` is work that must finish
 * before the process exits (deferred side effects); it is awaited within the same deadline.
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: ListenOptions = {},
  pending: () => readonly Promise<unknown>[] = () => [],
): Promise<RunningServer> {
  return listenNode(webListener(fetch), options, pending)
}
