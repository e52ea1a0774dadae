import type { IncomingMessage } from 'node:http'
import type { Result } from '../../src/_internal.ts'
import { reject } from '../../src/errors.ts'
import type { IncomingRequest } from '../../src/index.ts'
import { bodyTooLarge, joinChunks } from '../../src/request/body.ts'
import { pathOf } from '../../src/request/incoming.ts'

/** A Node request as the engine reads it: no Web `Request` is made (a class: no named function per request). */
class NodeIncoming implements IncomingRequest {
  readonly method: string
  readonly path: string
  readonly #request: IncomingMessage
  #params: URLSearchParams | undefined

  constructor(request: IncomingMessage) {
    this.method = request.method ?? 'GET'
    this.path = pathOf(request.url ?? '/')
    this.#request = request
  }

  /** Any case: a local tool's guard reads it too (`Host`, `Origin`). */
  header(name: string): string | undefined {
    return nodeHeader(this.#request, name.toLowerCase())
  }

  query(name: string): string | undefined {
    const target = this.#request.url ?? '/'
    const queryAt = target.indexOf('?')
    if (queryAt === -1) return undefined
    const hashAt = target.indexOf('#', queryAt)
    this.#params ??= new URLSearchParams(target.slice(queryAt + 1, hashAt === -1 ? undefined : hashAt))
    return this.#params.get(name) ?? undefined
  }

  body(maxBytes: number): Promise<Result<Uint8Array<ArrayBuffer>>> {
    return readNodeBody(this.#request, maxBytes)
  }
}

/** What the engine, or a local tool's guard, reads of a Node request. */
export function incomingFromNode(request: IncomingMessage): IncomingRequest {
  return new NodeIncoming(request)
}

/** A header of a Node request as one string (Node joins repeated headers already, except a few kept as lists). */
function nodeHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** Closed before its end: the sender is gone, and the answer will reach no one; the log line still says why. */
const CUT_OFF: Result<Uint8Array<ArrayBuffer>> = { ok: false, error: reject('invalid_body', 'the body was cut off') }

/**
 * The body of a Node request as bytes, within `maxBytes`: a declared length over it is refused before reading, and
 * an undeclared (chunked) body as soon as it passes it, the rest left unread.
 */
function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<Result<Uint8Array<ArrayBuffer>>> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (declared > maxBytes) return Promise.resolve({ ok: false, error: bodyTooLarge(maxBytes) })
  if (request.destroyed) return Promise.resolve(CUT_OFF)
  return new Promise((resolve) => {
    const reading = new BodyReading(maxBytes, resolve)
    // Unnamed listeners, left on the request once it is read: its first outcome is the one kept.
    request.on('data', (chunk: Uint8Array<ArrayBuffer>) => {
      if (reading.add(chunk)) request.pause()
    })
    request.on('end', () => reading.end())
    request.on('close', () => reading.finish(CUT_OFF))
  })
}

/** One body being read: its chunks within the limit, and the first outcome. */
class BodyReading {
  readonly #chunks: Uint8Array<ArrayBuffer>[] = []
  #size = 0
  #settle: ((result: Result<Uint8Array<ArrayBuffer>>) => void) | undefined
  readonly #maxBytes: number

  constructor(maxBytes: number, settle: (result: Result<Uint8Array<ArrayBuffer>>) => void) {
    this.#maxBytes = maxBytes
    this.#settle = settle
  }

  /** Keep `chunk`; true when the body has just passed the limit (refused), so the sender is no longer read. */
  add(chunk: Uint8Array<ArrayBuffer>): boolean {
    if (this.#settle === undefined) return false
    this.#size += chunk.byteLength
    if (this.#size <= this.#maxBytes) {
      this.#chunks.push(chunk)
      return false
    }
    this.finish({ ok: false, error: bodyTooLarge(this.#maxBytes) })
    return true
  }

  end(): void {
    if (this.#settle !== undefined) this.finish({ ok: true, value: joinChunks(this.#chunks, this.#size) })
  }

  finish(result: Result<Uint8Array<ArrayBuffer>>): void {
    const settle = this.#settle
    this.#settle = undefined
    settle?.(result)
  }
}
