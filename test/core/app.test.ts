import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { readEngineSettings } from '../../src/_internal.ts'
import { createTriggerApp, defineFlow, memoryLogger, reply } from '../../src/index.ts'

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
    const handler = app.handler({ settings: { LABEL: 'from-env' }, logger: memoryLogger() })
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

  it('answers 503 misconfigured, not a failed request, when building the runtime for that environment throws', async () => {
    const { app } = countingApp()
    const handler = app.handlerPerEnv((env: { readonly LABEL?: string }) => {
      if (!env.LABEL) throw new Error('the LABEL binding is missing')
      return { logger: memoryLogger() }
    })
    const response = await handler.fetch(post(), {})
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      error: { code: 'misconfigured', message: 'the LABEL binding is missing' },
    })
  })
})

describe("the engine's settings, as an adapter reads them from the environment or the Worker's bindings", () => {
  it('reads a TRIGGER_TOKEN written unquoted (a number) as its digits, and one neither text nor a list as no token: never open', async () => {
    expect(readEngineSettings({ TRIGGER_TOKEN: 12345 }).tokens).toBe('12345')
    expect(readEngineSettings({ TRIGGER_TOKEN: ['a', 'b'] }).tokens).toEqual(['a', 'b'])
    for (const written of [true, { token: 'x' }, [1, 2], null]) {
      const app = createTriggerApp({ flows: defineFlow({ name: 'gate', decide: () => reply().goto(1) }) })
      const handler = app.handler({ ...readEngineSettings({ TRIGGER_TOKEN: written }), logger: memoryLogger() })
      expect((await handler.fetch(post())).status).toBe(401)
    }
  })

  it('gives the token, the time zone, capture and what once does when its store is down', () => {
    const env = {
      TRIGGER_TOKEN: 'a,b',
      TIME_ZONE: 'America/Chicago',
      TRIGGER_CAPTURE: '1',
      TRIGGER_ONCE_WHEN_DOWN: 'at-least-once',
    }
    expect(readEngineSettings(env)).toEqual({
      tokens: 'a,b',
      timeZone: 'America/Chicago',
      capture: true,
      onceWhenDown: 'at-least-once',
    })
  })

  it('reads a setting that is not text (a binding of another kind) as not set, the token aside (it fails closed)', () => {
    expect(readEngineSettings({ TIME_ZONE: {}, TRIGGER_CAPTURE: true })).toEqual({
      tokens: undefined,
      timeZone: undefined,
      capture: false,
      onceWhenDown: undefined,
    })
  })

  it('never reads a setting planted on Object.prototype (an open endpoint or a capture nobody configured)', () => {
    const planted = Object.prototype as Record<string, unknown>
    planted.TRIGGER_TOKEN = ''
    planted.TRIGGER_CAPTURE = '1'
    try {
      expect(readEngineSettings({ TIME_ZONE: 'UTC' })).toMatchObject({ tokens: undefined, capture: false })
      expect(readEngineSettings({ TRIGGER_TOKEN: 's3cret' })).toMatchObject({ tokens: 's3cret', capture: false })
    } finally {
      delete planted.TRIGGER_TOKEN
      delete planted.TRIGGER_CAPTURE
    }
  })
})

/** An app that declares two settings, one required, and whose flow says what its services were built from. */
function declaringApp() {
  return createTriggerApp({
    flows: defineFlow<unknown, { readonly clinic: string; readonly seen: string }>({
      name: 'clinic',
      decide: (_call, deps) => reply().set({ clinic: deps.services.clinic, seen: deps.services.seen }).goto(1),
    }),
    settings: z.object({ CLINIC_NAME: z.string(), BOOKING_URL: z.optional(z.url()) }),
    services: (settings) => ({
      clinic: settings.CLINIC_NAME,
      seen: Object.keys(settings).sort().join(','),
    }),
  })
}

const health = () => new Request('http://local/health')

/** What a platform that passes no setting hands the app (its type says CLINIC_NAME is there: the platform's is not). */
const NOTHING = {} as { readonly CLINIC_NAME: string }

