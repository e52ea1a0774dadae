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
    const ttlMs = Number(new URL(request.url).searchParams.get('ttl'))
    if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) return Response.json({ error: 'ttl' }, { status: 400 })
    const now = Date.now()
    const expires = await this.#storage.get<number>('expires')
    if (expires !== undefined && expires > now) return Response.json({ claimed: false })
    await this.#storage.put('expires', now + ttlMs)
    await this.#storage.setAlarm(now + ttlMs)
    return Response.json({ claimed: true })
  }

  async alarm(): Promise<void> {
    await this.#storage.deleteAll()
  }
}

/** `deps.once` claims in the `TriggerClaims` Durable Object namespace bound to the Worker. */
export function durableObjectClaims(namespace: DurableObjectNamespaceLike): ClaimStore {
  return {
    kind: 'durable-object',
    async claim(key, ttlMs) {
      const stub = namespace.get(namespace.idFromName(key) as never)
      const ttl = Math.max(1, Math.ceil(ttlMs))
      const response = await stub.fetch(`https://claims/claim?ttl=${ttl}`, { method: 'POST' })
      if (!response.ok) throw new Error(`claim refused: HTTP ${response.status}`)
      const { claimed } = (await response.json()) as { claimed?: unknown }
      return claimed === true
    },
  }
}
