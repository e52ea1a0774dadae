import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { jsonLogger } from 'voitex-trigger'
import { serve } from 'voitex-trigger/node'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { app } from '../fixtures/clinic/app.ts'
import { catchConsoleLines } from '../helpers/console.ts'
import { EVENT_KINDS, lambdaContext, requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'
import { importWithEnv } from '../helpers/modules.ts'

// The app of test/fixtures/clinic declares CLINIC_NAME (required) and VOITEX_API_URL: each platform entry hands it
// those settings from its environment, and nothing else. (The Worker's side is in test/workers/settings.test.ts.)

const SETTINGS = { CLINIC_NAME: 'Smile Dental', VOITEX_API_URL: 'http://127.0.0.1:8788', UNRELATED_SECRET: 's3cret' }
const WELCOME = { type: 'tts', text: 'Welcome to Smile Dental.' }

const trigger = (base = 'http://local') =>
  new Request(`${base}/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

type Entry = (request: Request) => Promise<Response>

const lambda = (env: Record<string, string | undefined>, kind = EVENT_KINDS[0] ?? 'api-gateway-v2') =>
  importWithEnv(async () => {
    const { handler } = await import('../fixtures/clinic/lambda.ts')
    return async (request: Request) =>
      resultToResponse(await handler(await requestToEvent(request, kind), lambdaContext))
  }, env)

const vercel = (env: Record<string, string | undefined>) =>
  importWithEnv(async () => {
    const entry = (await import('../fixtures/clinic/vercel.ts')).default
    return (request: Request) => entry.fetch(request)
  }, env)

/** Node: `serve` over real HTTP on loopback, its log lines to the console (as Lambda's and Vercel's go) to count them. */
async function node(env: Record<string, string | undefined>): Promise<{ entry: Entry; close(): Promise<void> }> {
  const server = await importWithEnv(
    () => serve(app, { port: 0, host: '127.0.0.1', handleSignals: false, notice: () => {}, logger: jsonLogger() }),
    env,
  )
  return { entry: () => fetch(trigger(server.url)), close: () => server.close() }
}

const logged = catchConsoleLines()
const servers: { close(): Promise<void> }[] = []
afterAll(async () => {
  for (const server of servers) await server.close()
  vi.restoreAllMocks()
})

const PLATFORMS: [string, (env: Record<string, string | undefined>) => Promise<Entry>][] = [
  ['Lambda (an API Gateway event)', lambda],
  ['Vercel', vercel],
  [
    'Node (serve, over HTTP)',
    async (env) => {
      const server = await node(env)
      servers.push(server)
      return server.entry
    },
  ],
]

describe.each(PLATFORMS)('a declared setting on %s', (_, start) => {
  let withSettings: Entry
  let missing: Entry
  beforeAll(async () => {
    withSettings = await start(SETTINGS)
    missing = await start({ ...SETTINGS, CLINIC_NAME: undefined })
  })

  it("reaches the flow's services from the environment, with only the declared settings", async () => {
    const response = await withSettings(trigger())
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      play: [WELCOME],
      variables: { received: 'CLINIC_NAME,VOITEX_API_URL' },
    })
  })

  it('missing, answers 503 misconfigured naming it, and logs it once', async () => {
    const configErrors = () => logged.records().filter((record) => record.event === 'config_error')
    const before = configErrors().length
    for (let i = 0; i < 2; i++) {
      const response = await missing(trigger())
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({
        error: { code: 'misconfigured', message: "the app's settings are not valid: CLINIC_NAME is not set" },
      })
    }
    // Logged once, when the entry was bound (in beforeAll): answering adds no second line.
    expect(configErrors().length).toBe(before)
    expect(configErrors().at(-1)?.message).toContain('CLINIC_NAME is not set')
  })
})

describe('a declared setting on Lambda, whatever the event', () => {
  it.each(EVENT_KINDS)('reaches the services with %s events', async (kind) => {
    const entry = await lambda(SETTINGS, kind)
    expect(await (await entry(trigger())).json()).toMatchObject({ play: [WELCOME] })
  })
})
