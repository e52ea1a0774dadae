import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createTriggerApp, defineFlow, memoryLogger, memoryStore, reply } from 'voitex-trigger'
import { type PlatformOptions, toWorker } from 'voitex-trigger/cloudflare'
import { triggerRoutes } from 'voitex-trigger/hono'
import { toLambdaHandler } from 'voitex-trigger/lambda'
import { serve } from 'voitex-trigger/node'
import { toVercelFunction } from 'voitex-trigger/vercel'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { requestToEvent, resultToResponse } from '../helpers/lambda-events.ts'

type Wiring = { readonly LABEL?: string }

/** Says which settings its services were built from, whether the caller was found, and logs one line. */
const app = createTriggerApp({
  flows: defineFlow<unknown, { readonly label: string }>({
    name: 'wiring',
    decide: async (_call, deps) => {
      const caller = await deps.lookupCaller()
      deps.log('wired')
      return reply().set({ label: deps.services.label, caller: caller.status }).goto(1)
    },
  }),
  services: (settings: Wiring) => ({ label: settings.LABEL ?? 'none' }),
})

const trigger = () =>
  new Request('http://local/trigger', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

type Answer = (options: PlatformOptions<Wiring>) => Promise<Response>

// Each platform entry, answering one Trigger with the options given. The Worker's entry is called as the plain
// function it is (test/workers runs it in workerd); the Node server is real, on a loopback port.
const ENTRIES: Record<string, Answer> = {
  cloudflare: (options) => toWorker(app, options).fetch(trigger(), {}, { waitUntil() {} }),
  hono: async (options) => new Hono().route('/', triggerRoutes(app, options)).fetch(trigger()),
  lambda: async (options) =>
    resultToResponse(await toLambdaHandler(app, options)(await requestToEvent(trigger(), 'api-gateway-v2'))),
  vercel: (options) => toVercelFunction(app, options).fetch(trigger()),
  node: async (options) => {
    const server = await serve(app, { ...options, port: 0, host: '127.0.0.1', handleSignals: false })
    try {
      return await fetch(`${server.url}/trigger`, trigger())
    } finally {
      await server.close()
    }
  },
}

const wired = (logger: ReturnType<typeof memoryLogger>) => logger.records.filter((record) => record.event === 'wired')

describe('one option shape for every platform entry', () => {
  it.each(Object.keys(ENTRIES))('%s takes store, logger and settings as values', async (name) => {
    const logger = memoryLogger()
    const answer = ENTRIES[name]?.({ store: memoryStore(callers), logger, settings: { LABEL: 'from a value' } })
    expect(await (await answer)?.json()).toMatchObject({ variables: { label: 'from a value', caller: 'found' } })
    expect(wired(logger)).toHaveLength(1)
  })

  it.each(Object.keys(ENTRIES))("%s takes them as functions of the platform's settings", async (name) => {
    const logger = memoryLogger()
    const answer = ENTRIES[name]?.({
      store: () => memoryStore(callers),
      logger: () => logger,
      settings: (platform) => ({ ...platform, LABEL: 'from a function' }),
    })
    expect(await (await answer)?.json()).toMatchObject({ variables: { label: 'from a function', caller: 'found' } })
    expect(wired(logger)).toHaveLength(1)
  })
})
