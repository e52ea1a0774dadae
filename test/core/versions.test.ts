import { describe, expect, it } from 'vitest'
import { triggerBody } from '../../fixtures/seed.ts'
import { fnv1a32, readEngineSettings, VERSION_HEADER } from '../../src/_internal.ts'
import { createTriggerApp, defineFlow, type LogRecord, memoryLogger, reply, VersionsError } from '../../src/index.ts'

/** A flow that says which version answered, in a variable the test reads back. */
const says = (version: string) =>
  defineFlow({
    name: `flow-${version}`,
    decide: (_call, deps) => {
      deps.log('said', { by: version })
      return reply().set({ version }).goto(0)
    },
  })

const TESTER = '+12015550100'

function versionedApp(share = 0) {
  return createTriggerApp({
    flows: { default: says('stable'), billing: says('stable'), plain: says('stable') },
    versions: {
      default: { next: { flow: says('next'), share } },
      billing: { next: { flow: says('next'), share } },
    },
    testCallers: { next: [TESTER] },
  })
}

const post = (fields: Record<string, unknown>, path = '/trigger', headers: Record<string, string> = {}) =>
  new Request(`http://local${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(triggerBody(fields)),
  })

type Handler = { fetch(request: Request): Promise<Response> }

async function versionOf(handler: Handler, fields: Record<string, unknown>, path?: string): Promise<string> {
  const response = await handler.fetch(post(fields, path))
  const { variables } = (await response.json()) as { variables: { version: string } }
  expect(response.headers.get(VERSION_HEADER)).toBe(variables.version)
  return variables.version
}

/** Call ids shaped like the platform's (`AST10-1689867312.264`), one per second of a day. */
const callIds = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => `AST10-${1689867312 + from + index}.${(index * 37) % 1000}`)

async function shareOfNext(handler: Handler, ids: readonly string[]): Promise<number> {
  let next = 0
  for (const id of ids) if ((await versionOf(handler, { call_id: id })) === 'next') next++
  return (100 * next) / ids.length
}

describe('the version hash: FNV-1a, 32 bits, over the UTF-8 bytes of the call id', () => {
  it('gives the published FNV-1a test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5)
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('foobar')).toBe(0xbf9cf968)
  })

  it('hashes the UTF-8 bytes TextEncoder writes, for any text, lone surrogates included', () => {
    const reference = (text: string) => {
      let hash = 0x811c9dc5
      for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193)
      return hash >>> 0
    }
    for (const text of ['é', 'Grüße-42', '€1', '📞call', 'a\ud800b', 'x\udc00', '\ud83d', 'ﬀ\u0800\uffff'])
      expect(fnv1a32(text)).toBe(reference(text))
  })
})

describe('a version chosen once per call', () => {
  it.each([25, 50])('gives next %i % of 10,000 call ids, within 3 points', async (percent) => {
    const handler = versionedApp().handler({ versions: `default:next=${percent}`, logger: memoryLogger() })
    const share = await shareOfNext(handler, callIds(10_000))
    expect(Math.abs(share - percent)).toBeLessThanOrEqual(3)
  })

  it('gives next no call at 0 % and every call at 100 %', async () => {
    const ids = callIds(500)
    const none = versionedApp().handler({ versions: 'default:next=0', logger: memoryLogger() })
    const all = versionedApp().handler({ versions: 'default:next=100', logger: memoryLogger() })
    expect(await shareOfNext(none, ids)).toBe(0)
    expect(await shareOfNext(all, ids)).toBe(100)
  })

  it('gives a call id the same version on another instance of the app', async () => {
    const one = versionedApp(50).handler({ logger: memoryLogger() })
    const other = versionedApp(50).handlerPerEnv(() => ({ logger: memoryLogger() }))
    const versions = new Set<string>()
    for (const id of callIds(300)) {
      const version = await versionOf(one, { call_id: id })
      versions.add(version)
      expect(await versionOf(other, { call_id: id })).toBe(version)
    }
    expect(versions).toEqual(new Set(['stable', 'next']))
  })

  it('gives every Trigger of one call the same version, whatever the branch and the request', async () => {
    const handler = versionedApp(50).handler({ logger: memoryLogger() })
    for (const id of callIds(200)) {
      const first = await versionOf(handler, { call_id: id, branch_data: [] })
      const later = await versionOf(
        handler,
        { call_id: id, branch_data: [{ branch: '100', input: '1' }] },
        '/trigger/billing',
      )
      expect(later).toBe(first)
    }
  })

  it('keeps the calls next had when its share grows (a rollout only adds calls)', async () => {
    const at10 = versionedApp().handler({ versions: 'default:next=10', logger: memoryLogger() })
    const at25 = versionedApp().handler({ versions: 'default:next=25', logger: memoryLogger() })
    for (const id of callIds(1000))
      if ((await versionOf(at10, { call_id: id })) === 'next')
        expect(await versionOf(at25, { call_id: id })).toBe('next')
  })

  it('answers a trigger without versions as stable, whatever its call id', async () => {
    const handler = versionedApp(100).handler({ logger: memoryLogger() })
    for (const id of callIds(50)) expect(await versionOf(handler, { call_id: id }, '/trigger/plain')).toBe('stable')
  })

  it('uses the shares the app declares when TRIGGER_VERSIONS is unset or blank', async () => {
    for (const versions of [undefined, '', '  ']) {
      const handler = versionedApp(100).handler({ versions, logger: memoryLogger() })
      expect(await versionOf(handler, { call_id: 'AST10-1.1' })).toBe('next')
    }
  })
})

describe('test callers', () => {
  it.each(['+12015550100', '2015550100', '12015550100', '(201) 555-0100'])(
    'always gives the test caller %s its version, even at 0 %',
    async (cid) => {
      const handler = versionedApp().handler({ versions: 'default:next=0', logger: memoryLogger() })
      for (const id of callIds(20)) expect(await versionOf(handler, { call_id: id, cid })).toBe('next')
    },
  )

  it('keeps a caller pinned to stable on stable when next has every call', async () => {
    const app = createTriggerApp({
      flows: { default: says('stable') },
      versions: { default: { next: { flow: says('next'), share: 100 } } },
      testCallers: { stable: ['8455550111'] },
    })
    const handler = app.handler({ logger: memoryLogger() })
    expect(await versionOf(handler, { call_id: 'c1', cid: '8455550111' })).toBe('stable')
    expect(await versionOf(handler, { call_id: 'c1', cid: '8455550112' })).toBe('next')
  })
})

describe('TRIGGER_VERSIONS', () => {
  it('is read from the platform settings by every adapter', () => {
    expect(readEngineSettings({ TRIGGER_VERSIONS: 'default:next=25' })).toMatchObject({ versions: 'default:next=25' })
  })

  it.each([
    ['default:next=12.5', 12.5],
    [' default:next=40 , billing:next=0', 40],
  ])('reads %s', async (setting, percent) => {
    const handler = versionedApp().handler({ versions: setting, logger: memoryLogger() })
    const share = await shareOfNext(handler, callIds(4000))
    expect(Math.abs(share - percent)).toBeLessThanOrEqual(3)
  })

  it.each([
    ['default:next', /cannot be read/],
    ['default:next=', /cannot be read/],
    ['default=25', /cannot be read/],
    ['next=25', /cannot be read/],
    ['25', /cannot be read/],
    ['default:next=101', /not a percent from 0 to 100/],
    ['default:next=-1', /not a percent/],
    ['default:next=25%', /not a percent/],
    ['default:next=1e2', /not a percent/],
    ['default:next=0x10', /not a percent/],
    ['default:next=ten', /not a percent/],
    ['default:next=12.345', /not a percent/],
    ['defualt:next=25', /names a trigger without versions \(triggers with versions: default, billing\)/],
    ['plain:next=25', /names a trigger without versions/],
    ['default:nxt=25', /names no version of default \(its versions: next\)/],
    ['default:stable=75', /gets what the other versions leave/],
    ['default:next=25,default:next=30', /is set twice/],
    ['default:next=25,', /is an empty entry/],
    ['default:next=25;billing:next=5', /is not a percent/],
  ])('refuses %s with one line saying why', (setting, why) => {
    let error: unknown
    try {
      versionedApp().handler({ versions: setting, logger: memoryLogger() })
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(VersionsError)
    const message = (error as Error).message
    expect(message).toMatch(why)
    expect(message).toMatch(/^TRIGGER_VERSIONS: /)
    expect(message).not.toContain('\n')
  })

  it('refuses shares that add up to more than 100 %', () => {
    const app = createTriggerApp({
      flows: { default: says('stable') },
      versions: { default: { next: { flow: says('next'), share: 0 }, beta: { flow: says('beta'), share: 0 } } },
    })
    expect(() => app.handler({ versions: 'default:next=60,default:beta=50', logger: memoryLogger() })).toThrow(
      'TRIGGER_VERSIONS: the shares of default add up to 110 %, more than 100 %',
    )
  })

  it('answers every Trigger 503 misconfigured, with one error line, on a platform bound per environment (Workers)', async () => {
    const logger = memoryLogger()
    const handler = versionedApp().handlerPerEnv((env: { TRIGGER_VERSIONS?: string }) => ({
      ...readEngineSettings(env),
      logger,
    }))
    const env = { TRIGGER_VERSIONS: 'default:next=2O' }
    for (let i = 0; i < 2; i++) {
      const response = await handler.fetch(post({}), env)
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({
        error: { code: 'misconfigured', message: expect.stringContaining('"default:next=2O" is not a percent') },
      })
    }
    expect(logger.records.filter((record) => record.event === 'config_error')).toHaveLength(1)
  })
})

describe('the version in log lines, captures and answers', () => {
  function logged(share: number, fields: Record<string, unknown>) {
    const records: LogRecord[] = []
    const handler = versionedApp(share).handler({
      logger: { write: (record) => void records.push(record) },
      capture: true,
    })
    return { records, answer: handler.fetch(post(fields)) }
  }

  it('tags the Trigger line, the flow’s own lines and the capture with the version that answered', async () => {
    for (const [share, version] of [
      [100, 'next'],
      [0, 'stable'],
    ] as const) {
      const { records, answer } = logged(share, { call_id: 'log-1' })
      await answer
      const ofTheCall = records.filter((record) => record.call_id === 'log-1')
      expect(ofTheCall.map((record) => [record.event, record.version])).toEqual([
        ['said', version],
        ['trigger', version],
        ['capture', version],
      ])
    }
  })

  it('logs a request refused before its call is read with a version of null', async () => {
    const records: LogRecord[] = []
    const handler = versionedApp(100).handler({
      tokens: 'secret-token',
      logger: { write: (record) => void records.push(record) },
    })
    expect((await handler.fetch(post({ call_id: 'r1' }))).status).toBe(401)
    expect(records.filter((record) => record.event === 'trigger')).toEqual([
      expect.objectContaining({ outcome: 'rejected', reason: 'unauthorized', version: null }),
    ])
  })
})

describe('a version asked for by a local tool (x-trigger-version)', () => {
  it('is answered by that version when the runtime honours the header', async () => {
    const handler = versionedApp(0).handler({ versionHeader: true, logger: memoryLogger() })
    const response = await handler.fetch(post({ call_id: 'h1' }, '/trigger', { [VERSION_HEADER]: 'next' }))
    expect(await response.json()).toMatchObject({ variables: { version: 'next' } })
    const stable = await handler.fetch(post({ call_id: 'h1' }, '/trigger', { [VERSION_HEADER]: 'stable' }))
    expect(await stable.json()).toMatchObject({ variables: { version: 'stable' } })
  })

  it('is ignored by a deployed runtime, and for a version the trigger does not have', async () => {
    const deployed = versionedApp(0).handler({ logger: memoryLogger() })
    const local = versionedApp(0).handler({ versionHeader: true, logger: memoryLogger() })
    for (const [handler, version] of [
      [deployed, 'next'],
      [local, 'nope'],
    ] as const) {
      const response = await handler.fetch(post({ call_id: 'h1' }, '/trigger', { [VERSION_HEADER]: version }))
      expect(response.headers.get(VERSION_HEADER)).toBe('stable')
    }
  })
})

describe("an app's declaration of versions", () => {
  it.each([
    ['a version named stable', { default: { stable: { flow: says('x'), share: 1 } } }, {}, /own flow/],
    ['a share over 100', { default: { next: { flow: says('x'), share: 120 } } }, {}, /share must be a percent/],
    ['a negative share', { default: { next: { flow: says('x'), share: -5 } } }, {}, /share must be a percent/],
    ['an unknown trigger', { orders: { next: { flow: says('x'), share: 5 } } }, {}, /not one of the app's triggers/],
    ['a test caller of no version', {}, { beta: ['2015550100'] }, /no trigger has a version "beta"/],
    [
      'a test caller with no number',
      { default: { next: { flow: says('x'), share: 5 } } },
      { next: ['abc'] },
      /not a phone/,
    ],
  ])('refuses %s when the app is created', (_, versions, testCallers, why) => {
    expect(() => createTriggerApp({ flows: { default: says('stable') }, versions, testCallers })).toThrow(why)
  })

  it('lists every version of each trigger, stable first', () => {
    const app = versionedApp()
    expect(Object.keys(app.versions.default ?? {})).toEqual(['stable', 'next'])
    expect(Object.keys(app.versions.plain ?? {})).toEqual(['stable'])
  })
})
