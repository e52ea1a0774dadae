import { type Rejection, type Result, reject } from '../errors.ts'
import { checkComplexity, tooComplex } from './complexity.ts'
import { formToObject } from './form.ts'

export interface BodyLimits {
  /** Largest body read, in bytes (default 64 KiB); larger is refused with 413. */
  readonly maxBytes: number
  /** Deepest nesting of objects and arrays accepted, JSON text inside fields included (default 16). */
  readonly maxDepth: number
  /** Most values (fields, object members and array items, all levels, JSON text inside fields included; 4,000). */
  readonly maxValues: number
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 64 * 1024, maxDepth: 16, maxValues: 4000 }

/**
 * Read a Trigger request body into a plain value. The vendor does not say which Content-Type it sends (a PHP sender
 * posting a JSON string labels it a form), so a body is read as what it is: JSON, multipart (by its first boundary
 * line) or a URL-encoded form, whatever its label. Every step is linear in the body's size: fields are counted and
 * capped before any object is built, and JSON text inside fields counts toward the same depth and value limits.
 */
export async function readBody(request: Request, limits: BodyLimits = DEFAULT_BODY_LIMITS): Promise<Result<unknown>> {
  const raw = await readRequestBody(request, limits.maxBytes)
  return raw.ok ? decodeBody(raw.value, request.headers.get('content-type') ?? undefined, limits) : raw
}

/**
 * The same reading, from a body a transport has already read, as bytes or text (Node's `IncomingMessage`, a Lambda
 * event), with its Content-Type: the size limit, sniffing, parsing and complexity checks are those of `readBody`.
 */
export async function decodeBody(
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string | undefined,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<Result<unknown>> {
  return decodeBodyNow(body, contentType, limits)
}

/**
 * `decodeBody`, answered at once for every body but a multipart one (only reading a form's parts waits): the common
 * JSON body costs the engine no promise.
 */
export function decodeBodyNow(
  body: string | Uint8Array<ArrayBuffer>,
  contentType: string | undefined,
  limits: BodyLimits,
): Result<unknown> | Promise<Result<unknown>> {
  const tooLarge = typeof body === 'string' ? overLimit(body, limits.maxBytes) : body.byteLength > limits.maxBytes
  if (tooLarge) return { ok: false, error: bodyTooLarge(limits.maxBytes) }
  const raw = typeof body === 'string' ? new RawBody(body) : new RawBody(decoder.decode(body), body)
  const parsed = parse(raw, mediaType(contentType), limits)
  return parsed instanceof Promise ? parsed.then((done) => checked(done, limits)) : checked(parsed, limits)
}

function checked(parsed: Result<unknown>, limits: BodyLimits): Result<unknown> {
  return parsed.ok ? checkComplexity(parsed.value, limits) : parsed
}

/** The refusal of a body over the size limit, whoever reads it. */
export function bodyTooLarge(maxBytes: number): Rejection {
  return reject('body_too_large', `the body is larger than ${maxBytes} bytes`)
}

/** A body read whole: its text, and its bytes (kept when read as bytes, encoded again only if needed). */
class RawBody {
  readonly text: string
  readonly #bytes: Uint8Array<ArrayBuffer> | undefined

  constructor(text: string, bytes?: Uint8Array<ArrayBuffer>) {
    this.text = text
    this.#bytes = bytes
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes ?? (encoder.encode(this.text) as Uint8Array<ArrayBuffer>)
  }
}

const encoder = new TextEncoder()

/** The UTF-8 size of `text`, counted only when it could be over `limit` (each UTF-16 unit is at most 3 bytes). */
function overLimit(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) return false
  if (text.length > limit) return true
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3
  }
  return bytes > limit
}

/** The media type a Content-Type header names, in lower case and without parameters (undefined without one). */
function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined
  const parameters = contentType.indexOf(';')
  return (parameters === -1 ? contentType : contentType.slice(0, parameters)).trim().toLowerCase()
}

/**
 * A Request's body, read whole within `maxBytes` (else `body_too_large`), as text or, for a multipart body (which may
 * carry files), as bytes. The size is checked again by `decodeBody`.
 */
