import fc from 'fast-check'
import { beforeAll, expect, it } from 'vitest'
import { type Card, dial, formatTranscript, type IvrMap, type SimulatorTarget } from 'voitex-trigger/testing'
import { demoSimulation } from '../helpers/demo-sim.ts'

let map: IvrMap
let target: SimulatorTarget
beforeAll(async () => {
  ;({ map, target } = await demoSimulation())
})

/** A caller pays the unpaid invoice at the Payment branch; the next Trigger request carries the card. */
async function transcriptWith(card: Card): Promise<string> {
  const call = await dial({ map, target, from: '6465557729', at: '2023-07-20 11:35:35', callId: 'redaction-test' })
  await call.press('1')
  await call.pay(card)
  return JSON.stringify(call.transcript) + formatTranscript(call.transcript).join('\n')
}

const digits = (length: number) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${length - 1}}$`))

it('never shows card data in a transcript, whatever the card (cvv, expiry, zip, payer phone, number)', async () => {
  // A value the same call shows with another card (a branch number, say) is not card data leaking.
  const baseline = await transcriptWith({ number: '5555555555550000', cvv: '0', expiration: '0', zip: '0', phone: '0' })
  await fc.assert(
    fc.asyncProperty(
      fc.record({ number: digits(16), cvv: digits(3), expiration: digits(4), zip: digits(5), phone: digits(10) }),
      async (card) => {
        const shown = await transcriptWith(card)
        // The request that carried the card is in the transcript, with only what is safe to show.
        expect(shown).toContain(`"last_four":"${card.number.slice(-4)}"`)
        for (const secret of Object.values(card)) if (!baseline.includes(secret)) expect(shown).not.toContain(secret)
      },
    ),
    { seed: 20261127, numRuns: 100 },
  )
})
