import { createTriggerApp } from 'voitex-trigger'
import { appointments } from './flow'

/**
 * What your app reads from the platform's settings (Workers' bindings, or process.env elsewhere), for its services,
 * e.g. `services: (env: Settings) => ({ voitex: createVoitexClient({ authKey: env.VOITEX_AUTH_KEY ?? '' }) })`.
 * The Worker's Env extends it (src/worker.ts).
 */
export interface Settings {
  readonly VOITEX_AUTH_KEY?: string
}

/** Your call-flow app: every platform entry (worker.ts, lambda.ts, node.ts, api/index.ts) binds it to a store. */
export const app = createTriggerApp({ flows: { default: appointments, appointments } })
export default app
