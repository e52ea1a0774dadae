import { describe, expect, it } from 'vitest'
import { createTriggerApp, type Decision, defineFlow, type FlowAnswer, silentLogger } from 'voitex-trigger'
import { appTarget, dial, type IvrMapInput, parseIvrMap, type SimulatorTarget } from 'voitex-trigger/testing'

// Each platform rule the simulator implements, with the vendor text or team note it comes from.
const SPEC = '../shared/spec/voitex-api.txt'
const NOTES = '../shared/README.md, "How we read the platform"'

type Seen = { trigger: string; body: Record<string, unknown> }

/** A map around one or more Triggers, and a target that answers each request with `answer` and records it. */
function setup(branches: IvrMapInput['branches'], answer: (seen: Seen, index: number) => FlowAnswer | Decision) {
  const parsed = parseIvrMap({ did: '8459511110', root: '0', branches })
  if (!parsed.ok) throw new Error(parsed.error.join('\n'))
  const seen: Seen[] = []
  const app = createTriggerApp({
    flows: defineFlow({
      name: 'rules',
      decide: (call) => answer(seen[seen.length - 1] ?? { trigger: call.trigger, body: {} }, seen.length - 1),
    }),
  })
  const inner = appTarget(app.handler({ logger: silentLogger }))
  const target: SimulatorTarget = {
    description: 'recording',
    post: (trigger, body) => {
      seen.push({ trigger, body: structuredClone(body) as Record<string, unknown> })
      return inner.post(trigger, body)
    },
  }
  return { map: parsed.value, target, seen }
}

const trigger = (extra: Record<string, unknown> = {}) =>
  ({ type: 'trigger', trigger: 'main', noRouteFound: '9', ...extra }) as const
const end = (kind: 'queue' | 'hangup' | 'voicemail' | 'transfer' = 'queue') => ({ type: 'terminal', kind }) as const
const at = '2023-07-20 11:35:35'

describe(`entering and moving (${NOTES} 1–2)`, () => {
  it('enters at the root branch (note 1)', async () => {
    const { map, target, seen } = setup({ '0': trigger(), '5': end(), '9': end('hangup') }, () => ({ goto: '5' }))
    const call = await dial({ map, target, from: '8459511000', at })
    expect(seen).toHaveLength(1)
    expect(call.ended).toBe('queue')
  })

  it('appends each branch passed, with what was pressed there, to branch_data (note 2)', async () => {
    const { map, target, seen } = setup(
      {
        '0': { type: 'content', inputs: { '1': '1000' } },
        '1000': { type: 'content', inputs: { '%': '7' } },
        '7': trigger(),
        '5': end(),
        '9': end(),
      },
      () => ({ goto: '5' }),
    )
    const call = await dial({ map, target, from: '8459511000', at })
    await call.press('1')
    await call.press('17')
    expect(seen[0]?.body.branch_data).toEqual([
      { branch: '0', input: '1' },
      { branch: '1000', input: '17' },
    ])
  })

  it(`empties branch_data at a Content branch set to Clear Data (${SPEC}: "reset ... 'Clear Data'")`, async () => {
    const { map, target, seen } = setup(
      {
        '0': { type: 'content', inputs: { '1': '2' } },
        '2': { type: 'content', clearData: true, next: '7' },
        '7': trigger(),
        '5': end(),
        '9': end(),
      },
      () => ({ goto: '5' }),
    )
    const call = await dial({ map, target, from: '8459511000', at })
    await call.press('1')
    expect(seen[0]?.body.branch_data).toEqual([{ branch: '2', input: '' }])
  })

  it('POSTs each Trigger to its own URL name (note 3)', async () => {
    const { map, target, seen } = setup(
      { '0': trigger({ trigger: 'first' }), '1': trigger({ trigger: 'second' }), '5': end(), '9': end() },
      (_, index) => ({ goto: index === 0 ? '1' : '5' }),
    )
    await dial({ map, target, from: '8459511000', at })
    expect(seen.map((request) => request.trigger)).toEqual(['first', 'second'])
  })

  it(`keeps one call_id for every request of the call (${SPEC}: "All API calls during that call share this ID")`, async () => {
    const { map, target, seen } = setup({ '0': trigger(), '1': trigger(), '5': end(), '9': end() }, (_, index) => ({
      goto: index === 0 ? '1' : '5',
    }))
    await dial({ map, target, from: '8459511000', at })
    expect(seen[0]?.body.call_id).toBe(seen[1]?.body.call_id)
  })

  it('sends date_time from the controllable clock, 5 s later at each request', async () => {
    const { map, target, seen } = setup({ '0': trigger(), '1': trigger(), '5': end(), '9': end() }, (_, index) => ({
      goto: index === 0 ? '1' : '5',
    }))
    await dial({ map, target, from: '8459511000', at })
    expect(seen.map((request) => request.body.date_time)).toEqual(['2023-07-20 11:35:35', '2023-07-20 11:35:40'])
  })
})

