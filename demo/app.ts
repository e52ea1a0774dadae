import { createTriggerApp } from 'voitex-trigger'
import { createVoitexClient, emulatorUrls } from 'voitex-trigger/client'
import * as z from 'zod/mini'
import { type DemoServices, demoFlow, demoNextFlow } from './flow.ts'

/**
 * The settings the demo reads, declared once: every platform hands the app these keys (a Worker's Env is derived
 * from them, `voitex-trigger lint` checks wrangler.toml and serverless.yml pass them).
 */
export const Settings = z.object({
  /** The Voitex Auth-Key; without it the demo sends no SMS receipt. */
  VOITEX_AUTH_KEY: z.optional(z.string()),
  /** e.g. `http://127.0.0.1:8788` for `voitex-trigger emulator`; the real Voitex hosts when unset. */
  VOITEX_API_URL: z.optional(z.url()),
})
export type Settings = z.output<typeof Settings>

export function demoServices(settings: Settings): DemoServices {
  const { VOITEX_AUTH_KEY: authKey, VOITEX_API_URL: base } = settings
  if (!authKey) return {}
  return { voitex: createVoitexClient({ authKey, timeoutMs: 5000, ...(base ? { urls: emulatorUrls(base) } : {}) }) }
}

/** The demo's test phone: it always gets the `next` version, whatever its share. */
export const DEMO_TEST_CALLER = '+12015550100'

/**
 * The demo application: one flow, served at `/trigger` and at `/trigger/lookup` (the name its Trigger branch uses on
 * the portal), in two versions: `stable`, and `next` with 0 % of calls until `TRIGGER_VERSIONS` gives it a share
 * (`lookup:next=25`). Each platform's entry (worker.ts, lambda.ts, node.ts, api/index.ts) binds it to a store.
 */
export const app = createTriggerApp({
  flows: { default: demoFlow, lookup: demoFlow },
  settings: Settings,
  versions: {
    default: { next: { flow: demoNextFlow, share: 0 } },
    lookup: { next: { flow: demoNextFlow, share: 0 } },
  },
  testCallers: { next: [DEMO_TEST_CALLER] },
  services: demoServices,
})
