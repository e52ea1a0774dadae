import { describe, expect, it } from 'vitest'
import { createTriggerApp, defineFlow, engineSettings, memoryLogger, reply } from '../../src/index.ts'
import { SEED_REQUEST } from '../fixtures/seed.ts'

const post = () =>
  new Request('http://local/trigger', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

/** An app whose services factory counts its calls, and whose flow says which services it got. */
function countingApp() {
  let built = 0
  const app = createTriggerApp({
    flows: defineFlow<unknown, { readonly label: string }>({
      name: 'wiring',
      decide: (_call, deps) => reply().set({ label: deps.services.label }).goto(1),
    }),
    services: (env: { readonly LABEL?: string; readonly TIME_ZONE?: string }) => {
      built++
      return { label: env.LABEL ?? 'none' }
    },
  })
  return { app, built: () => built }
}

describe('binding an app to a runtime once (Lambda, Vercel, Node)', () => {
  it('builds the services once, from the settings given, whatever the number of requests', async () => {
    const { app, built } = countingApp()
    const handler = app.handler({ env: { LABEL: 'from-env' }, logger: memoryLogger() })
    for (let i = 0; i < 3; i++)
      expect(await (await handler.fetch(post())).json()).toMatchObject({ variables: { label: 'from-env' } })
    expect(built()).toBe(1)
  })

  it('rejects an unknown time zone when it is built, naming it, not in the middle of a call', () => {
    const { app } = countingApp()
    expect(() => app.handler({ timeZone: 'America/NewYork', logger: memoryLogger() })).toThrow(
      /"America\/NewYork" is not a known IANA time zone/,
    )
  })
})

describe('binding an app once per platform environment (Workers)', () => {
  it('builds the services once per environment object, from that environment', async () => {
    const { app, built } = countingApp()
    const handler = app.handlerPerEnv(() => ({ logger: memoryLogger() }))
    const first = { LABEL: 'first' }
    const second = { LABEL: 'second' }
    for (const env of [first, first, second, first]) await handler.fetch(post(), env)
    expect(built()).toBe(2)
    expect(await (await handler.fetch(post(), second)).json()).toMatchObject({ variables: { label: 'second' } })
  })

  it('answers every Trigger 503 misconfigured, with one error line, when that environment has an unknown time zone', async () => {
    const { app } = countingApp()
    const logger = memoryLogger()
    const handler = app.handlerPerEnv((env: { readonly TIME_ZONE?: string }) => ({ timeZone: env.TIME_ZONE, logger }))
    const env = { TIME_ZONE: 'Nowhere/Land' }
    const responses = [await handler.fetch(post(), env), await handler.fetch(post(), env)]
    for (const response of responses) {
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({
        error: {
          code: 'misconfigured',
          message: expect.stringContaining('"Nowhere/Land" is not a known IANA time zone'),
        },
      })
    }
    expect(logger.records.filter((record) => record.event === 'config_error')).toHaveLength(1)
  })
})

describe("the engine's settings, as an adapter reads them from the environment or the Worker's bindings", () => {
  it('gives the token, the time zone, capture and what once does when its store is down', () => {
    const env = {
      TRIGGER_TOKEN: 'a,b',
      TIME_ZONE: 'America/Chicago',
      TRIGGER_CAPTURE: '1',
      TRIGGER_ONCE_WHEN_DOWN: 'at-least-once',
    }
    expect(engineSettings(env)).toEqual({
      tokens: 'a,b',
      timeZone: 'America/Chicago',
      capture: true,
      onceWhenDown: 'at-least-once',
    })
  })

  it('reads a setting that is not text (a binding of another kind) as not set', () => {
    expect(engineSettings({ TRIGGER_TOKEN: 7, TIME_ZONE: {}, TRIGGER_CAPTURE: true })).toEqual({
      tokens: undefined,
      timeZone: undefined,
      capture: false,
      onceWhenDown: undefined,
    })
  })
})
