/** Why a request got no decision. Errors are data: a code union, an HTTP status and a message safe to show. */
export type RejectionCode =
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'invalid_json'
  | 'invalid_body'
  | 'too_complex'
  | 'not_a_trigger_request'
  | 'invalid_request'
  | 'misconfigured'

export interface Rejection {
  readonly code: RejectionCode
  readonly status: 400 | 401 | 404 | 405 | 413 | 415 | 503
  /** Says what is wrong and where, never what the value was (it may be card data). */
  readonly message: string
}

export function reject(code: RejectionCode, message: string): Rejection {
  return { code, status: STATUS[code], message }
}

const STATUS: Record<RejectionCode, Rejection['status']> = {
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  unsupported_media_type: 415,
  invalid_json: 400,
  invalid_body: 400,
  too_complex: 400,
  not_a_trigger_request: 400,
  invalid_request: 400,
  misconfigured: 503,
}

/** The small JSON body every rejection is answered with. */
export function rejectionBody(rejection: Rejection): string {
  return JSON.stringify({ error: { code: rejection.code, message: rejection.message } })
}

export type Result<T, E = Rejection> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E }

/**
 * A `Result` that failed: what the Voitex client returns instead of throwing. Work a flow defers or runs once is
 * checked for it, so an SMS that was refused is logged like one that threw.
 */
export function failedResult(value: unknown): value is { readonly ok: false; readonly error: unknown } {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'error' in value
}
