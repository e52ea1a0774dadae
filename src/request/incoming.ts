import type { Result } from '../errors.ts'
import { readRequestBody } from './body.ts'

/**
 * A request as any transport hands it over: all the engine reads of it. Node's `http` and Lambda events give one
 * directly, with no Web `Request` made; a `Request` gives one through `incomingFromRequest`.
 */
export interface IncomingRequest {
  readonly method: string
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string
  /** A header's value, by its name in lower case. */
  header(name: string): string | undefined
  /** A query parameter's value, decoded. */
  query(name: string): string | undefined
  /** The body, read whole, as text or bytes; larger than `maxBytes`: `body_too_large`, the rest left unread. */
  body(maxBytes: number): Promise<Result<string | Uint8Array<ArrayBuffer>>>
}

/** An answer before it becomes the transport's: status, the JSON text and its headers (names in lower case). */
export interface OutgoingResponse {
  readonly status: number
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

/** The path of a URL string (absolute, or a request target), without parsing it whole. */
export function pathOf(url: string): string {
  const start = url[0] === '/' ? 0 : url.indexOf('/', url.indexOf('//') + 2)
  if (start === -1) return '/'
  let end = url.length
  for (const stop of ['?', '#']) {
    const at = url.indexOf(stop, start)
    if (at !== -1 && at < end) end = at
  }
  return url.slice(start, end)
}

/** A Web `Request` as the engine reads it. A class: its readers are methods, not functions made per request. */
class WebIncoming implements IncomingRequest {
  readonly method: string
  readonly path: string
  readonly #request: Request
  #params: URLSearchParams | undefined

  constructor(request: Request, path: string) {
    this.method = request.method
    this.path = path
    this.#request = request
  }

  header(name: string): string | undefined {
    return this.#request.headers.get(name) ?? undefined
  }

  query(name: string): string | undefined {
    this.#params ??= new URL(this.#request.url).searchParams
    return this.#params.get(name) ?? undefined
  }

  body(maxBytes: number): Promise<Result<string | Uint8Array<ArrayBuffer>>> {
    return readRequestBody(this.#request, maxBytes)
  }
}

/** What the engine reads of a Web `Request`; `path` in place of the URL's own (the Trigger's, under a mounted prefix). */
export function incomingFromRequest(request: Request, path = pathOf(request.url)): IncomingRequest {
  return new WebIncoming(request, path)
}

export function toResponse(outgoing: OutgoingResponse): Response {
  return new Response(outgoing.body, { status: outgoing.status, headers: outgoing.headers })
}
