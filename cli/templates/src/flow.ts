import { defineFlow, reply } from 'voitex-trigger'
import type { VoitexClient } from 'voitex-trigger/client'
import * as z from 'zod/mini'

/** A caller record as stored in callers.json, KV, DynamoDB or Redis (keyed by phone). */
export const Patient = z.object({
  name: z.string(),
  appointment: z.optional(z.object({ day: z.string(), time: z.string() })),
})
export type Patient = z.output<typeof Patient>

/** The portal branches this flow sends callers to (see ivr-map.yaml). */
export const BRANCHES = { mainMenu: 0, reception: 200, confirmed: 300 } as const

/** What the flow needs besides the call (src/app.ts builds it from the settings): the Voitex client, for SMS. */
export interface AppointmentServices {
  readonly voitex?: VoitexClient | undefined
}

export const appointments = defineFlow<Patient, AppointmentServices>({
  name: 'appointments',
  caller: Patient,
  branches: BRANCHES,
  // What the caller gets if anything goes wrong (a bug, a slow store): never silence.
  fallback: reply().goto(BRANCHES.mainMenu),
  async decide(call, deps) {
    const lookup = await deps.lookupCaller()
    if (lookup.status !== 'found') {
      return reply().route('unknown').say('Welcome. Let me take you to the main menu.').goto(BRANCHES.mainMenu)
    }
    const { name, appointment } = lookup.caller
    if (!appointment) {
      return reply()
        .route('no-appointment')
        .say(`Hi ${name}, you have no upcoming appointment.`)
        .goto(BRANCHES.reception)
    }
    // A text with the details, after the answer (the caller never waits for it), and once per call step: the platform
    // may deliver this request again, and the patient must not get two texts.
    const { voitex } = deps.services
    const [from, to] = [call.hotline.nanp, call.caller.nanp]
    if (voitex && from && to) {
      const body = `Your appointment is on ${appointment.day} at ${appointment.time}. Reply to this number to change it.`
      deps.defer(deps.once('appointment-text', () => voitex.notify({ type: 'SMS', from, to, body })))
    }
    return reply()
      .route('appointment')
      .say(`Hi ${name}, your appointment is on ${appointment.day} at ${appointment.time}.`)
      .say('Press 1 to confirm it, or 2 to speak to reception.')
      .menu({ 1: BRANCHES.confirmed, 2: BRANCHES.reception })
      .set({ appointment_day: appointment.day })
      .goto(BRANCHES.mainMenu)
  },
})
