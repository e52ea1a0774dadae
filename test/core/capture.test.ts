import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import { SEED_CARD_DATA, SEED_REQUEST, triggerBody } from '../../fixtures/seed.ts'
import {
  CAPTURE_EVENT,
  captureSetting,
  FALLBACK_HEADER,
  parseTriggerRequest,
  readCaptureLine,
  readEngineSettings,
  wireBody,
} from '../../src/_internal.ts'
import {
  createTriggerApp,
  defineFlow,
  jsonLogger,
  type LogRecord,
  memoryLogger,
  memoryStore,
  type RuntimeConfig,
  reply,
} from '../../src/index.ts'
import { frozenClock } from '../helpers/runtime.ts'

/** The demo app with its callers; every log line is written as the platform's log stream would get it. */
function demo(config: RuntimeConfig = {}) {
  const lines: string[] = []
  const handler = demoApp.handler({
    store: memoryStore(callers),
    clock: frozenClock,
    logger: jsonLogger({ write: (line) => void lines.push(line) }),
    ...config,
  })
  // Only what requests write (binding an open endpoint writes a warning).
  lines.length = 0
  const post = (body: unknown) =>
    handler.fetch(new Request('http://local/trigger/lookup', { method: 'POST', body: JSON.stringify(body) }))
  return { post, lines }
}

const records = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as LogRecord)

describe('capture', () => {
  it('is off by default: one log line per request, nothing captured', async () => {
    const { post, lines } = demo()
    await post(triggerBody({ cid: '8459511000' }))
    expect(records(lines).map((record) => record.event)).toEqual(['trigger'])
  })

  it('on, writes exactly one more line: the parsed request, trigger, lookup, decision, route and time', async () => {
    const { post, lines } = demo({ capture: true })
    await post(triggerBody({ cid: '8459511000', branch_data: [{ branch: '0', input: '1' }] }))
    expect(records(lines).map((record) => record.event)).toEqual(['trigger', CAPTURE_EVENT])
    expect(records(lines)[1]).toEqual({
      level: 'info',
      event: 'capture',
      v: 1,
      at: '2023-07-20T15:35:35.000Z',
      time_zone: 'America/New_York',
      call_id: 'test-call-1',
      trigger: 'lookup',
      version: 'stable',
      flow: 'demo',
      request: {
        call_id: 'test-call-1',
        cid: '8459511000',
        cnam: '',
        contact_info: null,
        date_time: '2023-07-20 11:35:35',
        did: '8459511110',
        branch_data: [{ branch: '0', input: '1' }],
        payment_info: [],
        variables: {},
        extra: {},
      },
      lookups: [
        {
          phone: '8459511000',
          result: {
            status: 'found',
            key: '+18459511000',
            caller: { name: 'John', order: { id: '1234', status: 'out for delivery' } },
          },
        },
      ],
      outcome: 'decision',
      route: 'order',
      decision: {
        goto: '0',
        play: [
          { type: 'tts', text: 'Hi John, your order #1234 is out for delivery.' },
          { type: 'tts', text: 'Press 1 to talk to support, or 2 to hear this again.' },
        ],
        inputs: { '1': '300', '2': '100' },
      },
    })
  })

  it('holds no card data: only the amount, last four and transaction id of a payment', async () => {
    const { post, lines } = demo({ capture: true })
    await post(SEED_REQUEST)
    const [captured] = lines.filter((line) => line.includes('"event":"capture"'))
    for (const secret of SEED_CARD_DATA) expect(captured).not.toContain(secret)
    expect(JSON.parse(captured ?? '{}').request.payment_info).toEqual([
      { amount_cents: 5700, last_four: '4444', transaction_id: '875891' },
    ])
  })

  it('records a fallback and why; the answer says so in a header the IVR ignores', async () => {
    const logger = memoryLogger()
    const failing = defineFlow({
      name: 'failing',
      fallback: reply().goto(0),
      decide: () => {
        throw new Error('bug')
      },
    })
    const handler = createTriggerApp({ flows: failing }).handler({ logger, capture: true })
    const response = await handler.fetch(
      new Request('http://local/trigger', { method: 'POST', body: JSON.stringify(triggerBody()) }),
    )
    expect(response.headers.get(FALLBACK_HEADER)).toBe('flow_error')
    expect(logger.records.find((record) => record.event === CAPTURE_EVENT)).toMatchObject({
      outcome: 'fallback',
      reason: 'flow_error',
      decision: { goto: '0' },
    })
  })

  it('is turned on by TRIGGER_CAPTURE=1 (or true, yes, on), and off by anything else', () => {
    expect(['1', 'true', 'YES', ' on '].map(captureSetting)).toEqual([true, true, true, true])
    expect(['0', '', 'false', 'off', undefined].map(captureSetting)).toEqual([false, false, false, false, false])
    expect(readEngineSettings({ TRIGGER_CAPTURE: '1', TRIGGER_ONCE_WHEN_DOWN: 'at-least-once' })).toEqual({
      capture: true,
      onceWhenDown: 'at-least-once',
    })
  })
})

