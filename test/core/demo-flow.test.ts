import { describe, expect, it } from 'vitest'
import { BRANCHES, demoFlow } from '../../demo/flow.ts'
import { SEED_REQUEST, triggerBody } from '../../fixtures/seed.ts'
import { lintDecision } from '../../src/_internal.ts'
import { answerTrigger, memoryStore } from '../../src/index.ts'
import { brokenStores, testRuntime } from '../helpers/runtime.ts'

const PORTAL_BRANCHES = Object.values(BRANCHES)

async function decide(body: Record<string, unknown>, overrides: Parameters<typeof testRuntime>[0] = {}) {
  const { runtime } = testRuntime(overrides)
  const answer = await answerTrigger(demoFlow, 'default', body, runtime)
  if (!answer.decision) throw new Error(`no decision: ${answer.body}`)
  expect(lintDecision(answer.decision, PORTAL_BRANCHES)).toEqual([])
  return { ...answer.decision, route: answer.route }
}

// Thursday 2023-07-20 11:35:35 is within the demo's hours; 20:00 is not.
const OPEN = '2023-07-20 11:35:35'
const CLOSED = '2023-07-20 20:00:00'

describe('the demo flow', () => {
  it('sends a VIP straight to priority support, skipping the queue', async () => {
    const decision = await decide(triggerBody({ cid: '7325550184', date_time: CLOSED }))
    expect(decision).toMatchObject({ route: 'vip', goto: String(BRANCHES.prioritySupport) })
    expect(decision.play?.[0]).toEqual({
      type: 'tts',
      text: 'Welcome back, Rivka. Connecting you to priority support.',
    })
  })

  it('sends a caller with an unpaid invoice to billing, with the invoice in variables', async () => {
    const decision = await decide(triggerBody({ cid: '6465557729', date_time: OPEN }))
    expect(decision).toMatchObject({ route: 'billing', goto: String(BRANCHES.billing) })
    expect(decision.variables).toEqual({ invoice_id: 'INV-77', invoice_cents: '12550' })
    expect(decision.play?.[0]).toMatchObject({ text: 'Hi Moshe, you have an unpaid invoice of $125.50.' })
  })

  it('tells a caller with an order its status, with 1 for support and 2 to hear it again', async () => {
    const decision = await decide(triggerBody({ cid: '8459511000', date_time: OPEN }))
    expect(decision).toMatchObject({ route: 'order', goto: String(BRANCHES.mainMenu) })
    expect(decision.play).toEqual([
      { type: 'tts', text: 'Hi John, your order #1234 is out for delivery.' },
      { type: 'tts', text: 'Press 1 to talk to support, or 2 to hear this again.' },
    ])
    expect(decision.inputs).toEqual({ '1': String(BRANCHES.support), '2': String(BRANCHES.lookup) })
  })

  it('thanks a caller who already paid in this call and does not ask again (the vendor sample)', async () => {
    const decision = await decide(SEED_REQUEST)
    expect(decision).toMatchObject({ route: 'paid', goto: String(BRANCHES.mainMenu), variables: { paid: 'yes' } })
    expect(decision.play?.[0]).toMatchObject({
      text: 'Thank you. We received your payment of $57.00 on the card ending in 4444.',
    })
    expect(decision.goto).not.toBe(String(BRANCHES.billing))
  })

  it.each([
    ['400 nines', '9'.repeat(400)],
    ['10^21', `1${'0'.repeat(21)}`],
  ])('thanks a payer without speaking an absurd amount (%s), and logs a warning', async (_, amount) => {
    const { runtime, logs } = testRuntime()
    const body = { ...SEED_REQUEST, payment_info: [{ ...SEED_REQUEST.payment_info[0], amount }] }
    const answer = await answerTrigger(demoFlow, 'default', body, runtime)
    expect(answer.decision?.play?.[0]).toEqual({
      type: 'tts',
      text: 'Thank you. We received your payment on the card ending in 4444.',
    })
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', event: 'payment_without_amount', call_id: SEED_REQUEST.call_id }),
    )
  })

  it('saves the album number for the Album Collection branch', async () => {
    const decision = await decide(triggerBody({ cid: '2125550142', date_time: OPEN }))
    expect(decision).toEqual({ route: 'album', goto: String(BRANCHES.albumCollection), variables: { album_num: '13' } })
  })

  it('gives an unknown caller the main menu', async () => {
    const decision = await decide(triggerBody({ cid: '2015550123', date_time: OPEN }))
    expect(decision).toMatchObject({ route: 'main-menu', goto: String(BRANCHES.mainMenu) })
  })

  it('greets an unknown caller by the Voitex contact name when there is one', async () => {
    const decision = await decide(
      triggerBody({ cid: '2015550123', date_time: OPEN, contact_info: { first_name: 'Sara' } }),
    )
    expect(decision.play?.[0]).toMatchObject({ text: 'Hi Sara, welcome to Voitex.' })
  })

  it('sends callers to voicemail after hours', async () => {
    const decision = await decide(triggerBody({ cid: '8459511000', date_time: CLOSED }))
    expect(decision).toMatchObject({ route: 'after-hours', goto: String(BRANCHES.voicemail) })
  })

  it('still answers with the Voitex contact when the caller store is down', async () => {
    const decision = await decide(
      triggerBody({ cid: '7325550184', date_time: OPEN, contact_info: { first_name: 'Rivka' } }),
      { store: brokenStores.throwing },
    )
    expect(decision).toMatchObject({
      route: 'main-menu',
      play: [{ type: 'tts', text: 'Hi Rivka, welcome to Voitex.' }],
    })
  })

  it('reads callers from any store holding the same records', async () => {
    const store = memoryStore([{ phone: '(201) 555-0123', name: 'Lea', tier: 'vip' }])
    expect(await decide(triggerBody({ cid: '2015550123' }), { store })).toMatchObject({ route: 'vip' })
  })
})
