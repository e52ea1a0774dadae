import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import callers from '../../demo/callers.json' with { type: 'json' }
import { demoFlow } from '../../demo/flow.ts'
import {
  answerTrigger,
  checkDecision,
  createTriggerApp,
  defineFlow,
  memoryLogger,
  memoryStore,
  reply,
} from '../../src/index.ts'
import { frozenClock, testRuntime } from '../helpers/runtime.ts'

// A fixed seed keeps `npm test` deterministic; `npm run fuzz` runs the long mode.
const RUNS = { seed: 20261127, numRuns: 300 }

const triggerLike = fc.record(
  {
    call_id: fc.oneof(fc.string(), fc.integer(), fc.jsonValue()),
    cid: fc.jsonValue(),
    cnam: fc.jsonValue(),
    contact_info: fc.jsonValue(),
    date_time: fc.oneof(fc.constant('2023-07-20 11:35:35'), fc.string()),
    did: fc.jsonValue(),
    branch_data: fc.oneof(
      fc.jsonValue(),
      fc.array(fc.record({ branch: fc.jsonValue(), input: fc.jsonValue() }, { requiredKeys: [] })),
    ),
    payment_info: fc.jsonValue(),
    variables: fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.string(), fc.jsonValue()))),
  },
  { requiredKeys: [] },
)

describe('any body', () => {
  const logger = memoryLogger()
  const app = createTriggerApp({ flows: demoFlow, runtime: () => ({ store: memoryStore(callers), logger }) })

  it('gets either a valid decision or a 4xx JSON error, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), triggerLike), fc.boolean(), async (value, asForm) => {
        const body = asForm ? formOf(value) : JSON.stringify(value)
        const response = await app.fetch(new Request('http://local/trigger', { method: 'POST', body }))
        const answer: unknown = await response.json()
        if (response.status === 200) expect(checkDecision(answer).ok).toBe(true)
        else {
          expect(response.status).toBeGreaterThanOrEqual(400)
          expect(response.status).toBeLessThan(500)
          expect(answer).toEqual({ error: { code: expect.any(String), message: expect.any(String) } })
        }
      }),
      RUNS,
    )
  })
})

function formOf(value: unknown): string | URLSearchParams {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return String(value)
  const form = new URLSearchParams()
  for (const [key, field] of Object.entries(value))
    form.set(key, typeof field === 'string' ? field : JSON.stringify(field))
  return form
}

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
  const { runtime, logs } = testRuntime({ clock: frozenClock })
  const answer = await answerTrigger(carelessFlow, 'default', body, runtime)
  return JSON.stringify({ logs, body: answer.body })
}
