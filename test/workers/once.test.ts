import { createExecutionContext, env, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest'
import { durableObjectClaims } from 'voitex-trigger/cloudflare'
import worker from '../../demo/worker.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'

// Inside workerd: the TriggerClaims Durable Object bound as TRIGGER_CLAIMS in wrangler.toml, and the demo Worker
// sending its receipts to the Voitex emulator, which runs in Node on loopback (test/helpers/emulator-global.ts).
const emulatorUrl = inject('emulatorUrl')
const HOUR = 3_600_000
let serial = 0
const freshKey = () => `once:worker-${++serial}`

describe('Durable Object claims (TriggerClaims)', () => {
  const claims = durableObjectClaims(env.TRIGGER_CLAIMS)

  it('grant a free key once, and refuse it while it is held', async () => {
    const key = freshKey()
    expect(await claims.claim(key, HOUR)).toBe(true)
    expect(await claims.claim(key, HOUR)).toBe(false)
    expect(await claims.claim(freshKey(), HOUR)).toBe(true)
  })

  it('grant a key to exactly one of many claims made at once', async () => {
    const key = freshKey()
    const granted = await Promise.all(Array.from({ length: 20 }, () => claims.claim(key, HOUR)))
    expect(granted.filter(Boolean)).toHaveLength(1)
  })

  it('do not take a claim that reaches its object after its deadline (once gave up on it)', async () => {
    const key = freshKey()
    const stub = env.TRIGGER_CLAIMS.get(env.TRIGGER_CLAIMS.idFromName(key))
    const late = await stub.fetch(`https://claims/claim?ttl=${HOUR}&deadline=${Date.now() - 1}&token=t`, {
      method: 'POST',
    })
    expect(await late.json()).toEqual({ claimed: false, late: true })
    expect(await claims.claim(key, HOUR)).toBe(true)
  })

  it('give back a claim granted after once gave up, and only that claim', async () => {
    const key = freshKey()
    const stub = env.TRIGGER_CLAIMS.get(env.TRIGGER_CLAIMS.idFromName(key))
    const claim = (token: string) => stub.fetch(`https://claims/claim?ttl=${HOUR}&token=${token}`, { method: 'POST' })
    const release = (token: string) => stub.fetch(`https://claims/claim?release&token=${token}`, { method: 'POST' })
    expect(await (await claim('mine')).json()).toEqual({ claimed: true })
    await release('another')
    expect(await claims.claim(key, HOUR)).toBe(false)
    await release('mine')
    expect(await claims.claim(key, HOUR)).toBe(true)
  })

  it('send nothing when once gave up before the claim could be sent', async () => {
    const key = freshKey()
    const gaveUp = { timeoutMs: 500, signal: AbortSignal.abort() }
    await expect(claims.claim(key, HOUR, gaveUp)).rejects.toThrow(/not taken in time/)
    expect(await claims.claim(key, HOUR)).toBe(true)
  })

  it('free a key when its claim expires (the alarm set for its expiry runs)', async () => {
    const key = freshKey()
    expect(await claims.claim(key, HOUR)).toBe(true)
    const stub = env.TRIGGER_CLAIMS.get(env.TRIGGER_CLAIMS.idFromName(key))
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await claims.claim(key, HOUR)).toBe(true)
  })
})

interface EmulatorSnapshot {
  readonly sms: readonly { readonly to: string; readonly body: string }[]
}

async function receipts(): Promise<EmulatorSnapshot['sms']> {
  const inspect = { headers: { 'auth-key': 'test-key' } }
  const state = (await (await fetch(`${emulatorUrl}/_emulator/state`, inspect)).json()) as EmulatorSnapshot
  return state.sms.filter((sms) => sms.body.startsWith('Voitex receipt: $57.00'))
}

const paid = (callId: string) =>
  new Request('http://local/trigger/lookup', {
    method: 'POST',
    body: JSON.stringify({ ...SEED_REQUEST, call_id: callId }),
  })

/**
 * The Worker's bindings with the Voitex settings (secrets in production). The Worker binds its runtime once per
 * bindings object, so two such objects stand for two isolates: their memory is not shared.
 */
const isolate = (bindings: { readonly [Name in keyof typeof env]?: (typeof env)[Name] | undefined } = {}) =>
  // A test may leave a binding out, as a deployment without it would.
  ({ ...env, VOITEX_AUTH_KEY: 'test-key', VOITEX_API_URL: emulatorUrl, ...bindings }) as typeof env & {
    VOITEX_API_URL: string
  }

async function deliver(bindings: ReturnType<typeof isolate>, callId: string): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await worker.fetch(paid(callId), bindings, ctx)
  await waitOnExecutionContext(ctx)
  return response
}

describe('the demo Worker, delivered the same request twice', () => {
  beforeEach(async () => {
    await fetch(`${emulatorUrl}/_emulator/reset`, { method: 'POST', headers: { 'auth-key': 'test-key' } })
  })

  it('sends one receipt: twice to one isolate, then to two isolates at once', async () => {
    const [first, second] = [isolate(), isolate()]
    for (const response of [await deliver(first, 'w-seq'), await deliver(first, 'w-seq')])
      expect(await response.json()).toMatchObject({ variables: { paid: 'yes' } })
    await Promise.all([deliver(first, 'w-conc'), deliver(second, 'w-conc')])
    expect(await receipts()).toHaveLength(2)
  })

  it('without the TRIGGER_CLAIMS binding, two isolates each send one (why the binding is there)', async () => {
    const [first, second] = [isolate({ TRIGGER_CLAIMS: undefined }), isolate({ TRIGGER_CLAIMS: undefined })]
    await Promise.all([deliver(first, 'w-unbound'), deliver(second, 'w-unbound')])
    expect(await receipts()).toHaveLength(2)
  })
})

describe('capture in the Worker', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('with the TRIGGER_CAPTURE binding "1", writes one capture line per exchange to the log stream', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    await deliver(isolate({ TRIGGER_CAPTURE: '1', VOITEX_AUTH_KEY: undefined }), 'w-capture')
    const captured = lines.filter((line) => line.includes('"event":"capture"'))
    expect(captured).toHaveLength(1)
    expect(JSON.parse(captured[0] ?? '{}')).toMatchObject({ call_id: 'w-capture', route: 'paid', trigger: 'lookup' })
  })

  it('with the binding as wrangler.toml sets it ("0"), writes none', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    await deliver(isolate({ VOITEX_AUTH_KEY: undefined }), 'w-no-capture')
    expect(lines.filter((line) => line.includes('"event":"capture"'))).toEqual([])
    expect(lines.filter((line) => line.includes('"event":"trigger"'))).toHaveLength(1)
  })
})