export async function readRequestBody(
  request: Request,
  maxBytes: number,
): Promise<Result<string | Uint8Array<ArrayBuffer>>> {
  const asBytes = mediaType(request.headers.get('content-type') ?? undefined) === 'multipart/form-data'
  const length = request.headers.get('content-length')
  const declared = length === null ? Number.NaN : Number(length)
  if (declared > maxBytes) return { ok: false, error: bodyTooLarge(maxBytes) }
  // A declared length is enforced by the HTTP layer, so the body cannot exceed it: read it whole (runtimes optimise
  // this path; streaming chunk by chunk is several times slower on Node). Without one, count while streaming. Text is
  // read as text (no copy of the bytes).
  if (declared >= 0)
    return { ok: true, value: asBytes ? new Uint8Array(await request.arrayBuffer()) : await request.text() }
  if (!request.body) return { ok: true, value: '' }
  const reader = request.body.getReader()
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return { ok: false, error: bodyTooLarge(maxBytes) }
    }
    chunks.push(value)
  }
  return { ok: true, value: joinChunks(chunks, size) }
}

/** Chunks of a body as one array (the chunk itself when there is one). */
export function joinChunks(chunks: readonly Uint8Array<ArrayBuffer>[], size: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]) return chunks[0]
  const joined = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    joined.set(chunk, offset)
    offset += chunk.byteLength
  }
  return joined
}

const decoder = new TextDecoder()
const NOT_SPACE = /\S/
/** The first line of a multipart body: `--` and its boundary. */
const MULTIPART_START = /^--([\w'()+,./:=?-]{1,70})\r?\n/
/** `key=value&…`; values may hold raw spaces, as a sloppy sender's would. */
const FORM = /^[^=&\s]+=[^&\n]*(?:&[^=&\s]+=[^&\n]*)*&?$/

/** What the body is, by its content; the label only decides how an unreadable body is refused. */
function parse(
  raw: RawBody,
  label: string | undefined,
  limits: BodyLimits,
): Result<unknown> | Promise<Result<unknown>> {
  // A byte order mark is already gone: `Request.text()` and `TextDecoder` both drop it.
  const text = raw.text
  // The first character that is not white space, found without copying the body (`trimStart` would).
  const start = text[text.search(NOT_SPACE)]
  if (start === '{' || start === '[') {
    const json = parseJson(text)
    // A form field name cannot start with a bracket, so a body that does and is not JSON is broken JSON.
    return json
  }
  const boundary = MULTIPART_START.exec(text)?.[1]
  if (boundary) return parseMultipart(raw.bytes(), text, boundary, limits)
  if (label === 'application/x-www-form-urlencoded' || FORM.test(text.trim())) return parseForm(text, limits)
  if (label === 'application/json' || label?.endsWith('+json')) return parseJson(text)
  return {
    ok: false,
    error:
      text.trim() === ''
        ? reject('invalid_body', 'the body is empty')
        : reject('unsupported_media_type', 'the body is neither JSON, multipart nor a URL-encoded form'),
  }
}

function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, error: reject('invalid_json', 'the body is not valid JSON') }
  }
}

/** Occurrences of `needle` in `text`, stopping once past `limit`. */
function countUpTo(text: string, needle: string, limit: number): number {
  let count = 0
  for (let at = text.indexOf(needle); at !== -1 && count <= limit; at = text.indexOf(needle, at + needle.length))
    count++
  return count
}

function parseForm(text: string, limits: BodyLimits): Result<unknown> {
  // Counted on the raw text, before URLSearchParams or any object exists.
  if (countUpTo(text, '&', limits.maxValues) >= limits.maxValues)
    return tooComplex(`more than ${limits.maxValues} values`)
  return { ok: true, value: formToObject(new URLSearchParams(text)) }
}

async function parseMultipart(
  bytes: Uint8Array<ArrayBuffer>,
  text: string,
  boundary: string,
  limits: BodyLimits,
): Promise<Result<unknown>> {
  if (countUpTo(text, `--${boundary}`, limits.maxValues + 1) > limits.maxValues + 1)
    return tooComplex(`more than ${limits.maxValues} values`)
  try {
    // The body's own boundary line is what delimits it, whatever the header says.
    const form = await new Response(bytes, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    }).formData()
    const fields: [string, string][] = []
    form.forEach((value, key) => {
      if (typeof value === 'string') fields.push([key, value])
    })
    return { ok: true, value: formToObject(fields) }
  } catch {
    return { ok: false, error: reject('invalid_body', 'the multipart body cannot be read') }
  }
}
