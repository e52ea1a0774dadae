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

const encoder = new TextEncoder()

/** SHA-256 of a text, with Web Crypto (every runtime has it). */
export async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

/** The accepted tokens' hashes, made once per list: a Trigger then hashes only the token it carries. */
const acceptedHashes = new WeakMap<readonly string[], Promise<Uint8Array[]>>()

function hashesOf(accepted: readonly string[]): Promise<Uint8Array[]> {
  let hashes = acceptedHashes.get(accepted)
  if (!hashes) {
    hashes = Promise.all(accepted.map(digest))
    acceptedHashes.set(accepted, hashes)
  }
  return hashes
}

/**
 * Whether `given` equals any accepted token, in time that does not depend on where they differ: both sides are
 * hashed (fixing the length) and every byte of every candidate is compared.
 */
export async function tokenMatches(given: string | undefined, accepted: readonly string[]): Promise<boolean> {
  if (given === undefined || given === '') return false
  const [givenHash, tokenHashes] = await Promise.all([digest(given), hashesOf(accepted)])
  let matched = false
  for (const tokenHash of tokenHashes) {
    let difference = 0
    for (let index = 0; index < tokenHash.length; index++)
      difference |= (tokenHash[index] ?? 0) ^ (givenHash[index] ?? 0)
    matched = matched || difference === 0
  }
  return matched
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
