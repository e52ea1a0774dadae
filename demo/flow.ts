import { type BusinessHours, type Call, defineFlow, isOpenAt, reply } from 'voitex-trigger'
import type { VoitexClient } from 'voitex-trigger/client'
import * as z from 'zod/mini'

/**
 * The demo: the vendor's own use cases for the API Branch, as one flow at Trigger branch 100.
 * Its portal side is in `demo/ivr-map.json`; its callers in `demo/callers.json`.
 */

/** The portal's branches this flow sends callers to. */
export const BRANCHES = {
  mainMenu: 0,
  lookup: 100,
  prioritySupport: 150,
  billing: 200,
  support: 300,
  albumCollection: 400,
  voicemail: 500,
} as const

export const DemoCaller = z.object({
  name: z.string(),
  tier: z.optional(z.enum(['vip', 'standard'])),
  order: z.optional(z.object({ id: z.string(), status: z.string() })),
  invoice: z.optional(z.object({ id: z.string(), amount_cents: z.number() })),
  /** The album of recordings this caller listens to, played by the Album Collection branch. */
  album: z.optional(z.string()),
})
export type DemoCaller = z.output<typeof DemoCaller>

export const HOURS: BusinessHours = {
  timeZone: 'America/New_York',
  weekly: {
    sun: [['09:00', '17:00']],
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '13:00']],
  },
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`
}

/** "of $57.00 " when the amount is known; nothing when the platform sent none we can read. */
function ofAmount(cents: number | undefined): string {
  return cents === undefined ? '' : ` of ${dollars(cents)}`
}

function greetingName(call: Call, caller: DemoCaller | undefined): string | undefined {
  return caller?.name ?? call.contact?.first_name
}

/** What the demo needs besides the call: the Voitex client, when an Auth-Key is configured. */
export interface DemoServices {
  readonly voitex?: VoitexClient | undefined
}

/**
 * The demo flow in two versions: `stable`, and `next`, which sends a caller with an unpaid invoice to billing at any
 * hour (the Payment branch needs no staff) instead of to voicemail after hours. The app gives `next` 0 % of calls by
 * default: `TRIGGER_VERSIONS=lookup:next=25` rolls it out to a quarter of them, test callers always get it.
 */
function demoVersion(options: { readonly billAfterHours: boolean }) {
  return defineFlow<DemoCaller, DemoServices>({
    name: 'demo',
    caller: DemoCaller,
    branches: BRANCHES,
    fallback: reply().goto(BRANCHES.mainMenu),
    async decide(call, deps) {
      if (call.payments.count > 0) {
        const { totalCents, lastFour } = call.payments
        const { voitex } = deps.services
        // The receipt goes out after the answer (the caller never waits for the SMS API), and once per call step: the
        // platform may deliver this request again, and the payer must not get two receipts.
        const from = call.hotline.nanp
        const to = call.caller.nanp
        if (voitex && from && to) {
          const paid = totalCents === undefined ? 'Payment received' : `${dollars(totalCents)} paid`
          const body = `Voitex receipt: ${paid} with the card ending in ${lastFour}. Thank you!`
          deps.defer(deps.once('receipt', () => voitex.notify({ type: 'SMS', from, to, body })))
        }
        return reply()
          .route('paid')
          .say(`Thank you. We received your payment${ofAmount(totalCents)} on the card ending in ${lastFour}.`)
          .set({ paid: 'yes' })
          .goto(BRANCHES.mainMenu)
      }

      const lookup = await deps.lookupCaller()
      const caller = lookup.status === 'found' ? lookup.caller : undefined

      if (caller?.tier === 'vip') {
        return reply()
          .route('vip')
          .say(`Welcome back, ${caller.name}. Connecting you to priority support.`)
          .goto(BRANCHES.prioritySupport)
      }
      if (caller?.invoice && options.billAfterHours) return billingReply(caller.name, caller.invoice)
      if (!isOpenAt(HOURS, call.timeIn(HOURS.timeZone))) {
        return reply()
          .route('after-hours')
          .say('Our office is closed. Please leave a message after the tone.')
          .goto(BRANCHES.voicemail)
      }
      if (caller?.invoice) return billingReply(caller.name, caller.invoice)
      if (caller?.order) {
        return reply()
          .route('order')
          .say(`Hi ${caller.name}, your order #${caller.order.id} is ${caller.order.status}.`)
          .say('Press 1 to talk to support, or 2 to hear this again.')
          .menu({ 1: BRANCHES.support, 2: BRANCHES.lookup })
          .goto(BRANCHES.mainMenu)
      }
      // An album chosen earlier in the call (a variable) or stored with the caller plays in the Album Collection branch.
      const album = call.variables.album_num ?? caller?.album
      if (album) {
        return reply().route('album').set({ album_num: album }).goto(BRANCHES.albumCollection)
      }
      const name = greetingName(call, caller)
      return reply()
        .route('main-menu')
        .say(name ? `Hi ${name}, welcome to Voitex.` : 'Welcome to Voitex.')
        .goto(BRANCHES.mainMenu)
    },
  })
}

function billingReply(name: string, invoice: { readonly id: string; readonly amount_cents: number }) {
  return reply()
    .route('billing')
    .say(`Hi ${name}, you have an unpaid invoice of ${dollars(invoice.amount_cents)}.`)
    .set({ invoice_id: invoice.id, invoice_cents: invoice.amount_cents })
    .goto(BRANCHES.billing)
}

/** The demo as it runs today (version `stable`). */
export const demoFlow = demoVersion({ billAfterHours: false })
/** The demo's next version: billing at any hour. */
export const demoNextFlow = demoVersion({ billAfterHours: true })
