import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { type CallerStore, memoryStore, silentLogger } from 'voitex-trigger'
import { triggerRoutes } from 'voitex-trigger/hono'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { CASES, caseRequest } from '../conformance/cases.ts'
import { brokenStores } from '../helpers/runtime.ts'

// A user's own Hono app, with the Trigger routes mounted into it, as it would run on Node (no bindings).
function usersApp(store: CallerStore = memoryStore(callers), mount = '/voitex') {
  const users = new Hono()
  users.get('/', (c) => c.text('the home page'))
  users.post('/orders', (c) => c.json({ created: true }, 201))
  users.route(mount, triggerRoutes(demoApp, { store, logger: silentLogger }))
  return users
}

const mounted = usersApp()
const mountedWithStoreDown = usersApp(brokenStores.throwing)

describe('conformance: the Trigger routes mounted into a Hono app (voitex-trigger/hono)', () => {
  it.each(CASES)('answers $name', async (testCase) => {
    const response = await (testCase.storeDown ? mountedWithStoreDown : mounted).fetch(
      caseRequest(testCase, 'http://local/voitex'),
    )
    expect(response.status).toBe(testCase.status)
    expect(await response.json()).toEqual(testCase.answer)
  })
})

describe('triggerRoutes', () => {
  const trigger = (url: string, init: RequestInit = {}) =>
    new Request(url, { method: 'POST', body: JSON.stringify(SEED_REQUEST), ...init })

  it("leaves the app's own routes as they were", async () => {
    expect(await (await mounted.fetch(new Request('http://local/'))).text()).toBe('the home page')
    expect((await mounted.fetch(new Request('http://local/orders', { method: 'POST' }))).status).toBe(201)
  })

  it('answers /trigger and GET /health under the mount path, with the headers of every adapter', async () => {
    const response = await mounted.fetch(trigger('http://local/voitex/trigger'))
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('server-timing')).toMatch(/^total;dur=/)
    expect(await response.json()).toMatchObject({ variables: { paid: 'yes' } })
    expect((await mounted.fetch(new Request('http://local/voitex/health'))).status).toBe(200)
    expect((await mounted.fetch(trigger('http://local/trigger'))).status).toBe(404)
  })

  it('mounts at the root and under a prefix with a parameter', async () => {
    expect((await usersApp(undefined, '/').fetch(trigger('http://local/trigger'))).status).toBe(200)
    const tenant = usersApp(undefined, '/:tenant/ivr')
    expect(await (await tenant.fetch(trigger('http://local/acme/ivr/trigger'))).json()).toMatchObject({
      variables: { paid: 'yes' },
    })
  })

  it('reads the token from the settings, in the query or the path', async () => {
    const users = new Hono()
    users.route(
      '/voitex',
      triggerRoutes(demoApp, { tokens: 'h-token', store: memoryStore(callers), logger: silentLogger }),
    )
    expect((await users.fetch(trigger('http://local/voitex/trigger'))).status).toBe(401)
    expect((await users.fetch(trigger('http://local/voitex/trigger?token=h-token'))).status).toBe(200)
    expect((await users.fetch(trigger('http://local/voitex/trigger/default/h-token'))).status).toBe(200)
  })

  it('takes the settings from the bindings a Worker passes (c.env)', async () => {
    const users = new Hono()
    users.route('/voitex', triggerRoutes(demoApp, { logger: silentLogger }))
    const env = { TRIGGER_TOKEN: 'w-token' }
    expect((await users.fetch(trigger('http://local/voitex/trigger'), env)).status).toBe(401)
    expect((await users.fetch(trigger('http://local/voitex/trigger?token=w-token'), env)).status).toBe(200)
  })
})
