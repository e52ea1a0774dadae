import { expect, it } from 'vitest'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { memoryStore, silentLogger } from '../../src/index.ts'
import { describeMatrix } from '../helpers/matrix.ts'
import { frozenClock } from '../helpers/runtime.ts'

const app = demoApp.handler({ store: memoryStore(callers), logger: silentLogger, clock: frozenClock })
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

describeMatrix('the HTTP surface', app, (send) => {
  it('answers GET /health with 200', async () => {
    const response = await send('/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok' })
  })

  it('answers the vendor sample at POST /trigger with a JSON decision', async () => {
    const response = await send('/trigger', json(SEED_REQUEST))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toMatchObject({ goto: '0', variables: { paid: 'yes' } })
  })

  it('gives the same decision for the same body form-encoded', async () => {
    const form = new URLSearchParams()
    for (const [key, value] of Object.entries(SEED_REQUEST))
      form.set(key, typeof value === 'string' ? value : JSON.stringify(value))
    const [fromJson, fromForm] = await Promise.all([
      send('/trigger', json(SEED_REQUEST)).then((r) => r.text()),
      send('/trigger', { method: 'POST', body: form }).then((r) => r.text()),
    ])
    expect(fromForm).toBe(fromJson)
  })

  it('serves named triggers under /trigger', async () => {
    const response = await send('/trigger/lookup', json(SEED_REQUEST))
    expect(response.status).toBe(200)
  })

  it('sends a Server-Timing header', async () => {
    const response = await send('/trigger', json(SEED_REQUEST))
    expect(response.headers.get('server-timing')).toMatch(/^total;dur=\d+/)
  })

  it('answers malformed JSON with a 400 JSON error', async () => {
    const response = await send('/trigger', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } })
  })

  it('answers GET /trigger with 405 and Allow: POST', async () => {
    const response = await send('/trigger')
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('answers a path deeper than /trigger/<name>/<token> with 404, whatever the method', async () => {
    for (const method of ['POST', 'GET']) {
      const response = await send('/trigger/a/b/c', { method, ...(method === 'POST' ? { body: '{}' } : {}) })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } })
    }
  })

  it('answers an unknown path with a 404 JSON error', async () => {
    const response = await send('/nope')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})

describeMatrix('trigger names', app, (send) => {
  it('treats a name like __proto__ as an unknown trigger served by the default flow', async () => {
    const response = await send('/trigger/__proto__', json(SEED_REQUEST))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ variables: { paid: 'yes' } })
  })
})
