import type * as z from 'zod/mini'
import { redactText } from '../card-data.ts'
import type { Result } from '../errors.ts'
import { responseSchemas } from './responses.ts'

export type VoitexErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'vendor_error'
  | 'http_error'
  | 'timeout'
  | 'network_error'
  | 'invalid_response'

/** A failed call, as data. Never carries the Auth-Key or card data. */
export interface VoitexError {
  readonly code: VoitexErrorCode
  readonly message: string
  /** The vendor's own `errors`, when it gave any. */
  readonly messages: readonly string[]
  readonly status?: number
  /** Notify: rejected numbers and why (`invalid_format`, `unallocated_nanp`). */
  readonly invalid?: Readonly<Record<string, string>>
}

export type VoitexResult<T> = Result<T, VoitexError>

export function failure(
  code: VoitexErrorCode,
  message: string,
  extra: Partial<VoitexError> = {},
): { ok: false; error: VoitexError } {
  return { ok: false, error: { code, message, messages: [], ...extra } }
}

export function inputError(error: z.core.$ZodError): { ok: false; error: VoitexError } {
  const messages = error.issues.map((issue) => {
    const at = issue.path.join('.')
    const wrongType =
      issue.code === 'invalid_type' || (issue.code === 'invalid_union' && issue.message === 'Invalid input')
    const problem = wrongType ? 'is missing or has the wrong type' : issue.message
    return at ? `${at} ${problem}` : problem
  })
  return failure('invalid_input', `invalid input: ${messages.join('; ')}`, { messages })
}

type FileField = { readonly file: Blob; readonly name: string }
export type Fields = Record<string, string | Blob | FileField | readonly FileField[] | undefined>

/** How requests reach the Voitex services (the client's options, but for its URLs). */
export interface TransportOptions {
  readonly authKey: string
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number
  /** Extra attempts for calls that cannot duplicate an effect (default 2). */
  readonly retries?: number
  readonly fetch?: typeof fetch
  /** Aborts every call, e.g. the flow's `deps.signal`. */
  readonly signal?: AbortSignal
}

/**
 * Posting to the Voitex services: the Auth-Key header, a timeout per attempt, retries of transient failures when
 * asked, the shared `{status, errors, data}` envelope read, and every message cleaned of the Auth-Key and card data.
 */
export function voitexTransport(options: TransportOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000
  const retries = options.retries ?? 2
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const clean = (text: string) => redactText(text.replaceAll(options.authKey, '[redacted]'))

  async function attempt(url: string, body: FormData | URLSearchParams): Promise<VoitexResult<unknown>> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]
    let response: Response
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'Auth-Key': options.authKey },
        body,
        signal: AbortSignal.any(signals),
      })
    } catch (error) {
      const name = error instanceof Error ? error.name : ''
      if (name === 'TimeoutError') return failure('timeout', `no answer from ${url} within ${timeoutMs} ms`)
      return failure(
        'network_error',
        clean(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`),
      )
    }
    const text = await response.text().catch(() => '')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      const code =
        response.status === 401 || response.status === 403
          ? 'unauthorized'
          : response.ok
            ? 'invalid_response'
            : 'http_error'
      return failure(code, `${url} answered ${response.status} with a body that is not JSON`, {
        status: response.status,
      })
    }
    if (response.status === 401 || response.status === 403) {
      const messages = responseSchemas().BasicResponse.safeParse(json).data?.errors.map(clean) ?? []
      return failure('unauthorized', `the Auth-Key was refused: ${messages.join('; ')}`, {
        status: response.status,
        messages,
      })
    }
    if (response.status >= 500)
      return failure('http_error', `${url} answered ${response.status}`, { status: response.status })
    return { ok: true, value: json }
  }

  async function post(url: string, body: FormData | URLSearchParams, retry: boolean): Promise<VoitexResult<unknown>> {
    let result = await attempt(url, body)
    for (let tries = 0; retry && tries < retries && !result.ok && isTransient(result.error); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** tries))
      result = await attempt(url, body)
    }
    return result
  }

  /** Post and read the shared envelope; a vendor `status: "error"` becomes a typed error with its messages. */
  async function envelope(url: string, body: FormData | URLSearchParams, retry: boolean) {
    const posted = await post(url, body, retry)
    if (!posted.ok) return posted
    const parsed = responseSchemas().BasicResponse.safeParse(posted.value)
    if (!parsed.success) return failure('invalid_response', `${url} answered JSON of an unknown shape`)
    if (parsed.data.status !== 'success') {
      const messages = parsed.data.errors.map(clean)
      return failure('vendor_error', messages.join('; ') || `status ${parsed.data.status}`, { messages })
    }
    return { ok: true as const, value: parsed.data }
  }

  return { post, envelope, clean }
}

/** Fields as multipart form data (files with their names); undefined fields left out. */
export function form(fields: Fields): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (typeof value === 'string') data.set(name, value)
    else if (value instanceof Blob) data.set(name, value)
    else if ('file' in value) data.set(name, value.file, value.name)
    else for (const item of value) data.append(name, item.file, item.name)
  }
  return data
}

/** Fields as `application/x-www-form-urlencoded` (the contacts API's body); undefined fields left out. */
export function urlEncoded(fields: Record<string, string | undefined>): URLSearchParams {
  return new URLSearchParams(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}

function isTransient(error: VoitexError): boolean {
  return (
    error.code === 'network_error' ||
    error.code === 'timeout' ||
    (error.code === 'http_error' && (error.status ?? 0) >= 500)
  )
}
