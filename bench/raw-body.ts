import type { IncomingMessage } from 'node:http'

/**
 * The floor's body read: the chunks joined and `JSON.parse`d, nothing checked, then `answer` (a callback, not a
 * promise, so the floor pays for none). Raw node:http and the first stage of `npm run bench:stages` use it.
 */
export function parseRawBody(request: IncomingMessage, answer: () => void): void {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString())
    } catch {}
    answer()
  })
}
