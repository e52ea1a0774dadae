//#region src/errors.d.ts
/** Why a request got no decision. Errors are data: a code union, an HTTP status and a message safe to show. */
type RejectionCode = 'unauthorized' | 'not_found' | 'method_not_allowed' | 'body_too_large' | 'unsupported_media_type' | 'invalid_json' | 'invalid_body' | 'too_complex' | 'not_a_trigger_request' | 'invalid_request' | 'misconfigured';
interface Rejection {
  readonly code: RejectionCode;
  readonly status: 400 | 401 | 404 | 405 | 413 | 415 | 503;
  /** Says what is wrong and where, never what the value was (it may be card data). */
  readonly message: string;
}
type Result<T, E = Rejection> = {
  readonly ok: true;
  readonly value: T;
} | {
  readonly ok: false;
  readonly error: E;
};
//#endregion
export { Rejection, RejectionCode, Result };