describe('reading captured lines back', () => {
  it('finds our line in a platform log line (CloudWatch prefixes its own fields) and skips other lines', async () => {
    const { post, lines } = demo({ capture: true })
    await post(SEED_REQUEST)
    const [trigger = '', captured = ''] = lines
    expect(readCaptureLine(trigger)).toEqual({ kind: 'other' })
    expect(readCaptureLine('START RequestId: 8d1f Version: $LATEST')).toEqual({ kind: 'other' })
    const read = readCaptureLine(`2023-07-20T15:35:35.000Z\t8d1f\tINFO\t${captured}`)
    expect(read).toMatchObject({
      kind: 'capture',
      exchange: {
        callId: SEED_REQUEST.call_id,
        trigger: 'lookup',
        route: 'paid',
        at: Date.UTC(2023, 6, 20, 15, 35, 35),
      },
    })
  })

  it('reports a capture line cut short as unreadable', async () => {
    const { post, lines } = demo({ capture: true })
    await post(SEED_REQUEST)
    expect(readCaptureLine((lines[1] ?? '').slice(0, 200))).toEqual({
      kind: 'unreadable',
      problem: 'not complete JSON',
    })
  })

  it.each([
    ['the vendor sample', SEED_REQUEST],
    ['a payment in cents, unknown fields', triggerBody({ payment_info: { amount: '1,057.5' }, campaign: 'spring' })],
    ['variables and a contact', triggerBody({ variables: { a: '1' }, contact_info: { first_name: 'Rivka' } })],
  ])('gives back a request that parses to the same request: %s', (_, body) => {
    const parsed = parseTriggerRequest(body)
    if (!parsed.ok) throw new Error('not a request')
    expect(parseTriggerRequest(wireBody(parsed.value))).toEqual(parsed)
  })
})

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength
/** Every line the demo app writes for one POST of `body` (as sent, whatever it is), capture on. */
async function linesFor(body: string, config: RuntimeConfig = {}) {
  const { lines } = demoWith({ capture: true, ...config })
  await demoPost(body)
  return lines
}
let demoPost: (body: string) => Promise<Response> = async () => new Response()
function demoWith(config: RuntimeConfig) {
  const lines: string[] = []
  const handler = demoApp.handler({
    store: memoryStore(callers),
    clock: frozenClock,
    logger: jsonLogger({ write: (line) => void lines.push(line) }),
    ...config,
  })
  lines.length = 0
  demoPost = (body) => handler.fetch(new Request('http://local/trigger/lookup', { method: 'POST', body }))
  return { lines }
}
const captureLine = (lines: readonly string[]) => lines.find((line) => line.includes('"event":"capture"')) ?? ''

/**
 * What a capture line of the demo adds to the request it records: its own fields, the lookup and the answer (under
 * 1 KiB), and the fields the parser fills in and the quotes JSON puts around names and values (1 KiB at most).
 */
const CAPTURE_OVERHEAD = 2048

