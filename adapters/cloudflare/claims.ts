import { ClaimTimeout, DEFAULT_CLAIM_TIMEOUT_MS } from '../../src/_internal.ts'
import type { ClaimStore } from '../../src/index.ts'

/** The part of a Durable Object's storage a claim uses (structural, so no platform types are needed). */
export interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>
  put(key: string, value: unknown): Promise<void>
  setAlarm(scheduledTime: number): Promise<void>
  deleteAll(): Promise<void>
}

export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike
}

/** The part of a Durable Object namespace binding the claims use. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> }
}

/**
 * One claim of `deps.once` on Workers: a Durable Object per claim key. A Durable Object runs one request at a time
 * and its storage calls hold back other events, so "is it free? then take it" is atomic across every instance of
 * the Worker (Workers KV is eventually consistent and cannot do this). An alarm deletes the claim when it expires.
 *
 * Re-export it from your Worker module (`export { TriggerClaims } from 'voitex-trigger/cloudflare'`) and bind it as
 * `TRIGGER_CLAIMS` in wrangler.toml, with a migration that creates the class.
 */
export class TriggerClaims {
  readonly #storage: DurableObjectStorageLike

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage
  }

  async fetch(request: Request): Promise<Response> {
    const query = new URL(request.url).searchParams
    const token = query.get('token') ?? ''
    const now = Date.now()
    if (query.has('release')) {
      // A claim granted after its Worker gave up on it, given back: only while it is still that claim.
      if (token && (await this.#storage.get<string>('token')) === token) await this.#storage.deleteAll()
      return Response.json({ released: true })
    }
    const ttlMs = Number(query.get('ttl'))
    if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) return Response.json({ error: 'ttl' }, { status: 400 })
    // A claim that waited here past its Worker's deadline is not taken (`deadline`: epoch ms).
    const deadline = Number(query.get('deadline') ?? Number.POSITIVE_INFINITY)
    if (!(now < deadline)) return Response.json({ claimed: false, late: true })
    const expires = await this.#storage.get<number>('expires')
    if (expires !== undefined && expires > now) return Response.json({ claimed: false })
    await this.#storage.put('expires', now + ttlMs)
    await this.#storage.put('token', token)
    await this.#storage.setAlarm(now + ttlMs)
    return Response.json({ claimed: true })
  }

  async alarm(): Promise<void> {
    await this.#storage.deleteAll()
  }
}

/** Time kept for a claim's answer to travel back before the Worker's deadline, and for clocks to differ (ms). */
const ANSWER_MARGIN_MS = 50

/**
 * `deps.once` claims in the `TriggerClaims` Durable Object namespace bound to the Worker. A claim carries its
 * deadline: the object does not take one that reaches it later (clocks on Cloudflare's machines agree to within
 * milliseconds), and one granted but answered after `once` gave up is given back.
 */
export function durableObjectClaims(namespace: DurableObjectNamespaceLike): ClaimStore {
  return {
    kind: 'durable-object',
    async claim(key, ttlMs, bound) {
      if (bound?.signal.aborted) throw new ClaimTimeout()
      const stub = namespace.get(namespace.idFromName(key) as never)
      const ttl = Math.max(1, Math.ceil(ttlMs))
      const deadline = Date.now() + (bound?.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS) - ANSWER_MARGIN_MS
      const token = crypto.randomUUID()
      const response = await stub.fetch(`https://claims/claim?ttl=${ttl}&deadline=${deadline}&token=${token}`, {
        method: 'POST',
      })
      if (!response.ok) throw new Error(`claim refused: HTTP ${response.status}`)
      const { claimed, late } = (await response.json()) as { claimed?: unknown; late?: unknown }
      if (late === true) throw new ClaimTimeout('the claim reached its Durable Object after its deadline: not taken')
      if (claimed === true && bound?.signal.aborted) {
        await stub.fetch(`https://claims/claim?release&token=${token}`, { method: 'POST' })
        throw new ClaimTimeout('the claim was granted after once gave up: given back')
      }
      return claimed === true
    },
  }
}
