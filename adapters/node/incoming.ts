import type { IncomingMessage } from 'node:http'
import type { Result } from '../../src/_internal.ts'
import { reject } from '../../src/errors.ts'
import type { IncomingRequest } from '../../src/index.ts'
import { bodyTooLarge, joinChunks } from '../../src/request/body.ts'
import { pathOf } from '../../src/request/incoming.ts'
import { nodeHeader } from './server.ts'

/** A Node request as the engine reads it: no Web `Request` is made. */
export function incomingFromNode(request: IncomingMessage): IncomingRequest {
  const target = request.url ?? '/'
  const queryAt = target.indexOf('?')
  let params: URLSearchParams | undefined
  return {
    method: request.method ?? 'GET',
    path: pathOf(target),
    header: (name) => nodeHeader(request, name),
    query: (name) => {
      if (queryAt === -1) return undefined
      const hashAt = target.indexOf('#', queryAt)
      params ??= new URLSearchParams(target.slice(queryAt + 1, hashAt === -1 ? undefined : hashAt))
      return params.get(name) ?? undefined
    },
    body: (maxBytes) => readNodeBody(request, maxBytes),
  }
}

/**
 * The body of a Node request as bytes, within `maxBytes`: a declared length over it is refused before reading, and
 * an undeclared (chunked) body as soon as it passes it, the rest left unread.
 */
function readNodeBody(request: IncomingMessage, maxBytes: number): Promise<Result<Uint8Array<ArrayBuffer>>> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN)
  if (declared > maxBytes) return Promise.resolve({ ok: false, error: bodyTooLarge(maxBytes) })
  // Closed before its end: the sender is gone, and the answer will reach no one; the log line still says why.
  const cutOff: Result<Uint8Array<ArrayBuffer>> = { ok: false, error: reject('invalid_body', 'the body was cut off') }
  if (request.destroyed) return Promise.resolve(cutOff)
  return new Promise((resolve) => {
    const chunks: Uint8Array<ArrayBuffer>[] = []
    let size = 0
    const finish = (result: Result<Uint8Array<ArrayBuffer>>) => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('close', onClose)
      resolve(result)
    }
    const onData = (chunk: Uint8Array<ArrayBuffer>) => {
      size += chunk.byteLength
      if (size > maxBytes) {
        request.pause()
        finish({ ok: false, error: bodyTooLarge(maxBytes) })
      } else chunks.push(chunk)
    }
    const onEnd = () => finish({ ok: true, value: joinChunks(chunks, size) })
    const onClose = () => finish(cutOff)
    request.on('data', onData)
    request.on('end', onEnd)
    request.on('close', onClose)
  })
}