describe('the size of a capture', () => {
  /** 32 KiB bodies that a JSON line writes larger than they came: raw control bytes, quotes, backslashes, empty fields. */
  const hostile = [
    ['control bytes in a form field', `call_id=c1&cnam=${'\x01'.repeat(32 * 1024 - 16)}`],
    ['control bytes in two fields', `call_id=c1&a=${'\x01'.repeat(16_000)}&b=${'\x01'.repeat(16_000)}`],
    ['quotes and backslashes in a form field', `call_id=c1&cnam=${'"\\'.repeat(16 * 1024 - 8)}`],
    ['many empty fields', `call_id=c1&${Array.from({ length: 3000 }, (_, i) => `v${i}=`).join('&')}`],
    [
      'a card value in every field',
      `call_id=c1&payment_info={"cvv":"987"}&${Array.from({ length: 3000 }, (_, i) => `v${i}=987`).join('&')}`,
    ],
  ] as const

  it.each(hostile)('adds to the request it records no more than its own fields and the answer: %s', async (_, body) => {
    const lines = await linesFor(body)
    const captured = captureLine(lines)
    expect(captured).not.toBe('')
    expect(utf8Bytes(captured)).toBeLessThanOrEqual(utf8Bytes(body) + CAPTURE_OVERHEAD)
  })

  it('of bytes a JSON line writes six times larger is no larger than the request received', async () => {
    for (const [, body] of hostile.slice(0, 2)) {
      expect(utf8Bytes(captureLine(await linesFor(body)))).toBeLessThanOrEqual(utf8Bytes(body))
    }
  })

  it('of a request too large to write whole reads back as cut short, not as a request', async () => {
    const captured = captureLine(await linesFor(hostile[0][1]))
    expect(JSON.parse(captured)).toMatchObject({ event: 'capture', call_id: 'c1', truncated: true })
    expect(readCaptureLine(captured)).toEqual({
      kind: 'unreadable',
      problem: 'cut short when written: too large to capture whole',
    })
  })

  it('adds at most its own fields and the answer to any request, however the request is written', async () => {
    // Any text, weighted towards what JSON writes longer than it came: control bytes, quotes, backslashes.
    const unit = fc.oneof(fc.constantFrom('\x01', '\x1f', '"', '\\', '\t'), fc.constantFrom('a', 'é', '€', '😀'))
    const field = fc.string({ unit, maxLength: 1000, size: 'max' })
    const form = fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), field), { maxLength: 40, size: 'max' })
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, asJson) => {
        const record = { call_id: 'c1', cid: '8459511000', ...Object.fromEntries(fields) }
        const body = asJson
          ? JSON.stringify(record)
          : Object.entries(record)
              .map(([key, value]) => `${key}=${value.replaceAll('&', '').replaceAll('\n', '')}`)
              .join('&')
        const captured = captureLine(await linesFor(body))
        if (captured === '') return
        expect(utf8Bytes(captured)).toBeLessThanOrEqual(utf8Bytes(body) + CAPTURE_OVERHEAD)
      }),
      // Shrinking bodies this large takes minutes: the first counterexample is shown as found.
      { seed: 20261205, numRuns: 60, endOnFailure: true },
    )
  })

  it('keeps an ordinary request whole, so it can be replayed', async () => {
    const text = fc.string({ maxLength: 40 })
    const steps = fc.array(
      fc.record({ branch: fc.stringMatching(/^[0-9]{1,4}$/), input: fc.stringMatching(/^[0-9*#]{0,2}$/) }),
      {
        maxLength: 50,
      },
    )
    const variables = fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), text, { maxKeys: 20 })
    await fc.assert(
      fc.asyncProperty(text, steps, variables, async (cnam, branch_data, vars) => {
        const body = JSON.stringify(triggerBody({ cid: '8459511000', cnam, branch_data, variables: vars }))
        const read = readCaptureLine(captureLine(await linesFor(body)))
        expect(read.kind).toBe('capture')
      }),
      { seed: 20261205, numRuns: 100 },
    )
  })
})

describe('secret names configured for an app', () => {
  it('come from TRIGGER_SECRET_NAMES, comma-separated', () => {
    expect(readEngineSettings({ TRIGGER_SECRET_NAMES: ' member_code, acct_* ,' }).secretNames).toEqual([
      'member_code',
      'acct_*',
    ])
    expect(readEngineSettings({}).secretNames).toBeUndefined()
  })

  it("blank those variables in the capture and the log, with the app's own (secretNames) and the built-in ones", async () => {
    const flow = defineFlow({
      name: 'vars',
      decide: (call, deps) => {
        deps.log('seen', { variables: call.variables })
        return reply().goto(0)
      },
    })
    const logger = memoryLogger()
    const app = createTriggerApp({ flows: flow, secretNames: ['loyalty_*'] })
    const handler = app.handler({
      ...readEngineSettings({ TRIGGER_SECRET_NAMES: 'member_code' }),
      logger,
      capture: true,
    })
    const variables = { member_code: '8812', loyalty_no: '55', caller_pin: '1234', plan: 'gold' }
    await handler.fetch(
      new Request('http://local/trigger', { method: 'POST', body: JSON.stringify(triggerBody({ variables })) }),
    )
    const blanked = { member_code: '[redacted]', loyalty_no: '[redacted]', caller_pin: '[redacted]', plan: 'gold' }
    expect(logger.records.find((record) => record.event === 'seen')?.variables).toEqual(blanked)
    expect(logger.records.find((record) => record.event === CAPTURE_EVENT)?.request).toMatchObject({
      variables: blanked,
    })
  })
})