describe('an app that declares its settings (settings: z.object)', () => {
  it('builds its services from the declared settings only, parsed', async () => {
    const app = declaringApp()
    const env = { CLINIC_NAME: 'Smile Dental', BOOKING_URL: 'https://book.example', TRIGGER_TOKEN: 'x', PATH: '/bin' }
    const handler = app.handler({ settings: env, logger: memoryLogger() })
    expect(await (await handler.fetch(post())).json()).toMatchObject({
      variables: { clinic: 'Smile Dental', seen: 'BOOKING_URL,CLINIC_NAME' },
    })
  })

  it('names its declared settings, for the tools that check a deployment passes them', () => {
    expect(declaringApp().settingNames).toEqual(['CLINIC_NAME', 'BOOKING_URL'])
  })

  it('reads an empty value as not set (serverless.yml passes an unset variable as "")', async () => {
    const handler = declaringApp().handler({
      settings: { CLINIC_NAME: 'Smile', BOOKING_URL: '' },
      logger: memoryLogger(),
    })
    expect((await handler.fetch(post())).status).toBe(200)
  })

  it('answers every Trigger 503 misconfigured, with one error line naming the setting, when a required one is missing', async () => {
    const logger = memoryLogger()
    const handler = declaringApp().handler({ settings: { CLINIC_NAME: '' }, logger })
    const responses = [await handler.fetch(post()), await handler.fetch(post())]
    for (const response of responses) {
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({
        error: { code: 'misconfigured', message: "the app's settings are not valid: CLINIC_NAME is not set" },
      })
    }
    const errors = logger.records.filter((record) => record.event === 'config_error')
    expect(errors).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('CLINIC_NAME') }),
    ])
  })

  it('says a required setting of a few allowed values is not set, rather than listing them, when it is absent', async () => {
    const app = createTriggerApp({
      flows: defineFlow({ name: 'mode', decide: () => reply().goto(1) }),
      settings: z.object({ MODE: z.enum(['live', 'test']) }),
    })
    const response = await app.handler({ settings: {} as { MODE: 'live' }, logger: memoryLogger() }).fetch(post())
    expect(await response.json()).toMatchObject({
      error: { message: "the app's settings are not valid: MODE is not set" },
    })
    const wrong = await app.handler({ settings: { MODE: 'demo' } as never, logger: memoryLogger() }).fetch(post())
    expect(await wrong.json()).toMatchObject({
      error: { message: `the app's settings are not valid: MODE: expected "live" or "test"` },
    })
  })

  it('says on /health that it is misconfigured, and why', async () => {
    const response = await declaringApp().handler({ settings: NOTHING, logger: memoryLogger() }).fetch(health())
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      status: 'misconfigured',
      message: "the app's settings are not valid: CLINIC_NAME is not set",
    })
  })

  it('names an invalid setting and what it allows, never its value (it may be a secret)', async () => {
    const logger = memoryLogger()
    const env = { CLINIC_NAME: 'Smile', BOOKING_URL: 'not a url secret-7f3a' }
    const response = await declaringApp().handler({ settings: env, logger }).fetch(post())
    expect(response.status).toBe(503)
    const text = await response.text()
    expect(text).toContain('BOOKING_URL: expected a URL')
    expect(text).not.toContain('secret-7f3a')
    expect(JSON.stringify(logger.records)).not.toContain('secret-7f3a')
  })

  it('checks the values a deploy config writes as binding would, leaving out the settings it does not write', () => {
    const app = declaringApp()
    // A secret is set elsewhere: a config that writes nothing has nothing refused.
    expect(app.checkSettings({})).toEqual([])
    expect(app.checkSettings({ BOOKING_URL: 'https://book.example', TIME_ZONE: 'Europe/Paris' })).toEqual([])
    expect(app.checkSettings({ BOOKING_URL: '…', CLINIC_NAME: '' })).toEqual([
      { setting: 'CLINIC_NAME', message: 'CLINIC_NAME is empty, which reads as not set' },
      { setting: 'BOOKING_URL', message: 'BOOKING_URL: expected a URL' },
    ])
  })

  it("checks the engine's settings a deploy config writes, each problem named", () => {
    const problems = declaringApp().checkSettings({
      TIME_ZONE: 'Mars/Olympus',
      TRIGGER_ONCE_WHEN_DOWN: 'sometimes',
      TRIGGER_VERSIONS: 'default:next=25',
    })
    expect(problems).toEqual([
      {
        setting: 'TIME_ZONE',
        message: 'TIME_ZONE: "Mars/Olympus" is not a known IANA time zone (e.g. America/New_York)',
      },
      {
        setting: 'TRIGGER_ONCE_WHEN_DOWN',
        message: expect.stringMatching(/^TRIGGER_ONCE_WHEN_DOWN is "sometimes": use at-most-once or at-least-once/),
      },
      { setting: 'TRIGGER_VERSIONS', message: expect.stringMatching(/^TRIGGER_VERSIONS: /) },
    ])
  })

  it("never says a declared setting's value when it checks one", () => {
    const problems = declaringApp().checkSettings({ BOOKING_URL: 'not a url secret-7f3a' })
    expect(problems).toEqual([{ setting: 'BOOKING_URL', message: 'BOOKING_URL: expected a URL' }])
    expect(JSON.stringify(problems)).not.toContain('secret-7f3a')
  })

  it('names a setting whose schema throws, and refuses it as misconfigured, never quoting the thrown message', async () => {
    const app = createTriggerApp({
      flows: defineFlow({ name: 'config', decide: () => reply().goto(1) }),
      settings: z.object({
        NAME: z.optional(z.string()),
        CONFIG: z.optional(
          z.pipe(
            z.string(),
            z.transform((text) => JSON.parse(text) as unknown),
          ),
        ),
      }),
    })
    const problem = 'CONFIG: its schema threw while reading it (its message is not repeated: it may quote the value)'
    expect(app.checkSettings({ NAME: 'x', CONFIG: 'sk_live_7f3a' })).toEqual([{ setting: 'CONFIG', message: problem }])
    const logger = memoryLogger()
    const response = await app.handler({ settings: { CONFIG: 'sk_live_7f3a' }, logger }).fetch(health())
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      status: 'misconfigured',
      message: `the app's settings are not valid: ${problem}`,
    })
    expect(JSON.stringify(logger.records)).not.toContain('sk_live')
  })

  it("never quotes the value of an engine's setting the app also declares", () => {
    const app = createTriggerApp({
      flows: defineFlow({ name: 'zone', decide: () => reply().goto(1) }),
      settings: z.object({ TIME_ZONE: z.optional(z.string()), TRIGGER_ONCE_WHEN_DOWN: z.optional(z.string()) }),
    })
    const problems = app.checkSettings({ TIME_ZONE: 'sk_live_zone', TRIGGER_ONCE_WHEN_DOWN: 'sk_live_once' })
    expect(problems).toEqual([
      { setting: 'TIME_ZONE', message: 'TIME_ZONE: "…" is not a known IANA time zone (e.g. America/New_York)' },
      {
        setting: 'TRIGGER_ONCE_WHEN_DOWN',
        message: 'TRIGGER_ONCE_WHEN_DOWN is "…": use at-most-once or at-least-once',
      },
    ])
  })

  it('reads a check across settings only when the config writes every one of them', () => {
    const app = createTriggerApp({
      flows: defineFlow({ name: 'pair', decide: () => reply().goto(1) }),
      settings: z
        .object({ API_URL: z.optional(z.string()), API_KEY: z.optional(z.string()) })
        .check(z.refine((settings) => !settings.API_URL || settings.API_KEY, 'API_URL needs API_KEY')),
    })
    // The key is a secret, set elsewhere: nothing to say from the config alone.
    expect(app.checkSettings({ API_URL: 'https://api.example' })).toEqual([])
    expect(app.checkSettings({ API_URL: 'https://api.example', API_KEY: '' })).toEqual([
      { setting: undefined, message: 'settings: API_URL needs API_KEY' },
    ])
  })

  it("cuts a long engine setting's value in what it says", () => {
    const [problem] = declaringApp().checkSettings({ TRIGGER_ONCE_WHEN_DOWN: 'x'.repeat(100_000) })
    expect(problem?.setting).toBe('TRIGGER_ONCE_WHEN_DOWN')
    expect(problem?.message.length).toBeLessThan(200)
  })

  it('on Workers, refuses each environment missing a setting, and serves one that has it', async () => {
    const logger = memoryLogger()
    const handler = declaringApp().handlerPerEnv(() => ({ logger }))
    expect((await handler.fetch(post(), NOTHING)).status).toBe(503)
    expect(await (await handler.fetch(post(), { CLINIC_NAME: 'Bright' })).json()).toMatchObject({
      variables: { clinic: 'Bright' },
    })
  })
})