describe(`applying the answer (${NOTES} 4)`, () => {
  it('merges variables, later values winning, and sends them back in later requests', async () => {
    const { map, target, seen } = setup({ '0': trigger(), '1': trigger(), '5': end(), '9': end() }, (_, index) =>
      index === 0 ? { goto: '1', variables: { a: '1', b: '1' } } : { goto: '5', variables: { b: '2' } },
    )
    const call = await dial({ map, target, from: '8459511000', at })
    expect(seen[1]?.body.variables).toEqual([{ a: '1', b: '1' }])
    expect(call.variables).toEqual({ a: '1', b: '2' })
  })

  it(`plays files and TTS in order (${SPEC}: "An array of audio files and/or TTS phrases")`, async () => {
    const { map, target } = setup({ '0': trigger(), '5': end(), '9': end() }, () => ({
      goto: '5',
      play: [
        { type: 'file', album: '10', sort: '25' },
        { type: 'tts', text: 'This is a reply TTS recording from the API.' },
      ],
    }))
    const call = await dial({ map, target, from: '8459511000', at })
    expect(call.heard).toEqual(['[album 10, recording 25]', 'This is a reply TTS recording from the API.'])
  })

  it(`routes a key pressed while play runs to inputs[key] (${SPEC}: "What the caller can press while the play audio is playing")`, async () => {
    const { map, target } = setup({ '0': trigger(), '3': end('transfer'), '5': end(), '9': end() }, () => ({
      goto: '5',
      play: [{ type: 'tts', text: 'Press 1.' }],
      inputs: { '1': '3' },
    }))
    const call = await dial({ map, target, from: '8459511000', at })
    expect(call.waitingFor).toEqual({ for: 'keys', keys: ['1'] })
    await call.press('1')
    expect([call.branch, call.ended]).toEqual(['3', 'transfer'])
  })

  it(`routes any key to the % input (${SPEC}: "An input of % means ... no matter what they press")`, async () => {
    const { map, target } = setup({ '0': trigger(), '3': end('transfer'), '9': end() }, () => ({
      play: [{ type: 'tts', text: 'Press anything.' }],
      inputs: { '%': '3' },
    }))
    const call = await dial({ map, target, from: '8459511000', at })
    await call.press('#')
    expect(call.branch).toBe('3')
  })

  it('goes to goto when play ends with no key (note 4)', async () => {
    const { map, target } = setup({ '0': trigger(), '3': end('transfer'), '5': end(), '9': end() }, () => ({
      goto: '5',
      play: [{ type: 'tts', text: 'Press 1.' }],
      inputs: { '1': '3' },
    }))
    const call = await dial({ map, target, from: '8459511000', at })
    await call.wait()
    expect(call.branch).toBe('5')
  })

  it(`falls back to No Route Found with no goto, play or inputs (${SPEC}: "we fall back to the current Trigger's No Route Found setting")`, async () => {
    const { map, target } = setup({ '0': trigger(), '9': end('voicemail') }, () => ({}))
    const call = await dial({ map, target, from: '8459511000', at })
    expect([call.branch, call.ended]).toEqual(['9', 'voicemail'])
    expect(call.transcript).toContainEqual(expect.objectContaining({ kind: 'no-route', branch: '0', to: '9' }))
  })

  it('treats a key matching no input, with no %, as No Route Found (note 4)', async () => {
    const { map, target } = setup({ '0': trigger(), '3': end(), '9': end('voicemail') }, () => ({
      play: [{ type: 'tts', text: 'Press 1.' }],
      inputs: { '1': '3' },
    }))
    const call = await dial({ map, target, from: '8459511000', at })
    await call.press('7')
    expect(call.branch).toBe('9')
  })

  it('hangs up at No Route Found when the Trigger has no target for it', async () => {
    const { map, target } = setup({ '0': trigger({ noRouteFound: undefined }) }, () => ({}))
    expect((await dial({ map, target, from: '8459511000', at })).ended).toBe('hangup')
  })
})

