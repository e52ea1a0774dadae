import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { SEED_REQUEST } from '../../fixtures/seed.ts'
import { createTriggerApp, defineFlow, type LogRecord, memoryLogger, reply } from '../../src/index.ts'

const postTo = (path: string, init: RequestInit = {}) =>
  new Request(`http://local${path}`, { method: 'POST', body: JSON.stringify(SEED_REQUEST), ...init })

const lines = (logs: readonly LogRecord[], event: string) => logs.filter((record) => record.event === event)

const goOn = defineFlow({ name: 'go-on', decide: () => reply().goto(1) })

describe('what every answer of the app carries', () => {
  it('marks every answer, refusal and health check as not to be cached', async () => {
    const handler = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger(), tokens: 's3cret' })
    const answers = await Promise.all([
      handler.fetch(new Request('http://local/health')),
      handler.fetch(postTo('/trigger/default/s3cret')),
      handler.fetch(postTo('/trigger/default/wrong')),
      handler.fetch(postTo('/elsewhere')),
      handler.fetch(new Request('http://local/trigger')),
    ])
    expect(answers.map((answer) => answer.headers.get('cache-control'))).toEqual(Array(5).fill('no-store'))
  })

  it("says in Server-Timing how long the whole request took, by the app's clock", async () => {
    let now = 1_700_000_000_000
    // Moves 3 ms each time it is read.
    const clock = { now: () => (now += 3) }
    const handler = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger(), clock })
    const timing = (await handler.fetch(postTo('/trigger'))).headers.get('server-timing') ?? ''
    const total = Number(/^total;dur=(\d+)/.exec(timing)?.[1])
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(100)
  })

  it('says in Server-Timing how long the caller lookup took, only when the flow looked a caller up', async () => {
    const looksUp = defineFlow({
      name: 'looks-up',
      async decide(_call, deps) {
        await deps.lookupCaller()
        return reply().goto(1)
      },
    })
    const handler = createTriggerApp({ flows: { default: goOn, lookup: looksUp } }).handler({ logger: memoryLogger() })
    const timing = async (path: string) => (await handler.fetch(postTo(path))).headers.get('server-timing')
    expect(await timing('/trigger/lookup')).toMatch(/^total;dur=\d+, flow;dur=\d+, lookup;dur=\d+$/)
    expect(await timing('/trigger')).toMatch(/^total;dur=\d+, flow;dur=\d+$/)
  })

  it('says in Server-Timing only the total for a Trigger refused before its call was read', async () => {
    const handler = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger(), tokens: 's3cret' })
    const refused = await handler.fetch(postTo('/trigger/default/wrong'))
    expect(refused.status).toBe(401)
    expect(refused.headers.get('server-timing')).toMatch(/^total;dur=\d+$/)
  })

  it('tells the flow that answers /trigger that its trigger is named default', async () => {
    const says = defineFlow({ name: 'says', decide: (call) => reply().set({ trigger: call.trigger }) })
    const answer = await createTriggerApp({ flows: says }).handler({ logger: memoryLogger() }).fetch(postTo('/trigger'))
    expect(await answer.json()).toEqual({ variables: { trigger: 'default' } })
  })

  it('names the route a flow took in its own header, and marks no decision as a fallback', async () => {
    const routed = defineFlow({ name: 'routed', decide: () => reply().route('billing').goto(1) })
    const answer = await createTriggerApp({ flows: routed })
      .handler({ logger: memoryLogger() })
      .fetch(postTo('/trigger'))
    expect(answer.headers.get('x-trigger-route')).toBe('billing')
    expect(answer.headers.has('x-trigger-fallback')).toBe(false)
  })
})

