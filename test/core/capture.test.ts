import { describe, expect, it } from 'vitest'
import { app as demoApp } from '../../demo/app.ts'
import callers from '../../demo/callers.json' with { type: 'json' }
import {
  CAPTURE_EVENT,
  captureSetting,
  createTriggerApp,
  defineFlow,
  engineSettings,
  FALLBACK_HEADER,
  jsonLogger,
  type LogRecord,
  memoryLogger,
  memoryStore,
  parseTriggerRequest,
  type RuntimeConfig,
  readCaptureLine,
  reply,
  wireBody,
} from '../../src/index.ts'
import { SEED_CARD_DATA, SEED_REQUEST, triggerBody } from '../fixtures/seed.ts'
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
    expect(engineSettings({ TRIGGER_CAPTURE: '1', TRIGGER_ONCE_WHEN_DOWN: 'at-least-once' })).toEqual({
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
