import { afterAll, describe, expect, it } from 'vitest'
import { silentLogger } from 'voitex-trigger'
import { type RunningServer, serve } from 'voitex-trigger/node'
import { app } from '../../demo/app.ts'
import { SEED_REQUEST } from '../../fixtures/seed.ts'

const servers: RunningServer[] = []
afterAll(() => Promise.all(servers.map((server) => server.close())))

async function start(localRoutes?: (request: Request) => Response | undefined) {
  const server = await serve(app, { port: 0, handleSignals: false, logger: silentLogger, localRoutes })
  servers.push(server)
  return server.url
}

const trigger = (base: string) =>
  fetch(`${base}/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

describe('serve with localRoutes (how voitex-trigger dev adds its page)', () => {
  it('answers the routes it claims and hands every other request to the app', async () => {
    const base = await start((request) =>
      new URL(request.url).pathname === '/'
        ? new Response('the page', { headers: { 'content-type': 'text/html' } })
        : undefined,
    )
    expect(await (await fetch(`${base}/`)).text()).toBe('the page')
    expect((await trigger(base)).status).toBe(200)
    expect((await fetch(`${base}/nope`)).status).toBe(404)
  })

  it('without them, GET / is the app’s 404, as on every deployed entry', async () => {
    const base = await start()
    const response = await fetch(`${base}/`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
