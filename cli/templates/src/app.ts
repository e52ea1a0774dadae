import { createTriggerApp } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import { type AppointmentServices, appointments } from './flow'

/**
 * What your app reads from the platform's settings (Workers' bindings, or process.env elsewhere). Every platform's
 * config passes them (wrangler secrets, serverless.yml's environment, Vercel's env) and every local run script reads
 * them from the environment. The Worker's Env extends this (src/worker.ts).
 */
export interface Settings {
  /** The Voitex Auth-Key, for the SMS the flow sends. Without it the flow sends none. */
  readonly VOITEX_AUTH_KEY?: string | undefined
  /** The local Voitex emulator (`npm run emulator`), e.g. `http://127.0.0.1:8788`; Voitex's own hosts when unset. */
  readonly VOITEX_API_URL?: string | undefined
}

export function appointmentServices(settings: Settings): AppointmentServices {
  const { VOITEX_AUTH_KEY: authKey, VOITEX_API_URL: base } = settings
  if (!authKey) return {}
  return { voitex: createVoitexClient({ authKey, timeoutMs: 5000, ...(base ? { urls: emulatorUrls(base) } : {}) }) }
}

/** Your call-flow app: every platform entry (worker.ts, lambda.ts, node.ts, api/index.ts) binds it to a store. */
export const app = createTriggerApp({ flows: { default: appointments, appointments }, services: appointmentServices })
export default app