/** A POST to `path` with the vendor sample. */
const postTo = (path: string) =>
  new Request(`http://local${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_REQUEST),
  })

describe('routes at the edges', () => {
  const flow = defineFlow({ name: 'lookup-only', decide: () => reply().goto(1) })

  it('answers HEAD /health like GET, with no body', async () => {
    const handler = createTriggerApp({ flows: flow }).handler({ logger: memoryLogger() })
    const response = await handler.fetch(new Request('http://local/health', { method: 'HEAD' }))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('answers a path token on an open endpoint with 404: a token nobody configured proves nothing', async () => {
    const handler = createTriggerApp({ flows: flow }).handler({ logger: memoryLogger() })
    const response = await handler.fetch(postTo('/trigger/default/s3cret'))
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'no such trigger' } })
  })

  it('serves a name that names no flow with the default flow, its line a warning that logs it as unknown', async () => {
    const logger = memoryLogger()
    const handler = createTriggerApp({ flows: { default: flow } }).handler({ logger })
    expect(await (await handler.fetch(postTo('/trigger/defualt'))).json()).toEqual({ goto: '1' })
    await handler.fetch(postTo('/trigger/default'))
    expect(logger.records.filter((record) => record.event === 'trigger')).toEqual([
      expect.objectContaining({ level: 'warn', trigger: 'unknown', outcome: 'decision' }),
      expect.objectContaining({ level: 'info', trigger: 'default', outcome: 'decision' }),
    ])
    expect(JSON.stringify(logger.records)).not.toContain('defualt')
  })

  it('answers an unknown trigger name with 404 when no default flow serves it', async () => {
    const handler = createTriggerApp({ flows: { lookup: flow } }).handler({ logger: memoryLogger() })
    expect((await handler.fetch(postTo('/trigger/lookup'))).status).toBe(200)
    const response = await handler.fetch(postTo('/trigger/other'))
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({
      error: { code: 'not_found', message: 'no flow serves this trigger' },
    })
  })

  it('answers valid JSON, logged as internal_error, when the engine itself fails outside any flow', async () => {
    const logger = memoryLogger()
    const failingClock = {
      now: () => {
        throw new Error('clock unavailable')
      },
    }
    const handler = createTriggerApp({ flows: flow }).handler({ logger, clock: failingClock })
    const response = await handler.fetch(postTo('/trigger'))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({})
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'error', event: 'internal_error' }))
  })
})
