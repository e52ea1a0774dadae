import { loadingClaims } from '../src/_internal.ts'
import type { ClaimStore } from '../src/index.ts'

/**
 * `deps.once` claims in the Redis at `CLAIMS_REDIS_URL` (Vercel, Node), or none. The `redis` package is an optional
 * peer, so it is loaded only when that is set; then at once, with the connection, so the first claim finds both.
 */
export function claimsFromRedisUrl(url: string | undefined): ClaimStore | undefined {
  if (!url) return undefined
  return loadingClaims('redis', async () => (await import('./stores/redis.ts')).redisClaims(url))
}
