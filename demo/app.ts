import { createTriggerApp } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import { type DemoServices, demoFlow } from './flow.ts'

/** The settings the demo reads: the Voitex Auth-Key, and a base URL for the local emulator. */
export interface Settings {
  readonly VOITEX_AUTH_KEY?: string | undefined
  /** e.g. `http://127.0.0.1:8788` for `voitex-trigger emulator`; the real Voitex hosts when unset. */
  readonly VOITEX_API_URL?: string | undefined
}

export function demoServices(settings: Settings): DemoServices {
  const { VOITEX_AUTH_KEY: authKey, VOITEX_API_URL: base } = settings
  if (!authKey) return {}
  return { voitex: createVoitexClient({ authKey, timeoutMs: 5000, ...(base ? { urls: emulatorUrls(base) } : {}) }) }
}

/**
 * The demo application: one flow, served at `/trigger` and at `/trigger/lookup` (the name its Trigger branch uses on
 * the portal). Each platform's entry (worker.ts, lambda.ts, node.ts, api/index.ts) binds it to a store.
 */
export const app = createTriggerApp({ flows: { default: demoFlow, lookup: demoFlow }, services: demoServices })
export default app
