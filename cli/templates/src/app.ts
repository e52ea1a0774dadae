import { createTriggerApp } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import * as z from 'zod/mini'
import { type AppointmentServices, appointments } from './flow'

/**
 * The settings your app reads from the platform (environment variables; a Worker's vars or secrets), declared once.
 * `services` gets them parsed; one that is required and missing answers every Trigger `503 misconfigured`. A setting
 * added here is known to every platform entry (a Worker's `Env` is derived from it), every local run script reads it
 * from the environment, and `npm test` (`voitex-trigger lint`) says which line your deploy config (wrangler.toml,
 * serverless.yml) still needs to pass it.
 */
export const Settings = z.object({
  /** Your Voitex Auth-Key, for the SMS the flow sends: without it, the flow sends none. */
  VOITEX_AUTH_KEY: z.optional(z.string()),
  /** Where the Voitex client sends requests: `http://127.0.0.1:8788` for `npm run emulator`; Voitex when unset. */
  VOITEX_API_URL: z.optional(z.url()),
})
export type Settings = z.output<typeof Settings>

export function appointmentServices(settings: Settings): AppointmentServices {
  const { VOITEX_AUTH_KEY: authKey, VOITEX_API_URL: base } = settings
  if (!authKey) return {}
  return { voitex: createVoitexClient({ authKey, timeoutMs: 5000, ...(base ? { urls: emulatorUrls(base) } : {}) }) }
}

/** Your call-flow app: each platform entry you chose (in src/, and api/index.ts for Vercel) binds it to a store. */
export const app = createTriggerApp({
  flows: { default: appointments, appointments },
  settings: Settings,
  services: appointmentServices,
})