describe(`failures (${NOTES} 6)`, () => {
  const map = parseIvrMap({ did: '1', branches: { '0': trigger(), '9': end('voicemail') } })
  const failing = (post: SimulatorTarget['post']): SimulatorTarget => ({ description: 'failing', post })
  it.each([
    ['an HTTP error', failing(async () => ({ status: 500, text: '{}' })), 'HTTP 500'],
    ['a body that is not JSON', failing(async () => ({ status: 200, text: '<html>' })), 'not JSON'],
    ['an invalid decision', failing(async () => ({ status: 200, text: '{"goto":150}' })), 'not a valid decision'],
    [
      'no answer in time',
      failing(() => Promise.reject(new Error('The operation was aborted due to timeout'))),
      'no answer',
    ],
  ])('sends the caller to No Route Found on %s', async (_, target, reason) => {
    if (!map.ok) throw new Error('bad map')
    const call = await dial({ map: map.value, target, from: '8459511000', at })
    expect(call.branch).toBe('9')
    expect(call.transcript).toContainEqual(
      expect.objectContaining({ kind: 'no-route', reason: expect.stringContaining(reason) }),
    )
  })
})

describe('portal branches', () => {
  it(`adds a payment to payment_info at the next Trigger, with card data as the platform sends it (${NOTES} 7)`, async () => {
    const { map, target, seen } = setup(
      { '0': { type: 'payment', amount: '57', next: '1' }, '1': trigger(), '5': end(), '9': end() },
      () => ({ goto: '5' }),
    )
    // A call id of its own: one made from the clock could hold the CVV's digits.
    const call = await dial({ map, target, from: '8459511000', at, callId: 'SIM-payment' })
    expect(call.waitingFor).toEqual({ for: 'payment', keys: [] })
    await call.pay({ number: '4111111111114444', cvv: '987', expiration: '0126' })
    expect(seen[0]?.body.payment_info).toEqual([
      {
        last_four: '4444',
        expiration: '0126',
        cvv: 987,
        zip: '10950',
        phone: '8451239876',
        amount: '57',
        transaction_id: '875891',
      },
    ])
    const transcript = JSON.stringify(call.transcript)
    for (const secret of ['0126', '987', '10950', '8451239876', '4111111111114444'])
      expect(transcript).not.toContain(secret)
    expect(transcript).toContain('4444')
  })

  it('sets variables from the caller contact at a Contact Data branch', async () => {
    const { map, target, seen } = setup(
      {
        '0': { type: 'contact-data', variables: { caller_name: 'first_name' }, next: '1' },
        '1': trigger(),
        '5': end(),
        '9': end(),
      },
      () => ({ goto: '5' }),
    )
    await dial({ map, target, from: '8459511000', at, contact: { first_name: 'Dina' } })
    expect(seen[0]?.body.variables).toEqual([{ caller_name: 'Dina' }])
    expect(seen[0]?.body.contact_info).toEqual({ first_name: 'Dina' })
  })

  it(`plays the album a variable names at an Album Collection branch (${SPEC}: "use it in an 'Album Collection' branch")`, async () => {
    const { map, target } = setup(
      { '0': trigger(), '4': { type: 'album', albumVariable: 'album_num', next: '5' }, '5': end(), '9': end() },
      () => ({ goto: '4', variables: { album_num: '13' } }),
    )
    const call = await dial({ map, target, from: '8459511000', at })
    await call.press('2')
    expect(call.heard).toEqual(['[album 13]', '[album 13, recording 2]'])
    expect(call.ended).toBe('queue')
  })

  it('ends a call that loops through branches with no caller action', async () => {
    const { map, target } = setup({ '0': trigger(), '9': end() }, () => ({ goto: '0' }))
    expect((await dial({ map, target, from: '8459511000', at, maxMoves: 10 })).ended).toBe('loop')
  })

  it('refuses an action the call is not waiting for, saying where it is', async () => {
    const { map, target } = setup({ '0': trigger(), '5': end(), '9': end() }, () => ({ goto: '5' }))
    const call = await dial({ map, target, from: '8459511000', at })
    await expect(call.press('1')).rejects.toThrow('cannot press 1: the call has ended (queue) at branch 5')
  })
})

describe('the IVR map', () => {
  it('names the branch and field of every problem', () => {
    const parsed = parseIvrMap({
      did: '1',
      root: '7',
      branches: { '0': { type: 'content', inputs: { '1': '42' } }, '2': { type: 'lobby' } },
    })
    expect(parsed).toMatchObject({
      ok: false,
      error: expect.arrayContaining([
        'branches.2.type: unknown branch type: expected "content", "trigger", "album", "payment", "contact-data" or "terminal"',
      ]),
    })
    const semantic = parseIvrMap({ did: '1', root: '7', branches: { '0': { type: 'content', inputs: { '1': '42' } } } })
    expect(semantic).toMatchObject({
      ok: false,
      error: ['root: root branch 7 is not defined', 'branches.0.inputs.1: branch 42 is not defined'],
    })
  })
})
