import { type Rejection, type Result, reject } from '../errors.ts'

export interface BodyLimits {
  /** Largest body read, in bytes (default 64 KiB); larger is refused with 413. */
  readonly maxBytes: number
  /** Deepest nesting of objects and arrays accepted (default 16). */
  readonly maxDepth: number
  /** Most values (object fields and array items, all levels) accepted (default 4,000). */
  readonly maxValues: number
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 64 * 1024, maxDepth: 16, maxValues: 4000 }

type BodyKind = 'json' | 'form' | 'multipart' | 'unknown'

function bodyKind(contentType: string | null): BodyKind {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  if (type === 'application/json' || type.endsWith('+json')) return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  if (type === 'multipart/form-data') return 'multipart'
  return 'unknown'
}

/**
 * Read a Trigger request body into a plain value. The vendor does not say which Content-Type it sends, so a
 * missing, unexpected or wrong one is read as JSON, then as multipart or a URL-encoded form, before it is refused.
 */
export async function readBody(request: Request, limits: BodyLimits = DEFAULT_BODY_LIMITS): Promise<Result<unknown>> {
  const bytes = await readLimited(request, limits.maxBytes)
  if (!bytes.ok) return bytes
  const contentType = request.headers.get('content-type')
  const kind = bodyKind(contentType)
  const parsed =
    kind === 'multipart' ? await parseMultipart(bytes.value, contentType ?? '') : await parseText(kind, bytes.value)
  if (!parsed.ok) return parsed
  return checkComplexity(parsed.value, limits)
}

async function readLimited(request: Request, maxBytes: number): Promise<Result<Uint8Array<ArrayBuffer>>> {
  const tooLarge = reject('body_too_large', `the body is larger than ${maxBytes} bytes`)
  const length = request.headers.get('content-length')
  const declared = length === null ? Number.NaN : Number(length)
  if (declared > maxBytes) return { ok: false, error: tooLarge }
  // A declared length is enforced by the HTTP layer, so the body cannot exceed it: read it whole (runtimes optimise
  // this path; streaming chunk by chunk is several times slower on Node). Without one, count while streaming.
  if (declared >= 0) {
    const whole = new Uint8Array(await request.arrayBuffer())
    return whole.byteLength > maxBytes ? { ok: false, error: tooLarge } : { ok: true, value: whole }
  }
  if (!request.body) return { ok: true, value: new Uint8Array() }
  const reader = request.body.getReader()
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return { ok: false, error: tooLarge }
    }
    chunks.push(value)
  }
  if (chunks.length === 1 && chunks[0]) return { ok: true, value: chunks[0] }
  const joined = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    joined.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, value: joined }
}

const decoder = new TextDecoder()

/**
 * A body whose declared type does not fit it is read as what it is: JSON, a multipart body (recognised by its first
 * boundary line), or a URL-encoded form. A mislabelled real request is never lost; only a body that is none of these
 * is refused.
 */
async function parseText(
  kind: Exclude<BodyKind, 'multipart'>,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Result<unknown>> {
  const text = decoder.decode(bytes).replace(/^\uFEFF/, '')
  if (kind === 'form') return { ok: true, value: formToObject(new URLSearchParams(text)) }
  const json = parseJson(text)
  if (json.ok) return json
  const boundary = MULTIPART_START.exec(text)?.[1]
  if (boundary) return parseMultipart(bytes, `multipart/form-data; boundary=${boundary}`)
  if (looksLikeForm(text)) return { ok: true, value: formToObject(new URLSearchParams(text)) }
  if (kind === 'json') return json
  return {
    ok: false,
    error:
      text.trim() === ''
        ? reject('invalid_body', 'the body is empty')
        : reject('unsupported_media_type', 'the body is neither JSON nor a URL-encoded form'),
  }
}

function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, error: reject('invalid_json', 'the body is not valid JSON') }
  }
}

/** `key=value&…`; values may hold raw spaces, as a sloppy sender's would. */
const FORM = /^[^=&\s]+=[^&\n]*(?:&[^=&\s]+=[^&\n]*)*&?$/
/** The first line of a multipart body: `--` and its boundary. */
const MULTIPART_START = /^--([\w'()+,./:=?-]{1,70})\r?\n/

function looksLikeForm(text: string): boolean {
  return FORM.test(text.trim())
}

async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<Result<unknown>> {
  try {
    const form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { 'content-type': contentType },
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

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor'])
const MAX_BRACKETS = 4

/**
 * Form fields to an object. Nested fields may arrive PHP-style (`branch_data[0][branch]=0`, `phones[]=1`):
 * they are rebuilt as objects, and objects keyed 0..n-1 as arrays. JSON inside a field is left to the schema.
 */
export function formToObject(fields: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [name, value] of fields) {
    const path = fieldPath(name)
    if (path.some((key) => UNSAFE_KEYS.has(key))) continue
    let node: Record<string, unknown> = root
    path.forEach((key, index) => {
      const last = index === path.length - 1
      const slot = key === '' ? String(Object.keys(node).length) : key
      if (last) {
        node[slot] = value
        return
      }
      const next = node[slot]
      if (next === null || typeof next !== 'object') node[slot] = {}
      node = node[slot] as Record<string, unknown>
    })
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>
}

function fieldPath(name: string): string[] {
  const open = name.indexOf('[')
  if (open <= 0 || !name.endsWith(']')) return [name]
  const keys = name.slice(open + 1, -1).split('][')
  if (keys.length > MAX_BRACKETS || keys.some((key) => key.includes('[') || key.includes(']'))) return [name]
  return [name.slice(0, open), ...keys]
}

function arraysFromIndexedObjects(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  for (const key of keys) record[key] = arraysFromIndexedObjects(record[key])
  const indexed = keys.length > 0 && keys.every((key, index) => key === String(index))
  return indexed ? keys.map((key) => record[key]) : record
}

/** Bounds the work any later step can be made to do, whatever the body. */
function checkComplexity(value: unknown, limits: BodyLimits): Result<unknown> {
  const stack: [unknown, number][] = [[value, 1]]
  let values = 0
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number]
    if (node === null || typeof node !== 'object') continue
    if (depth > limits.maxDepth) return tooComplex(`nesting deeper than ${limits.maxDepth} levels`)
    const children = Array.isArray(node) ? node : Object.values(node)
    values += children.length
    if (values > limits.maxValues) return tooComplex(`more than ${limits.maxValues} values`)
    for (const child of children) stack.push([child, depth + 1])
  }
  return { ok: true, value }
}

function tooComplex(what: string): { ok: false; error: Rejection } {
  return { ok: false, error: reject('too_complex', `the body has ${what}`) }
}