describe('routes', () => {
  const handler = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger() })

  it('answers GET /trigger with 405, and Allow: POST', async () => {
    const answer = await handler.fetch(new Request('http://local/trigger'))
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('POST')
    expect(await answer.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'the Trigger accepts POST only' },
    })
  })

  it('answers POST /health with 404: /health is read with GET or HEAD', async () => {
    expect((await handler.fetch(postTo('/health'))).status).toBe(404)
  })

  it('answers 404 to a path below /health', async () => {
    expect((await handler.fetch(new Request('http://local/health/more'))).status).toBe(404)
  })

  it.each([
    ['cannot be decoded', '/trigger/%E0%A4%A'],
    ['has an empty segment', '/trigger//default'],
    ['ends in a slash', '/trigger/'],
  ])('answers 404, naming the routes, to a path that %s', async (_, path) => {
    const answer = await handler.fetch(postTo(path))
    expect(answer.status).toBe(404)
    expect(await answer.json()).toEqual({
      error: { code: 'not_found', message: 'no such route: POST /trigger or GET /health' },
    })
  })

  it('answers HEAD /health with the status and headers of GET, when misconfigured too', async () => {
    const misconfigured = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger(), tokens: '' })
    const answer = await misconfigured.fetch(new Request('http://local/health', { method: 'HEAD' }))
    expect(answer.status).toBe(503)
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await answer.text()).toBe('')
  })
})

describe('the Trigger token, as the app starts and answers', () => {
  it('warns once at start when no token is configured, saying anyone with the URL can drive the flow', () => {
    const logger = memoryLogger()
    createTriggerApp({ flows: goOn }).handler({ logger })
    expect(logger.records).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'open_endpoint',
        message: expect.stringMatching(/^TRIGGER_TOKEN is not set: anyone who knows this URL/),
      }),
    ])
  })

  it('says nothing at start when a token is configured', () => {
    const logger = memoryLogger()
    createTriggerApp({ flows: goOn }).handler({ logger, tokens: 's3cret' })
    expect(logger.records).toEqual([])
  })

  it('refuses every Trigger when TRIGGER_TOKEN holds no token, saying so, and logs each as a rejected trigger', async () => {
    const logger = memoryLogger()
    const handler = createTriggerApp({ flows: goOn }).handler({ logger, tokens: ',' })
    const answer = await handler.fetch(postTo('/trigger'))
    expect(answer.status).toBe(401)
    expect(await answer.json()).toEqual({
      error: { code: 'unauthorized', message: 'this endpoint has no valid trigger token configured' },
    })
    expect(lines(logger.records, 'trigger')).toEqual([
      expect.objectContaining({ level: 'warn', outcome: 'rejected', reason: 'unauthorized', version: null }),
    ])
  })
})

describe('an empty TRIGGER_TOKEN, as serverless.yml passes an unset one', () => {
  it('says on /health that it holds no token and refuses every Trigger, in words that fit an unset variable', async () => {
    const handler = createTriggerApp({ flows: goOn }).handler({ logger: memoryLogger(), tokens: '' })
    const health = await handler.fetch(new Request('http://local/health'))
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({
      status: 'misconfigured',
      message:
        'TRIGGER_TOKEN holds no token (it is empty, as serverless.yml passes an unset one, or only commas): every Trigger is refused until it holds one',
    })
    expect((await handler.fetch(postTo('/trigger'))).status).toBe(401)
  })
})

