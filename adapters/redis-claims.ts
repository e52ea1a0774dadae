import { type ClaimStore, lazyClaims } from '../src/index.ts'

/**
 * `deps.once` claims in the Redis at `CLAIMS_REDIS_URL` (Vercel, Node), or none. The `redis` package is an optional
 * peer, so it is loaded only when that is set.
 */
export function claimsFromRedisUrl(url: string | undefined): ClaimStore | undefined {
  if (!url) return undefined
  return lazyClaims('redis', async () => (await import('./stores/redis.ts')).redisClaims(url))
}
