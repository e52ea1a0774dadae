import type { IncomingRequest } from './request/incoming.ts'

/** `TRIGGER_TOKEN` as configured: one token, a comma-separated list while a token is rotated, or not set. */
export type TokenConfig = string | readonly string[] | undefined

/**
 * What a token setting means. Not set: the endpoint is open. Set but holding no token (`''`, `','`, `' '`): a
 * configuration error, and the endpoint is closed rather than silently open.
 */
export type Tokens =
  | { readonly kind: 'open' }
  | { readonly kind: 'tokens'; readonly tokens: readonly string[] }
  | { readonly kind: 'misconfigured' }

export function parseTokens(value: TokenConfig): Tokens {
  if (value === undefined) return { kind: 'open' }
  const list = typeof value === 'string' ? value.split(',') : value
  const tokens = list.map((token) => token.trim()).filter((token) => token.length > 0)
  return tokens.length > 0 ? { kind: 'tokens', tokens } : { kind: 'misconfigured' }
}

/** A token a URL carries as it is and every runtime reads alike from a header. */
const URL_SAFE_TOKEN = /^[\w.~-]+$/

/** Whether a token needs percent-encoding in the portal's URL, or is read apart on some runtime (outside ASCII). */
export function needsEncoding(tokens: readonly string[]): boolean {
  return tokens.some((token) => !URL_SAFE_TOKEN.test(token))
}

/** Said once as the app is bound, never with the token. */
export const TOKEN_NEEDS_ENCODING =
  "TRIGGER_TOKEN holds a character other than letters, digits, '-', '_', '.' and '~': the portal's ?token= must " +
  'carry it percent-encoded (a raw + reads as a space), and one outside ASCII matches only in the query or path ' +
  '(Node reads header bytes as Latin-1). A token like `openssl rand -hex 32` needs neither.'

/**
 * How many UTF-16 code units a comparison reads from each side, whatever the tokens' lengths: the time it takes then
 * says nothing of where a wrong token differs, nor of a token's length up to this. A longer accepted token widens it.
 */
const COMPARED_UNITS = 256

/** The accepted tokens as the comparison reads them: each padded with zeros to one width. */
interface AcceptedTokens {
  readonly width: number
  readonly padded: readonly Uint16Array[]
  readonly lengths: readonly number[]
  /** The presented token, copied in: reused, as a comparison runs to its end without a turn in between. */
  readonly presented: Uint16Array
}

/** Made once per list, so a Trigger only copies in the token it carries. */
const acceptedTokens = new WeakMap<readonly string[], AcceptedTokens>()

function padded(text: string, width: number): Uint16Array {
  const units = new Uint16Array(width)
  for (let index = 0; index < text.length && index < width; index++) units[index] = text.charCodeAt(index)
  return units
}

function acceptedTokensOf(accepted: readonly string[]): AcceptedTokens {
  let prepared = acceptedTokens.get(accepted)
  if (!prepared) {
    const width = Math.max(COMPARED_UNITS, ...accepted.map((token) => token.length))
    prepared = {
      width,
      padded: accepted.map((token) => padded(token, width)),
      lengths: accepted.map((token) => token.length),
      presented: new Uint16Array(width),
    }
    acceptedTokens.set(accepted, prepared)
  }
  return prepared
}

/**
 * Whether `given` equals any accepted token, in constant time: every accepted token is compared over the same width
 * (lengths included), every code unit of it, with no early exit. Plain arithmetic, not Web Crypto: synchronous, and
 * the same on every runtime.
 */
export function tokenMatches(given: string | undefined, accepted: readonly string[]): boolean {
  if (given === undefined || given === '') return false
  const { width, padded: tokens, lengths, presented } = acceptedTokensOf(accepted)
  presented.fill(0)
  for (let index = 0; index < given.length && index < width; index++) presented[index] = given.charCodeAt(index)
  let matches = 0
  for (let token = 0; token < tokens.length; token++) {
    const units = tokens[token] as Uint16Array
    let difference = (lengths[token] as number) ^ given.length
    for (let index = 0; index < width; index++) difference |= (units[index] as number) ^ (presented[index] as number)
    matches |= difference === 0 ? 1 : 0
  }
  return matches === 1
}

/** The token a request carries: `Authorization: Bearer …`, the `token` query parameter, or a path segment. */
export function presentedToken(
  request: Pick<IncomingRequest, 'header' | 'query'>,
  pathToken: string | undefined,
): string | undefined {
  const header = request.header('authorization')
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim()
  return request.query('token') ?? pathToken
}