describe('an app whose declared settings are not valid', () => {
  it('logs each Trigger it refuses as a rejected trigger, reason misconfigured, at error level', async () => {
    const logger = memoryLogger()
    const app = createTriggerApp({ flows: goOn, settings: z.object({ VOITEX_AUTH_KEY: z.string() }) })
    const answer = await app.handler({ logger }).fetch(postTo('/trigger'))
    expect(answer.status).toBe(503)
    expect(await answer.json()).toEqual({
      error: { code: 'misconfigured', message: "the app's settings are not valid: VOITEX_AUTH_KEY is not set" },
    })
    expect(lines(logger.records, 'trigger')).toEqual([
      { level: 'error', event: 'trigger', version: null, outcome: 'rejected', reason: 'misconfigured' },
    ])
  })

  it('names every setting that is missing, one after the other', async () => {
    const settings = z.object({ VOITEX_AUTH_KEY: z.string(), VOITEX_ACCOUNT: z.string() })
    const answer = await createTriggerApp({ flows: goOn, settings })
      .handler({ logger: memoryLogger() })
      .fetch(new Request('http://local/health'))
    expect(await answer.json()).toMatchObject({
      message: "the app's settings are not valid: VOITEX_AUTH_KEY is not set; VOITEX_ACCOUNT is not set",
    })
  })

  it("names a field inside a setting that is an object (a Worker's JSON var) by its path", async () => {
    const settings = z.object({ REGION: z.object({ name: z.string() }) })
    const handler = createTriggerApp({ flows: goOn, settings }).handlerPerEnv(() => ({ logger: memoryLogger() }))
    const answer = await handler.fetch(new Request('http://local/health'), { REGION: {} } as never)
    expect(await answer.json()).toMatchObject({ message: expect.stringMatching(/: REGION\.name: /) })
  })

  it('names the settings as a whole when a rule over several of them is broken', async () => {
    const settings = z
      .object({ API_KEY: z.optional(z.string()), API_SECRET: z.optional(z.string()) })
      .check(z.refine((given) => given.API_KEY !== undefined || given.API_SECRET !== undefined, 'set one of them'))
    const answer = await createTriggerApp({ flows: goOn, settings })
      .handler({ logger: memoryLogger() })
      .fetch(new Request('http://local/health'))
    expect(await answer.json()).toMatchObject({
      message: "the app's settings are not valid: settings: set one of them",
    })
  })
})

describe('what an app says about itself, for the tools', () => {
  it('names no settings and no secret names of its own when it declares none', () => {
    const app = createTriggerApp({ flows: goOn })
    expect(app.settingNames).toEqual([])
    expect(app.secretNames).toEqual([])
  })

  it('names the secret fields it declares', () => {
    expect(createTriggerApp({ flows: goOn, secretNames: ['member_code'] }).secretNames).toEqual(['member_code'])
  })
})

describe('work a flow defers, with no defer of its own in the runtime', () => {
  const defers = defineFlow({
    name: 'defers',
    decide(_call, deps) {
      deps.defer(Promise.resolve('receipt sent'))
      return reply().goto(1)
    },
  })

  it("is handed to the platform's waitUntil (Workers)", async () => {
    const handed: Promise<unknown>[] = []
    const handler = createTriggerApp({ flows: defers }).handler({ logger: memoryLogger() })
    const answer = await handler.fetch(postTo('/trigger'), undefined, { waitUntil: (task) => void handed.push(task) })
    expect(await answer.json()).toEqual({ goto: '1' })
    expect(handed).toHaveLength(1)
  })

  it('is left to finish on its own where the platform has no execution context', async () => {
    const logger = memoryLogger()
    const answer = await createTriggerApp({ flows: defers }).handler({ logger }).fetch(postTo('/trigger'))
    expect(await answer.json()).toEqual({ goto: '1' })
    expect(lines(logger.records, 'trigger')).toEqual([expect.objectContaining({ outcome: 'decision' })])
  })
})

describe('an app with versions and test callers', () => {
  it('gives a test caller whose number arrives as a JSON number its version', async () => {
    const next = defineFlow({ name: 'next', decide: () => reply().goto(2) })
    const handler = createTriggerApp({
      flows: goOn,
      versions: { default: { next: { flow: next, share: 0 } } },
      testCallers: { next: ['+12015550100'] },
    }).handler({ logger: memoryLogger() })
    const answer = await handler.fetch(
      postTo('/trigger', { body: JSON.stringify({ ...SEED_REQUEST, cid: 12015550100 }) }),
    )
    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-trigger-version')).toBe('next')
    expect(await answer.json()).toEqual({ goto: '2' })
  })
})
