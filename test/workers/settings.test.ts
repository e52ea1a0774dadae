import { createExecutionContext, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import worker, { type ClinicEnv } from '../fixtures/clinic/worker.ts'

// Inside workerd: the Worker of test/fixtures/clinic, whose Env is derived from its app's declaration (CLINIC_NAME,
// required; VOITEX_API_URL). The bindings are this project's (wrangler.toml) plus the declared ones.

const trigger = () =>
  new Request('http://local/trigger', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

describe('a declared setting on the Worker, in workerd', () => {
  it("reaches the flow's services from the Worker's bindings, with only the declared settings", async () => {
    const bindings: ClinicEnv = { ...env, CLINIC_NAME: 'Smile Dental', VOITEX_API_URL: 'http://127.0.0.1:8788' }
    const response = await worker.fetch(trigger(), bindings, createExecutionContext())
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      play: [{ type: 'tts', text: 'Welcome to Smile Dental.' }],
      variables: { received: 'CLINIC_NAME,VOITEX_API_URL' },
    })
  })

  it('missing, answers 503 misconfigured naming it', async () => {
    // @ts-expect-error: the derived Env requires CLINIC_NAME, so a Worker without it does not type-check either.
    const bindings: ClinicEnv = { ...env }
    const response = await worker.fetch(trigger(), bindings, createExecutionContext())
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: { code: 'misconfigured', message: "the app's settings are not valid: CLINIC_NAME is not set" },
    })
  })
})
