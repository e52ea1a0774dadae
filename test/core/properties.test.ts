import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { answerTrigger, defineFlow, reply } from '../../src/index.ts'
import { testRuntime } from '../helpers/runtime.ts'

// A fixed seed keeps `npm test` deterministic. (Any-body fuzzing per adapter: test/fuzz and test/*/fuzz*.test.ts.)
const RUNS = { seed: 20261127, numRuns: 300 }

const digitsOf = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`))
const cardData = fc.record({
  cvv: fc.oneof(digitsOf(3), digitsOf(4), fc.integer({ min: 100, max: 9999 })),
  expiration: fc.oneof(digitsOf(4), fc.constantFrom('01/27', '12/2030')),
  zip: digitsOf(5),
  phone: digitsOf(10),
  card_number: digitsOf(16),
})

/** A flow that does everything careless code does: logs what it sees, throws it, defers it. */
const carelessFlow = defineFlow({
  name: 'careless',
  async decide(call, deps) {
    deps.log('saw', { request: call.request, payments: call.payments, contact: call.contact })
    await deps.lookupCaller()
    if (call.variables.mode === 'throw') throw new Error(`failed on ${JSON.stringify(call.request)}`)
    return reply()
      .say(`payments ${JSON.stringify(call.payments)}`)
      .set({ seen: JSON.stringify(call.request.extra) })
  },
})

describe('card data', () => {
  it('never appears in any log line, error or answer, whatever the payment data', async () => {
    await fc.assert(
      fc.asyncProperty(cardData, fc.constantFrom('throw', 'answer'), fc.boolean(), async (card, mode, cvvAsNumber) => {
        const payment = { ...card, cvv: cvvAsNumber ? Number(card.cvv) : card.cvv, amount: '57', last_four: '4444' }
        const body = {
          call_id: 'prop-call',
          cid: '8459511000',
          date_time: '2023-07-20 11:35:35',
          payment_info: [payment],
          variables: { mode },
        }
        const withCard = await outputOf(body)
        const baseline = await outputOf({ ...body, payment_info: [{ amount: '57', last_four: '4444' }] })
        for (const secret of Object.values(card).map(String)) {
          // A value already in the output without any card data (e.g. a digit run in the call id) is not a leak.
          if (!baseline.includes(secret)) expect(withCard).not.toContain(secret)
        }
      }),
      RUNS,
    )
  })
})

async function outputOf(body: unknown): Promise<string> {
  const { runtime, logs } = testRuntime()
  const answer = await answerTrigger(carelessFlow, 'default', body, runtime)
  return JSON.stringify({ logs, body: answer.body })
}
